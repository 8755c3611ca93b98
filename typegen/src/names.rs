//! How a schema's snake_case names are spelled in each language, and what
//! a nested record leaves out.

use seamline::input::{Field, TableSchema};

/// `processor_reference` → `processorReference`: core's spelling of a name
/// in the Node package.
pub fn camel(name: &str) -> String {
    seamline::input::camel_name(name)
}

/// The fields a row of `table` holds as a record: a child nested in its
/// parent's record (an order's payments) names its parent by where it is,
/// so the parent's key field is left out.
pub fn record_fields(table: &TableSchema, parent: Option<&TableSchema>) -> Vec<&'static Field> {
    let key = parent.and_then(|p| p.fields.first()).map(|f| f.name);
    table
        .fields
        .iter()
        .filter(|f| Some(f.name) != key)
        .collect()
}

/// The parent of `table` among `tables`, if it is nested in one.
pub fn parent_of(
    table: &TableSchema,
    tables: &[&'static TableSchema],
) -> Option<&'static TableSchema> {
    tables
        .iter()
        .copied()
        .find(|t| t.children.iter().any(|c| std::ptr::eq(*c, table)))
}

/// `tables` with the ones that nest no other first, so each record is
/// declared before a parent nests it.
pub fn children_first(tables: &[&'static TableSchema]) -> Vec<&'static TableSchema> {
    let (leaves, parents): (Vec<_>, Vec<_>) = tables.iter().partition(|t| t.children.is_empty());
    leaves.into_iter().chain(parents).copied().collect()
}

/// A field's documentation lines: what core says of it, the other names
/// it is read by, and whether it is personal data.
pub fn doc_lines(field: &Field, spell: fn(&str) -> String) -> Vec<String> {
    let mut lines = Vec::new();
    if !field.doc.is_empty() {
        lines.push(field.doc.to_string());
    }
    if !field.aliases.is_empty() {
        let aliases: Vec<String> = field
            .aliases
            .iter()
            .map(|a| format!("`{}`", spell(a)))
            .collect();
        lines.push(format!("Also read as {}.", aliases.join(", ")));
    }
    if field.personal {
        lines.push("Personal data: an error never shows it in clear.".to_string());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nested_record_leaves_out_its_parents_key() {
        use seamline::reconciliation::{ORDERS, PAYMENTS, TABLES};
        let tables = TABLES.to_vec();
        let parent = parent_of(&PAYMENTS, &tables);
        assert!(parent.is_some_and(|p| std::ptr::eq(p, &ORDERS)));
        let names: Vec<&str> = record_fields(&PAYMENTS, parent)
            .iter()
            .map(|f| f.name)
            .collect();
        assert!(!names.contains(&"order_id"));
        assert!(names.contains(&"payment_id"));
        assert!(parent_of(&ORDERS, &tables).is_none());
    }
}
