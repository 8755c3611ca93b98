//! JS values → core values. Checks here are about JS types (a number is not
//! money, 1.9 is not a quantity); every domain rule is in core.

use crate::error::{napi_failure, IntoJs, Result};
use napi::bindgen_prelude::{BigInt, ClassInstance, JsObjectValue, MaybeTypeTag, Object, Unknown};
use napi::{JsValue, ValueType};
use seamline::wire_types::{instant_fields, JsonSchema};
use seamline::{parse_decimal, Decimal, Error, Money};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

pub fn type_name(t: ValueType) -> &'static str {
    match t {
        ValueType::Undefined => "undefined",
        ValueType::Null => "null",
        ValueType::Boolean => "boolean",
        ValueType::Number => "number",
        ValueType::String => "string",
        ValueType::Symbol => "symbol",
        ValueType::Object => "object",
        ValueType::Function => "function",
        ValueType::External => "external",
        ValueType::BigInt => "bigint",
        _ => "unknown",
    }
}

pub fn kind(value: &Unknown<'_>, field: &str) -> Result<ValueType> {
    value.get_type().map_err(|e| napi_failure(field, e))
}

/// The largest integer a JS number holds exactly (2^53 − 1).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A whole number of units: a safe-integer number or a bigint.
pub fn integer(value: &Unknown<'_>, field: &str) -> Result<i64> {
    match kind(value, field)? {
        ValueType::Number => {
            let n: f64 = unsafe { value.cast() }.map_err(|e| napi_failure(field, e))?;
            if !n.is_finite() || n.fract() != 0.0 {
                return Err(Error::invalid_quantity(
                    field,
                    n,
                    "must be a whole number of units",
                ))
                .js();
            }
            if n.abs() > MAX_SAFE_INTEGER {
                return Err(Error::invalid_quantity(
                    field,
                    n,
                    "exceeds Number.MAX_SAFE_INTEGER; pass a bigint",
                ))
                .js();
            }
            Ok(n as i64)
        }
        ValueType::BigInt => {
            let big: BigInt = unsafe { value.cast() }.map_err(|e| napi_failure(field, e))?;
            let (n, lossless) = big.get_i64();
            if !lossless {
                return Err(Error::invalid_quantity(
                    field,
                    "bigint",
                    "out of the 64-bit range",
                ))
                .js();
            }
            Ok(n)
        }
        other => Err(Error::invalid_type(
            field,
            "number or bigint",
            type_name(other),
        ))
        .js(),
    }
}

/// One cell of a numeric column as a whole number: a napi `i64` would
/// truncate 1.9 to 1 silently, so non-integers and unsafe integers are refused.
pub fn whole_cell(n: f64, field: &str, row: usize) -> Result<i64> {
    if !n.is_finite() || n.fract() != 0.0 || n.abs() > MAX_SAFE_INTEGER {
        return Err(Error::invalid_quantity(
            field,
            format!("{n} in row {row}"),
            "must be a whole number",
        ))
        .js();
    }
    Ok(n as i64)
}

/// A whole, non-negative number of units.
pub fn count(value: &Unknown<'_>, field: &str) -> Result<u64> {
    let n = integer(value, field)?;
    u64::try_from(n)
        .map_err(|_| Error::invalid_quantity(field, n, "must not be negative"))
        .js()
}

/// A rate or probability (not money): a JS number.
pub fn real(value: &Unknown<'_>, field: &str) -> Result<f64> {
    match kind(value, field)? {
        ValueType::Number => unsafe { value.cast::<f64>() }.map_err(|e| napi_failure(field, e)),
        other => Err(Error::invalid_type(field, "number", type_name(other))).js(),
    }
}

/// A string, with our error when it is not one. Text holding a lone
/// surrogate is refused: N-API would hand it over with U+FFFD in its place,
/// and two different SKUs would become one.
pub fn string(value: &Unknown<'_>, field: &str) -> Result<String> {
    match kind(value, field)? {
        ValueType::String => {
            let text: String =
                unsafe { value.cast::<String>() }.map_err(|e| napi_failure(field, e))?;
            // A U+FFFD may be the caller's own: only then is the text read again as UTF-16.
            if text.contains('\u{FFFD}') {
                let js: napi::JsString =
                    unsafe { value.cast() }.map_err(|e| napi_failure(field, e))?;
                let units = js.into_utf16().map_err(|e| napi_failure(field, e))?;
                if String::from_utf16(units.as_slice()).is_err() {
                    return Err(Error::invalid_argument(
                        field,
                        "(text)",
                        "holds a lone surrogate: not valid Unicode",
                    ))
                    .js();
                }
            }
            Ok(text)
        }
        other => Err(Error::invalid_type(field, "string", type_name(other))).js(),
    }
}

/// A boolean, with our error when it is not one (`'false'` is not `false`).
pub fn boolean(value: &Unknown<'_>, field: &str) -> Result<bool> {
    match kind(value, field)? {
        ValueType::Boolean => unsafe { value.cast::<bool>() }.map_err(|e| napi_failure(field, e)),
        other => Err(Error::invalid_type(field, "boolean", type_name(other))).js(),
    }
}

/// An array of strings, each element named by its index when it is not one.
pub fn strings(value: &Unknown<'_>, field: &str) -> Result<Vec<String>> {
    if !value.is_array().unwrap_or(false) {
        let got = kind(value, field).map(type_name).unwrap_or("unknown");
        return Err(Error::invalid_type(field, "an array of strings", got)).js();
    }
    elements(value, field)?
        .iter()
        .enumerate()
        .map(|(i, item)| string(item, &format!("{field}[{i}]")))
        .collect()
}

/// The elements of an array, with our error when the value is no array
/// (napi's own for a `Vec` argument is `ArrayExpected`, with no code).
pub fn elements<'env>(value: &Unknown<'env>, field: &str) -> Result<Vec<Unknown<'env>>> {
    if !value.is_array().unwrap_or(false) {
        let got = kind(value, field).map(type_name).unwrap_or("unknown");
        return Err(Error::invalid_type(field, "an array", got)).js();
    }
    // SAFETY: checked to be an array just above.
    let array = unsafe { value.cast::<Object>() }.map_err(|e| napi_failure(field, e))?;
    let len = array
        .get_array_length_unchecked()
        .map_err(|e| napi_failure(field, e))?;
    (0..len)
        .map(|i| array.get_element(i).map_err(|e| napi_failure(field, e)))
        .collect()
}

/// Each record of an array as [`record`] reads a `T`, named `field[i]`.
pub fn records<T: JsonSchema>(
    env: &napi::Env,
    value: &Unknown<'_>,
    field: &str,
) -> Result<serde_json::Value> {
    let items = elements(value, field)?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        out.push(record::<T>(env, item, &format!("{field}[{i}]")).js()?);
    }
    Ok(serde_json::Value::Array(out))
}

/// Each record of an array read as core's `T` by core's reader (instants
/// may be `Date`s), errors named `field[i].path`.
pub fn read_records<T: serde::de::DeserializeOwned + JsonSchema>(
    env: &napi::Env,
    value: &Unknown<'_>,
    field: &str,
) -> Result<Vec<T>> {
    let raw = records::<T>(env, value, field)?;
    seamline::input::from_value(raw, field).js()
}

/// A Seamline object of class `T` (`class` as JavaScript names it: a
/// `Ledger` where a ledger is expected), with our error when the value is
/// anything else — napi's own says `InvalidArg` and names a Rust type.
pub fn instance<'env, T>(
    value: &Unknown<'env>,
    field: &str,
    class: &str,
) -> Result<ClassInstance<'env, T>>
where
    T: 'env + MaybeTypeTag,
{
    let got = kind(value, field)?;
    if got != ValueType::Object {
        return Err(Error::invalid_type(field, class, type_name(got))).js();
    }
    // SAFETY: an object; napi unwraps it and checks it is a `T` before
    // handing it over, and refuses an object of any other kind.
    unsafe { value.cast::<ClassInstance<'env, T>>() }
        .map_err(|_| Error::invalid_type(field, class, "an object of another kind"))
        .js()
}

/// An optional argument: absent, `undefined` or `null` is `None`, anything
/// else read by `read`.
pub fn optional<T>(
    value: Option<Unknown<'_>>,
    field: &str,
    read: fn(&Unknown<'_>, &str) -> Result<T>,
) -> Result<Option<T>> {
    match value {
        Some(v) if !is_absent(&v) => read(&v, field).map(Some),
        _ => Ok(None),
    }
}

/// An exact decimal: a decimal string, or a safe integer. A non-integer
/// number is refused: `0.1` has no exact binary value.
pub fn decimal(value: &Unknown<'_>, field: &str) -> Result<Decimal> {
    match kind(value, field)? {
        ValueType::String => parse_decimal(field, &string(value, field)?).js(),
        ValueType::Number => {
            let n: f64 = unsafe { value.cast() }.map_err(|e| napi_failure(field, e))?;
            if n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER {
                Ok(Decimal::from(n as i64))
            } else {
                Err(Error::invalid_type(
                    field,
                    "a decimal string such as \"0.10\"",
                    format!("number {n}: JS numbers are inexact"),
                ))
                .js()
            }
        }
        other => Err(Error::invalid_type(
            field,
            "decimal string",
            type_name(other),
        ))
        .js(),
    }
}

/// A property of a plain object, `undefined` when absent.
pub fn property<'env>(object: &Object<'env>, key: &str, field: &str) -> Result<Unknown<'env>> {
    object
        .get_named_property::<Unknown>(key)
        .map_err(|e| napi_failure(field, e))
}

/// A plain JS object.
pub fn object<'env>(value: &Unknown<'env>, field: &str) -> Result<Object<'env>> {
    match kind(value, field)? {
        ValueType::Object => unsafe { value.cast::<Object>() }.map_err(|e| napi_failure(field, e)),
        other => Err(Error::invalid_type(field, "object", type_name(other))).js(),
    }
}

/// `{ amount: string, currency: string }` → Money. The amount must be a string.
pub fn money(value: &Unknown<'_>, field: &str) -> Result<Money> {
    let obj = object(value, field)?;
    let amount_field = format!("{field}.amount");
    let amount = property(&obj, "amount", &amount_field)?;
    let amount = match kind(&amount, &amount_field)? {
        ValueType::String => string(&amount, &amount_field)?,
        other => {
            return Err(Error::invalid_type(
                amount_field,
                "a decimal string such as \"12.34\"",
                format!("{}: money is never a JS number", type_name(other)),
            ))
            .js()
        }
    };
    let currency = string(
        &property(&obj, "currency", &format!("{field}.currency"))?,
        &format!("{field}.currency"),
    )?;
    Money::parse(&amount, &currency).js()
}

/// The fields of a record of `T` a caller may give as a `Date`, as
/// JavaScript names them: core's instant fields of `T` (every variant's, for
/// an event), so this binding keeps no list of its own. Derived once per
/// type and process (deriving a schema takes longer than reading a record),
/// found by schemars' id of the type.
fn instant_keys<T: JsonSchema>() -> Arc<[String]> {
    type Keys = Mutex<HashMap<Cow<'static, str>, Arc<[String]>>>;
    static KEYS: OnceLock<Keys> = OnceLock::new();
    let keys = KEYS.get_or_init(Default::default);
    let mut keys = keys.lock().unwrap_or_else(|p| p.into_inner());
    Arc::clone(keys.entry(T::schema_id()).or_insert_with(|| {
        instant_fields::<T>()
            .iter()
            .map(|name| seamline::input::camel_name(name))
            .collect()
    }))
}

/// A plain JS object holding a `T` → core's snake_case wire form. `Date`
/// values of `T`'s instant fields become canonical RFC 3339 text.
pub fn record<T: JsonSchema>(
    env: &napi::Env,
    value: &Unknown<'_>,
    field: &str,
) -> std::result::Result<serde_json::Value, Error> {
    record_with::<T>(env, value, field, crate::keys::from_js)
}

/// [`record`] with the key renaming chosen by the caller (a record holding
/// maps keyed by data renames only its own keys).
pub fn record_with<T: JsonSchema>(
    env: &napi::Env,
    value: &Unknown<'_>,
    field: &str,
    rename: fn(serde_json::Value) -> serde_json::Value,
) -> std::result::Result<serde_json::Value, Error> {
    record_text::<T>(env, value, field)?.parse(field, rename)
}

/// A record as read on the event loop: its JSON text and its `Date`
/// fields' instants. [`RecordText::parse`] finishes it anywhere (a Promise
/// form's worker), so both halves together read exactly as [`record_with`].
pub struct RecordText {
    text: String,
    dates: Vec<(String, String)>,
}

/// The event-loop half of [`record_with`].
pub fn record_text<T: JsonSchema>(
    env: &napi::Env,
    value: &Unknown<'_>,
    field: &str,
) -> std::result::Result<RecordText, Error> {
    use napi::bindgen_prelude::JsObjectValue;
    if !matches!(value.get_type(), Ok(napi::ValueType::Object)) {
        let got = value
            .get_type()
            .map(|t| format!("{t:?}").to_lowercase())
            .unwrap_or_default();
        return Err(Error::invalid_type(field, "object", got));
    }
    // Through V8's JSON.stringify, not a recursive walk of the object: a
    // value nested thousands deep is a catchable RangeError there, and
    // serde_json's parser stops at 128 levels, so neither exhausts the stack.
    let json = global_json(env, field)?;
    let text = json
        .stringify(*value)
        .map_err(|e| Error::invalid_type(field, "a plain object", e.reason))?;
    let obj: Object =
        unsafe { value.cast() }.map_err(|e| Error::invalid_type(field, "object", e.reason))?;
    let mut dates = Vec::new();
    for key in instant_keys::<T>().iter() {
        if let Ok(v) = obj.get_named_property::<Unknown>(key) {
            if v.is_date().unwrap_or(false) {
                let at = crate::instant::date(&v, &format!("{field}.{key}"))?;
                dates.push((key.clone(), at.to_rfc3339()));
            }
        }
    }
    Ok(RecordText { text, dates })
}

impl RecordText {
    /// The record's value, its dates as canonical RFC 3339 text, renamed.
    pub fn parse(
        self,
        field: &str,
        rename: fn(serde_json::Value) -> serde_json::Value,
    ) -> std::result::Result<serde_json::Value, Error> {
        let mut record: serde_json::Value = serde_json::from_str(&self.text).map_err(|e| {
            Error::invalid_argument(
                field,
                "(object)",
                seamline::input::serde_reason(&e.to_string()),
            )
        })?;
        for (key, text) in self.dates {
            record[key.as_str()] = serde_json::Value::String(text);
        }
        Ok(rename(record))
    }
}

/// V8's own `JSON` object (its `stringify` walks a value without
/// recursing on our stack, and is quicker than reading it through N-API).
fn global_json<'env>(
    env: &'env napi::Env,
    field: &str,
) -> std::result::Result<napi::JSON<'env>, Error> {
    env.get_global()
        .and_then(|g| g.get_named_property_unchecked::<napi::JSON>("JSON"))
        .map_err(|e| Error::invalid_argument(field, "JSON", e.reason))
}

/// A core record from its (snake_case) JSON form; a shape error is `INVALID_ARGUMENT` for `field`.
pub fn parse<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
    field: &str,
) -> std::result::Result<T, Error> {
    seamline::input::from_value(value, field)
}

/// `value` unchanged, unless it holds a number that JavaScript could not
/// hold exactly (an integer past ±(2^53 − 1)): then an error naming where.
/// Such a number was already rounded before it reached us.
pub fn safe_integers(
    value: serde_json::Value,
    path: &str,
) -> std::result::Result<serde_json::Value, Error> {
    fn check(v: &serde_json::Value, path: &mut String) -> std::result::Result<(), Error> {
        match v {
            serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => {
                let big = n
                    .as_i64()
                    .is_none_or(|i| i.unsigned_abs() > MAX_SAFE_INTEGER as u64);
                if big {
                    return Err(Error::invalid_argument(
                        path.clone(),
                        n.to_string(),
                        "is past JavaScript's safe integers (2^53 - 1) and was rounded: pass it as text",
                    ));
                }
                Ok(())
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    check(item, path)?;
                    path.truncate(len);
                }
                Ok(())
            }
            serde_json::Value::Object(map) => {
                for (k, item) in map {
                    let len = path.len();
                    path.push('.');
                    path.push_str(&seamline::input::shown(k, false));
                    check(item, path)?;
                    path.truncate(len);
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
    check(&value, &mut path.to_string())?;
    Ok(value)
}

/// Elements stringified at a time by [`json_array`]: few enough that the
/// text stays far below V8's string limit, enough that the calls are few.
const JSON_CHUNK: u32 = 4096;

/// An array of records read through V8's own `JSON.stringify` (Dates
/// become RFC 3339 text), which costs a fraction of reading each property
/// through N-API: `each` is given a chunk's first index and its JSON text.
/// A chunk of elements at a time: V8 caps a string at 2^29 − 24 characters,
/// and a million-order day as one JSON text is past that. With
/// `snake_keys`, every object key is renamed as [`crate::keys::from_js`]
/// would, on the text; otherwise keys stay as JS wrote them.
pub fn json_chunks(
    env: &napi::Env,
    value: Unknown<'_>,
    field: &str,
    snake_keys: bool,
    mut each: impl FnMut(usize, &str) -> std::result::Result<(), Error>,
) -> std::result::Result<(), Error> {
    use napi::bindgen_prelude::{FnArgs, Function};
    if !value.is_array().unwrap_or(false) {
        return Err(Error::invalid_type(field, "an array", "another type"));
    }
    let not_array = |e: napi::Error| Error::invalid_type(field, "an array", e.reason);
    let json = global_json(env, field)?;
    // SAFETY: checked to be an array just above.
    let array = unsafe { value.cast::<Object>() }.map_err(not_array)?;
    let len = array.get_array_length_unchecked().map_err(not_array)?;
    let slice: Function<FnArgs<(u32, u32)>, Unknown> = array
        .get_named_property_unchecked("slice")
        .map_err(not_array)?;
    for start in (0..len).step_by(JSON_CHUNK as usize) {
        let end = len.min(start + JSON_CHUNK);
        let chunk = slice
            .apply(array, FnArgs { data: (start, end) })
            .map_err(not_array)?;
        let text = json.stringify(chunk).map_err(|e| {
            Error::invalid_type(
                format!("{field}[{start}..{end}]"),
                "plain records",
                e.reason,
            )
        })?;
        let text = if snake_keys {
            crate::keys::from_js_text(&text)
        } else {
            text
        };
        each(start as usize, &text)?;
    }
    Ok(())
}

/// A JS object of equal-length arrays (`{ eventId: [...], quantity: [...] }`)
/// as core's columns: each array read through `JSON.stringify`; an integer
/// past JavaScript's safe range is refused naming its cell. Names are the
/// object's own keys: core decides what each means.
pub fn json_columns(
    env: &napi::Env,
    value: &Unknown<'_>,
    field: &str,
) -> std::result::Result<seamline::input::JsonColumns, Error> {
    use napi::bindgen_prelude::JsObjectValue;
    if !matches!(value.get_type(), Ok(napi::ValueType::Object)) || value.is_array().unwrap_or(false)
    {
        return Err(Error::invalid_type(
            field,
            "an object of arrays",
            "another type",
        ));
    }
    // SAFETY: checked to be an object just above.
    let obj = unsafe { value.cast::<Object>() }
        .map_err(|e| Error::invalid_type(field, "an object of arrays", e.reason))?;
    let names =
        Object::keys(&obj).map_err(|e| Error::invalid_argument(field, "(object)", e.reason))?;
    let mut columns = Vec::with_capacity(names.len());
    for name in names {
        let path = format!("{field}.{}", seamline::input::shown(&name, false));
        let column = obj
            .get_named_property::<Unknown>(&name)
            .map_err(|e| Error::invalid_argument(&path, "(column)", e.reason))?;
        let cells = json_array(env, column, &path, false)?;
        let cells = match safe_integers(serde_json::Value::Array(cells), &path)? {
            serde_json::Value::Array(cells) => cells,
            _ => Vec::new(),
        };
        columns.push((name, cells));
    }
    Ok(seamline::input::JsonColumns::new(columns))
}

/// [`json_chunks`] parsed into values, one per element.
pub fn json_array(
    env: &napi::Env,
    value: Unknown<'_>,
    field: &str,
    snake_keys: bool,
) -> std::result::Result<Vec<serde_json::Value>, Error> {
    let mut out = Vec::new();
    json_chunks(env, value, field, snake_keys, |start, text| {
        out.extend(parse_chunk(start, text, field)?);
        Ok(())
    })?;
    Ok(out)
}

/// The event loop's half of [`json_array`]: each chunk's text and first
/// index, to be parsed by [`JsonChunks::parse`] anywhere (a Promise form's
/// worker), exactly as `json_array` parses them.
pub fn json_array_text(
    env: &napi::Env,
    value: Unknown<'_>,
    field: &str,
    snake_keys: bool,
) -> std::result::Result<JsonChunks, Error> {
    let mut chunks = Vec::new();
    json_chunks(env, value, field, snake_keys, |start, text| {
        chunks.push((start, text.to_owned()));
        Ok(())
    })?;
    Ok(JsonChunks {
        field: field.to_owned(),
        chunks,
    })
}

/// An array's JSON text as read on the event loop ([`json_array_text`]).
pub struct JsonChunks {
    field: String,
    chunks: Vec<(usize, String)>,
}

impl JsonChunks {
    /// The array's elements, in order.
    pub fn parse(self) -> std::result::Result<Vec<serde_json::Value>, Error> {
        let mut out = Vec::new();
        for (start, text) in &self.chunks {
            out.extend(parse_chunk(*start, text, &self.field)?);
        }
        Ok(out)
    }
}

fn parse_chunk(
    start: usize,
    text: &str,
    field: &str,
) -> std::result::Result<Vec<serde_json::Value>, Error> {
    serde_json::from_str(text).map_err(|e| {
        Error::invalid_argument(format!("{field}[{start}..]"), "the records", e.to_string())
    })
}

/// A large core value handed to JS as one JSON text that V8's `JSON.parse`
/// builds: for thousands of records, far quicker than building a value
/// tree and then each object and property through N-API. Keys in
/// camelCase, as [`crate::keys::out`].
pub fn json_out<'env, T: serde::Serialize>(
    env: &'env napi::Env,
    value: &T,
) -> napi::Result<Unknown<'env>> {
    let text = crate::keys::out_text(value).map_err(|e| napi::Error::from_reason(e.to_string()))?;
    json_parse(env, text)
}

/// JSON text already in its JS form (camelCase), as JS values through one
/// `JSON.parse` (a Promise form's worker writes the text; the loop parses it).
pub fn json_parse(env: &napi::Env, text: String) -> napi::Result<Unknown<'_>> {
    use napi::bindgen_prelude::Function;
    let json: napi::JSON = env.get_global()?.get_named_property_unchecked("JSON")?;
    let parse: Function<String, Unknown> = json.get_named_property_unchecked("parse")?;
    parse.call(text)
}

/// Whether a JS argument or property was left out: `undefined` or `null`.
pub fn is_absent(value: &Unknown<'_>) -> bool {
    matches!(
        value.get_type(),
        Ok(napi::ValueType::Undefined | napi::ValueType::Null)
    )
}
