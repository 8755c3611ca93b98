//! Node tables as core's `Columns`: Arrow IPC bytes (a `Buffer` or
//! `Uint8Array`, as `apache-arrow`'s `tableToIPC` writes them) or a plain
//! object of equal-length arrays. Cell access only: what a column means is core's.

use crate::convert;
use napi::bindgen_prelude::{Uint8Array, Unknown};
use napi::{Env, JsValue};
use seamline::input::{Cell, Columns, JsonColumns};
use seamline::Error;
use seamline_arrow::ArrowColumns;

/// A table as the caller handed it over.
pub enum JsTable {
    /// Arrow IPC bytes, read in place (no JS value per cell).
    Arrow(ArrowColumns),
    /// An object of arrays, each read through `JSON.stringify`.
    Json(JsonColumns),
}

impl JsTable {
    /// The table `value` (named `field` in errors).
    pub fn read(env: &Env, value: &Unknown<'_>, field: &str) -> Result<JsTable, Error> {
        PendingTable::take(env, value, field)?.open()
    }
}

/// A table taken from JS to be read on a worker: Arrow bytes stay where JS
/// put them (as Node's own `fs.write` does, the caller leaves the buffer
/// alone until the Promise settles); an object of arrays is read now, on
/// the event loop, the only place JS values can be read.
pub enum PendingTable {
    /// Arrow IPC bytes, decoded on the worker.
    Arrow(Uint8Array, String),
    /// Already read.
    Ready(JsTable),
}

impl PendingTable {
    /// The table `value` (named `field` in errors), to be opened on a worker.
    pub fn take(env: &Env, value: &Unknown<'_>, field: &str) -> Result<PendingTable, Error> {
        if value.is_typedarray().unwrap_or(false) || value.is_buffer().unwrap_or(false) {
            // SAFETY: checked to be a typed array (a Buffer is a Uint8Array).
            let bytes = unsafe { value.cast::<Uint8Array>() }.map_err(|e| {
                Error::invalid_type(field, "Arrow IPC bytes (a Uint8Array)", e.reason)
            })?;
            return Ok(PendingTable::Arrow(bytes, field.to_string()));
        }
        convert::json_columns(env, value, field).map(|t| PendingTable::Ready(JsTable::Json(t)))
    }

    /// The table, its Arrow bytes decoded (on the worker).
    pub fn open(self) -> Result<JsTable, Error> {
        match self {
            PendingTable::Arrow(bytes, field) => {
                ArrowColumns::from_ipc(&bytes, &field).map(JsTable::Arrow)
            }
            PendingTable::Ready(table) => Ok(table),
        }
    }
}

impl Columns for JsTable {
    fn names(&self) -> Vec<String> {
        match self {
            JsTable::Arrow(t) => t.names(),
            JsTable::Json(t) => t.names(),
        }
    }

    fn column_len(&self, column: usize) -> usize {
        match self {
            JsTable::Arrow(t) => t.column_len(column),
            JsTable::Json(t) => t.column_len(column),
        }
    }

    fn with_cell<R>(&self, column: usize, row: usize, f: impl FnOnce(Cell<'_>) -> R) -> R {
        match self {
            JsTable::Arrow(t) => t.with_cell(column, row, f),
            JsTable::Json(t) => t.with_cell(column, row, f),
        }
    }

    fn is_float(&self, column: usize) -> bool {
        match self {
            JsTable::Arrow(t) => t.is_float(column),
            JsTable::Json(t) => t.is_float(column),
        }
    }
}
