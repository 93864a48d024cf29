//! An experiment on any scenario file.
//!
//! ```text
//! cargo run --release --example simulate -- FILE [--runs N] [--rounds R] [--seed S] [--threads T] [--json]
//!     [--plots DIR] [--report FILE.html] [--compare PATH=VALUE ...]
//! ```
//! `--help` lists every flag (sweeps, shards and merges included).

#[path = "cli/mod.rs"]
mod cli;
#[path = "shared/mod.rs"]
mod shared;

use clap::Parser;
use shared::output::errln;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::simulate::Args::parse();
    let file = args.file.as_deref();
    let done = file
        .map_or(Ok(false), |f| {
            shared::compare::run(f, &args.compare, &args.flags)
        })
        .and_then(|done| Ok(done || shared::sweep::dispatch(file, &args.flags)?));
    match done.and_then(|done| match (done, file) {
        (true, _) => Ok(()),
        (false, Some(file)) => shared::run::scenario_file(file, &args.flags),
        // clap requires FILE unless --merge, and a merge is always dispatched.
        (false, None) => Err("expected a scenario file".into()),
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            errln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
