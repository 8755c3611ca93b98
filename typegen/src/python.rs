//! Python `TypedDict`s: one per record, its required keys in a base class
//! (`Required` needs Python 3.11; the package supports 3.10).

use crate::names::{doc_lines, parent_of, record_fields};
use seamline::input::{FieldKind, TableSchema};
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
        FieldKind::Choice(names) => format!(
            "Literal[{}]",
            names
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
    let mut ordered: Vec<&TableSchema> = tables
        .iter()
        .copied()
        .filter(|t| t.children.is_empty())
        .collect();
    ordered.extend(tables.iter().copied().filter(|t| !t.children.is_empty()));
    let mut all = Vec::new();
    for table in ordered {
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
