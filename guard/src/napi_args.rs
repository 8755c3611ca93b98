//! Node arguments of plain types read by the binding's own converters, so a
//! wrong type is a coded Seamline error and not napi's `StringExpected`
//! (which also quotes the value: a phone number given as a number).

use syn::{parse_quote, Attribute, Block, ReturnType, Stmt, Type};

/// A plain argument: its TypeScript type as napi would write it (so the
/// declarations do not change) and the converter that reads it.
struct Plain {
    ts: &'static str,
    optional: bool,
    read: syn::Path,
}

/// Rewrites the plain arguments of one exported Node function: each becomes
/// `Unknown` (typed for TypeScript as before) and is read at the top of the
/// body by `crate::convert`, its error naming the argument in camelCase.
/// Returns whether any was, so the body's value can be made a `Result`.
pub fn read_through_convert(
    attrs: &[Attribute],
    sig: &mut syn::Signature,
    block: &mut Block,
) -> bool {
    // A Promise form rejects rather than throws: its arguments are its own business.
    if returns(&sig.output, &["Promise", "AsyncTask"]) {
        return false;
    }
    // napi refuses per-argument types beside a whole-signature `ts_args_type`,
    // which already says what each argument is.
    let typed = napi_options(attrs).contains("ts_args_type");
    let mut bindings: Vec<Stmt> = Vec::new();
    for (pat, arg_ty, attrs) in crate::named_args(sig) {
        if let Some((class, js)) = seamline_class(arg_ty) {
            // `other: &JsLedger`: read as a value and unwrapped by
            // `crate::convert::instance`, so another value is a coded error.
            let name = pat.ident.clone();
            let field = camel(&name.to_string());
            let held = syn::Ident::new(&format!("{name}_instance"), name.span());
            if !typed {
                attrs.push(parse_quote!(#[napi(ts_arg_type = #js)]));
            }
            **arg_ty = parse_quote!(::napi::bindgen_prelude::Unknown<'_>);
            bindings.push(parse_quote!(
                let #held = crate::convert::instance::<#class>(&#name, #field, #js)?;
            ));
            bindings.push(parse_quote!(let #name: &#class = &#held;));
            continue;
        }
        let Some(plain) = classify(arg_ty) else {
            continue;
        };
        let name = pat.ident.clone();
        pat.mutability = None;
        let field = camel(&name.to_string());
        let ts = plain.ts;
        let read = plain.read;
        if !typed {
            attrs.push(parse_quote!(#[napi(ts_arg_type = #ts)]));
        }
        let original = arg_ty.as_ref().clone();
        if plain.optional {
            **arg_ty = parse_quote!(::std::option::Option<::napi::bindgen_prelude::Unknown<'_>>);
            bindings.push(parse_quote!(
                let #name: #original = crate::convert::optional(#name, #field, #read)?;
            ));
        } else {
            **arg_ty = parse_quote!(::napi::bindgen_prelude::Unknown<'_>);
            bindings.push(parse_quote!(let #name: #original = #read(&#name, #field)?;));
        }
    }
    let any = !bindings.is_empty();
    block.stmts.splice(0..0, bindings);
    any
}

fn classify(ty: &Type) -> Option<Plain> {
    let read = |f: &str| -> syn::Path {
        let f = syn::Ident::new(f, proc_macro2::Span::call_site());
        parse_quote!(crate::convert::#f)
    };
    let plain = |ts, f: &str| {
        Some(Plain {
            ts,
            optional: false,
            read: read(f),
        })
    };
    match last(ty)?.as_str() {
        "String" => plain("string", "string"),
        "bool" => plain("boolean", "boolean"),
        "Vec" if inner(ty).and_then(last).as_deref() == Some("String") => {
            plain("string[]", "strings")
        }
        "Option" => {
            let (ts, f) = match inner(ty).and_then(last)?.as_str() {
                "String" => ("string | undefined | null", "string"),
                "bool" => ("boolean | undefined | null", "boolean"),
                _ => return None,
            };
            Some(Plain {
                ts,
                optional: true,
                read: read(f),
            })
        }
        _ => None,
    }
}

/// A shared reference to one of the binding's classes (`&JsLedger`,
/// `&crate::catalog::JsSkuMap`): the class and its JavaScript name.
fn seamline_class(ty: &Type) -> Option<(Type, String)> {
    let Type::Reference(r) = ty else { return None };
    if r.mutability.is_some() {
        return None;
    }
    let name = last(&r.elem)?;
    let js = name
        .strip_prefix("Js")
        .filter(|n| !n.is_empty())?
        .to_string();
    Some((r.elem.as_ref().clone(), js))
}

fn last(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

fn inner(ty: &Type) -> Option<&Type> {
    let Type::Path(p) = ty else { return None };
    let syn::PathArguments::AngleBracketed(args) = &p.path.segments.last()?.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) if args.args.len() == 1 => Some(t),
        _ => None,
    }
}

fn returns(output: &ReturnType, names: &[&str]) -> bool {
    match output {
        ReturnType::Type(_, ty) => last(ty).is_some_and(|n| names.contains(&n.as_str())),
        ReturnType::Default => false,
    }
}

/// `external_ids` → `externalIds`, as napi names the argument in TypeScript.
fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.trim_start_matches('_').chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The text of the function's `#[napi(…)]` options.
fn napi_options(attrs: &[Attribute]) -> String {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("napi"))
        .filter_map(|a| a.meta.require_list().ok())
        .map(|l| l.tokens.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// Whether the method is a getter or setter (their arguments are napi's own).
pub fn is_accessor(attrs: &[Attribute]) -> bool {
    let options = napi_options(attrs);
    options.contains("getter") || options.contains("setter")
}
