//! The bad-input corpus: every file in `tests/bad_inputs/` holds one kind of
//! mistake (`NAME.json` or `NAME.toml`) and `NAME.expected` holds exactly the
//! errors a user must see, one `PATH: MESSAGE` line each, in order. Deal
//! mistakes live in `tests/bad_inputs/deals/`: `NAME.json` is
//! `{"played": [deals...], "deal": deal}` on the world of `world.json`, and
//! `NAME.expected` lists the violations.
//!
//! A file that loads without error fails the test: a wrong file must never be
//! silently accepted. Set `BLESS=1` to write missing `.expected` files (then
//! read every one of them before committing: the point of the corpus is that
//! a person checked each message).

use detente::deal::{Deal, UndoLog};
use detente::model::State;
use detente::rules::Rulebook;
use detente::scenario::Scenario;
use serde::Deserialize;
use std::fs;
use std::path::{Path, PathBuf};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_inputs")
}

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .expect("corpus directory exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| {
            p.is_file()
                && p.file_name() != Some("world.json".as_ref())
                && matches!(
                    p.extension().and_then(|x| x.to_str()),
                    Some("json" | "toml")
                )
        })
        .collect();
    v.sort();
    v
}

/// Compares `actual` with the `.expected` file beside `input`; returns a
/// description of the mismatch, if any.
fn compare(input: &Path, actual: &str) -> Option<String> {
    let expected_path = input.with_extension("expected");
    match fs::read_to_string(&expected_path) {
        Ok(expected) if expected == actual => None,
        Ok(expected) => Some(format!(
            "{}:\n--- expected\n{expected}--- actual\n{actual}",
            input.display()
        )),
        Err(_) if std::env::var_os("BLESS").is_some() => {
            fs::write(&expected_path, actual).expect("writable corpus");
            None
        }
        Err(_) => Some(format!(
            "{}: no .expected file; actual errors:\n{actual}",
            input.display()
        )),
    }
}

fn scenario_errors(path: &Path) -> Result<String, String> {
    // `load` is what users call: it reports every mistake it can find.
    let loaded = detente::scenario::load(path).map(|_| ());
    match loaded {
        Ok(()) => Err(format!("{} was accepted", path.display())),
        // Paths inside messages are shown relative to the crate, so the
        // expected text holds in any checkout.
        Err(errs) => Ok(errs
            .0
            .iter()
            .map(|e| format!("{e}\n"))
            .collect::<String>()
            .replace(concat!(env!("CARGO_MANIFEST_DIR"), "/"), "")),
    }
}

#[test]
fn every_bad_scenario_is_refused_with_the_expected_errors() {
    let files = inputs(&corpus_dir());
    assert!(files.len() >= 70, "corpus shrank to {} files", files.len());
    let mut failures = Vec::new();
    for f in &files {
        match scenario_errors(f) {
            Ok(actual) => failures.extend(compare(f, &actual)),
            Err(e) => failures.push(e),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_expected_file_has_an_input() {
    for dir in [corpus_dir(), corpus_dir().join("deals")] {
        for e in fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().and_then(|x| x.to_str()) == Some("expected") {
                assert!(
                    p.with_extension("json").exists() || p.with_extension("toml").exists(),
                    "{} has no input beside it",
                    p.display()
                );
            }
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DealCase {
    #[serde(default)]
    played: Vec<Deal>,
    deal: Deal,
}

#[test]
fn every_bad_deal_is_rejected_with_the_expected_violations() {
    let dir = corpus_dir().join("deals");
    let scenario = Scenario::from_path(dir.join("world.json")).expect("valid world");
    let world = scenario.build().expect("valid world");
    let rules: Rulebook = scenario.rulebook();
    let files = inputs(&dir);
    assert!(
        files.len() >= 8,
        "deal corpus shrank to {} files",
        files.len()
    );
    let mut failures = Vec::new();
    for f in &files {
        let case: DealCase = serde_json::from_str(&fs::read_to_string(f).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let mut state = State::initial(&world);
        let mut log = UndoLog::new();
        let mut delta = Vec::new();
        for (i, d) in case.played.iter().enumerate() {
            if let Err(e) = rules.check(&world, &mut state, d, &mut log, &mut delta) {
                panic!("{}: played[{i}] is itself rejected: {e}", f.display());
            }
            state.apply(&world, d, &mut log);
        }
        let before = state.clone();
        match rules.check(&world, &mut state, &case.deal, &mut log, &mut delta) {
            Ok(()) => failures.push(format!("{}: deal was accepted", f.display())),
            Err(rejected) => {
                let actual: String = rejected
                    .violations
                    .iter()
                    .map(|v| format!("{v}\n"))
                    .collect();
                failures.extend(compare(f, &actual));
            }
        }
        assert_eq!(state, before, "{}: checking changed the state", f.display());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn deals_round_trip_through_json_and_refuse_misspelt_fields() {
    // Regression: `Concession` combined `flatten` with `deny_unknown_fields`,
    // which made every deal in JSON fail with "unknown field `kind`".
    let text = r#"{"concessions": [{"from": 1, "to": 0, "kind": "release", "prisoner": 0, "destination": 2}]}"#;
    let deal: Deal = serde_json::from_str(text).expect("a well-formed deal parses");
    let again: Deal = serde_json::from_str(&serde_json::to_string(&deal).unwrap()).unwrap();
    assert_eq!(again, deal);
    for typo in [
        r#"{"concessions": [{"from": 1, "to": 0, "kind": "release", "prisonr": 0, "destination": 2}]}"#,
        r#"{"concessions": [{"form": 1, "to": 0, "kind": "release", "prisoner": 0, "destination": 2}]}"#,
        r#"{"concessions": [], "stagin": {"staging": "simultaneous"}}"#,
    ] {
        assert!(
            serde_json::from_str::<Deal>(typo).is_err(),
            "accepted {typo}"
        );
    }
}

#[test]
fn a_byte_order_mark_is_not_a_mistake() {
    let text = fs::read_to_string(corpus_dir().join("deals/world.json")).unwrap();
    let with_bom = format!("\u{feff}{text}");
    assert_eq!(
        Scenario::from_json_str(&with_bom).unwrap(),
        Scenario::from_json_str(&text).unwrap()
    );
}
