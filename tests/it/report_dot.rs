//! The world's DOT graph keeps nodes of different kinds apart: a
//! government, a prisoner and a sanction may share an id in a scenario,
//! and DOT merges nodes with equal ids.

use detente::report::{DotOptions, world_dot};
use detente::scenario::Scenario;
use std::collections::BTreeSet;

/// Government `x` holds prisoner `x` and is the target of sanction `x`,
/// imposed by `y`: four nodes, three of them called `x`.
const ALIKE: &str = r#"{
  "name": "alike",
  "governments": [{"id": "x"}, {"id": "y"}],
  "prisoners": [{"id": "x", "held_by": "x", "valued_by": {"y": 1.0}}],
  "sanctions": [{"id": "x", "imposer": "y", "target": "x",
                 "relief": [{"kind": "delist"}], "valued_by": {"x": 1.0}}]
}"#;

/// The quoted ids of the node statements (`  "ID" [...];`).
fn node_ids(dot: &str) -> BTreeSet<&str> {
    dot.lines()
        .filter(|l| !l.contains("->"))
        .filter_map(|l| l.trim().strip_prefix('"')?.split('"').next())
        .collect()
}

/// The `(from, to)` ids of the edge statements.
fn edges(dot: &str) -> BTreeSet<(&str, &str)> {
    dot.lines()
        .filter_map(|l| {
            let (a, b) = l.trim().split_once(" -> ")?;
            let from = a.trim_matches('"');
            let to = b.strip_prefix('"')?.split('"').next()?;
            Some((from, to))
        })
        .collect()
}

#[test]
fn a_government_a_prisoner_and_a_sanction_named_alike_stay_three_nodes() {
    let world = Scenario::from_json_str(ALIKE)
        .expect("parses")
        .build()
        .expect("builds");
    let dot = world_dot(&world, &DotOptions::default());
    let ids = node_ids(&dot);
    assert_eq!(ids, BTreeSet::from(["g:x", "g:y", "p:x", "s:x"]), "{dot}");
    let edges = edges(&dot);
    // Every edge joins two declared nodes; none loops on a merged node.
    for (a, b) in &edges {
        assert!(ids.contains(a) && ids.contains(b), "{a} -> {b} in {dot}");
        assert_ne!(a, b, "{dot}");
    }
    assert!(edges.contains(&("g:x", "p:x")), "x holds x: {dot}");
    assert!(edges.contains(&("g:y", "s:x")), "y imposes x: {dot}");
    // Each node is labelled with its plain id, not the prefixed one.
    assert_eq!(dot.matches("label=\"x\"").count(), 3, "{dot}");
}

#[test]
fn a_pool_summary_never_merges_with_a_prisoner_named_like_it() {
    // Pool `p` shows 1 member and summarises the other 4; a prisoner is
    // called `p#…`, the summary's id before kinds were prefixed.
    let text = r#"{
      "name": "pools",
      "governments": [{"id": "A"}, {"id": "B"}],
      "prisoners": [{"id": "p#…", "held_by": "A", "valued_by": {"B": 1.0}}],
      "pools": [{"id": "p", "held_by": "A", "count": 5, "valued_by": {"B": 0.5}}]
    }"#;
    let world = Scenario::from_json_str(text)
        .expect("parses")
        .build()
        .expect("builds");
    let opts = DotOptions {
        pool_members_shown: 1,
        values: false,
    };
    let dot = world_dot(&world, &opts);
    let ids = node_ids(&dot);
    assert!(ids.contains("p:p#…") && ids.contains("pool:p"), "{dot}");
    assert!(dot.contains("label=\"p: 4 more\""), "{dot}");
}
