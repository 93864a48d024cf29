//! A strategy tournament: every strategy against every other over the
//! built-in textbook domains and the deal spaces of scenario files, with
//! role rotation and repetitions, then a ranking table with 95% intervals.
//!
//! ```sh
//! cargo run --release --example tournament
//! cargo run --release --example tournament -- examples/scenarios/belarus_2025.json --reps 20 --json
//! ```
//! Arguments: scenario files (default: the built-in domains plus the shipped
//! `toy_bilateral` and `belarus_2025` scenarios; each demander-holder pair
//! of a file is one domain). Options: `--builtin` (add the built-in domains
//! when files are given), `--strategies a,b,...` (default: boulware, linear,
//! conceder, hardliner, tit-for-tat, random, frequency; `subgame-perfect`
//! may be added), `--reps N` (10), `--steps N` (100), `--seed S` (0),
//! `--self-play`, `--json` (ranking as JSON), `--meetings` (with `--json`:
//! every negotiation too), `--plots DIR` (each domain's outcomes with the
//! Pareto frontier and the Nash and Kalai-Smorodinsky points, as SVG),
//! `--report FILE.html` (one self-contained page: the ranking and those
//! figures). `--help` lists them all.

use std::process::ExitCode;

#[path = "cli/mod.rs"]
mod cli;
#[path = "shared/output.rs"]
#[allow(dead_code)]
mod output;

use output::{errln, out, outln};

use clap::Parser;
use cli::tournament::Args;

#[path = "shared/progress.rs"]
#[allow(dead_code)]
mod progress;

use detente::deal::DealMenu;
use detente::negotiate::tournament::TournamentResult;
use detente::negotiate::tournament::{Entrant, Tournament, TournamentScenario};
use detente::report::{Figure, FrontierPlot, HtmlReport};
use serde_json::json;

/// The files to play on: the shipped scenarios when none are given.
fn files(a: &Args) -> (Vec<String>, bool) {
    if a.files.is_empty() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/scenarios");
        let shipped = vec![
            format!("{dir}/toy_bilateral.json"),
            format!("{dir}/belarus_2025.json"),
        ];
        (shipped, true)
    } else {
        (a.files.clone(), a.builtin)
    }
}

fn scenarios(a: &Args) -> Result<Vec<TournamentScenario>, String> {
    let (files, builtin) = files(a);
    let mut out = if builtin {
        TournamentScenario::builtin()
    } else {
        Vec::new()
    };
    for f in &files {
        let (sc, world, _) = detente::scenario::load(f).map_err(|e| format!("{f}: {e}"))?;
        let found = TournamentScenario::from_world(&sc.name, &world, &DealMenu::default())
            .map_err(|e| format!("{f}: {e}"))?;
        if found.is_empty() {
            return Err(format!(
                "{f}: no government sanctions another that holds prisoners it values"
            ));
        }
        out.extend(found);
    }
    Ok(out)
}

fn run() -> Result<(), String> {
    let a = Args::parse();
    // Checked before the tournament runs, so a bad path cannot throw away
    // a finished tournament.
    let inputs: Vec<&str> = a.files.iter().map(String::as_str).collect();
    if let Some(dir) = &a.plots {
        output::check_dir("--plots", dir, &inputs)?;
    }
    if let Some(file) = &a.report {
        output::check_file("--report", file, &inputs)?;
    }
    let scenarios = scenarios(&a)?;
    let strategies = match &a.strategies {
        // The names were checked when parsing.
        Some(names) => names.iter().filter_map(|n| Entrant::by_name(n)).collect(),
        None => Entrant::standard(),
    };
    let frontiers = if a.plots.is_some() || a.report.is_some() {
        frontiers(&scenarios)
    } else {
        Vec::new()
    };
    let t = Tournament::new(strategies, scenarios)
        .repetitions(a.reps)
        .n_steps(a.steps)
        .seed(a.seed)
        .self_play(a.self_play);
    let started = std::time::Instant::now();
    // A bar (only on a terminal) fed by the library's progress callback.
    let bar = progress::Bar::new("meetings", 0);
    let result = t
        .run_with_limits(
            &a.budget.over(detente::Budget::unlimited()),
            &|done, total| {
                bar.set_len(total as u64);
                bar.set(done as u64);
            },
        )
        .map_err(|e| e.to_string())?;
    bar.finish();
    if let Some(stop) = &result.stopped_by {
        eprintln!(
            "{} ({} of {} negotiations held; the ranking covers those)",
            detente::budget::truncation_note(
                "tournament",
                stop.by,
                stop.held as u64,
                "negotiations"
            ),
            stop.held,
            stop.total
        );
    }
    let secs = started.elapsed().as_secs_f64();
    write_figures(&a, &result, &frontiers)?;
    if a.json {
        let mut v = json!({
            "entrants": result.entrants,
            "scenarios": result.scenarios,
            "repetitions": result.repetitions,
            "n_steps": result.n_steps,
            "seed": result.seed,
            "negotiations": result.meetings.len(),
            "ranking": result.ranking(),
        });
        if a.meetings {
            v["meetings"] = json!(result.meetings);
        }
        outln!("{v}");
    } else {
        outln!(
            "{} strategies, {} domains ({}), {} repetitions, deadline {} steps, seed {}",
            result.entrants.len(),
            result.scenarios.len(),
            result.scenarios.join(", "),
            result.repetitions,
            result.n_steps,
            result.seed
        );
        outln!(
            "{} negotiations in {secs:.2} s (role rotation: each strategy plays each side, first and second)\n",
            result.meetings.len()
        );
        out!("{}", result.table());
        outln!(
            "\nscore: utility normalised per domain to [0, 1]; ± and [..]: 95% confidence intervals"
        );
    }
    Ok(())
}

/// Each domain's outcomes as utility pairs, with the Pareto frontier and
/// the bargaining points (domains too large to draw are left out), and a
/// file name for each.
fn frontiers(scenarios: &[TournamentScenario]) -> Vec<(String, FrontierPlot)> {
    scenarios
        .iter()
        .enumerate()
        .filter(|(_, s)| s.space().cardinality() <= detente::report::FRONTIER_MAX_POINTS)
        .filter_map(|(i, s)| {
            let (u, v) = (s.utility(0), s.utility(1));
            let points = s
                .space()
                .outcomes()
                .map(|o| [u.eval(o), v.eval(o)])
                .collect();
            let slug: String = s
                .name()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            FrontierPlot::from_points(
                format!("Outcomes of {}", s.name()),
                ["first profile", "second profile"],
                "utility",
                points,
                [u.reserved_value(), v.reserved_value()],
            )
            .ok()
            .map(|f| (format!("pareto_{i:02}_{slug}"), f))
        })
        .collect()
}

/// `--plots DIR` and `--report FILE`.
fn write_figures(
    a: &Args,
    result: &TournamentResult,
    frontiers: &[(String, FrontierPlot)],
) -> Result<(), String> {
    if let Some(dir) = &a.plots {
        std::fs::create_dir_all(dir).map_err(|e| format!("{dir}: {e}"))?;
        for (name, f) in frontiers {
            let path = std::path::Path::new(dir).join(format!("{name}.svg"));
            let svg = f.svg().map_err(|e| e.to_string())?;
            std::fs::write(&path, svg).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        errln!("wrote {} figures to {dir}", frontiers.len());
    }
    if let Some(file) = &a.report {
        let mut r = HtmlReport::new("Strategy tournament");
        r.summary = vec![
            ("Strategies".into(), result.entrants.join(", ")),
            ("Domains".into(), result.scenarios.join(", ")),
            (
                "Schedule".into(),
                format!(
                    "{} repetitions, deadline {} steps, seed {}; every strategy plays each side, first and second",
                    result.repetitions, result.n_steps, result.seed
                ),
            ),
        ];
        let ranking = result.ranking();
        for row in &ranking {
            let rounds = row
                .rounds_to_agreement
                .as_ref()
                .map_or("no agreement".into(), |e| {
                    format!("{:.1} steps to agree", e.mean)
                });
            r.summary.push((
                format!("{}. {}", row.rank, row.entrant),
                format!(
                    "score {:.3} [{:.3}, {:.3}]; agreements {:.0}%; {rounds}",
                    row.score.mean,
                    row.score.lo,
                    row.score.hi,
                    100.0 * row.agreement_rate.mean
                ),
            ));
        }
        r.key_numbers
            .push(("negotiations".into(), result.meetings.len().to_string()));
        if let Some(top) = ranking.first() {
            r.key_numbers
                .push(("best strategy".into(), top.entrant.clone()));
            r.key_numbers
                .push(("its score".into(), format!("{:.3}", top.score.mean)));
        }
        let agreed = result
            .meetings
            .iter()
            .filter(|m| m.agreement.is_some())
            .count();
        r.key_numbers.push((
            "agreement rate".into(),
            format!(
                "{:.0}%",
                100.0 * agreed as f64 / result.meetings.len().max(1) as f64
            ),
        ));
        for (_, f) in frontiers {
            r.add_figure(&f.title, f).map_err(|e| e.to_string())?;
        }
        r.write(std::path::Path::new(file))
            .map_err(|e| e.to_string())?;
        errln!("wrote the report to {file}");
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            errln!("tournament: {e}");
            ExitCode::FAILURE
        }
    }
}
