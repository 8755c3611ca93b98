//! Column and key names as people write them: `order_id`, `orderId`,
//! `Order ID` and `order-id` are one name.

/// The canonical form of a column or key name: lower case, words joined by
/// `_`. A word starts at a space, `-`, `.` or `_`, and where a lower-case
/// letter or digit meets an upper-case one (`placedAt`, `OrderID`).
#[allow(
    clippy::arithmetic_side_effects,
    reason = "a capacity hint: a string's length plus 4 cannot reach usize::MAX"
)]
pub fn canonical_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev_lower = false;
    for c in name.trim().chars() {
        if matches!(c, ' ' | '-' | '.' | '_') {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !out.ends_with('_') {
            out.push('_');
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        out.extend(c.to_lowercase());
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// A canonical (snake_case) name as the JavaScript package spells it:
/// `processor_reference` → `processorReference`. The Node package reads
/// either spelling and writes this one; its generated declarations use it.
pub fn camel_name(canonical: &str) -> String {
    let mut out = String::with_capacity(canonical.len());
    let mut upper = false;
    for c in canonical.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `canonical_name(name) == canonical`, without building the
/// canonical form (a reader asks this for every key of every record).
pub(crate) fn canonical_eq(name: &str, canonical: &str) -> bool {
    let mut want = canonical.chars();
    let mut owed = false; // a `_` owed before the next letter
    let mut started = false;
    let mut prev_lower = false;
    for c in name.trim().chars() {
        if matches!(c, ' ' | '-' | '.' | '_') {
            owed |= started;
            prev_lower = false;
            continue;
        }
        owed |= c.is_uppercase() && prev_lower;
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        if owed {
            if want.next() != Some('_') {
                return false;
            }
            owed = false;
        }
        for l in c.to_lowercase() {
            if want.next() != Some(l) {
                return false;
            }
        }
        started = true;
    }
    want.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::{camel_name, canonical_eq, canonical_name};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn comparing_in_place_agrees_with_the_canonical_form(
            name in "[ a-zA-Z0-9_.-]{0,12}",
            other in "[a-z0-9_]{0,12}",
        ) {
            let canonical = canonical_name(&name);
            prop_assert!(canonical_eq(&name, &canonical), "{name:?} -> {canonical:?}");
            prop_assert_eq!(canonical_eq(&name, &other), canonical == other);
        }
    }

    #[test]
    fn spellings_of_one_name_meet() {
        for name in [
            "order_id",
            "orderId",
            "Order ID",
            "order-id",
            "OrderID",
            " ORDER_ID ",
        ] {
            assert_eq!(canonical_name(name), "order_id", "{name}");
        }
        assert_eq!(canonical_name("processorReference"), "processor_reference");
        assert_eq!(canonical_name("Created (UTC)"), "created_(utc)");
        assert_eq!(canonical_name("amountAtRisk"), "amount_at_risk");
    }

    proptest! {
        /// The Node spelling reads back as the same name, for names whose
        /// words have two characters or more (a one-letter word before
        /// another reads as an acronym: `aBc` is `a_bc`, like `OrderID`).
        #[test]
        fn a_camel_name_is_read_as_its_canonical_one(name in "[a-z][a-z0-9]{1,5}(_[a-z][a-z0-9]{1,5}){0,3}") {
            prop_assert_eq!(canonical_name(&camel_name(&name)), name);
        }
    }

    #[test]
    fn every_schema_field_reads_back_from_its_javascript_name() {
        let tables = crate::reconciliation::TABLES
            .iter()
            .copied()
            .chain([&crate::inventory::STOCK_EVENTS]);
        for table in tables {
            for field in table.fields {
                assert_eq!(canonical_name(&camel_name(field.name)), field.name);
            }
        }
    }

    #[test]
    fn canonical_names_are_camel_cased_for_javascript() {
        assert_eq!(camel_name("processor_reference"), "processorReference");
        assert_eq!(camel_name("expected_on_hand"), "expectedOnHand");
        assert_eq!(camel_name("id"), "id");
    }
}
