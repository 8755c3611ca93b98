//! `Resolver` for JS: field-level resolution between systems of record
//! (core's `systems_of_record`), camelCase records in and out.

use crate::convert::{self, parse, RecordText};
use crate::error::{error_json, IntoJs, Result};
use crate::keys::out;
use crate::off_loop::{self, camel_text, promise, work, Promise};
use napi::bindgen_prelude::{Buffer, Unknown};
use napi::Env;
use napi_derive::napi;
use parking_lot::RwLock;
use seamline::systems_of_record::{Domain, FieldRule, FieldUpdate, Registry, Resolver};
use seamline::Error;
use serde_json::{json, Value};
use std::sync::Arc;

#[napi(js_name = "Resolver")]
pub struct JsResolver {
    // Shared with Promise forms' workers.
    inner: Arc<RwLock<Resolver>>,
}

/// An update as read on a worker from its text, named by its place in the call.
fn update_from(
    text: std::result::Result<RecordText, Error>,
    i: usize,
) -> std::result::Result<FieldUpdate, Error> {
    let field = format!("updates[{i}]");
    parse::<FieldUpdate>(text?.parse(&field, crate::keys::from_js)?, &field)
}

/// What `addAll` gives for one update.
fn arrival_json(result: std::result::Result<seamline::systems_of_record::Arrival, Error>) -> Value {
    match result {
        Ok(arrival) => out(&arrival),
        Err(error) => error_json(&error),
    }
}

#[seamline_guard::guard]
#[napi]
impl JsResolver {
    /// `owners`: domain → system (an object, or `[domain, system]` pairs so a
    /// loaded file can say "two owners for one domain", which is refused).
    /// `fields`: per-field exceptions (`owner: null` makes a field shared).
    /// `rank`: systems, strongest first, for ties.
    #[napi(
        constructor,
        ts_args_type = "owners: Partial<Record<import('./orders').Domain, string>> | Array<[import('./orders').Domain, string]>, options?: { fields?: import('./orders').FieldRule[]; rank?: string[] }"
    )]
    pub fn new(env: Env, owners: Unknown, options: Option<Unknown>) -> Result<Self> {
        let raw: Value = env
            .from_js_value(owners)
            .map_err(|e| Error::invalid_type("owners", "an object or pairs", e.reason))
            .js()?;
        let owners: Vec<(Domain, String)> = match raw {
            Value::Object(map) => map
                .into_iter()
                .map(|(d, s)| Ok((parse(Value::String(d), "owners")?, parse(s, "owners")?)))
                .collect::<std::result::Result<_, Error>>()
                .js()?,
            other => parse(other, "owners").js()?,
        };
        let (fields, rank): (Vec<FieldRule>, Vec<String>) = match options {
            Some(o) => {
                let o = convert::record::<Value>(&env, &o, "options").js()?;
                // An absent (undefined or null) option is an empty list.
                let list = |key: &str| match o.get(key) {
                    None | Some(Value::Null) => json!([]),
                    Some(v) => v.clone(),
                };
                (
                    parse(list("fields"), "fields").js()?,
                    parse(list("rank"), "rank").js()?,
                )
            }
            None => (Vec::new(), Vec::new()),
        };
        Ok(JsResolver {
            inner: Arc::new(RwLock::new(Resolver::new(
                Registry::new(&owners, &fields, &rank).js()?,
            ))),
        })
    }

    /// Adds one update: `'accepted'` or `'duplicate'`; a different update
    /// under a used id throws `CONFLICTING_DUPLICATE`.
    #[napi(
        ts_args_type = "update: import('./orders').FieldUpdate",
        ts_return_type = "'accepted' | 'duplicate'"
    )]
    pub fn add(&mut self, env: Env, update: Unknown) -> Result<Value> {
        let update = convert::record::<FieldUpdate>(&env, &update, "update").js()?;
        let update: FieldUpdate = parse(update, "update").js()?;
        Ok(out(&self.inner.write().add(update).js()?))
    }

    /// Adds many updates: per row `'accepted'`, `'duplicate'` or `{ error }`.
    #[napi(
        ts_args_type = "updates: import('./orders').FieldUpdate[]",
        ts_return_type = "Array<import('./results').Arrival | { error: import('./results').ErrorDetail }>"
    )]
    pub fn add_all(&mut self, env: Env, updates: Unknown) -> Result<Vec<Value>> {
        let updates = convert::elements(&updates, "updates")?;
        Ok(add_texts(
            &mut self.inner.write(),
            update_texts(&env, &updates),
        ))
    }

    /// `addAll` off the event loop: only each update's JSON text is taken on
    /// the loop; they are read and added on a worker exactly as `addAll`
    /// does (the resolver is locked meanwhile). An `AbortSignal` that fires
    /// before the first is added rejects with an `AbortError` and adds none.
    #[napi(
        ts_args_type = "updates: import('./orders').FieldUpdate[], signal?: AbortSignal",
        ts_return_type = "Promise<Array<import('./results').Arrival | { error: import('./results').ErrorDetail }>>"
    )]
    pub fn add_all_async(
        &self,
        env: Env,
        updates: Unknown,
        signal: Option<Unknown>,
    ) -> Promise<String> {
        let resolver = Arc::clone(&self.inner);
        let prepared = convert::elements(&updates, "updates").map(|updates| {
            let texts = update_texts(&env, &updates);
            work(move |aborted| {
                aborted.check()?;
                camel_text(&add_texts(&mut resolver.write(), texts))
            })
        });
        promise(prepared, off_loop::json, signal)
    }

    /// Every field's value (and why it won), the conflicts between systems,
    /// and refused duplicates. Depends only on the set of updates.
    #[napi(ts_return_type = "import('./orders').Resolution")]
    pub fn resolve(&self) -> Value {
        out(&self.inner.read().resolve())
    }

    /// `resolve().fields` as Arrow IPC stream bytes: a row per field, its
    /// winning update flattened (`winner_system`, `winner_value`,
    /// `winner_occurred_at`, …) beside `won_by`.
    #[napi]
    pub fn resolution_arrow(&self) -> Result<Buffer> {
        let fields = self.inner.read().resolve().fields;
        seamline_arrow::rows_ipc(&fields).map(Into::into).js()
    }

    /// `resolve()` off the event loop (the resolver is read-locked meanwhile).
    #[napi(
        ts_args_type = "signal?: AbortSignal",
        ts_return_type = "Promise<import('./orders').Resolution>"
    )]
    pub fn resolve_async(&self, signal: Option<Unknown>) -> Promise<String> {
        let resolver = Arc::clone(&self.inner);
        promise(
            Ok(work(move |_| camel_text(&resolver.read().resolve()))),
            off_loop::json,
            signal,
        )
    }
}

/// Reads and adds each update in turn: what `addAll` and `addAllAsync` give
/// for each, `'accepted'`, `'duplicate'` or `{ error }`.
fn add_texts(
    resolver: &mut Resolver,
    texts: Vec<std::result::Result<RecordText, Error>>,
) -> Vec<Value> {
    texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| arrival_json(update_from(text, i).and_then(|u| resolver.add(u))))
        .collect()
}

/// Each update's JSON text, read on the event loop.
fn update_texts(env: &Env, updates: &[Unknown<'_>]) -> Vec<std::result::Result<RecordText, Error>> {
    updates
        .iter()
        .enumerate()
        .map(|(i, u)| convert::record_text::<FieldUpdate>(env, u, &format!("updates[{i}]")))
        .collect()
}
