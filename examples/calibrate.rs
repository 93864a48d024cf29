//! Simulation-based calibration: fits the parameters a scenario declares
//! in its `calibration` section to the record, by ABC-SMC.
//!
//! ```text
//! cargo run --release --example calibrate -- SCENARIO [--calibration FILE]
//!     [--particles N] [--generations G] [--runs R] [--seed S]
//!     [--time-limit SECS] [--max-nodes N] [--write OUT.json]
//!     [--write-draws DRAWS.json N] [--sbc N] [--json]
//! ```
//!
//! The shipped Belarus scenario carries its own calibration section, and
//! its fitted values are this example's output for it:
//! `-- examples/scenarios/belarus_2025.json --write OUT.json`.
//! Summaries without a recorded value read it from the scenario's
//! `record`; the written file leaves them so, and the record stays the one
//! definition.

#[path = "cli/mod.rs"]
mod cli;
#[path = "shared/output.rs"]
#[allow(dead_code)]
mod output;

use output::outln;

use clap::Parser;
use detente::calibrate::{Posterior, SbcReport, ScenarioModel, sbc};
use detente::scenario::{Calibration, Prior, Scenario};
use std::io::Write as _;
use std::time::Instant;

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // stderr is unchecked: there is nowhere left to report to.
            let _ = writeln!(std::io::stderr(), "error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args = cli::calibrate::Args::parse();
    let mut inputs = vec![args.file.as_str()];
    inputs.extend(args.calibration.as_deref());
    if let Some(out) = &args.write {
        output::check_file("--write", out, &inputs)?;
    }
    // Checked before the fit, so a mistake costs no simulation.
    let draws_out = match args.write_draws.as_deref() {
        Some([file, n]) => {
            output::check_file("--write-draws", file, &inputs)?;
            let n = cli::backtest::draws(n).map_err(|e| format!("--write-draws: {e}"))?;
            Some((file.clone(), n))
        }
        _ => None,
    };
    let mut scenario = Scenario::from_path(&args.file)?;
    if let Some(path) = &args.calibration {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        let de = &mut serde_json::Deserializer::from_str(&text);
        let c: Calibration = serde_path_to_error::deserialize(de)
            .map_err(|e| format!("{path}: $.{}: {}", e.path(), e.inner()))?;
        scenario.calibration = Some(c);
    }
    scenario.validate()?;
    // Summaries without a recorded value take it from the scenario's
    // record: the one definition of a US deal, over the case file.
    let base = std::path::Path::new(&args.file)
        .parent()
        .unwrap_or(std::path::Path::new("."));
    let mut model = ScenarioModel::with_record(scenario, base)?;
    if let Some(n) = args.particles {
        model.settings.particles = n;
    }
    if let Some(g) = args.generations {
        model.settings.generations = g;
    }
    if let Some(s) = args.seed {
        model.settings.seed = s;
    }
    if let Some(r) = args.runs {
        model.runs_per_particle = r;
    }
    let budget = args.budget.over(detente::calibrate::default_budget());
    let start = Instant::now();
    if let Some(n) = args.sbc {
        let n = u32::try_from(n).map_err(|_| "--sbc: too many replicates")?;
        let report = sbc(
            &model,
            model.parameters(),
            model.observed(),
            &model.settings,
            budget,
            n,
        )?;
        if args.json {
            outln!("{}", serde_json::to_string_pretty(&report)?);
        } else {
            print_sbc(&report, start.elapsed().as_secs_f64());
        }
        return Ok(());
    }
    let post = model.calibrate(budget)?;
    let secs = start.elapsed().as_secs_f64();
    if let Some(out) = &args.write {
        let doc = model.fitted_scenario(&post)?;
        output::write_text(Some(out), &serde_json::to_string_pretty(&doc)?)?;
    }
    if let Some((file, n)) = &draws_out {
        output::write_text(Some(file), &serde_json::to_string_pretty(&post.draws(*n))?)?;
    }
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&post)?);
    } else {
        print_posterior(&post, model.runs_per_particle, secs);
        if let Some(out) = &args.write {
            outln!("wrote the fitted scenario to {out}");
        }
    }
    Ok(())
}

fn prior(p: &Prior) -> String {
    match p {
        Prior::Uniform([a, b]) => format!("uniform [{a}, {b}]"),
        Prior::LogUniform([a, b]) => format!("log-uniform [{a}, {b}]"),
    }
}

fn print_posterior(post: &Posterior, runs: u32, secs: f64) {
    outln!(
        "ABC-SMC: {} particles, {} generations after the prior, {} runs per particle, seed {}",
        post.particles.len(),
        post.generations.len() - 1,
        runs,
        post.settings.seed
    );
    outln!();
    outln!(
        "{:<44} {:<26} {:>10} {:>23} {:>6}  guess?",
        "parameter",
        "prior",
        "median",
        "90% interval",
        "width"
    );
    for p in &post.parameters {
        outln!(
            "{:<44} {:<26} {:>10.4} {:>23} {:>6.2}  {}",
            p.name,
            prior(&p.prior),
            p.median,
            format!("[{:.4}, {:.4}]", p.q05, p.q95),
            p.width_ratio,
            if p.guess { "yes" } else { "no" }
        );
    }
    outln!();
    outln!(
        "{:<34} {:>10} {:>10} {:>10} {:>10}  in band",
        "summary",
        "record",
        "5th",
        "median",
        "95th"
    );
    for s in &post.summaries {
        outln!(
            "{:<34} {:>10.2} {:>10.2} {:>10.2} {:>10.2}  {}",
            s.name,
            s.observed,
            s.q05,
            s.q50,
            s.q95,
            if s.covered() { "yes" } else { "no" }
        );
    }
    outln!();
    let tolerance = post
        .tolerance
        .map_or("none (prior only)".to_string(), |t| format!("{t:.4}"));
    outln!(
        "effective sample size {:.1}; final tolerance {tolerance}; {} simulations in {secs:.1} s",
        post.ess,
        post.simulations
    );
    for (t, g) in post.generations.iter().enumerate() {
        outln!(
            "  generation {t}: tolerance {}, {} simulations, ESS {:.1}",
            g.tolerance.map_or("-".to_string(), |x| format!("{x:.4}")),
            g.simulations,
            g.ess
        );
    }
    if let Some(stopped) = post.truncated {
        outln!(
            "{}",
            detente::budget::truncation_note(
                "calibration",
                stopped,
                post.simulations,
                "simulations"
            )
        );
    }
    if post.stalled {
        outln!(
            "stalled: a generation could not reach its tolerance; the result is the last one that did"
        );
    }
}

fn print_sbc(r: &SbcReport, secs: f64) {
    outln!(
        "simulation-based calibration check: {} synthetic records from parameters drawn from the prior ({secs:.1} s)",
        r.replicates
    );
    for (name, c) in r.names.iter().zip(&r.covered) {
        outln!(
            "  {name}: the 90% interval covered the truth {c} of {} times",
            r.replicates
        );
    }
    let cut = r.details.iter().filter(|d| d.cut).count();
    if cut > 0 {
        outln!("  {cut} fits were stopped early (budget or stall)");
    }
}
