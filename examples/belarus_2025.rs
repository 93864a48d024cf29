//! The main job: an experiment on the shipped Belarus 2025 scenario.
//!
//! ```text
//! cargo run --release --example belarus_2025 -- [--runs N] [--rounds R] [--seed S] [--threads T] [--json]
//!     [--plots DIR] [--report FILE.html] [--record FILE] [--compare PATH=VALUE ...]
//! ```
//!
//! Default: 10,000 runs of 24 monthly rounds. Prints what deals happen and
//! when, what they cost, how many prisoners are freed and how many new ones
//! are taken, then the 2025 record (the scenario's `record`: US deals and
//! Viasna's stock counts) beside the first 12 simulated rounds; `--json`
//! prints one JSON object instead; `--help` lists every flag.

#[path = "cli/mod.rs"]
mod cli;
#[path = "shared/mod.rs"]
mod shared;

use clap::Parser;
use shared::output::errln;
use std::process::ExitCode;

const SCENARIO: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/scenarios/belarus_2025.json"
);

fn main() -> ExitCode {
    let args = cli::belarus_2025::Args::parse();
    let flags = args.flags;
    let done = shared::compare::run(SCENARIO, &args.compare, &flags)
        .and_then(|done| Ok(done || shared::sweep::dispatch(Some(SCENARIO), &flags)?));
    match done.and_then(|done| {
        if done {
            Ok(())
        } else {
            shared::run::scenario_file(SCENARIO, &flags)
        }
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            errln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
