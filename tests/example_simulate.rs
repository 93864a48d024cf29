// tests/common/mod.rs trips clippy::let_and_return when compiled into a test crate.
#![allow(clippy::let_and_return)]

//! Quick runs of `examples/simulate.rs` (an experiment on any scenario file).

mod common;
#[path = "common/figures.rs"]
mod figures;

const SCENARIO: &str = "examples/scenarios/belarus_2025.json";

#[test]
fn runs_a_scenario_file_and_writes_plots_and_report() {
    let dir = figures::temp_dir("simulate-plots");
    let plots = dir.join("figs");
    let page = dir.join("r.html");
    let out = common::run_example_ok(
        "simulate",
        &[
            SCENARIO,
            "--runs",
            "12",
            "--rounds",
            "8",
            "--plots",
            plots.to_str().unwrap(),
            "--report",
            page.to_str().unwrap(),
        ],
    );
    assert!(out.contains("12 runs x 8 rounds"), "{out}");
    let svgs = figures::svg_dir(&plots);
    assert!(svgs.len() >= 4, "{svgs:?}");
    for (stem, texts) in &svgs {
        assert!(
            figures::has(texts, "(persons)")
                || figures::has(texts, "(level")
                || figures::has(texts, "payoff change"),
            "{stem}: no axis with a unit in {texts:?}"
        );
    }
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(figures::check_html(&html), svgs.len());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_file_is_an_error() {
    let out = common::run_example("simulate", &["no/such/scenario.json", "--runs", "2"]);
    assert_eq!(out.status.code(), Some(1));
    let out = common::run_example("simulate", &["--runs", "2"]);
    assert_eq!(out.status.code(), Some(2));
}
