//! `#[guard]`: no panic crosses Seamline's language boundary.
//!
//! pyo3 turns a panic into `PanicException` (not a `SeamlineError`), napi
//! aborts the Node process ("failed to initiate panic"), and uniffi makes
//! Swift's `try!` trap. Wrapping each exported function's body by hand
//! would be a hundred copies of one rule; this attribute writes that rule
//! once. Put it above a `#[pymethods]`, `#[napi]` or `#[uniffi::export]`
//! impl block, or above one exported function. Each exported function's body
//! then runs inside `crate::error::guard` (for functions that return a
//! `…Result`) or `crate::error::guard_value` (for the others, whose return
//! type becomes `crate::error::guarded::Result<T>`), which every binding defines in
//! its `error` module with its own error type: a caught panic becomes that
//! binding's `INTERNAL` error. Result-wrapping a return type is invisible to
//! Python and JavaScript; in Swift it makes the function `throws`.
//!
//! In a `#[napi]` impl block only the methods marked `#[napi…]` are
//! exported, so only those are wrapped; elsewhere every method is.
//!
//! In a `#[pyfunction]` or `#[pymethods]` item the attribute also reads each
//! argument of a plain type — text, a number, a flag, a list of them, an
//! optional one, a Seamline object (`&PyLedger`) — through
//! `crate::args::Arg`, which the Python binding defines: pyo3's own
//! conversion, with its failure (`TypeError`, `OverflowError`,
//! `UnicodeEncodeError`) made a coded Seamline error. The body still sees
//! the argument's own type. Arguments with a default other than `None`
//! keep pyo3's conversion (a default is written in the argument's type).
//!
//! In a `#[napi]` function each argument of a plain type (`String`, `bool`,
//! `Vec<String>`, optional ones) becomes an `Unknown` read at the top of the
//! body by the binding's `crate::convert` (`string`, `boolean`, `strings`,
//! `optional`), so a wrong type is `INVALID_TYPE` naming the argument, and
//! text holding a lone surrogate is refused, where napi would throw
//! `StringExpected` quoting the value or turn the surrogate into U+FFFD.
//! The TypeScript declaration is unchanged (`#[napi(ts_arg_type)]`). Promise
//! forms are left alone: they reject rather than throw.

mod napi_args;
mod python_args;

use proc_macro::TokenStream;
use quote::quote;
use syn::{parse_macro_input, parse_quote, Attribute, Block, Item, ReturnType, Signature, Type};

/// Runs the function (or every exported method of the impl block) under
/// `catch_unwind`; see the crate documentation.
#[proc_macro_attribute]
pub fn guard(_args: TokenStream, input: TokenStream) -> TokenStream {
    let mut item = parse_macro_input!(input as Item);
    match &mut item {
        Item::Fn(f) => {
            if has(&f.attrs, "pyfunction") {
                python_args::read_through_arg(&mut f.attrs, &mut f.sig, &mut f.block);
            }
            let fallible = is_napi(&f.attrs)
                && !napi_args::is_accessor(&f.attrs)
                && napi_args::read_through_convert(&f.attrs, &mut f.sig, &mut f.block);
            wrap(&mut f.sig, &mut f.block, fallible)
        }
        Item::Impl(block) => {
            let python = has(&block.attrs, "pymethods");
            let only_marked = block.items.iter().any(|i| match i {
                syn::ImplItem::Fn(f) => is_napi(&f.attrs),
                _ => false,
            });
            for i in &mut block.items {
                if let syn::ImplItem::Fn(f) = i {
                    if python {
                        python_args::read_through_arg(&mut f.attrs, &mut f.sig, &mut f.block);
                    }
                    if !only_marked || is_napi(&f.attrs) {
                        let fallible = is_napi(&f.attrs)
                            && !napi_args::is_accessor(&f.attrs)
                            && napi_args::read_through_convert(&f.attrs, &mut f.sig, &mut f.block);
                        wrap(&mut f.sig, &mut f.block, fallible);
                    }
                }
            }
        }
        other => {
            return syn::Error::new_spanned(other, "#[guard] goes on a fn or an impl block")
                .to_compile_error()
                .into()
        }
    }
    quote!(#item).into()
}

fn is_napi(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("napi"))
}

/// The arguments an argument reader may rewrite: each bound to a plain name
/// (`x: T`, `mut x: T`) and with no attribute of its own (`#[pyo3(from_py_with
/// = …)]` and the like: the author chose a reader).
fn named_args(
    sig: &mut Signature,
) -> Vec<(&mut syn::PatIdent, &mut Box<Type>, &mut Vec<Attribute>)> {
    sig.inputs
        .iter_mut()
        .filter_map(|input| match input {
            syn::FnArg::Typed(syn::PatType { attrs, pat, ty, .. }) if attrs.is_empty() => {
                match pat.as_mut() {
                    syn::Pat::Ident(pat) if pat.by_ref.is_none() && pat.subpat.is_none() => {
                        Some((pat, ty, attrs))
                    }
                    _ => None,
                }
            }
            _ => None,
        })
        .collect()
}

/// Whether an attribute's path ends in `name` (`pyfunction`, `pyo3::pyfunction`).
fn has(attrs: &[Attribute], name: &str) -> bool {
    attrs
        .iter()
        .any(|a| a.path().segments.last().is_some_and(|s| s.ident == name))
}

/// Whether the return type is a `Result` of some kind (`Result`,
/// `PyResult`, `napi::Result`): its last path segment ends in `Result`.
fn returns_result(output: &ReturnType) -> bool {
    match output {
        ReturnType::Type(_, ty) => match ty.as_ref() {
            Type::Path(p) => p
                .path
                .segments
                .last()
                .is_some_and(|s| s.ident.to_string().ends_with("Result")),
            _ => false,
        },
        ReturnType::Default => false,
    }
}

/// Wraps the body; `fallible` says the body now starts with `?` (arguments
/// read by the binding) although the function returned a plain value.
fn wrap(sig: &mut Signature, block: &mut Block, fallible: bool) {
    let body = &*block;
    if returns_result(&sig.output) {
        *block = parse_quote!({ crate::error::guard(move || #body) });
    } else if fallible {
        let inner: Type = match &sig.output {
            ReturnType::Type(_, ty) => (**ty).clone(),
            ReturnType::Default => parse_quote!(()),
        };
        sig.output = parse_quote!(-> crate::error::guarded::Result<#inner>);
        // A body that never returns (a test's deliberate panic) leaves the `Ok` unreachable.
        *block = parse_quote!({
            #[allow(unreachable_code)]
            let run = move || -> crate::error::guarded::Result<#inner> {
                ::std::result::Result::Ok(#body)
            };
            crate::error::guard(run)
        });
    } else {
        let inner: Type = match &sig.output {
            ReturnType::Type(_, ty) => (**ty).clone(),
            ReturnType::Default => parse_quote!(()),
        };
        // Spelled `…::Result` because napi reads a return type as fallible
        // only when its last path segment is `Result`.
        sig.output = parse_quote!(-> crate::error::guarded::Result<#inner>);
        *block = parse_quote!({ crate::error::guard_value(move || #body) });
    }
}
