//! TypeScript declarations: one interface per record (camelCase keys, as
//! the Node package documents them) and one per column table.

use crate::names::{camel, doc_lines, parent_of, record_fields};
use crate::wire::{self, Shapes, Way};
use seamline::input::{Field, FieldKind, TableSchema};
use serde_json::Value;
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
        FieldKind::Choice(choices) => choices
            .names
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
                let _ = writeln!(out, "{}", format!("{indent} * {l}").trim_end());
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

const WIRE_HEADER: &str = "\
// Generated from core's types by `cargo run -p seamline-typegen`: do not
// edit (the test command fails when this file drifts from core).
//
// What Seamline returns (exceptions, pending rows, matches, the summary,
// queue items, processor reports) and the settings it reads, with
// camelCase keys. Amounts are decimal strings: money is exact.
";

/// A TypeScript type for `schema`; `key` is the property it types, if any
/// (a map keyed by data keeps its keys and is typed by them).
fn wire_type(schema: &Value, way: Way, key: Option<&str>) -> String {
    if let Some(name) = wire::ref_name(schema) {
        return name.to_string();
    }
    if let Some(lits) = wire::literals(schema) {
        return lits
            .iter()
            .map(|l| format!("'{l}'"))
            .collect::<Vec<_>>()
            .join(" | ");
    }
    if let Some(members) = wire::union(schema) {
        return members
            .iter()
            .map(|m| wire_type(m, way, key))
            .collect::<Vec<_>>()
            .join(" | ");
    }
    let (types, null) = wire::types(schema);
    let ty = match types.first().copied() {
        None if null => return "null".into(),
        Some("string") if way == Way::In && schema["format"] == "date-time" => {
            "string | Date".to_string()
        }
        Some("string") => "string".into(),
        Some("integer" | "number") => "number".into(),
        Some("boolean") => "boolean".into(),
        Some("array") => match wire::tuple(schema) {
            Some(items) => {
                let items: Vec<String> = items.iter().map(|s| wire_type(s, way, None)).collect();
                format!("[{}]", items.join(", "))
            }
            None => format!("Array<{}>", wire_type(&schema["items"], way, None)),
        },
        Some("object") => object_type(schema, way, key),
        _ => "unknown".into(),
    };
    if null {
        format!("{ty} | null")
    } else {
        ty
    }
}

fn object_type(schema: &Value, way: Way, key: Option<&str>) -> String {
    let props = wire::properties(schema);
    if key.is_some_and(wire::is_data_map) && !props.is_empty() {
        let keys: Vec<String> = props.iter().map(|(k, _, _)| format!("'{k}'")).collect();
        let value = wire_type(props[0].1, way, None);
        return format!("Partial<Record<{}, {value}>>", keys.join(" | "));
    }
    if !props.is_empty() {
        let members: Vec<String> = props
            .iter()
            .map(|(name, s, required)| {
                let opt = if *required { "" } else { "?" };
                format!("{}{opt}: {}", camel(name), wire_type(s, way, Some(name)))
            })
            .collect();
        return format!("{{ {} }}", members.join("; "));
    }
    match schema.get("additionalProperties") {
        // Keyed by an enumeration: not every key need be there.
        Some(v @ Value::Object(_)) if schema.get("propertyNames").is_some() => format!(
            "Partial<Record<{}, {}>>",
            wire_type(&schema["propertyNames"], way, None),
            wire_type(v, way, None)
        ),
        Some(v @ Value::Object(_)) => format!("Record<string, {}>", wire_type(v, way, None)),
        _ => "Record<string, unknown>".into(),
    }
}

/// An interface's members, one per property (camelCase, optional where
/// not always present), and its closing brace.
fn interface_body(out: &mut String, props: &[(&String, &Value, bool)], way: Way) {
    for (name, schema, required) in props {
        doc(out, "  ", &wire::description(schema));
        let opt = if *required { "" } else { "?" };
        let _ = writeln!(
            out,
            "  {}{opt}: {}",
            camel(name),
            wire_type(schema, way, Some(name))
        );
    }
    out.push_str("}\n");
}

/// The declarations of every type core hands out or reads.
pub fn wire_file(shapes: &Shapes) -> String {
    let mut out = String::from(WIRE_HEADER);
    let imports = shapes.imports();
    out.push('\n');
    for (names, module) in [
        (imports.external, "./native"),
        (imports.records, "./records"),
    ] {
        if !names.is_empty() {
            let _ = writeln!(
                out,
                "import type {{ {} }} from '{module}'",
                names.join(", ")
            );
        }
    }
    for def in &shapes.defs {
        out.push('\n');
        doc(&mut out, "", &wire::description(&def.schema));
        let props = wire::properties(&def.schema);
        let variants = wire::union(&def.schema).filter(|_| !props.is_empty());
        if let Some(members) = variants {
            // Fields every variant has, beside a tagged enum flattened in
            // (a stock event's `type` and what that type carries).
            let _ = writeln!(out, "export type {} = {}Base &\n  (", def.name, def.name);
            for m in members {
                let _ = writeln!(out, "    | {}", object_type(m, def.way, None));
            }
            out.push_str("  )\n\n");
            let _ = writeln!(
                out,
                "/** The fields every {} carries, whatever its variant. */",
                def.name
            );
            let _ = writeln!(out, "export interface {}Base {{", def.name);
            interface_body(&mut out, &props, def.way);
        } else if !props.is_empty() {
            let _ = writeln!(out, "export interface {} {{", def.name);
            interface_body(&mut out, &props, def.way);
        } else if let Some(members) =
            wire::union(&def.schema).filter(|m| m.iter().all(|m| !wire::properties(m).is_empty()))
        {
            let _ = writeln!(out, "export type {} =", def.name);
            for m in members {
                let _ = writeln!(out, "  | {}", object_type(m, def.way, None));
            }
        } else {
            let ty = wire_type(&def.schema, def.way, None);
            if ty.len() > 80 && wire::literals(&def.schema).is_some() {
                let _ = writeln!(out, "export type {} =", def.name);
                for member in ty.split(" | ") {
                    let _ = writeln!(out, "  | {member}");
                }
            } else {
                let _ = writeln!(out, "export type {} = {ty}", def.name);
            }
        }
    }
    out
}
