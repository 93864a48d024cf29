//! `examples/backtest.rs`: calibrated on the first half of 2025, the
//! forecast of the second half is checked against the record, read here
//! from the record files through `history::record`, not copied.

use crate::common;
use detente::history::record::Targets;
use detente::scenario::Scenario;
use serde_json::Value;
use std::path::Path;

const SCENARIO: &str = "examples/scenarios/belarus_2025.json";
const CUTOFF: &str = "2025-06-30";
/// The draws of the calibration at the cutoff, as `backtest --write-fit`
/// wrote them (the command is in the file's note).
const STORED_FIT: &str = "examples/scenarios/posterior/belarus_2025_cutoff_2025-06-30.json";

/// The record over the scenario's horizon, and the rounds before the cutoff.
fn record() -> (Targets, u32) {
    let s = Scenario::from_path(SCENARIO).unwrap();
    let spec = s.record.unwrap();
    let t = Targets::load(&spec, Path::new("examples/scenarios")).unwrap();
    // January to June.
    (t, 6)
}

/// The checks the issue asks of a backtest at mid-2025: the second-half
/// record (deals and people freed in US deals from July to December, the
/// stock counted in December) inside the forecast's 90% bands, and a lower
/// CRPS than both naive forecasts for each quantity.
fn check(v: &Value) {
    let (t, seen) = record();
    let b = &v["backtest"];
    assert_eq!(b["cutoff_round"], seen);
    let months = b["months"].as_array().unwrap();
    assert_eq!(months.len() as u32, t.rounds - seen);
    let last = &months[months.len() - 1];
    let h2 = |by: &[u32]| f64::from(by[seen as usize..].iter().sum::<u32>());
    let expected = [
        h2(&t.deals_by_round),
        h2(&t.freed_by_round),
        f64::from(t.stock_at(t.rounds).unwrap().stock),
    ];
    for (i, want) in expected.iter().enumerate() {
        let c = &last["cells"][i];
        assert_eq!(c["record"].as_f64(), Some(*want), "cell {i}: {c}");
        let band: Vec<f64> = c["band"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        assert!(
            band[0] <= *want && *want <= band[2],
            "the second-half record {want} is outside the forecast's 90% band {band:?} ({c})"
        );
    }
    for s in b["scores"].as_array().unwrap() {
        let crps = s["crps"].as_f64().unwrap();
        for baseline in ["previous_year", "first_half"] {
            let x = s[baseline].as_f64().unwrap();
            assert!(
                crps < x,
                "{}: CRPS {crps} against {baseline} {x}",
                s["quantity"]
            );
        }
    }
}

#[test]
fn the_stored_fit_forecasts_the_second_half_of_2025() {
    let out = common::run_example_ok(
        "backtest",
        &[SCENARIO, "--cutoff", CUTOFF, "--fit", STORED_FIT, "--json"],
    );
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    assert!(v["calibration"].is_null());
    check(&v);
}

#[test]
fn the_text_report_prints_months_and_scores() {
    let out = common::run_example_ok(
        "backtest",
        &[
            SCENARIO,
            "--cutoff",
            CUTOFF,
            "--fit",
            STORED_FIT,
            "--runs-per-draw",
            "10",
        ],
    );
    for needle in [
        "Jul 2025",
        "Dec 2025",
        "previous year",
        "first-half rate",
        "covered",
    ] {
        assert!(out.contains(needle), "`{needle}` missing from:\n{out}");
    }
}

/// The calibration at the cutoff, run again with the stored fit's settings,
/// gives the stored draws bit for bit, and its forecast passes the checks.
#[test]
#[ignore = "long: .ci/run step backtest"]
fn calibrating_at_the_cutoff_reproduces_the_stored_fit() {
    let stored: Value =
        serde_json::from_str(&std::fs::read_to_string(STORED_FIT).unwrap()).unwrap();
    let m = &stored["method"];
    let dir = crate::common::figures::temp_dir("backtest-fit");
    let fit = dir.join("fit.json");
    let arg = |k: &str| m[k].to_string();
    let draws = stored["draws"].as_array().unwrap().len().to_string();
    let out = common::run_example_ok(
        "backtest",
        &[
            SCENARIO,
            "--cutoff",
            CUTOFF,
            "--particles",
            &arg("particles"),
            "--generations",
            &arg("generations"),
            "--runs",
            &arg("runs_per_particle"),
            "--seed",
            &arg("seed"),
            "--draws",
            &draws,
            "--write-fit",
            fit.to_str().unwrap(),
            // Past the 45-second default, so a slow machine still fits in
            // full and reproduces the stored fit.
            "--time-limit",
            "900",
            "--json",
        ],
    );
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    let fresh: Value = serde_json::from_str(&std::fs::read_to_string(&fit).unwrap()).unwrap();
    assert_eq!(fresh["draws"], stored["draws"]);
    assert_eq!(fresh["method"], stored["method"]);
    check(&v);
}

#[test]
fn bad_inputs_are_refused_with_the_reason() {
    let fail = |args: &[&str], needle: &str| {
        let out = common::run_example("backtest", args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains(needle),
            "{args:?}: `{needle}` not in {stderr}"
        );
    };
    fail(&[SCENARIO, "--cutoff", "2025-02-30"], "--cutoff");
    fail(
        &[SCENARIO, "--cutoff", "2024-11-30"],
        "before the record's start",
    );
    fail(&[SCENARIO, "--cutoff", "2025-12-31"], "one after it");
    fail(
        &[SCENARIO, "--cutoff", "2025-09-30", "--fit", STORED_FIT],
        "not --cutoff 2025-09-30",
    );
    // No stock count from February to March 2025: nothing to fit the stock to.
    fail(&[SCENARIO, "--cutoff", "2025-03-31"], "no count at round 3");
    fail(
        &[SCENARIO, "--cutoff", CUTOFF, "--series", "no_such_series"],
        "no series `no_such_series`",
    );
    fail(
        &["examples/scenarios/toy_bilateral.json", "--cutoff", CUTOFF],
        "$.record",
    );
}
