//! Quick run of `examples/history.rs`.

use crate::common;
use crate::common::figures;

#[test]
fn history_prints_every_case_and_the_calibration_as_json() {
    let out = common::run_example_ok("history", &["--json", "--runs", "50"]);
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    let cases = v["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 10);
    for c in cases {
        for s in c["replay"]["steps"].as_array().unwrap() {
            assert_eq!(s["legal"], true, "{}: {}", c["case"], s["label"]);
        }
        assert!(!c["implied"].as_array().unwrap().is_empty());
    }
    let cal = &v["calibration"];
    let a = &cal["with_price_response"]["arrests"];
    assert!(a["lo"].as_f64().unwrap() < a["value"].as_f64().unwrap());
    assert_eq!(cal["projection_2025"]["recorded"], 1135);
}

#[test]
fn history_prints_a_readable_report() {
    let out = common::run_example_ok("history", &["--runs", "50"]);
    assert!(out.contains("belarus_2024_2025: 17 steps, replays legally"));
    assert!(out.contains("refused exile"));
    assert!(out.contains("revolving door"));
}

#[test]
fn history_plots_the_fit_against_the_counts() {
    let dir = figures::temp_dir("history-plots");
    common::run_example_ok(
        "history",
        &["--runs", "20", "--plots", dir.to_str().unwrap()],
    );
    let svgs = figures::svg_dir(&dir);
    assert_eq!(svgs.len(), 1);
    let (stem, texts) = &svgs[0];
    assert_eq!(stem, "calibration_fit");
    for needle in [
        "viasna_stock",
        "months since",
        "prisoners held (persons)",
        "recorded",
        "one step ahead",
        "projection",
    ] {
        assert!(
            figures::has(texts, needle),
            "{needle} missing from {texts:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
