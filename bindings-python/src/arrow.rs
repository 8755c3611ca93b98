//! Arrow from any Python producer — a pyarrow Table or ChunkedArray, a
//! pandas or polars DataFrame, a DuckDB result: anything that speaks the
//! Arrow PyCapsule interface hands over its buffers through the C data
//! interface, imported here with arrow-rs; `seamline-arrow` reads the cells
//! in place (no Python object per cell) as core's cells.

use crate::error::IntoPy;
use arrow_array::ffi::{from_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::ArrayStreamReader;
use arrow_array::{make_array, Array, ArrayRef};
use arrow_schema::{ArrowError, DataType};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyCapsuleMethods, PyTuple};
use seamline::Error;
pub(crate) use seamline_arrow::{ArrowColumns, Column};

/// A column object's Arrow data, when it offers it (`__arrow_c_stream__`
/// or `__arrow_c_array__`); `None` for anything else (lists, NumPy).
pub(crate) fn column(col: &Bound<'_, PyAny>) -> PyResult<Option<Column>> {
    if let Some(capsule) = export(col, "__arrow_c_stream__")? {
        return Ok(Some(Column::new(stream(&capsule)?)));
    }
    if let Some(pair) = export(col, "__arrow_c_array__")? {
        return Ok(Some(Column::new(vec![array(&pair)?])));
    }
    Ok(None)
}

/// A whole table's Arrow data, when it offers it as a stream of record
/// batches (pyarrow, pandas with pyarrow installed, polars); `None` when
/// the object has no Arrow stream or gives one that is not of records.
pub(crate) fn table(table: &Bound<'_, PyAny>) -> PyResult<Option<ArrowColumns>> {
    let Some(capsule) = export(table, "__arrow_c_stream__")? else {
        return Ok(None);
    };
    let batches = stream(&capsule)?;
    if batches
        .iter()
        .any(|b| !matches!(b.data_type(), DataType::Struct(_)))
    {
        return Ok(None);
    }
    Ok(ArrowColumns::from_struct_batches(&batches))
}

fn arrow_error(e: ArrowError) -> PyErr {
    crate::error::to_py(Error::invalid_argument(
        "columns",
        "Arrow data",
        format!("could not be read: {e}"),
    ))
}

/// What the object's Arrow export method gives, or `None` when it has no
/// such method or its producer refuses (the caller reads it otherwise).
fn export<'py>(obj: &Bound<'py, PyAny>, method: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
    if !obj.hasattr(method)? {
        return Ok(None);
    }
    Ok(obj.call_method0(method).ok())
}

/// Every chunk of an Arrow stream capsule.
fn stream(capsule: &Bound<'_, PyAny>) -> PyResult<Vec<ArrayRef>> {
    let capsule = capsule.cast::<PyCapsule>()?;
    let pointer = capsule.pointer_checked(Some(c"arrow_array_stream"))?;
    // SAFETY: the capsule named "arrow_array_stream" holds an
    // `ArrowArrayStream` (the PyCapsule interface's contract); `from_raw`
    // moves it out and leaves the capsule's copy released, as the interface
    // asks of a consumer.
    let reader =
        unsafe { ArrayStreamReader::from_raw(pointer.as_ptr().cast()) }.map_err(arrow_error)?;
    reader
        .map(|array| array.and_then(checked))
        .collect::<Result<Vec<_>, _>>()
        .map_err(arrow_error)
}

/// The array, once its buffers are checked against its type: offsets in
/// bounds and text valid UTF-8. The C data interface leaves validity to the
/// producer; a malformed one gets an error here, never a bad read later.
fn checked(array: ArrayRef) -> Result<ArrayRef, ArrowError> {
    array.to_data().validate_full()?;
    Ok(array)
}

/// The single Arrow array of a `__arrow_c_array__` (schema, array) pair.
fn array(pair: &Bound<'_, PyAny>) -> PyResult<ArrayRef> {
    let pair = pair.cast::<PyTuple>()?;
    let (schema, array) = (pair.get_item(0)?, pair.get_item(1)?);
    let schema = schema.cast::<PyCapsule>()?;
    let array = array.cast::<PyCapsule>()?;
    let schema = schema.pointer_checked(Some(c"arrow_schema"))?;
    let array = array.pointer_checked(Some(c"arrow_array"))?;
    // SAFETY: capsules named "arrow_schema" and "arrow_array" hold an
    // `ArrowSchema` and an `ArrowArray` (the PyCapsule interface). The array
    // is moved out (its capsule's copy left released); the schema is only
    // borrowed, and its capsule releases it.
    let data = unsafe {
        let array = FFI_ArrowArray::from_raw(array.as_ptr().cast());
        let schema = &*schema.as_ptr().cast::<FFI_ArrowSchema>();
        from_ffi(array, schema)
    }
    .map_err(arrow_error)?;
    checked(make_array(data)).map_err(arrow_error)
}

/// Arrow IPC stream bytes as a `pyarrow.Table` (pyarrow reads the buffers
/// in place); without pyarrow, a coded error saying how to get it.
pub(crate) fn arrow_table<'py>(
    py: Python<'py>,
    bytes: &[u8],
    what: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let Ok(ipc) = py.import("pyarrow.ipc") else {
        return Err(Error::invalid_argument(
            what,
            "(pyarrow)",
            "needs pyarrow installed: pip install pyarrow",
        ))
        .py();
    };
    let data = pyo3::types::PyBytes::new(py, bytes);
    ipc.call_method1("open_stream", (data,))?
        .call_method0("read_all")
}

/// `rows` as a `pyarrow.Table`, its columns from the row type's own schema
/// (`seamline_arrow::rows_ipc`); built without the GIL.
pub(crate) fn rows_table<'py, T>(
    py: Python<'py>,
    rows: &[T],
    what: &str,
) -> PyResult<Bound<'py, PyAny>>
where
    T: serde::Serialize + seamline::wire_types::JsonSchema + Sync,
{
    let bytes = py.detach(|| seamline_arrow::rows_ipc(rows)).py()?;
    arrow_table(py, &bytes, what)
}
