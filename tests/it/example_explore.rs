//! Quick-mode run of `examples/explore.rs` on the Belarus scenario.

use crate::common;

#[test]
fn explore_prints_frontier_nash_and_plan_as_json() {
    let out = common::run_example_ok(
        "explore",
        &[
            "examples/scenarios/belarus_2025.json",
            "--depth",
            "2",
            "--batches",
            "1,10",
            "--json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    assert_eq!(v["exhausted"], true);
    assert!(v["nodes"].as_u64().unwrap() > 0);
    let frontier = v["frontier"].as_array().unwrap();
    assert!(!frontier.is_empty());
    // Frontier points are mutually non-dominated in (USA, BLR) payoffs.
    let pts: Vec<[f64; 2]> = frontier
        .iter()
        .map(|p| {
            [
                p["payoffs"][0].as_f64().unwrap(),
                p["payoffs"][1].as_f64().unwrap(),
            ]
        })
        .collect();
    for a in &pts {
        for b in &pts {
            assert!(!(a[0] >= b[0] && a[1] >= b[1] && a != b));
        }
        // Every point is individually rational against no deal.
        assert!(a[0] >= 0.0 && a[1] >= 0.0);
    }
    for p in frontier {
        assert_eq!(p["sequence"].as_array().unwrap().len(), 2);
    }
    // The Nash point is one of the frontier points.
    let nash = &v["nash"]["payoffs"];
    assert!(frontier.iter().any(|p| &p["payoffs"] == nash));
    assert!(v["subgame_perfect"]["sequence"].as_array().unwrap().len() == 2);
}

#[test]
fn explore_text_mode_answers_the_three_questions() {
    let out = common::run_example_ok(
        "explore",
        &[
            "examples/scenarios/belarus_2025.json",
            "--depth",
            "1",
            "--batches",
            "1,10",
        ],
    );
    assert!(out.contains("Most prisoners freed"));
    assert!(out.contains("Frontier: prisoners freed vs relief given"));
    assert!(out.contains("Subgame-perfect plan"));
}

#[test]
fn explore_rejects_a_missing_file() {
    let out = common::run_example("explore", &["no/such/file.json"]);
    assert!(!out.status.success());
}

#[test]
fn explore_with_a_mediator_finds_the_three_way_swap() {
    let run = |mediator: bool| {
        let mut args = vec![
            "examples/scenarios/three_way_swap.json",
            "--players",
            "A,B",
            "--depth",
            "1",
            "--json",
        ];
        if mediator {
            args.push("--mediator");
        }
        let out = common::run_example_ok("explore", &args);
        serde_json::from_str::<serde_json::Value>(out.trim()).expect("one JSON object")
    };
    let alone = run(false);
    assert_eq!(alone["subgame_perfect"]["freed"], 0, "{alone}");
    let mediated = run(true);
    let plan = &mediated["subgame_perfect"];
    assert_eq!(plan["freed"], 3, "{mediated}");
    assert_eq!(plan["payoffs"], serde_json::json!([6.0, 6.0]), "{mediated}");
    let step = plan["sequence"][0].as_str().unwrap();
    assert!(step.contains("the mediator's package"), "{step}");
}
