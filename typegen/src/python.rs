//! Python `TypedDict`s: one per record, its required keys in a base class
//! (`Required` needs Python 3.11; the package supports 3.10).

use crate::names::{children_first, doc_lines, parent_of, record_fields};
use crate::wire::{self, Shapes, Way};
use seamline::input::{FieldKind, TableSchema};
use serde_json::Value;
use std::fmt::Write;

const HEADER: &str = r#""""Record types Seamline reads, as ``TypedDict``s for type checkers.

Generated from core's table schemas by ``cargo run -p seamline-typegen``: do
not edit (the test command fails when this file drifts from core). Amounts
are ``Decimal``, ``int`` or decimal text (a ``float`` is refused: money is
exact); instants are aware ``datetime``s or RFC 3339 text.
"""

from datetime import datetime
from decimal import Decimal
from typing import List, Literal, Optional, TypedDict, Union
"#;

fn cell(kind: FieldKind) -> String {
    match kind {
        FieldKind::Text => "str".into(),
        FieldKind::Amount => "Union[Decimal, int, str]".into(),
        FieldKind::Integer => "int".into(),
        FieldKind::Instant => "Union[datetime, str]".into(),
        FieldKind::Flag => "bool".into(),
        FieldKind::Choice(choices) => format!(
            "Literal[{}]",
            choices
                .names
                .iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn same(name: &str) -> String {
    name.to_string()
}

/// The module: children first, so every record is defined before it is
/// nested.
pub fn file(tables: &[&'static TableSchema]) -> String {
    let mut out = String::from(HEADER);
    let mut all = Vec::new();
    for table in children_first(tables) {
        let fields = record_fields(table, parent_of(table, tables));
        let name = table.record;
        let mut required = Vec::new();
        for f in fields.iter().filter(|f| f.required) {
            required.push(format!("{}: {}", f.name, cell(f.kind)));
            required.extend(attribute_doc(&doc_lines(f, same)));
        }
        class(
            &mut out,
            &format!("_{name}Required(TypedDict)"),
            &format!("The keys every {name} has."),
            &required,
        );
        let mut optional = Vec::new();
        for f in fields.iter().filter(|f| !f.required) {
            optional.push(format!("{}: Optional[{}]", f.name, cell(f.kind)));
            optional.extend(attribute_doc(&doc_lines(f, same)));
        }
        for child in table.children {
            optional.push(format!("{}: List[{}]", child.name, child.record));
        }
        class(
            &mut out,
            &format!("{name}(_{name}Required, total=False)"),
            table.doc,
            &optional,
        );
        all.push(name);
    }
    let _ = write!(out, "\n\n__all__ = [{}]\n", {
        let quoted: Vec<String> = all.iter().map(|n| format!("\"{n}\"")).collect();
        quoted.join(", ")
    });
    out
}

/// A class: two blank lines before it, its docstring, its body.
fn class(out: &mut String, head: &str, doc: &str, body: &[String]) {
    let _ = write!(out, "\n\nclass {head}:\n    \"\"\"{doc}\"\"\"\n");
    if !body.is_empty() {
        out.push('\n');
    }
    for line in body {
        let _ = writeln!(out, "    {line}");
    }
}

/// A field's documentation as the docstring after it (what editors show).
fn attribute_doc(lines: &[String]) -> Option<String> {
    (!lines.is_empty()).then(|| format!("\"\"\"{}\"\"\"", lines.join(" ")))
}

const WIRE_HEADER: &str = r#""""What Seamline returns, and the settings it reads, as ``TypedDict``s.

Generated from core's types by ``cargo run -p seamline-typegen``: do not
edit (the test command fails when this file drifts from core). Returned
amounts are ``Decimal`` and instants RFC 3339 text; settings take amounts as
``Decimal``, ``int`` or decimal text and instants as aware ``datetime``s or
text.
"""

from datetime import datetime
from decimal import Decimal
from typing import Any, Dict, List, Literal, Optional, Tuple, TypedDict, Union
"#;

/// A Python name for one of core's: a builtin's name is not shadowed.
fn py_name(name: &str) -> String {
    match name {
        "Exception" => "ReconException".into(),
        other => other.into(),
    }
}

/// A Python type for `schema`; `key` is the property it types, if any.
fn wire_type(schema: &Value, way: Way, key: Option<&str>) -> String {
    if let Some(name) = wire::ref_name(schema) {
        return py_name(name);
    }
    if let Some(lits) = wire::literals(schema) {
        let quoted: Vec<String> = lits.iter().map(|l| format!("\"{l}\"")).collect();
        return format!("Literal[{}]", quoted.join(", "));
    }
    if let Some(members) = wire::union(schema) {
        let (nulls, rest): (Vec<&Value>, Vec<&Value>) =
            members.iter().partition(|m| m["type"] == "null");
        let inner: Vec<String> = rest.iter().map(|m| wire_type(m, way, key)).collect();
        let ty = if inner.len() == 1 {
            inner[0].clone()
        } else {
            format!("Union[{}]", inner.join(", "))
        };
        return if nulls.is_empty() {
            ty
        } else {
            format!("Optional[{ty}]")
        };
    }
    let (types, null) = wire::types(schema);
    let ty = match (types.first().copied(), way) {
        (None, _) if null => return "None".into(),
        // The package returns every decimal as `Decimal`.
        (Some("string"), Way::Out) if schema["format"] == "decimal" => "Decimal".into(),
        (Some("string"), Way::Out) if schema["format"] == "decimal-text" => "Decimal".into(),
        (Some("string"), Way::In) if schema["format"] == "decimal" => {
            "Union[Decimal, int, str]".into()
        }
        (Some("string"), Way::In) if schema["format"] == "decimal-text" => {
            "Union[Decimal, str]".into()
        }
        (Some("string"), Way::In) if schema["format"] == "date-time" => {
            "Union[datetime, str]".into()
        }
        (Some("string"), _) => "str".into(),
        (Some("integer"), _) => "int".into(),
        (Some("number"), _) => "float".into(),
        (Some("boolean"), _) => "bool".into(),
        (Some("array"), _) => match wire::tuple(schema) {
            Some(items) => {
                let items: Vec<String> = items.iter().map(|s| wire_type(s, way, None)).collect();
                format!("Tuple[{}]", items.join(", "))
            }
            None => format!("List[{}]", wire_type(&schema["items"], way, None)),
        },
        (Some("object"), _) => {
            let props = wire::properties(schema);
            if key.is_some_and(wire::is_data_map) && !props.is_empty() {
                let keys: Vec<String> = props.iter().map(|(k, _, _)| format!("\"{k}\"")).collect();
                let value = wire_type(props[0].1, way, None);
                format!("Dict[Literal[{}], {value}]", keys.join(", "))
            } else if let Some(v @ Value::Object(_)) = schema.get("additionalProperties") {
                let key = match schema.get("propertyNames") {
                    Some(k) => wire_type(k, way, None),
                    None => "str".into(),
                };
                format!("Dict[{key}, {}]", wire_type(v, way, None))
            } else {
                assert!(
                    props.is_empty(),
                    "an object with fields inside another needs a name of its own: {schema}"
                );
                "Dict[str, Any]".into()
            }
        }
        _ => "Any".into(),
    };
    if null {
        format!("Optional[{ty}]")
    } else {
        ty
    }
}

/// Python's keywords: a key spelt as one (`from`) cannot be a class attribute.
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// A `TypedDict` for an object schema: required keys in a base class.
fn typed_dict(out: &mut String, name: &str, schema: &Value, way: Way) -> Vec<String> {
    typed_dict_of(out, name, schema, way, "TypedDict")
}

/// [`typed_dict`] extending `parent` (a `TypedDict` of the fields every
/// variant of a flattened enum has).
fn typed_dict_of(
    out: &mut String,
    name: &str,
    schema: &Value,
    way: Way,
    parent: &str,
) -> Vec<String> {
    let doc = wire::description(schema).join(" ");
    let doc = if doc.is_empty() {
        name.to_string()
    } else {
        doc
    };
    let props = wire::properties(schema);
    let keyword = |k: &str| KEYWORDS.contains(&k);
    assert!(
        props.iter().all(|(k, _, req)| *req || !keyword(k)),
        "{name}: an optional key spelt as a Python keyword"
    );
    let mut required = Vec::new();
    let mut optional = Vec::new();
    for (key, s, req) in &props {
        let mut lines = vec![format!("{key}: {}", wire_type(s, way, Some(key)))];
        lines.extend(attribute_doc(&wire::description(s)));
        if *req {
            required.extend(lines);
        } else {
            optional.extend(lines);
        }
    }
    let base = if optional.is_empty() {
        name.to_string()
    } else {
        format!("_{name}Required")
    };
    let base_doc = if optional.is_empty() {
        doc.clone()
    } else {
        format!("The keys every {name} has.")
    };
    if props.iter().any(|(k, _, _)| keyword(k)) {
        // A key spelt as a keyword (`from`) cannot be a class attribute:
        // the functional form takes any key.
        assert!(parent == "TypedDict", "{name}: a keyword key in a variant");
        let _ = write!(out, "\n\n{base} = TypedDict(\n    \"{base}\",\n    {{\n");
        for (key, s, _) in props.iter().filter(|(_, _, req)| *req) {
            let _ = writeln!(out, "        \"{key}\": {},", wire_type(s, way, Some(key)));
        }
        let _ = writeln!(out, "    }},\n)\n\"\"\"{base_doc}\"\"\"");
    } else {
        class(out, &format!("{base}({parent})"), &base_doc, &required);
    }
    if !optional.is_empty() {
        class(
            out,
            &format!("{name}({base}, total=False)"),
            &doc,
            &optional,
        );
    }
    vec![name.to_string()]
}

/// A variant's name from its tag's value: `INVALID_ARGUMENT` → `InvalidArgument`.
fn variant_tag(variant: &Value) -> String {
    wire::properties(variant)
        .iter()
        .find_map(|(_, s, _)| s.get("const").and_then(Value::as_str))
        .map(pascal)
        .unwrap_or_default()
}

/// `name = Union[...]` over the variants, with the enum's description.
fn union_alias(out: &mut String, name: &str, variants: &[String], schema: &Value) {
    let _ = write!(out, "\n\n{name} = Union[\n");
    for v in variants {
        let _ = writeln!(out, "    {v},");
    }
    out.push_str("]\n");
    let doc = wire::description(schema).join(" ");
    if !doc.is_empty() {
        let _ = writeln!(out, "\"\"\"{doc}\"\"\"");
    }
}

/// `INVALID_ARGUMENT` → `InvalidArgument`.
fn pascal(constant: &str) -> String {
    constant
        .split('_')
        .map(|w| {
            let lower = w.to_ascii_lowercase();
            let mut c = lower.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// The module of every type core hands out or reads.
pub fn wire_file(shapes: &Shapes) -> String {
    let mut out = String::from(WIRE_HEADER);
    let imports = shapes.imports();
    out.push('\n');
    for (names, module) in [
        (imports.external, "._native"),
        (imports.records, ".records"),
    ] {
        if !names.is_empty() {
            let _ = writeln!(out, "from {module} import {}", names.join(", "));
        }
    }
    let mut all = Vec::new();
    for def in &shapes.defs {
        let name = py_name(&def.name);
        let props = wire::properties(&def.schema);
        if let Some(members) = wire::union(&def.schema).filter(|_| !props.is_empty()) {
            // A tagged enum flattened beside common fields: the fields in a
            // base, one TypedDict per variant extending it.
            let base = format!("{name}Base");
            let only_common = serde_json::json!({
                "type": "object",
                "description": format!("The fields every {name} carries, whatever its variant."),
                "properties": def.schema["properties"],
                "required": def.schema["required"],
            });
            typed_dict(&mut out, &base, &only_common, def.way);
            let mut variants = Vec::new();
            for m in members {
                let variant = format!("{name}{}", variant_tag(m));
                typed_dict_of(&mut out, &variant, m, def.way, &base);
                variants.push(variant);
            }
            union_alias(&mut out, &name, &variants, &def.schema);
            all.push(base);
            all.push(name);
        } else if !props.is_empty() {
            all.extend(typed_dict(&mut out, &name, &def.schema, def.way));
        } else if let Some(members) =
            wire::union(&def.schema).filter(|m| m.iter().all(|m| !wire::properties(m).is_empty()))
        {
            // A tagged union: one TypedDict per variant, named by its tag.
            let mut variants = Vec::new();
            for m in members {
                let variant = format!("{name}{}", variant_tag(m));
                typed_dict(&mut out, &variant, m, def.way);
                variants.push(variant);
            }
            union_alias(&mut out, &name, &variants, &def.schema);
            all.push(name);
        } else {
            let ty = wire_type(&def.schema, def.way, None);
            match ty
                .strip_prefix("Literal[")
                .and_then(|t| t.strip_suffix(']'))
            {
                Some(members) if ty.len() > 88 => {
                    let _ = write!(out, "\n\n{name} = Literal[\n");
                    for m in members.split(", ") {
                        let _ = writeln!(out, "    {m},");
                    }
                    out.push_str("]\n");
                }
                _ => {
                    let _ = write!(out, "\n\n{name} = {ty}\n");
                }
            }
            let doc = wire::description(&def.schema).join(" ");
            if !doc.is_empty() {
                let _ = writeln!(out, "\"\"\"{doc}\"\"\"");
            }
            all.push(name);
        }
    }
    let quoted: Vec<String> = all.iter().map(|n| format!("\"{n}\"")).collect();
    let _ = write!(out, "\n\n__all__ = [{}]\n", quoted.join(", "));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_key_spelt_as_a_keyword_uses_the_functional_form() {
        let schema = json!({
            "type": "object",
            "properties": {"from": {"type": "string"}, "to": {"type": "string"}},
            "required": ["from", "to"]
        });
        let mut out = String::new();
        typed_dict(&mut out, "Move", &schema, Way::Out);
        assert!(out.contains("Move = TypedDict(\n    \"Move\",\n"), "{out}");
        assert!(out.contains("\"from\": str,"), "{out}");
    }

    #[test]
    fn amounts_and_instants_are_spelt_by_the_way_they_cross() {
        let amount = json!({"type": "string", "format": "decimal"});
        assert_eq!(wire_type(&amount, Way::Out, None), "Decimal");
        assert_eq!(
            wire_type(&amount, Way::In, None),
            "Union[Decimal, int, str]"
        );
        let at = json!({"type": ["string", "null"], "format": "date-time"});
        assert_eq!(wire_type(&at, Way::Out, None), "Optional[str]");
        assert_eq!(
            wire_type(&at, Way::In, None),
            "Optional[Union[datetime, str]]"
        );
        let by_reason = json!({
            "type": "object",
            "propertyNames": {"$ref": "#/$defs/ReasonCode"},
            "additionalProperties": {"type": "integer"}
        });
        assert_eq!(
            wire_type(&by_reason, Way::Out, Some("by_reason")),
            "Dict[ReasonCode, int]"
        );
        assert_eq!(pascal("INVALID_ARGUMENT"), "InvalidArgument");
    }
}
