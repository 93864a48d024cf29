//! Quick runs of `examples/clear_exchange.rs`.

use crate::common;
use common::{run_example, run_example_ok};

#[test]
fn clears_a_preflib_instance_as_json() {
    let out = run_example_ok(
        "clear_exchange",
        &[
            "tests/data/preflib-kidney/00036-00000031.wmd",
            "--max-cycle",
            "3",
            "--json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    assert_eq!(v["total_weight"], 22.0);
    assert_eq!(v["optimal"], true);
    assert_eq!(v["bound"], 22.0);
    let cycles = v["cycles"].as_array().unwrap();
    let covered: usize = cycles.iter().map(|c| c.as_array().unwrap().len()).sum();
    assert_eq!(covered, 22);
    assert!(v["chains"].as_array().unwrap().is_empty());
}

#[test]
fn prints_chains_in_text() {
    let out = run_example_ok(
        "clear_exchange",
        &[
            "tests/data/preflib-kidney/00036-00000011.wmd",
            "--max-chain",
            "2",
        ],
    );
    assert!(out.contains("optimal"), "{out}");
    assert!(out.contains("chains:"), "{out}");
}

#[test]
fn bad_input_exits_non_zero() {
    assert_eq!(run_example("clear_exchange", &[]).status.code(), Some(2));
    assert_eq!(
        run_example("clear_exchange", &["no/such/file.wmd"])
            .status
            .code(),
        Some(1)
    );
    let out = run_example(
        "clear_exchange",
        &[
            "tests/data/preflib-kidney/00036-00000001.wmd",
            "--max-cycle",
            "99",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("max_cycle"));
}

#[test]
fn clears_a_scenario_by_prisoner_keys() {
    let out = run_example_ok(
        "clear_exchange",
        &["examples/scenarios/three_way_swap.json", "--json"],
    );
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    assert_eq!(v["total_weight"], 18.0);
    assert_eq!(v["cycles"], serde_json::json!([["a", "b", "c"]]));
    let out = run_example_ok(
        "clear_exchange",
        &[
            "examples/scenarios/three_way_swap.json",
            "--max-cycle",
            "2",
            "--json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    assert_eq!(v["total_weight"], 0.0);
}

/// A scenario whose exchange graph would have more vertices than a PrefLib
/// file may declare is refused before the quadratic pair scan (a pool of a
/// million used to run past a minute).
#[test]
fn refuses_a_scenario_with_more_held_prisoners_than_the_vertex_limit() {
    let dir = common::figures::temp_dir("clear_exchange_vertex_limit");
    let file = dir.join("pool_over_limit.json");
    std::fs::write(
        &file,
        r#"{"name": "big", "governments": [{"id": "A"}, {"id": "B"}],
            "pools": [{"id": "p", "held_by": "A", "count": 100001, "valued_by": {"B": 1.0}}]}"#,
    )
    .unwrap();
    let out = run_example("clear_exchange", &[file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the exchange graph of its held prisoners asks for 100001, more than the limit of 100000"),
        "{err}"
    );
}
