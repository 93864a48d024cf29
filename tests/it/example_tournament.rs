//! Quick-mode runs of `examples/tournament.rs`.

use crate::common;

#[test]
fn tournament_ranks_every_strategy_as_json() {
    let out = common::run_example_ok(
        "tournament",
        &[
            "examples/scenarios/toy_bilateral.json",
            "--builtin",
            "--reps",
            "1",
            "--steps",
            "30",
            "--strategies",
            "boulware,conceder,tit-for-tat,random",
            "--json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    let ranking = v["ranking"].as_array().unwrap();
    assert_eq!(ranking.len(), 4);
    // 6 pairs x 5 domains x 4 rotations x 1 repetition.
    assert_eq!(v["negotiations"], 120);
    assert_eq!(v["scenarios"].as_array().unwrap().len(), 5);
    let means: Vec<f64> = ranking
        .iter()
        .map(|r| r["score"]["mean"].as_f64().unwrap())
        .collect();
    assert!(means.windows(2).all(|w| w[0] >= w[1]));
    for r in ranking {
        assert_eq!(r["negotiations"], 60);
        let a = &r["agreement_rate"];
        assert!(a["lo"].as_f64().unwrap() <= a["mean"].as_f64().unwrap());
    }
}

#[test]
fn tournament_prints_a_table() {
    let out = common::run_example_ok(
        "tournament",
        &[
            "examples/scenarios/toy_bilateral.json",
            "--reps",
            "1",
            "--strategies",
            "linear,hardliner",
        ],
    );
    assert!(out.contains("rank"));
    assert!(out.contains("hardliner") && out.contains("linear"));
}

#[test]
fn tournament_rejects_an_unknown_strategy() {
    let out = common::run_example("tournament", &["--strategies", "oracle"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown strategy"));
}

use crate::common::figures;

#[test]
fn plots_and_report_show_each_domain_frontier() {
    let dir = figures::temp_dir("tournament-plots");
    let plots = dir.join("plots");
    let page = dir.join("t.html");
    common::run_example_ok(
        "tournament",
        &[
            "examples/scenarios/toy_bilateral.json",
            "--reps",
            "1",
            "--steps",
            "20",
            "--strategies",
            "boulware,conceder",
            "--plots",
            plots.to_str().unwrap(),
            "--report",
            page.to_str().unwrap(),
        ],
    );
    let svgs = figures::svg_dir(&plots);
    assert!(!svgs.is_empty());
    for (stem, texts) in &svgs {
        assert!(stem.starts_with("pareto_"), "{stem}");
        for needle in ["Pareto frontier", "Nash", "(utility)"] {
            assert!(
                figures::has(texts, needle),
                "{stem}: `{needle}` in {texts:?}"
            );
        }
    }
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(figures::check_html(&html), svgs.len());
    assert!(html.contains("1. ") && html.contains("boulware") && html.contains("conceder"));
    let _ = std::fs::remove_dir_all(&dir);
}
