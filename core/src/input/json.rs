//! Records as JSON values (Python dicts and Node objects arrive as JSON):
//! each key found once per record, against the table's declaration.

use super::{shown, Cell, Extras, Fields, TableSchema};
use crate::error::Error;
use serde_json::{Map, Value};

/// How deep a record may nest: deeper input is refused before it is read
/// (a binding's conversion stops there instead of exhausting the stack).
pub const MAX_DEPTH: usize = 64;

/// A JSON value a record is read from: serde_json's [`Value`] (a binding
/// that builds values, as Python's does) or a [`Lite`](super::Lite) tree borrowed from
/// JSON text (Node's records, read without copying their strings).
pub trait Json: Sized {
    /// The object's keys and values, in order; `None` for anything else.
    fn entries(&self) -> Option<Box<dyn Iterator<Item = (&str, &Self)> + '_>>;
    /// The array's items; `None` for anything else.
    fn items(&self) -> Option<&[Self]>;
    /// Whether it is `null`.
    fn is_null(&self) -> bool;
    /// The value as a cell: integer literals stay exact.
    fn cell(&self) -> Cell<'_>;
    /// Its type, for an error (never its content).
    fn type_name(&self) -> &'static str;
    /// The object's text under `key` (for naming a record that does not read).
    fn text_at(&self, key: &str) -> Option<&str> {
        self.entries()?
            .find(|(k, _)| *k == key)
            .and_then(|(_, v)| match v.cell() {
                Cell::Text(t) if !t.is_empty() => Some(t),
                _ => None,
            })
    }
}

impl Json for Value {
    fn entries(&self) -> Option<Box<dyn Iterator<Item = (&str, &Self)> + '_>> {
        let map: &Map<String, Value> = self.as_object()?;
        Some(Box::new(map.iter().map(|(k, v)| (k.as_str(), v))))
    }

    fn items(&self) -> Option<&[Self]> {
        self.as_array().map(Vec::as_slice)
    }

    fn is_null(&self) -> bool {
        Value::is_null(self)
    }

    fn cell(&self) -> Cell<'_> {
        match self {
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

    fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a bool",
            Value::Number(n) if n.is_f64() => "a float",
            Value::Number(_) => "an integer",
            Value::String(_) => "text",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
        }
    }
}

/// One record's fields, found by key.
pub struct JsonRecord<'a, V = Value> {
    slots: Vec<Option<&'a V>>,
    children: Vec<Option<&'a V>>,
}

impl<'a, V: Json> JsonRecord<'a, V> {
    /// Finds `value`'s fields. `path` names the record in errors
    /// (`orders[3]`). Not an object, a key named twice (in two spellings),
    /// or an unknown key (unless `extras` says ignore) is an error.
    pub fn read(
        table: &'static TableSchema,
        value: &'a V,
        path: &dyn Fn() -> String,
        extras: Extras,
    ) -> Result<JsonRecord<'a, V>, Error> {
        Self::read_with(table, value, path, extras, &mut KeyCache::default())
    }

    /// [`JsonRecord::read`] for one of many records of `table`, remembering
    /// in `keys` what each key named: records of one table mostly spell the
    /// same keys in the same order, so a key is looked up once, not per row.
    pub fn read_with(
        table: &'static TableSchema,
        value: &'a V,
        path: &dyn Fn() -> String,
        extras: Extras,
        keys: &mut KeyCache,
    ) -> Result<JsonRecord<'a, V>, Error> {
        let Some(entries) = value.entries() else {
            return Err(Error::invalid_type(path(), "an object", value.type_name()));
        };
        let placed = place_fields(table, entries, path, extras, keys)?;
        Ok(JsonRecord {
            slots: placed.fields,
            children: placed.children,
        })
    }

    /// The nested records under the table's child `child`; an absent or
    /// null one is empty, anything but a list an error.
    pub fn children(&self, child: usize, path: &dyn Fn() -> String) -> Result<&'a [V], Error> {
        match self.children[child] {
            None => Ok(&[]),
            Some(v) if v.is_null() => Ok(&[]),
            Some(v) => v
                .items()
                .ok_or_else(|| Error::invalid_type(path(), "a list", v.type_name())),
        }
    }
}

/// A record's values placed by what their keys name.
pub struct Placed<V> {
    /// Each of the table's fields: its value, if the record has one.
    pub fields: Vec<Option<V>>,
    /// Each of the table's nested tables: its value, if the record has one.
    pub children: Vec<Option<V>>,
}

/// Places a record's `(key, value)` pairs by the fields of `table` they
/// name, in any spelling (a binding's own record, such as a Python dict,
/// read without copying it into JSON). A key named twice (in two
/// spellings), or one the table lacks (unless `extras` says ignore), is an
/// error naming `path` and the key.
pub fn place_fields<K: AsRef<str>, V>(
    table: &'static TableSchema,
    entries: impl Iterator<Item = (K, V)>,
    path: &dyn Fn() -> String,
    extras: Extras,
    keys: &mut KeyCache,
) -> Result<Placed<V>, Error> {
    let mut fields: Vec<Option<V>> = (0..table.fields.len()).map(|_| None).collect();
    let mut children: Vec<Option<V>> = (0..table.children.len()).map(|_| None).collect();
    for (at, (key, v)) in entries.enumerate() {
        let key = key.as_ref();
        let slot = match keys.lookup(table, at, key) {
            Ok(f) => &mut fields[f],
            Err(Some(c)) => &mut children[c],
            Err(None) if extras == Extras::Ignore => continue,
            Err(None) => {
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
    Ok(Placed { fields, children })
}

/// What the keys of a table's records named, by their place in the record.
#[derive(Debug, Default)]
pub struct KeyCache(Vec<(Box<str>, Slot)>);

/// What a key names: a field (`Ok`), a nested table (`Err(Some)`) or neither.
type Slot = Result<usize, Option<usize>>;

impl KeyCache {
    /// The field (`Ok`) or nested table (`Err(Some)`) that `key`, the
    /// record's key number `at`, names; `Err(None)` for neither.
    fn lookup(&mut self, table: &TableSchema, at: usize, key: &str) -> Slot {
        if let Some((k, slot)) = self.0.get(at) {
            if **k == *key {
                return *slot;
            }
        }
        let slot = table.field(key).ok_or_else(|| table.child(key));
        if at < self.0.len() {
            self.0[at] = (key.into(), slot);
        } else if at == self.0.len() {
            self.0.push((key.into(), slot));
        }
        slot
    }
}

impl<V: Json> Fields for JsonRecord<'_, V> {
    fn with<R>(&self, field: usize, f: impl FnOnce(Cell<'_>) -> R) -> R {
        f(self.slots[field].map_or(Cell::Missing, Json::cell))
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
                value.type_name(),
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
                        other.type_name(),
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
        f(self.0[column].1.get(row).map_or(Cell::Missing, Json::cell))
    }
}
