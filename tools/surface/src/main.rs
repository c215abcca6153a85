//! Generates every binding's type surface from core's schema (decision 0018).
//!
//! - `forumpay-surface schema`: prints core's surface schema (JSON).
//! - `forumpay-surface generate`: writes every generated file (`make generate`).
//! - `forumpay-surface check`: fails, naming them, when committed generated files differ from
//!   what `generate` would write (`make test` runs it), or when a generated file is missing.

mod docs;
mod kotlin;
mod model;
mod node;
mod output;
mod python;

use model::Surface;
use output::Output;
use std::path::PathBuf;
use std::process::ExitCode;

/// Every generated file, from every backend.
fn outputs(surface: &Surface) -> Vec<Output> {
    let mut all = Vec::new();
    all.extend(docs::outputs(surface));
    all.extend(kotlin::outputs(surface));
    all.extend(node::outputs(surface));
    all.extend(python::outputs(surface));
    all.sort_by(|a: &Output, b| a.path.cmp(&b.path));
    all
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn main() -> ExitCode {
    let command = std::env::args().nth(1).unwrap_or_default();
    let schema = forumpay::surface::schema();
    let surface = Surface::read(&schema);
    match command.as_str() {
        "schema" => {
            println!("{}", serde_json::to_string_pretty(&schema).expect("a JSON value prints"));
            ExitCode::SUCCESS
        }
        "generate" => match output::write_all(&root(), &outputs(&surface)) {
            Ok(written) => {
                println!("generated {written} file(s)");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("generate: {e}");
                ExitCode::FAILURE
            }
        },
        "check" => {
            let stale = output::stale(&root(), &outputs(&surface));
            if stale.is_empty() {
                println!("generated files are up to date");
                return ExitCode::SUCCESS;
            }
            eprintln!("stale generated files (run `make generate` and commit them):");
            for path in stale {
                eprintln!("  {path}");
            }
            ExitCode::FAILURE
        }
        _ => {
            eprintln!("usage: forumpay-surface schema|generate|check");
            ExitCode::from(2)
        }
    }
}
