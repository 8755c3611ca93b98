//! Promise forms: the heavy part of a call runs on libuv's thread pool, so
//! a server's event loop keeps answering while a million rows are applied.
//!
//! A call reads its JS arguments on the event loop (only there can they be
//! read), hands owned values to a worker, and settles its Promise back on
//! the loop. Errors keep their Seamline `code`: a failure in either half —
//! or a caught panic, `INTERNAL` — rejects the Promise, never throws. An
//! `AbortSignal` aborted before the work changes anything rejects with an
//! `AbortError` (`code` `ABORT_ERR`, as Node's own) and changes nothing;
//! work that has begun changing an object runs to its end (abandoning the
//! Promise is safe: the work finishes and its result is dropped).

use crate::error::{Code, FromPanic, IntoJs, Result};
use napi::bindgen_prelude::Error as NapiError;
use napi::bindgen_prelude::{
    AbortSignal, AsyncTask, FromNapiValue, JsObjectValue, ToNapiValue, Unknown,
};
use napi::JsValue;
use napi::{Env, JsError, ScopedTask};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The worker's half of a call, told whether the caller has aborted.
type Work<T> = Box<dyn FnOnce(&Aborted) -> Result<T> + Send>;

/// Node's code for an aborted operation.
const ABORT_ERR: &str = "ABORT_ERR";

/// Whether the caller's `AbortSignal` has fired, as a worker sees it.
#[derive(Clone, Default)]
pub struct Aborted(Arc<AtomicBool>);

impl Aborted {
    /// An `AbortError` once the signal has fired: called before the work
    /// changes anything, so an aborted call leaves everything as it was.
    pub fn check(&self) -> Result<()> {
        if self.0.load(Ordering::Acquire) {
            return Err(NapiError::new(
                Code::new(ABORT_ERR),
                "The operation was aborted".to_string(),
            ));
        }
        Ok(())
    }
}

/// Turns the worker's result into the Promise's value, on the event loop.
type Settle<T> = for<'env> fn(&'env Env, T) -> napi::Result<Unknown<'env>>;

/// One call's work off the event loop (an N-API async work).
pub struct OffLoop<T: Send + 'static> {
    work: Option<Work<T>>,
    settle: Settle<T>,
    aborted: Aborted,
}

/// What a Promise-form method returns.
pub type Promise<T> = AsyncTask<OffLoop<T>>;

/// A Promise for `work` run off the event loop, its value made by `settle`,
/// or rejected with `prepared`'s error when the arguments did not read.
pub fn promise<T: Send + 'static>(
    prepared: Result<Work<T>>,
    settle: Settle<T>,
    signal: Option<Unknown<'_>>,
) -> Promise<T> {
    let aborted = Aborted::default();
    let (signal, prepared) = match abort_signal(signal, &aborted) {
        Ok(signal) => (signal, prepared),
        Err(e) => (None, Err(e)),
    };
    let work = prepared.unwrap_or_else(|e| Box::new(move |_: &Aborted| Err(e)));
    AsyncTask::with_optional_signal(
        OffLoop {
            work: Some(work),
            settle,
            aborted,
        },
        signal,
    )
}

/// The caller's `AbortSignal` (absent, `undefined` or `null`: none), wired
/// to `aborted`; one that has already fired counts at once (an `abort`
/// event will not come again).
fn abort_signal(value: Option<Unknown<'_>>, aborted: &Aborted) -> Result<Option<AbortSignal>> {
    let Some(value) = value else {
        return Ok(None);
    };
    if crate::convert::is_absent(&value) {
        return Ok(None);
    }
    let not_signal =
        |e: napi::Error| seamline::Error::invalid_type("signal", "an AbortSignal", e.reason);
    // SAFETY: `value` is a live value of this call's environment.
    let signal = unsafe { AbortSignal::from_napi_value(value.value().env, value.raw()) }
        .map_err(not_signal)
        .js()?;
    // The Web platform's AbortSignal state, not a Seamline field: napi's
    // wrapper hears only a later `abort` event.
    let object = value.coerce_to_object().map_err(not_signal).js()?;
    if object
        .get_named_property::<bool>("aborted")
        .map_err(not_signal)
        .js()?
    {
        aborted.0.store(true, Ordering::Release);
    }
    let flag = Arc::clone(&aborted.0);
    signal.on_abort(move || flag.store(true, Ordering::Release));
    Ok(Some(signal))
}

/// Boxes a worker's half.
pub fn work<T>(f: impl FnOnce(&Aborted) -> Result<T> + Send + 'static) -> Work<T> {
    Box::new(f)
}

/// A value with its own JS form (a class instance, a `Buffer`) as the Promise's value.
pub fn native<T: ToNapiValue>(env: &Env, value: T) -> napi::Result<Unknown<'_>> {
    // SAFETY: `env` is the live environment this callback runs in.
    let raw = unsafe { T::to_napi_value(env.raw(), value)? };
    // SAFETY: `raw` was just made in `env`.
    Ok(unsafe { Unknown::from_raw_unchecked(env.raw(), raw) })
}

/// Nothing to give back: the Promise resolves to `undefined`.
pub fn undefined(env: &Env, (): ()) -> napi::Result<Unknown<'_>> {
    native(env, ())
}

/// Bytes the worker made (a snapshot) as a `Buffer`.
pub fn bytes(env: &Env, bytes: Vec<u8>) -> napi::Result<Unknown<'_>> {
    native(env, napi::bindgen_prelude::Buffer::from(bytes))
}

/// `toSnapshot()` off the event loop: `take` reads the object under its read
/// lock, so reads go on meanwhile and a change on the loop waits for it.
pub fn snapshot<T: Send + Sync + 'static>(
    inner: &Arc<parking_lot::RwLock<T>>,
    take: fn(&T) -> Vec<u8>,
    signal: Option<Unknown<'_>>,
) -> Promise<Vec<u8>> {
    let inner = Arc::clone(inner);
    promise(Ok(work(move |_| Ok(take(&inner.read())))), bytes, signal)
}

/// Text the worker serialized, parsed on the loop: one `JSON.parse` is far
/// quicker than building each object through N-API.
pub fn json(env: &Env, text: String) -> napi::Result<Unknown<'_>> {
    crate::convert::json_parse(env, text)
}

/// Serializes a result in the camelCase every JS caller reads.
pub fn camel_text<S: serde::Serialize>(value: &S) -> Result<String> {
    crate::keys::out_text(value)
        .map_err(|e| seamline::Error::Internal {
            detail: e.to_string(),
        })
        .js()
}

impl<'task, T: Send + 'static> ScopedTask<'task> for OffLoop<T> {
    type Output = Result<T>;
    type JsValue = Unknown<'task>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let Some(work) = self.work.take() else {
            let twice = seamline::Error::Internal {
                detail: "the work ran twice".into(),
            };
            return Ok(Err(twice).js());
        };
        // No panic may unwind into libuv's C frames.
        let aborted = self.aborted.clone();
        Ok(
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&aborted)))
                .unwrap_or_else(|payload| Err(FromPanic::from_panic(&*payload))),
        )
    }

    fn resolve(&mut self, env: &'task Env, output: Self::Output) -> napi::Result<Unknown<'task>> {
        match output {
            Ok(value) => (self.settle)(env, value),
            // Rejected with our own `Error` object (its `code` ours), kept as is.
            Err(e) => {
                let abort = e.status.as_ref() == ABORT_ERR;
                let error = JsError::from(e).into_unknown(*env);
                if abort {
                    // SAFETY: a JS `Error` made just above is an object.
                    let mut object = unsafe { error.cast::<napi::bindgen_prelude::Object>() }?;
                    object.set_named_property("name", "AbortError")?;
                }
                Err(napi::Error::from(error))
            }
        }
    }
}
