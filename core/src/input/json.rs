//! Records as JSON values (Python dicts and Node objects arrive as JSON):
//! each key found once per record, against the table's declaration.

use super::{shown, Cell, Extras, Fields, TableSchema};
use crate::error::Error;
use serde_json::{Map, Value};

/// How deep a record may nest: deeper input is refused before it is read
/// (a binding's conversion stops there instead of exhausting the stack).
pub const MAX_DEPTH: usize = 64;

/// One record's fields, found by key.
pub struct JsonRecord<'a> {
    slots: Vec<Option<&'a Value>>,
    children: Vec<Option<&'a Value>>,
}

impl<'a> JsonRecord<'a> {
    /// Finds `value`'s fields. `path` names the record in errors
    /// (`orders[3]`). Not an object, a key named twice (in two spellings),
    /// or an unknown key (unless `extras` says ignore) is an error.
    pub fn read(
        table: &'static TableSchema,
        value: &'a Value,
        path: &dyn Fn() -> String,
        extras: Extras,
    ) -> Result<JsonRecord<'a>, Error> {
        let Some(map) = value.as_object() else {
            return Err(Error::invalid_type(path(), "an object", type_name(value)));
        };
        Self::from_map(table, map, path, extras)
    }

    fn from_map(
        table: &'static TableSchema,
        map: &'a Map<String, Value>,
        path: &dyn Fn() -> String,
        extras: Extras,
    ) -> Result<JsonRecord<'a>, Error> {
        let mut slots = vec![None; table.fields.len()];
        let mut children = vec![None; table.children.len()];
        for (key, v) in map {
            let slot = match (table.field(key), table.child(key)) {
                (Some(f), _) => &mut slots[f],
                (None, Some(c)) => &mut children[c],
                (None, None) if extras == Extras::Ignore => continue,
                (None, None) => {
                    return Err(Error::invalid_argument(
                        format!("{}.{}", path(), shown(key, false)),
                        format!("{:?}", shown(key, false)),
                        format!(
                            "not a field of {}, whose fields are {} (or ignore extra columns)",
                            table.name,
                            table.field_names()
                        ),
                    ))
                }
            };
            if slot.is_some() {
                return Err(Error::invalid_argument(
                    format!("{}.{}", path(), shown(key, false)),
                    format!("{:?}", shown(key, false)),
                    "another key of the record names the same field",
                ));
            }
            *slot = Some(v);
        }
        Ok(JsonRecord { slots, children })
    }

    /// The nested records under the table's child `child`; an absent or
    /// null one is empty, anything but a list an error.
    pub fn children(&self, child: usize, path: &dyn Fn() -> String) -> Result<&'a [Value], Error> {
        match self.children[child] {
            None | Some(Value::Null) => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(other) => Err(Error::invalid_type(path(), "a list", type_name(other))),
        }
    }
}

impl Fields for JsonRecord<'_> {
    fn with<R>(&self, field: usize, f: impl FnOnce(Cell<'_>) -> R) -> R {
        f(match self.slots[field] {
            None | Some(Value::Null) => Cell::Missing,
            Some(v) => cell(v),
        })
    }
}

/// A JSON value as a cell: integer literals stay exact.
fn cell(value: &Value) -> Cell<'_> {
    match value {
        Value::Null => Cell::Missing,
        Value::String(s) => Cell::Text(s),
        Value::Bool(b) => Cell::Bool(*b),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => Cell::Int(i),
            (None, Some(u)) => Cell::Decimal(crate::Decimal::from(u)),
            _ => Cell::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::Array(_) => Cell::Other("a list"),
        Value::Object(_) => Cell::Other("an object"),
    }
}

/// A JSON value's type, for an error (never its content).
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a bool",
        Value::Number(n) if n.is_f64() => "a float",
        Value::Number(_) => "an integer",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A table of JSON columns: each a name and its cells, as a binding hands
/// over an object of arrays (Node's `{ eventId: [...], ... }`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JsonColumns(Vec<(String, Vec<Value>)>);

impl JsonColumns {
    /// Columns from `(name, cells)` pairs.
    pub fn new(columns: Vec<(String, Vec<Value>)>) -> JsonColumns {
        JsonColumns(columns)
    }

    /// Columns from a JSON object of arrays; anything else is `INVALID_TYPE`.
    pub fn from_json(value: &Value) -> Result<JsonColumns, Error> {
        let Some(map) = value.as_object() else {
            return Err(Error::invalid_type(
                "columns",
                "an object of arrays",
                type_name(value),
            ));
        };
        let mut out = Vec::with_capacity(map.len());
        for (name, cells) in map {
            match cells {
                Value::Array(cells) => out.push((name.clone(), cells.clone())),
                other => {
                    return Err(Error::invalid_type(
                        format!("columns.{}", shown(name, false)),
                        "an array",
                        type_name(other),
                    ))
                }
            }
        }
        Ok(JsonColumns(out))
    }

    /// Replaces (or adds) the column `name`.
    pub fn set(&mut self, name: &str, cells: Vec<Value>) {
        match self.0.iter_mut().find(|c| c.0 == name) {
            Some(c) => c.1 = cells,
            None => self.0.push((name.to_string(), cells)),
        }
    }
}

impl super::Columns for JsonColumns {
    fn names(&self) -> Vec<String> {
        self.0.iter().map(|c| c.0.clone()).collect()
    }

    fn column_len(&self, column: usize) -> usize {
        self.0[column].1.len()
    }

    fn with_cell<R>(&self, column: usize, row: usize, f: impl FnOnce(Cell<'_>) -> R) -> R {
        f(self.0[column].1.get(row).map_or(Cell::Missing, cell))
    }
}
