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

/// Rewrites the eligible arguments of one exported Python function. An
/// argument of a plain type with a default other than `None` in
/// `#[pyo3(signature = (…))]` is read through `Arg` too: its default is
/// rewritten to `crate::args::Arg(default)`.
pub fn read_through_arg(attrs: &mut [Attribute], sig: &mut syn::Signature, block: &mut Block) {
    let defaulted = defaulted(attrs);
    let mut wrapped: HashSet<String> = HashSet::new();
    let mut bindings: Vec<Stmt> = Vec::new();
    for (pat, arg_ty, _) in crate::named_args(sig) {
        let Some(kind) = classify(arg_ty) else {
            continue;
        };
        if defaulted.contains(&pat.ident.to_string()) {
            if !matches!(kind, Kind::Plain) {
                continue;
            }
            wrapped.insert(pat.ident.to_string());
        }
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
    if !wrapped.is_empty() {
        let method = sig.receiver().is_some();
        wrap_defaults(attrs, &wrapped, method);
    }
}

/// In each `#[pyo3(signature = (…))]`, `name = default` becomes
/// `name = crate::args::Arg(default)` for the `names` read through `Arg`,
/// and the signature Python shows is given as `text_signature` with the
/// defaults as written (pyo3 shows only literal defaults, and the wrapped
/// one is no longer a literal).
fn wrap_defaults(attrs: &mut [Attribute], names: &HashSet<String>, method: bool) {
    for attr in attrs.iter_mut().filter(|a| a.path().is_ident("pyo3")) {
        let syn::Meta::List(list) = &mut attr.meta else {
            continue;
        };
        let mut tokens: Vec<TokenTree> = list.tokens.clone().into_iter().collect();
        let shown = tokens.windows(3).find_map(|w| match w {
            [TokenTree::Ident(key), TokenTree::Punct(eq), TokenTree::Group(g)]
                if key == "signature" && eq.as_char() == '=' =>
            {
                Some(text_signature(g.stream(), method))
            }
            _ => None,
        });
        for i in 0..tokens.len().saturating_sub(2) {
            let is_signature = matches!(
                (&tokens[i], &tokens[i + 1]),
                (TokenTree::Ident(key), TokenTree::Punct(eq)) if key == "signature" && eq.as_char() == '='
            );
            if let (true, TokenTree::Group(group)) = (is_signature, &tokens[i + 2]) {
                let mut rewritten =
                    proc_macro2::Group::new(group.delimiter(), wrap_items(group.stream(), names));
                rewritten.set_span(group.span());
                tokens[i + 2] = TokenTree::Group(rewritten);
            }
        }
        let mut rewritten: TokenStream = tokens.into_iter().collect();
        if let Some(shown) = shown {
            rewritten.extend(quote!(, text_signature = #shown));
        }
        list.tokens = rewritten;
    }
}

/// The signature as Python shows it: `($self, channel, *, case_fold=False)`,
/// each default as pyo3 would show a literal (`False`, `'half_up'`, `4`),
/// any other as `...`.
fn text_signature(signature: TokenStream, method: bool) -> String {
    let shown = items(signature)
        .into_iter()
        .map(|item| match item.as_slice() {
            [TokenTree::Ident(name), TokenTree::Punct(eq), default @ ..] if eq.as_char() == '=' => {
                format!("{name}={}", python_default(default))
            }
            other => other.iter().map(ToString::to_string).collect::<String>(),
        });
    let all: Vec<String> = method
        .then(|| "$self".to_string())
        .into_iter()
        .chain(shown)
        .collect();
    format!("({})", all.join(", "))
}

/// A Rust default as Python writes it, or `...` when it is not a literal.
fn python_default(default: &[TokenTree]) -> String {
    let [token] = default else {
        return "...".into();
    };
    match token.to_string().as_str() {
        "true" => "True".into(),
        "false" => "False".into(),
        "None" => "None".into(),
        text if text.starts_with('"') && text.ends_with('"') && !text.contains('\\') => {
            format!("'{}'", &text[1..text.len() - 1])
        }
        text if text.chars().all(|c| c.is_ascii_digit()) => text.into(),
        _ => "...".into(),
    }
}

/// `a, b = 1, *, c = false` with `names` {c}: `a, b = 1, *, c = crate::args::Arg(false)`.
fn wrap_items(signature: TokenStream, names: &HashSet<String>) -> TokenStream {
    let items: Vec<TokenStream> = items(signature)
        .into_iter()
        .map(|item| match item.as_slice() {
            [TokenTree::Ident(name), TokenTree::Punct(eq), default @ ..]
                if eq.as_char() == '=' && names.contains(&name.to_string()) =>
            {
                let default: TokenStream = default.iter().cloned().collect();
                quote!(#name #eq crate::args::Arg(#default))
            }
            _ => item.into_iter().collect(),
        })
        .collect();
    quote!(#(#items),*)
}

/// The items of a pyo3 signature (`a`, `b = 1`, `*`, `c = false`): its
/// tokens split at the commas between them.
fn items(signature: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut items = vec![Vec::new()];
    for token in signature {
        match &token {
            TokenTree::Punct(p) if p.as_char() == ',' => items.push(Vec::new()),
            _ => items
                .last_mut()
                .into_iter()
                .for_each(|i| i.push(token.clone())),
        }
    }
    items.retain(|i| !i.is_empty());
    items
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
/// `None`: read through `Arg` only when of a plain type (the default is
/// then wrapped), else kept as they are.
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
    items(signature)
        .iter()
        .filter_map(|item| match item.as_slice() {
            [TokenTree::Ident(name), TokenTree::Punct(eq), default @ ..] if eq.as_char() == '=' => {
                let default: TokenStream = default.iter().cloned().collect();
                (default.to_string() != quote!(None).to_string()).then(|| name.to_string())
            }
            _ => None,
        })
        .collect()
}
