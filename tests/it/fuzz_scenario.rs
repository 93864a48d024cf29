//! Proptest fuzzing of scenario loading, bounded to a few seconds in debug
//! builds (the long runs are the libFuzzer targets in `fuzz/`): random text,
//! byte-level mutations of valid files, and structural mutations (a value
//! anywhere in the document replaced by something of another type or an
//! extreme number). Loading must never panic, and anything accepted must be
//! a valid world: every number in range, and a JSON round trip that changes
//! nothing.

use detente::scenario::{Limits, Scenario};
use proptest::prelude::*;
use serde_json::Value;

const BELARUS: &str = include_str!("../../examples/scenarios/belarus_2025.json");
const MINI: &str = include_str!("../bad_inputs/deals/world.json");
const MINI_TOML: &str = r#"name = "mini"
[[governments]]
id = "USA"
[[governments]]
id = "BLR"
discount = 0.98
[[pools]]
id = "political"
count = 10
held_by = "BLR"
valued_by = { USA = 0.1 }
[[sanctions]]
id = "potash"
imposer = "USA"
target = "BLR"
relief = [{ kind = "licence", value_fraction = 0.6 }]
valued_by = { BLR = 40.0 }
"#;

fn small() -> Limits {
    Limits {
        max_prisoners: 50_000,
        memory_budget: 32 << 20,
        ..Limits::default()
    }
}

/// Loads `s` fully; if it is accepted, checks what was accepted.
fn load_and_check(s: Result<Scenario, detente::scenario::ScenarioErrors>) {
    let Ok(scenario) = s else { return };
    let Ok(world) = scenario.build_with(&small()) else {
        return;
    };
    for g in world.governments() {
        assert!(
            g.discount > 0.0 && g.discount <= 1.0,
            "accepted discount {}",
            g.discount
        );
        assert!(g.audience_cost.is_finite() && g.reservation.is_finite());
    }
    for p in world.prisoners() {
        assert!((0.0..=1.0).contains(&p.health_hazard));
    }
    for s in world.sanctions() {
        assert!(s.cost_to_target.is_finite() && s.cost_to_imposer.is_finite());
        assert!(s.frozen_funds.is_finite() && s.frozen_funds >= 0.0);
        for r in s.relief.iter() {
            assert!(r.value_fraction > 0.0 && r.value_fraction <= 1.0);
        }
    }
    let v = world.valuations();
    for i in 0..world.prisoners().len() {
        assert!(v.prisoners.row(i).iter().all(|e| e.1.is_finite()));
    }
    let again = Scenario::from_json_str(&scenario.to_json_string())
        .expect("an accepted scenario reparses from its own JSON");
    assert_eq!(again, scenario);
}

/// A byte-level mutation of `text`, kept on a char boundary.
pub(crate) fn mutate(text: &str, op: u8, at: usize, len: usize, insert: &str) -> String {
    let cut = |i: usize| {
        let mut i = i % (text.len() + 1);
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let a = cut(at);
    let b = cut(at.saturating_add(len)).max(a);
    match op % 5 {
        0 => text[..a].to_string(),                                  // truncate
        1 => format!("{}{}", &text[..a], &text[b..]),                // delete a range
        2 => format!("{}{insert}{}", &text[..a], &text[a..]),        // insert a token
        3 => format!("{}{insert}{}", &text[..a], &text[b..]),        // replace a range
        _ => format!("{}{}{}", &text[..b], &text[a..b], &text[b..]), // duplicate a range
    }
}

pub(crate) fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("{".to_string()),
        Just("}".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just(",".to_string()),
        Just(":".to_string()),
        Just("\"".to_string()),
        Just("null".to_string()),
        Just("-1".to_string()),
        Just("1e999".to_string()),
        Just("4294967296".to_string()),
        Just("nan".to_string()),
        Just("-inf".to_string()),
        Just("\"BLR\"".to_string()),
        Just("\"EU\"".to_string()),
        Just("=".to_string()),
        Just("\n[[pools]]\n".to_string()),
        "[ -~]{0,8}",
    ]
}

/// A replacement value for structural mutation: other types and extremes.
pub(crate) fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        prop_oneof![
            Just(0.0),
            Just(-0.0),
            Just(1.0),
            Just(-1.0),
            Just(1e308),
            Just(-1e308),
            Just(f64::MIN_POSITIVE),
            Just(1.0 + f64::EPSILON),
            any::<f64>().prop_filter("finite", |x| x.is_finite()),
        ]
        .prop_map(Value::from),
        prop_oneof![
            Just("USA"),
            Just("BLR"),
            Just("EU"),
            Just("LTU"),
            Just("znak"),
            Just("political"),
            Just("potash"),
            Just(""),
        ]
        .prop_map(Value::from),
        Just(Value::Array(vec![])),
        Just(serde_json::json!({})),
        Just(serde_json::json!([{"id": "EU"}])),
    ]
}

/// Replaces the `k`-th node (pre-order) of `doc` by `with`.
pub(crate) fn replace_nth(doc: &mut Value, k: &mut usize, with: &Value) -> bool {
    if *k == 0 {
        *doc = with.clone();
        return true;
    }
    *k -= 1;
    match doc {
        Value::Array(a) => a.iter_mut().any(|x| replace_nth(x, k, with)),
        Value::Object(o) => o.values_mut().any(|x| replace_nth(x, k, with)),
        _ => false,
    }
}

/// Removes a key of the `k`-th object (pre-order), if it has any.
pub(crate) fn remove_nth_key(doc: &mut Value, k: &mut usize, key: usize) -> bool {
    match doc {
        Value::Object(o) => {
            if *k == 0 && !o.is_empty() {
                let name = o.keys().nth(key % o.len()).cloned().unwrap();
                o.remove(&name);
                return true;
            }
            *k = k.saturating_sub(1);
            o.values_mut().any(|x| remove_nth_key(x, k, key))
        }
        Value::Array(a) => a.iter_mut().any(|x| remove_nth_key(x, k, key)),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::common::proptest_cases(256), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(s in "\\PC{0,200}") {
        load_and_check(Scenario::from_json_str(&s));
        load_and_check(Scenario::from_toml_str(&s));
    }

    #[test]
    fn mutated_json_never_panics(op in any::<u8>(), at in any::<usize>(), len in 0usize..64, insert in token(), big in any::<bool>()) {
        let base = if big { BELARUS } else { MINI };
        load_and_check(Scenario::from_json_str(&mutate(base, op, at, len, &insert)));
    }

    #[test]
    fn mutated_toml_never_panics(op in any::<u8>(), at in any::<usize>(), len in 0usize..32, insert in token()) {
        load_and_check(Scenario::from_toml_str(&mutate(MINI_TOML, op, at, len, &insert)));
    }

    #[test]
    fn structurally_mutated_json_is_refused_or_valid(k in 0usize..400, with in value(), drop in any::<bool>(), key in any::<usize>(), big in any::<bool>()) {
        let mut doc: Value = serde_json::from_str(if big { BELARUS } else { MINI }).unwrap();
        let mut k = k;
        if drop {
            remove_nth_key(&mut doc, &mut k, key);
        } else {
            replace_nth(&mut doc, &mut k, &with);
        }
        load_and_check(Scenario::from_json_str(&doc.to_string()));
    }
}

#[test]
fn the_mutation_bases_are_valid() {
    for (name, s) in [
        ("belarus", Scenario::from_json_str(BELARUS)),
        ("mini", Scenario::from_json_str(MINI)),
        ("mini toml", Scenario::from_toml_str(MINI_TOML)),
    ] {
        let s = s.unwrap_or_else(|e| panic!("{name}: {e}"));
        s.build_with(&small())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}
