//! Writes the record types the bindings expose — TypeScript declarations
//! for the npm package, `TypedDict`s for the Python package, uniffi records
//! for the Swift package — from core's table schemas, so a field's name,
//! type, optionality, aliases and whether it is personal data are declared
//! once, in core.
//!
//! `cargo run -p seamline-typegen` writes them; `-- --check` (the test
//! command) fails, naming the file, when a committed one differs.

mod json_schema;
mod names;
mod python;
mod swift;
mod typescript;
mod wire;

use seamline::input::TableSchema;
use std::path::PathBuf;
use std::process::ExitCode;

/// The tables whose rows are records a user writes, in the order they are
/// declared in (children after their parent, as core lists them).
fn record_tables() -> Vec<&'static TableSchema> {
    seamline::reconciliation::TABLES.to_vec()
}

/// Each generated file: its path in the repository and its text.
fn files() -> Vec<(PathBuf, String)> {
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    let root = root.canonicalize().unwrap_or(root);
    let tables = record_tables();
    // Column tables: the stock events and every table of the tie-out (a
    // child table flat, naming its order).
    let mut columns = vec![&seamline::inventory::STOCK_EVENTS];
    columns.extend(tables.iter().copied());
    let shapes = wire::Shapes::new(&wire::documents(), &tables);
    vec![
        (
            root.join("bindings-node/records.d.ts"),
            typescript::file(&tables, &columns),
        ),
        (
            root.join("bindings-python/python/seamline/records.py"),
            python::file(&tables),
        ),
        (
            root.join("bindings-swift/src/records.rs"),
            swift::file(&tables),
        ),
        (
            root.join("bindings-swift/src/error_codes.rs"),
            swift::error_codes(),
        ),
        (
            root.join("bindings-swift/src/results.rs"),
            swift::wire_file(&shapes),
        ),
        (
            root.join("bindings-node/results.d.ts"),
            typescript::wire_file(&shapes),
        ),
        (
            root.join("bindings-python/python/seamline/results.py"),
            python::wire_file(&shapes),
        ),
        (
            root.join("bindings-node/results.schema.json"),
            json_schema::file(&wire::documents()),
        ),
    ]
}

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    let mut drift = false;
    for (path, text) in files() {
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current == text {
            continue;
        }
        if check {
            eprintln!(
                "{} differs from what core's schemas generate: run `cargo run -p seamline-typegen` and commit it",
                path.display()
            );
            drift = true;
        } else if let Err(e) = std::fs::write(&path, text) {
            eprintln!("could not write {}: {e}", path.display());
            return ExitCode::FAILURE;
        } else {
            println!("wrote {}", path.display());
        }
    }
    if drift {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
