//! Golden outputs: a fixed seed gives a fixed experiment summary for every
//! shipped scenario (`examples/scenarios/*.json`, with the default dynamics
//! when a scenario has no `dynamics` section), and a fixed strategy
//! tournament gives a fixed record of every meeting, and the explorer gives
//! a fixed frontier, Nash point and subgame-perfect plan on Belarus, stored
//! in `tests/golden/` and compared exactly.
//!
//! A change that alters simulated results fails here on purpose. When the
//! change is meant (a model fix, a new event), regenerate the files and
//! commit them with the reason:
//!
//! ```text
//! DETENTE_BLESS=1 cargo test --test it golden_outputs::
//! ```
//!
//! What is promised identical where is in RELIABILITY.md: these files are
//! exact on the reference platform (x86-64 Linux, this toolchain). The
//! simulator's random draws pass through libm (`exp`, `ln`, `powf` in the
//! Poisson and binomial samplers, `powf` in time-based strategies), so on
//! another platform a last-bit difference may change a draw and with it the
//! file; the golden files are then regenerated there, not loosened here.

use crate::common;

use detente::deal::DealMenu;
use detente::negotiate::tournament::{Entrant, Tournament, TournamentScenario};
use detente::scenario::Scenario;
use detente::simulate::{ExperimentConfig, Simulation};
use std::path::{Path, PathBuf};

/// Small enough for the debug profile, large enough that deals, arrests,
/// releases and deaths all occur in the Belarus scenario.
const CONFIG: ExperimentConfig = ExperimentConfig {
    runs: 96,
    rounds: 24,
    seed: 20251213,
};

const BLESS: &str = "DETENTE_BLESS=1 cargo test --test it golden_outputs::";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped scenarios, sorted: a scenario added without a golden file
/// fails until it is blessed.
fn shipped_scenarios() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("examples/scenarios"))
        .expect("examples/scenarios exists")
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// The summary of `CONFIG` on `scenario`, as committed: pretty JSON with a
/// final newline.
fn summary(scenario: &Path) -> String {
    let scenario = Scenario::from_path(scenario).expect("shipped scenario loads");
    let sim = Simulation::from_scenario(&scenario).expect("shipped scenario simulates");
    let results = sim.experiment(&CONFIG);
    let mut text = serde_json::to_string_pretty(&results).expect("results serialize");
    text.push('\n');
    text
}

/// Compares `actual` with the golden file (or rewrites it when blessing);
/// returns what is wrong, if anything.
fn check(golden: &Path, actual: &str) -> Option<String> {
    if std::env::var_os("DETENTE_BLESS").is_some() {
        std::fs::create_dir_all(golden.parent().expect("golden files live in a directory"))
            .expect("tests/golden can be created");
        std::fs::write(golden, actual).expect("golden file can be written");
        return None;
    }
    let expected = match std::fs::read_to_string(golden) {
        Ok(text) => text,
        Err(e) => {
            return Some(format!(
                "{}: {e}; create it with `{BLESS}` and commit it",
                golden.display()
            ));
        }
    };
    if actual == expected {
        return None;
    }
    let line = actual
        .lines()
        .zip(expected.lines())
        .position(|(a, e)| a != e)
        .unwrap_or_else(|| actual.lines().count().min(expected.lines().count()));
    Some(format!(
        "{} differs from line {}:\n  now:    {}\n  golden: {}\n\
         If the change in results is intended, rerun `{BLESS}` and commit the file with the reason.",
        golden.display(),
        line + 1,
        actual.lines().nth(line).unwrap_or("<end of file>"),
        expected.lines().nth(line).unwrap_or("<end of file>"),
    ))
}

fn golden_path(scenario: &Path) -> PathBuf {
    let stem = scenario
        .file_stem()
        .expect("scenario file has a name")
        .to_string_lossy();
    root()
        .join("tests/golden")
        .join(format!("{stem}.experiment.json"))
}

#[test]
fn every_shipped_scenario_gives_its_golden_summary() {
    let scenarios = shipped_scenarios();
    assert!(scenarios.len() >= 3, "shipped scenarios: {scenarios:?}");
    let failures: Vec<String> = scenarios
        .iter()
        .filter_map(|s| check(&golden_path(s), &summary(s)))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The standard strategies over the built-in domains and the shipped
/// bilateral scenario, two repetitions: every meeting's agreement, steps
/// and utilities, one JSON line per meeting, then the ranking table.
#[test]
fn the_tournament_record_is_unchanged() {
    let mut scenarios = TournamentScenario::builtin();
    let (sc, world, _) =
        detente::scenario::load(root().join("examples/scenarios/toy_bilateral.json"))
            .expect("toy_bilateral loads");
    scenarios.extend(
        TournamentScenario::from_world(&sc.name, &world, &DealMenu::default())
            .expect("toy_bilateral has a deal space"),
    );
    let result = Tournament::new(Entrant::standard(), scenarios)
        .repetitions(2)
        .n_steps(40)
        .seed(CONFIG.seed)
        .run()
        .expect("the tournament runs");
    let mut text = String::new();
    for m in &result.meetings {
        text.push_str(&serde_json::to_string(m).expect("a meeting serializes"));
        text.push('\n');
    }
    for row in result.ranking() {
        text.push_str(&serde_json::to_string(&row).expect("a ranking row serializes"));
        text.push('\n');
    }
    let golden = root().join("tests/golden/tournament.jsonl");
    if let Some(failure) = check(&golden, &text) {
        panic!("{failure}");
    }
}

/// The `explore` example's JSON on Belarus at depth 2 (USA proposing to
/// Belarus), without its timing: searched exhaustively, so it holds
/// whatever the thread count.
#[test]
fn the_explorer_result_is_unchanged() {
    let out = common::run_example_ok(
        "explore",
        &[
            "examples/scenarios/belarus_2025.json",
            "--depth",
            "2",
            // A time-limited result depends on the machine: never golden.
            "--time-limit",
            "3600",
            "--json",
        ],
    );
    let mut v: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    assert_eq!(v["truncated"], false, "a golden output is never truncated");
    let timing = v.as_object_mut().and_then(|o| o.remove("seconds"));
    assert!(timing.is_some(), "the explorer reports its time: {out}");
    let mut text = serde_json::to_string_pretty(&v).expect("JSON serializes");
    text.push('\n');
    let golden = root().join("tests/golden/explore_belarus_depth2.json");
    if let Some(failure) = check(&golden, &text) {
        panic!("{failure}");
    }
}

#[test]
fn a_missing_golden_file_says_how_to_bless() {
    if std::env::var_os("DETENTE_BLESS").is_some() {
        return;
    }
    let missing = root().join("tests/golden/no_such_scenario.experiment.json");
    let message = check(&missing, "{}\n").expect("a missing golden file fails");
    assert!(message.contains(BLESS), "{message}");
    assert!(message.contains("no_such_scenario"), "{message}");
}

#[test]
fn a_changed_summary_names_the_first_differing_line() {
    if std::env::var_os("DETENTE_BLESS").is_some() {
        return;
    }
    let golden = golden_path(&root().join("examples/scenarios/belarus_2025.json"));
    let expected = std::fs::read_to_string(&golden).expect("the Belarus golden file exists");
    let changed = expected.replacen("\"runs\": 96", "\"runs\": 95", 1);
    assert_ne!(changed, expected, "the golden file records the run count");
    let message = check(&golden, &changed).expect("a changed summary fails");
    assert!(message.contains("\"runs\": 95"), "{message}");
    assert!(message.contains(BLESS), "{message}");
}

/// The golden file is only worth keeping if results depend on the seed:
/// another seed must give another summary.
#[test]
fn the_belarus_summary_depends_on_the_seed() {
    let scenario = Scenario::from_path(root().join("examples/scenarios/belarus_2025.json"))
        .expect("Belarus loads");
    let sim = Simulation::from_scenario(&scenario).expect("Belarus simulates");
    let a = sim.experiment(&CONFIG);
    let b = sim.experiment(&ExperimentConfig {
        seed: CONFIG.seed + 1,
        ..CONFIG
    });
    assert_ne!(a.held_at_end, b.held_at_end);
}
