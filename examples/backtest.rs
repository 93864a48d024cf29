//! Backtest: calibrate on the record up to a cutoff, forecast the months
//! after it, and score the forecast against the record and two naive
//! forecasts.
//!
//! ```text
//! cargo run --release --example backtest -- SCENARIO --cutoff DATE
//!     [--series ID] [--fit FILE | --write-fit FILE] [--particles N]
//!     [--generations G] [--runs R] [--seed S] [--draws N]
//!     [--runs-per-draw R] [--time-limit SECS] [--max-nodes N]
//!     [--plots DIR] [--json]
//! ```
//!
//! `-- examples/scenarios/belarus_2025.json --cutoff 2025-06-30` forecasts
//! the second half of 2025 from a fit to its first half.

#[path = "cli/mod.rs"]
mod cli;
#[path = "shared/output.rs"]
#[allow(dead_code)]
mod output;

use output::outln;

use clap::Parser;
use detente::calibrate::ScenarioModel;
use detente::calibrate::backtest::{
    BacktestRecord, ForecastSettings, MAX_FORECAST_RUNS, StoredFit, cut_calibration, forecast,
};
use detente::calibrate::revolving_door::Series;
use detente::report::{BandsPlot, Figure, backtest_table};
use detente::scenario::{RecordRef, Scenario};
use detente::simulate::Simulation;
use std::io::Write as _;
use std::path::Path;
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

/// The record with its stock series chosen by id: the record's own, or
/// `ID.json` beside it.
fn with_series(mut spec: RecordRef, id: &str, base: &Path) -> Result<RecordRef, String> {
    let own = spec.series.clone();
    let dir = own
        .as_deref()
        .and_then(|p| Path::new(p).parent())
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let candidates = own
        .into_iter()
        .chain([dir.join(format!("{id}.json")).display().to_string()]);
    let mut found = Vec::new();
    for rel in candidates {
        if let Ok(s) = Series::from_path(base.join(&rel)) {
            if s.id == id {
                spec.series = Some(rel);
                return Ok(spec);
            }
            found.push(format!("`{}` in {rel}", s.id));
        }
    }
    Err(format!(
        "--series: no series `{id}` beside the record (found {})",
        if found.is_empty() {
            "none".to_string()
        } else {
            found.join(", ")
        }
    ))
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args = cli::backtest::Args::parse();
    let mut inputs = vec![args.file.as_str()];
    inputs.extend(args.fit.as_deref());
    if let Some(out) = &args.write_fit {
        output::check_file("--write-fit", out, &inputs)?;
    }
    if let Some(dir) = &args.plots {
        output::check_dir("--plots", dir, &inputs)?;
    }
    let runs = (args.draws as u64).saturating_mul(u64::from(args.runs_per_draw));
    if args.fit.is_none() && runs > MAX_FORECAST_RUNS {
        return Err(format!(
            "--draws {} x --runs-per-draw {} is {runs} runs, more than a forecast's {MAX_FORECAST_RUNS}",
            args.draws, args.runs_per_draw
        )
        .into());
    }
    let scenario = Scenario::from_path(&args.file)?;
    scenario.validate()?;
    let base = Path::new(&args.file).parent().unwrap_or(Path::new("."));
    let mut spec = scenario
        .record
        .clone()
        .ok_or("$.record: the scenario names no record to backtest against")?;
    if let Some(id) = &args.series {
        spec = with_series(spec, id, base)?;
    }
    let record = BacktestRecord::load(&spec, &args.cutoff, base)?;
    let calibration = scenario
        .calibration
        .as_ref()
        .ok_or("$.calibration: the scenario declares nothing to calibrate")?;
    let mut cut = cut_calibration(calibration, &record)?;
    cut.method.particles = args.particles;
    cut.method.generations = args.generations;
    cut.method.runs_per_particle = args.runs;
    if let Some(s) = args.seed {
        cut.method.seed = s;
    }
    let seed = cut.method.seed;
    let method = cut.method.clone();
    let model = ScenarioModel::new(&Scenario {
        calibration: Some(cut),
        ..scenario.clone()
    })?;
    let start = Instant::now();
    let mut fitted = None;
    let draws = match &args.fit {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
            let de = &mut serde_json::Deserializer::from_str(&text);
            let fit: StoredFit = serde_path_to_error::deserialize(de)
                .map_err(|e| format!("{path}: $.{}: {}", e.path(), e.inner()))?;
            if fit.cutoff != args.cutoff {
                return Err(format!(
                    "{path}: the fit saw the record up to {}, not --cutoff {}",
                    fit.cutoff, args.cutoff
                )
                .into());
            }
            fit.draws
        }
        None => {
            let budget = args.budget.over(detente::calibrate::default_budget());
            let post = model.calibrate(budget)?;
            let draws = post.draws(args.draws);
            if let Some(out) = &args.write_fit {
                let fit = StoredFit {
                    cutoff: args.cutoff.clone(),
                    method,
                    note: format!(
                        "`cargo run --release --example backtest -- {} --cutoff {} --particles {} \
                         --generations {} --runs {} --seed {seed} --draws {} --write-fit FILE`: \
                         ABC-SMC on the record up to the cutoff, {} simulations, ESS {:.0}, final tolerance {}{}",
                        args.file,
                        args.cutoff,
                        args.particles,
                        args.generations,
                        args.runs,
                        args.draws,
                        post.simulations,
                        post.ess,
                        post.tolerance.map_or("none".into(), |t| format!("{t:.3}")),
                        if post.truncated.is_some() {
                            " (stopped by its budget)"
                        } else {
                            ""
                        }
                    ),
                    draws: draws.clone(),
                };
                output::write_text(Some(out), &serde_json::to_string_pretty(&fit)?)?;
            }
            fitted = Some(post);
            draws
        }
    };
    let calibrated_in = start.elapsed().as_secs_f64();
    let rounds = Simulation::from_scenario(&scenario)?.default_rounds();
    let settings = ForecastSettings {
        runs_per_draw: args.runs_per_draw,
        rounds,
        seed,
    };
    let backtest = forecast(&model, &draws, &record, &settings)?;
    let secs = start.elapsed().as_secs_f64();
    if let Some(dir) = &args.plots {
        std::fs::create_dir_all(dir).map_err(|e| format!("--plots {dir}: {e}"))?;
        BandsPlot::from_backtest(&scenario.name, &backtest).write_to(Path::new(dir))?;
    }
    if args.json {
        let doc = serde_json::json!({
            "backtest": backtest,
            "calibration": fitted.as_ref().map(|p| serde_json::json!({
                "parameters": p.parameters,
                "summaries": p.summaries,
                "ess": p.ess,
                "simulations": p.simulations,
                "truncated": p.truncated,
            })),
        });
        outln!("{}", serde_json::to_string_pretty(&doc)?);
        return Ok(());
    }
    match &fitted {
        Some(p) => {
            outln!(
                "Calibrated on the record up to {} ({} rounds): ABC-SMC, {} particles, {} generations, {} runs per particle, seed {seed}: {} simulations, ESS {:.0}, {calibrated_in:.1} s",
                args.cutoff,
                record.cutoff_round(),
                args.particles,
                args.generations,
                args.runs,
                p.simulations,
                p.ess
            );
            for s in &p.summaries {
                outln!(
                    "  {:<32} record {:>8.1}   fit {:.1} [{:.1}–{:.1}]",
                    s.name,
                    s.observed,
                    s.q50,
                    s.q05,
                    s.q95
                );
            }
            if let Some(stopped) = p.truncated {
                outln!(
                    "{}",
                    detente::budget::truncation_note(
                        "calibration",
                        stopped,
                        p.simulations,
                        "simulations"
                    )
                );
            }
        }
        None => outln!(
            "Forecast from the {} stored draws in {} (fitted to the record up to {})",
            draws.len(),
            args.fit.as_deref().unwrap_or_default(),
            args.cutoff
        ),
    }
    outln!();
    outln!("{}", backtest_table(&backtest));
    outln!("({secs:.1} s in all)");
    Ok(())
}
