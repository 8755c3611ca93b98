//! Column and key names as people write them: `order_id`, `orderId`,
//! `Order ID` and `order-id` are one name.

/// The canonical form of a column or key name: lower case, words joined by
/// `_`. A word starts at a space, `-`, `.` or `_`, and where a lower-case
/// letter or digit meets an upper-case one (`placedAt`, `OrderID`).
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

#[cfg(test)]
mod tests {
    use super::canonical_name;

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
}
