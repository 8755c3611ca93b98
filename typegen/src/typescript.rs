//! TypeScript declarations: one interface per record (camelCase keys, as
//! the Node package documents them) and one per column table.

use crate::names::{camel, doc_lines, parent_of, record_fields};
use seamline::input::{Field, FieldKind, TableSchema};
use std::fmt::Write;

const HEADER: &str = "\
// Generated from core's table schemas by `cargo run -p seamline-typegen`:
// do not edit (the test command fails when this file drifts from core).
//
// Record shapes as Seamline reads them, with camelCase keys (snake_case is
// read too). Amounts are decimal strings (a JS number with a fraction is
// refused: money is exact). Instants are RFC 3339 strings or Dates.
";

/// A cell's type.
fn cell(kind: FieldKind) -> String {
    match kind {
        FieldKind::Text | FieldKind::Amount => "string".into(),
        FieldKind::Integer => "number".into(),
        FieldKind::Instant => "string | Date".into(),
        FieldKind::Flag => "boolean".into(),
        FieldKind::Choice(names) => names
            .iter()
            .map(|n| format!("'{n}'"))
            .collect::<Vec<_>>()
            .join(" | "),
    }
}

fn doc(out: &mut String, indent: &str, lines: &[String]) {
    match lines {
        [] => {}
        [one] => {
            let _ = writeln!(out, "{indent}/** {one} */");
        }
        many => {
            let _ = writeln!(out, "{indent}/**");
            for l in many {
                let _ = writeln!(out, "{indent} * {l}");
            }
            let _ = writeln!(out, "{indent} */");
        }
    }
}

fn member(out: &mut String, field: &Field, ty: &str) {
    doc(out, "  ", &doc_lines(field, camel));
    let name = camel(field.name);
    if field.required {
        let _ = writeln!(out, "  {name}: {ty}");
    } else {
        let _ = writeln!(out, "  {name}?: {ty}");
    }
}

/// The declarations file: records of `tables`, columns of `columns`.
pub fn file(tables: &[&'static TableSchema], columns: &[&TableSchema]) -> String {
    let mut out = String::from(HEADER);
    for table in tables {
        out.push('\n');
        doc(&mut out, "", &[table.doc.to_string()]);
        let _ = writeln!(out, "export interface {} {{", table.record);
        for field in record_fields(table, parent_of(table, tables)) {
            let ty = cell(field.kind);
            let ty = if field.required {
                ty
            } else {
                format!("{ty} | null")
            };
            member(&mut out, field, &ty);
        }
        for child in table.children {
            let _ = writeln!(out, "  {}?: {}[]", camel(child.name), child.record);
        }
        out.push_str("}\n");
    }
    for table in columns {
        out.push('\n');
        doc(
            &mut out,
            "",
            &[format!(
                "{} Column by column: one array per field, all of one length.",
                table.doc
            )],
        );
        let name = table.record.strip_suffix("Row").unwrap_or(table.record);
        let _ = writeln!(out, "export interface {name}Columns {{");
        for field in table.fields {
            let ty = if field.required {
                format!("Array<{}>", cell(field.kind))
            } else {
                format!("Array<{} | null>", cell(field.kind))
            };
            member(&mut out, field, &ty);
        }
        out.push_str("}\n");
    }
    out
}
