//! Soak run: the Belarus experiment for a million runs, in batches, checking
//! that memory stays flat as results accumulate.
//!
//! ```text
//! cargo run --release --example soak -- [--runs N] [--batch B] [--rounds R] [--seed S]
//! ```
//!
//! Default: 1,000,000 runs of 24 rounds in batches of 50,000. After each
//! batch it prints the resident memory (`VmRSS`) and the peak (`VmHWM`) from
//! `/proc/self/status` (Linux; elsewhere the columns read `n/a`). Exit code 1
//! if the resident memory after the last batch exceeds that after the first
//! by more than 16 MiB: aggregates must not grow with the number of runs.

#[path = "cli/mod.rs"]
mod cli;
#[path = "shared/output.rs"]
#[allow(dead_code)]
mod output;

use output::{errln, outln};

use clap::Parser;
use detente::scenario::Scenario;
use detente::simulate::{ExperimentConfig, ExperimentResults, Simulation};
use std::process::ExitCode;
use std::time::Instant;

const SCENARIO: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/scenarios/belarus_2025.json"
);
/// Growth of resident memory tolerated between the first and last batch:
/// allocator slack, not accumulation (16 MiB is far below what keeping even
/// a few bytes per run would cost over a million runs).
const SLACK_KIB: u64 = 16 * 1024;

fn main() -> ExitCode {
    let cli::soak::Args {
        runs,
        batch,
        rounds,
        seed,
    } = cli::soak::Args::parse();
    let scenario = match Scenario::from_path(SCENARIO) {
        Ok(s) => s,
        Err(e) => {
            errln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let sim = match Simulation::from_scenario(&scenario) {
        Ok(s) => s,
        Err(e) => {
            errln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let config = ExperimentConfig {
        runs,
        rounds: rounds.unwrap_or_else(|| sim.default_rounds()),
        seed,
    };
    outln!(
        "soak: {} runs x {} rounds of {}, batches of {batch}, seed {seed}",
        config.runs,
        config.rounds,
        scenario.name
    );
    outln!(
        "{:>10} {:>9} {:>12} {:>12}",
        "runs",
        "seconds",
        "rss_kib",
        "peak_kib"
    );
    let start = Instant::now();
    let mut total = ExperimentResults::empty(&sim, seed, config.rounds);
    let mut first_rss = None;
    let mut last_rss = None;
    let mut done = 0;
    while done < runs {
        let end = runs.min(done + batch);
        let part = sim.run_range(&config, done..end, &|_, _| {});
        if let Err(e) = total.merge(&part) {
            errln!("error: {e}");
            return ExitCode::FAILURE;
        }
        drop(part);
        done = end;
        let (rss, peak) = memory_kib();
        first_rss = first_rss.or(rss);
        last_rss = rss;
        let show = |v: Option<u64>| v.map_or("n/a".to_string(), |v| v.to_string());
        outln!(
            "{done:>10} {:>9.1} {:>12} {:>12}",
            start.elapsed().as_secs_f64(),
            show(rss),
            show(peak)
        );
    }
    let brief = total.brief();
    outln!(
        "held at end: mean {:.1}, p5 {}, p50 {}, p95 {}; freed: mean {:.1}; arrested: mean {:.1}",
        brief.held_at_end.mean,
        brief.held_at_end.p5,
        brief.held_at_end.p50,
        brief.held_at_end.p95,
        brief.freed.mean,
        brief.arrested.mean
    );
    match (first_rss, last_rss) {
        (Some(first), Some(last)) if last > first + SLACK_KIB => {
            outln!("memory grew: {first} KiB after the first batch, {last} KiB after the last");
            ExitCode::FAILURE
        }
        (Some(first), Some(last)) => {
            outln!("memory flat: {first} KiB after the first batch, {last} KiB after the last");
            ExitCode::SUCCESS
        }
        _ => {
            outln!("memory not measured (no /proc/self/status)");
            ExitCode::SUCCESS
        }
    }
}

/// Resident and peak resident memory in KiB, from `/proc/self/status`.
fn memory_kib() -> (Option<u64>, Option<u64>) {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return (None, None);
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    };
    (field("VmRSS:"), field("VmHWM:"))
}
