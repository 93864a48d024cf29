//! Scenario loading: every mistake is reported with its JSON path, all at
//! once; pools expand; valuation precedence is as documented.

use detente::model::PrisonerStatus;
use detente::scenario::{Limits, Scenario};

fn errors(text: &str) -> Vec<(String, String)> {
    let err = match Scenario::from_json_str(text) {
        Err(e) => e,
        Ok(s) => s.build().expect_err("the scenario should be rejected"),
    };
    err.0.into_iter().map(|e| (e.path, e.message)).collect()
}

#[test]
fn parse_errors_name_the_path() {
    let e = errors(r#"{"name": "x", "governments": [{"id": "A", "discount": "high"}]}"#);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].0, "$.governments[0].discount");
    assert!(e[0].1.contains("expected a number"), "{}", e[0].1);

    let e = errors(r#"{"name": "x", "governments": [{"id": "A", "discout": 0.9}]}"#);
    assert_eq!(e[0].0, "$.governments[0].discout");
    assert!(e[0].1.contains("unknown field `discout`"), "{}", e[0].1);

    let e = errors(
        r#"{"name": "x", "governments": [{"id": "A"}], "pools": [{"id": "p", "count": -5, "held_by": "A"}]}"#,
    );
    assert_eq!(e[0].0, "$.pools[0].count");

    let e = errors(r#"{"name": "x", "governments": [{"id": "A"}"#);
    assert!(e[0].1.contains("truncated"), "truncated file: {}", e[0].1);
}

#[test]
fn every_semantic_mistake_is_reported_at_once() {
    let e = errors(
        r#"{
      "name": "many mistakes",
      "governments": [
        {"id": "USA", "discount": 0},
        {"id": "USA"},
        {"id": "EU", "kind": "bloc", "members": ["XXX"]},
        {"id": "BLR"}
      ],
      "prisoners": [
        {"id": "a", "held_by": "EU"},
        {"id": "a", "held_by": "BLR", "health_hazard": 1.5, "valued_by": {"ZZZ": 1}}
      ],
      "sanctions": [
        {"id": "s", "imposer": "BLR", "target": "BLR"},
        {"id": "t", "imposer": "USA", "target": "BLR", "authority": {"kind": "unanimity"},
         "relief": [{"kind": "licence", "value_fraction": 0}]}
      ],
      "valuations": [{"by": "USA", "value": 1}]
    }"#,
    );
    let paths: Vec<&str> = e.iter().map(|(p, _)| p.as_str()).collect();
    for expected in [
        "$.governments[0].discount",
        "$.governments[1].id",
        "$.governments[2].members[0]",
        "$.prisoners[0].held_by",
        "$.prisoners[1].id",
        "$.prisoners[1].health_hazard",
        "$.prisoners[1].valued_by.ZZZ",
        "$.sanctions[0].target",
        "$.sanctions[1].authority",
        "$.sanctions[1].relief[0].value_fraction",
        "$.valuations[0]",
    ] {
        assert!(paths.contains(&expected), "missing {expected} in {e:#?}");
    }
}

#[test]
fn circular_bloc_membership_is_refused() {
    let e = errors(
        r#"{"name": "x", "governments": [
        {"id": "A", "kind": "bloc", "members": ["B"]},
        {"id": "B", "kind": "bloc", "members": ["A"]}]}"#,
    );
    assert!(
        e.iter()
            .any(|(p, m)| p == "$.governments[0].members" && m.contains("circular")),
        "{e:?}"
    );
}

#[test]
fn absurd_pool_is_refused_with_the_size_it_needs() {
    let text = r#"{"name": "x", "governments": [{"id": "A"}],
        "pools": [{"id": "p", "count": 4000000000, "held_by": "A"}]}"#;
    let err = Scenario::from_json_str(text).unwrap().build().unwrap_err();
    assert_eq!(err.0[0].path, "$.pools[0].count");
    assert!(
        err.0[0].message.contains("more than the limit"),
        "{}",
        err.0[0].message
    );
    let small = Limits {
        max_prisoners: u64::MAX,
        memory_budget: 1 << 20,
        ..Limits::default()
    };
    let text = r#"{"name": "x", "governments": [{"id": "A"}],
        "pools": [{"id": "p", "count": 100000, "held_by": "A"}]}"#;
    let err = Scenario::from_json_str(text)
        .unwrap()
        .build_with(&small)
        .unwrap_err();
    assert!(err.0[0].message.contains("MiB"), "{}", err.0[0].message);
}

#[test]
fn toml_non_finite_numbers_are_refused() {
    let text = r#"
name = "x"
[[governments]]
id = "A"
audience_cost = nan
"#;
    let err = Scenario::from_toml_str(text).unwrap().build().unwrap_err();
    assert_eq!(err.0[0].path, "$.governments[0].audience_cost");
}

#[test]
fn pools_expand_and_valuations_follow_precedence() {
    let s = Scenario::from_json_str(
        r#"{"name": "x",
      "governments": [{"id": "USA"}, {"id": "BLR"}],
      "prisoners": [{"id": "n", "held_by": "BLR", "tags": ["political"], "valued_by": {"USA": 5}}],
      "pools": [{"id": "p", "count": 3, "reserve": 2, "held_by": "BLR", "tags": ["political"]}],
      "valuations": [
        {"by": "USA", "tag": "political", "value": 0.1},
        {"by": "USA", "tag": "political", "held_by": "BLR", "value": 0.2},
        {"by": "BLR", "pool": "p", "value": -0.3}
      ]}"#,
    )
    .unwrap();
    let world = s.build().unwrap();
    let (usa, blr) = (
        world.government_by_code("USA").unwrap(),
        world.government_by_code("BLR").unwrap(),
    );
    let v = world.valuations();
    let named = world.prisoner_by_key("n").unwrap();
    // The prisoner's own value beats the tag entries.
    assert_eq!(v.prisoner(usa, named), 5.0);
    let pool = &world.pools()[0];
    let members: Vec<_> = pool.members().collect();
    assert_eq!(members.len(), 5);
    for &m in &members {
        // The later tag entry wins; the pool's own entry applies to every member.
        assert_eq!(v.prisoner(usa, m), 0.2);
        assert_eq!(v.prisoner(blr, m), -0.3);
    }
    let state = detente::model::State::initial(&world);
    assert_eq!(state.counts().held, 4);
    assert_eq!(state.counts().at_large, 2);
    assert_eq!(state.status(members[4]), PrisonerStatus::AtLarge);
}

#[test]
fn the_belarus_scenario_matches_its_sources() {
    let (s, world, _) = detente::scenario::load("examples/scenarios/belarus_2025.json").unwrap();
    // Viasna counted 1,265 political prisoners on 30 Dec 2024.
    let state = detente::model::State::initial(&world);
    assert_eq!(state.counts().held, 1265);
    assert!(s.sources.iter().any(|x| x.id == "viasna_2025"));
    // Statkevich refused exile in September 2025: a release abroad fails.
    let st = world
        .prisoner(world.prisoner_by_key("statkevich").unwrap())
        .unwrap();
    assert!(!st.accepts_exile);
    let eu = world.government_by_code("EU").unwrap();
    assert!(world.governments()[eu.index()].is_bloc());
}
