//! Quick runs of `examples/belarus_2025.rs`, the main job.

use crate::common;

#[test]
fn json_has_the_headline_fields_and_conserves_prisoners() {
    let out = common::run_example_ok(
        "belarus_2025",
        &["--runs", "24", "--rounds", "6", "--seed", "11", "--json"],
    );
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    assert_eq!(v["runs"], 24);
    assert_eq!(v["seed"], 11);
    assert_eq!(v["rounds"], 6);
    for key in ["freed", "arrested", "held_at_end"] {
        for q in ["mean", "p5", "p50", "p95"] {
            assert!(v[key][q].is_number(), "{key}.{q} missing in {v}");
        }
        let (p5, p50, p95) = (
            v[key]["p5"].as_f64().unwrap(),
            v[key]["p50"].as_f64().unwrap(),
            v[key]["p95"].as_f64().unwrap(),
        );
        assert!(p5 <= p50 && p50 <= p95, "{key}: {p5} {p50} {p95}");
    }
    let m = |k: &str| v[k]["mean"].as_f64().unwrap();
    let initial = v["initial_held"].as_f64().unwrap();
    assert_eq!(initial, 1265.0);
    assert!((m("held_at_end") + m("freed") + m("deceased") - initial - m("arrested")).abs() < 1e-9);
    // Belarus arrests about 42 a month in the scenario: six months take
    // hundreds, not none.
    assert!(m("arrested") > 100.0);
    assert_eq!(v["results"]["stock"].as_array().unwrap().len(), 7);
}

#[test]
fn summary_is_readable() {
    let out = common::run_example_ok(
        "belarus_2025",
        &["--runs", "16", "--rounds", "24", "--threads", "2"],
    );
    for needle in [
        "held at the end",
        "newly arrested",
        "Deals:",
        "Relief",
        "us_potash",
        "Payoffs",
    ] {
        assert!(out.contains(needle), "`{needle}` missing from:\n{out}");
    }
}

#[test]
fn bad_flags_are_refused() {
    let out = common::run_example("belarus_2025", &["--runs", "many"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--runs"));
    let out = common::run_example("belarus_2025", &["--frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

use crate::common::figures;

#[test]
fn plots_and_report_are_written() {
    let dir = figures::temp_dir("belarus-plots");
    let plots = dir.join("plots");
    let page = dir.join("report.html");
    common::run_example_ok(
        "belarus_2025",
        &[
            "--runs",
            "24",
            "--rounds",
            "24",
            "--seed",
            "5",
            "--plots",
            plots.to_str().unwrap(),
            "--report",
            page.to_str().unwrap(),
        ],
    );
    let svgs = figures::svg_dir(&plots);
    let stems: Vec<&str> = svgs.iter().map(|(s, _)| s.as_str()).collect();
    for stem in [
        "deal_timeline",
        "freed_histogram",
        "prisoner_stock",
        "relief",
    ] {
        assert!(stems.contains(&stem), "{stem} missing from {stems:?}");
    }
    let texts = |stem: &str| &svgs.iter().find(|(s, _)| s == stem).unwrap().1;
    assert!(figures::has(texts("freed_histogram"), "runs (24 in all)"));
    assert!(figures::has(texts("prisoner_stock"), "round (month)"));
    assert!(figures::has(texts("prisoner_stock"), "new arrests (mean)"));
    assert!(figures::has(
        texts("relief"),
        "relief (level, mean of 24 runs)"
    ));
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(figures::check_html(&html), svgs.len());
    for needle in [
        "belarus_2025",
        "Key numbers",
        "median freed per run",
        "Deal timeline",
    ] {
        assert!(html.contains(needle), "`{needle}` missing from the report");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_unwritable_plots_dir_is_an_error_not_a_panic() {
    let dir = figures::temp_dir("belarus-badplots");
    let file = dir.join("a-file");
    std::fs::write(&file, "x").unwrap();
    let out = common::run_example(
        "belarus_2025",
        &[
            "--runs",
            "4",
            "--rounds",
            "3",
            "--plots",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Issue 16's acceptance: the shipped scenario, run as the main job runs it
/// (10,000 runs, its own rounds, seed 2025), reproduces 2025. Every
/// recorded value comes from the record files the scenario names, through
/// `history::record`, never from numbers written here.
#[test]
fn the_shipped_scenario_reproduces_the_2025_record() {
    use detente::deal::Given;
    use detente::history::record::{Targets, compare};
    use detente::simulate::{ExperimentConfig, Simulation};
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scenarios");
    let scenario = detente::scenario::Scenario::from_path(path.join("belarus_2025.json")).unwrap();
    let spec = scenario
        .record
        .clone()
        .expect("the main job names its record");
    let targets = Targets::load(&spec, &path).unwrap();
    let sim = Simulation::from_scenario(&scenario).unwrap();
    let results = sim.experiment(&ExperimentConfig {
        runs: 10_000,
        rounds: sim.default_rounds(),
        seed: 2025,
    });
    let checks = compare(&targets, &results).unwrap();
    let n = targets.rounds;
    for name in [
        "round of the first deal".to_string(),
        format!("deals in the first {n} rounds"),
        format!("freed in deals in the first {n} rounds"),
        format!("stock at round {n}"),
    ] {
        let c = checks
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no check `{name}` in {checks:?}"));
        assert_eq!(
            c.inside,
            Some(true),
            "{name}: record outside the 5th-95th band: {c:?}"
        );
        if name.starts_with("stock") {
            let recorded = c.record.unwrap();
            assert!(
                (c.p50 - recorded).abs() <= 0.05 * recorded,
                "median stock {} is not within 5% of the recorded {recorded}",
                c.p50
            );
        }
    }
    // The record's relief is visits and licences; delisting must be the
    // exception, not the rule.
    assert!(
        !targets
            .deals
            .iter()
            .any(|d| d.given.contains(&Given::Delist)),
        "the record itself has a delisting: this check no longer says what it means"
    );
    let (us, blr) = (&targets.demander, &targets.holder);
    let pair = results
        .pairs
        .iter()
        .position(|(d, h)| d == us && h == blr)
        .map(|i| &results.pair_deals[i])
        .expect("the record's pair negotiates");
    let delisted = pair.runs_giving(Given::Delist, n as usize - 1) as f64 / results.runs as f64;
    assert!(
        delisted < 0.5,
        "a delisting in {:.0}% of runs in the first {n} rounds",
        100.0 * delisted
    );
}
