//! The real cases: replays every shipped case, prints what the record
//! implies about valuations, and calibrates the revolving door on Viasna's
//! counts.
//!
//! ```text
//! cargo run --release --example history -- [--json] [--runs N] [--plots DIR]
//! ```
//!
//! `--runs` sets the Monte Carlo runs of the 2025 projection (default 2000);
//! `--plots DIR` writes `calibration_fit.svg` there: Viasna's counts against
//! the fitted model's one-step predictions and its 2025 projection.

#[path = "cli/mod.rs"]
mod cli;
#[path = "shared/output.rs"]
#[allow(dead_code)]
mod output;

use output::{errln, outln};

use clap::Parser;
use detente::calibrate::revolving_door::{KnownRelease, Series, fit, project};
use detente::history::{Case, implied_all, replay};
use detente::report::CalibrationPlot;
use detente::report::Figure;
use serde_json::json;
use std::io::Write as _;

/// The shipped cases, found from any working directory.
const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/scenarios/history");

fn fmt_bound(b: &detente::history::Bound) -> String {
    match (b.lo_at_box, b.hi_at_box) {
        (false, true) => format!("{} >= {:.2}", b.unknown, b.lo),
        (true, false) => format!("{} <= {:.2}", b.unknown, b.hi),
        (true, true) => format!("{}: no bound (box [{:.0}, {:.0}])", b.unknown, b.lo, b.hi),
        (false, false) => format!("{} in [{:.2}, {:.2}]", b.unknown, b.lo, b.hi),
    }
}

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
    let args = cli::history::Args::parse();
    let (as_json, runs) = (args.json, args.runs);
    // `--runs 0` never gets here: the argument parser (cli::runs_u32) refuses
    // it, since a projection of zero runs has no interval to report.
    if let Some(dir) = &args.plots {
        let series = format!("{DIR}/series/viasna_stock.json");
        output::check_dir("--plots", dir, &[DIR, &series])?;
    }
    let plots = args.plots.map(std::path::PathBuf::from);
    let mut paths: Vec<_> = std::fs::read_dir(DIR)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let mut cases = Vec::new();
    for path in &paths {
        let case = Case::from_path(path)?;
        let r = replay(&case)?;
        let implied = implied_all(&case)?;
        if !as_json {
            outln!(
                "{}: {} steps, {}, {}",
                case.id,
                r.steps.len(),
                if r.all_legal() {
                    "replays legally"
                } else {
                    "ILLEGAL steps"
                },
                if r.all_rational() {
                    "every deal individually rational"
                } else {
                    "some deal not rational under the scenario's guesses"
                }
            );
            for s in r.steps.iter().filter(|s| !s.parties.is_empty() || !s.legal) {
                let parties: Vec<String> = s
                    .parties
                    .iter()
                    .map(|p| format!("{} {:+.2}", p.code, p.delta))
                    .collect();
                let why = s.why_not();
                outln!(
                    "  {:<48} {}{} freed {} released + {} dependants{}{}",
                    s.label,
                    if s.refused_by.is_some() {
                        "refused; "
                    } else {
                        ""
                    },
                    parties.join(", "),
                    s.released,
                    s.dependants,
                    if s.refused_exile > 0 {
                        format!(", {} refused exile", s.refused_exile)
                    } else {
                        String::new()
                    },
                    if why.is_empty() {
                        String::new()
                    } else {
                        format!(" [{why}]")
                    }
                );
            }
            for m in &implied {
                outln!("  implied ({}): {}", m.model, m.series.message);
                for step in &m.per_step {
                    let informative: Vec<String> = step
                        .bounds
                        .iter()
                        .filter(|b| !(b.lo_at_box && b.hi_at_box))
                        .map(fmt_bound)
                        .collect();
                    if !informative.is_empty() {
                        outln!("    {:<46} {}", step.label, informative.join("; "));
                    }
                }
                if m.series.feasible && m.per_step.len() > 1 {
                    let all: Vec<String> = m.series.bounds.iter().map(fmt_bound).collect();
                    outln!("    {:<46} {}", "whole series", all.join("; "));
                }
            }
        }
        cases.push(json!({"case": case.id, "replay": r, "implied": implied}));
    }

    let series = Series::from_path(format!("{DIR}/series/viasna_stock.json"))?;
    let with_response = fit(&series, true)?;
    let without = fit(&series, false)?;
    let releases_2025: Vec<KnownRelease> = series
        .releases
        .iter()
        .filter(|r| r.date.as_str() > "2024-12-30")
        .cloned()
        .collect();
    let projection = project(
        &with_response.rates(),
        1265,
        "2024-12-30",
        "2025-12-23",
        &releases_2025,
        runs,
        2025,
    )?;
    let projection0 = project(
        &without.rates(),
        1265,
        "2024-12-30",
        "2025-12-23",
        &releases_2025,
        runs,
        2025,
    )?;
    let recorded = series
        .observations
        .iter()
        .find(|o| o.date == "2025-12-23")
        .map_or(0, |o| o.stock);
    if let Some(dir) = &plots {
        std::fs::create_dir_all(dir)?;
        let path =
            CalibrationPlot::from_fit(&series, &with_response, Some(&projection))?.write_to(dir)?;
        errln!("wrote {}", path.display());
    }
    if as_json {
        let out = json!({
            "cases": cases,
            "calibration": {
                "series": series.id,
                "with_price_response": with_response,
                "without_price_response": without,
                "projection_2025": {"from": {"date": "2024-12-30", "stock": 1265}, "with_price_response": projection, "without_price_response": projection0, "recorded": recorded, "runs": runs},
            }
        });
        outln!("{}", serde_json::to_string(&out)?);
        return Ok(());
    }
    outln!(
        "\nrevolving door ({}), 95% intervals from the observed information:",
        series.id
    );
    for (name, f) in [
        ("with price response", &with_response),
        ("response fixed at 0", &without),
    ] {
        let e = f.price_response.map_or(String::new(), |e| {
            format!(", price response {:.2} [{:.2}, {:.2}]", e.value, e.lo, e.hi)
        });
        outln!(
            "  {name}: arrests {:.1}/month [{:.1}, {:.1}], release hazard {:.4}/month [{:.4}, {:.4}]{e}, log-likelihood {:.2}",
            f.arrests.value,
            f.arrests.lo,
            f.arrests.hi,
            f.release_hazard.value,
            f.release_hazard.lo,
            f.release_hazard.hi,
            f.log_likelihood
        );
    }
    outln!("  fit against the data (one step ahead, with price response):");
    for (date, observed, predicted, sd) in &with_response.fitted {
        outln!("    {date}  recorded {observed:>5}  model {predicted:>7.1} ± {sd:.1}");
    }
    outln!(
        "  2025 from 1,265 on 2024-12-30 with the 2025 releases ({runs} runs): model {:.0} [5%-95%: {:.0}-{:.0}] (no response: {:.0} [{:.0}-{:.0}]), recorded {recorded} on 2025-12-23",
        projection.mean,
        projection.p5,
        projection.p95,
        projection0.mean,
        projection0.p5,
        projection0.p95
    );
    Ok(())
}
