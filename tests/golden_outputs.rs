//! Golden outputs: a fixed seed gives a fixed experiment summary for every
//! shipped scenario (`examples/scenarios/*.json`, with the default dynamics
//! when a scenario has no `dynamics` section), stored in `tests/golden/`
//! and compared exactly.
//!
//! A change that alters simulated results fails here on purpose. When the
//! change is meant (a model fix, a new event), regenerate the files and
//! commit them with the reason:
//!
//! ```text
//! DETENTE_BLESS=1 cargo test --test golden_outputs
//! ```
//!
//! What is promised identical where is in RELIABILITY.md: these files are
//! exact on the reference platform (x86-64 Linux, this toolchain). The
//! simulator's random draws pass through libm (`exp`, `ln`, `powf` in the
//! Poisson and binomial samplers, `powf` in time-based strategies), so on
//! another platform a last-bit difference may change a draw and with it the
//! file; the golden files are then regenerated there, not loosened here.

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

const BLESS: &str = "DETENTE_BLESS=1 cargo test --test golden_outputs";

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
