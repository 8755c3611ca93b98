//! Python arguments of plain types read through `crate::args::Arg`, so a
//! wrong type is a coded Seamline error and not pyo3's bare `TypeError`.

use proc_macro2::{TokenStream, TokenTree};
use quote::quote;
use std::collections::HashSet;
use syn::{parse_quote, Attribute, Block, Stmt, Type};

/// How an argument is read through `Arg` and given back to the body.
enum Kind {
    /// `T` becomes `Arg<T>`.
    Plain,
    /// `Option<T>` becomes `Option<Arg<T>>` (pyo3 keeps `None` and absence as `None`).
    Optional,
    /// `&T` or `&mut T` of a Seamline class becomes `Arg<PyRef<T>>` (or `PyRefMut`).
    Class { mutable: bool },
}

/// Rewrites the eligible arguments of one exported Python function.
pub fn read_through_arg(attrs: &[Attribute], sig: &mut syn::Signature, block: &mut Block) {
    let defaulted = defaulted(attrs);
    let mut bindings: Vec<Stmt> = Vec::new();
    for (pat, arg_ty, _) in crate::named_args(sig) {
        if defaulted.contains(&pat.ident.to_string()) {
            continue;
        }
        let Some(kind) = classify(arg_ty) else {
            continue;
        };
        let name = pat.ident.clone();
        let mutable = pat.mutability.take();
        let ty = arg_ty.as_ref().clone();
        match kind {
            Kind::Plain => {
                **arg_ty = parse_quote!(crate::args::Arg<#ty>);
                bindings.push(parse_quote!(let #mutable #name = #name.0;));
            }
            Kind::Optional => {
                let Some(inner) = option_inner(&ty) else {
                    continue;
                };
                **arg_ty = parse_quote!(::std::option::Option<crate::args::Arg<#inner>>);
                bindings.push(parse_quote!(let #mutable #name = #name.map(|a| a.0);));
            }
            Kind::Class { mutable: exclusive } => {
                let Type::Reference(reference) = &ty else {
                    continue;
                };
                let class = reference.elem.as_ref();
                if exclusive {
                    **arg_ty = parse_quote!(crate::args::Arg<::pyo3::PyRefMut<'_, #class>>);
                    bindings.push(parse_quote!(let mut #name = #name.0;));
                    bindings.push(parse_quote!(let #name = &mut *#name;));
                } else {
                    **arg_ty = parse_quote!(crate::args::Arg<::pyo3::PyRef<'_, #class>>);
                    bindings.push(parse_quote!(let #name = #name.0;));
                    bindings.push(parse_quote!(let #name = &*#name;));
                }
            }
        }
    }
    block.stmts.splice(0..0, bindings);
}

fn classify(ty: &Type) -> Option<Kind> {
    if plain(ty) {
        return Some(Kind::Plain);
    }
    if option_inner(ty).is_some_and(plain) {
        return Some(Kind::Optional);
    }
    if let Type::Reference(reference) = ty {
        if class(&reference.elem) {
            return Some(Kind::Class {
                mutable: reference.mutability.is_some(),
            });
        }
    }
    None
}

/// Text, numbers, flags, and lists of them (or of Python objects): types
/// pyo3 converts by value.
fn plain(ty: &Type) -> bool {
    match ty {
        Type::Reference(r) => {
            r.mutability.is_none() && last_ident(&r.elem).as_deref() == Some("str")
        }
        Type::Path(p) if p.qself.is_none() => {
            let Some(segment) = p.path.segments.last() else {
                return false;
            };
            let name = segment.ident.to_string();
            match &segment.arguments {
                syn::PathArguments::None => matches!(
                    name.as_str(),
                    "String"
                        | "bool"
                        | "i8"
                        | "i16"
                        | "i32"
                        | "i64"
                        | "isize"
                        | "u8"
                        | "u16"
                        | "u32"
                        | "u64"
                        | "usize"
                        | "f32"
                        | "f64"
                ),
                // A list of Python objects (`Vec<Bound<'py, PyAny>>`) too: its
                // conversion fails only for what is not a sequence.
                syn::PathArguments::AngleBracketed(_) if name == "Vec" => single_type_argument(ty)
                    .is_some_and(|item| {
                        plain(item) || last_ident(item).as_deref() == Some("Bound")
                    }),
                _ => false,
            }
        }
        _ => false,
    }
}

/// A Seamline class the binding defines (`PyLedger`, `crate::catalog::PySkuMap`):
/// a path without generics whose last segment is `Py…` but not one of pyo3's own types.
fn class(ty: &Type) -> bool {
    let Type::Path(p) = ty else { return false };
    let Some(segment) = p.path.segments.last() else {
        return false;
    };
    let name = segment.ident.to_string();
    segment.arguments.is_none()
        && name.len() > 2
        && name.starts_with("Py")
        && name[2..].starts_with(|c: char| c.is_ascii_uppercase())
        && !matches!(
            name.as_str(),
            "PyAny" | "PyDict" | "PyList" | "PyTuple" | "PyString" | "PyBytes" | "PyType"
        )
}

fn last_ident(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

fn single_type_argument(ty: &Type) -> Option<&Type> {
    let Type::Path(p) = ty else { return None };
    let syn::PathArguments::AngleBracketed(args) = &p.path.segments.last()?.arguments else {
        return None;
    };
    match args.args.iter().collect::<Vec<_>>().as_slice() {
        [syn::GenericArgument::Type(inner)] => Some(inner),
        _ => None,
    }
}

fn option_inner(ty: &Type) -> Option<&Type> {
    (last_ident(ty).as_deref() == Some("Option"))
        .then(|| single_type_argument(ty))
        .flatten()
}

/// The arguments `#[pyo3(signature = (…))]` gives a default other than
/// `None`: the default is written in the argument's own type, so they keep it.
fn defaulted(attrs: &[Attribute]) -> HashSet<String> {
    let mut names = HashSet::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("pyo3")) {
        let Ok(list) = attr.meta.require_list() else {
            continue;
        };
        let tokens: Vec<TokenTree> = list.tokens.clone().into_iter().collect();
        for window in tokens.windows(3) {
            let [TokenTree::Ident(key), TokenTree::Punct(eq), TokenTree::Group(group)] = window
            else {
                continue;
            };
            if key == "signature" && eq.as_char() == '=' {
                names.extend(defaults_in(group.stream()));
            }
        }
    }
    names
}

/// In `a, b = None, *, c = false`: `c`.
fn defaults_in(signature: TokenStream) -> Vec<String> {
    let mut names = Vec::new();
    let mut item: Vec<TokenTree> = Vec::new();
    let mut flush = |item: &mut Vec<TokenTree>| {
        if let [TokenTree::Ident(name), TokenTree::Punct(eq), default @ ..] = item.as_slice() {
            let default: TokenStream = default.iter().cloned().collect();
            if eq.as_char() == '=' && default.to_string() != quote!(None).to_string() {
                names.push(name.to_string());
            }
        }
        item.clear();
    };
    for token in signature {
        match &token {
            TokenTree::Punct(p) if p.as_char() == ',' => flush(&mut item),
            _ => item.push(token),
        }
    }
    flush(&mut item);
    names
}
