//! Property: any scenario value serializes to JSON and TOML and parses back
//! equal (valid or not: round-tripping must not depend on validity).

use detente::model::{Authority, GovernmentKind, ReliefKind};
use detente::rules::Rule;
use detente::scenario::*;
use proptest::prelude::*;
use std::collections::BTreeMap;

fn code() -> impl Strategy<Value = String> {
    "[A-Z]{2,3}"
}

fn num() -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), Just(1.0), -1e6f64..1e6, 0.0f64..1.0]
}

fn valued() -> impl Strategy<Value = BTreeMap<String, f64>> {
    prop::collection::btree_map(code(), num(), 0..3)
}

fn government() -> impl Strategy<Value = GovernmentEntry> {
    (
        code(),
        any::<bool>(),
        prop::collection::vec(code(), 0..3),
        num(),
        num(),
        any::<bool>(),
        "[a-z ]{0,12}",
    )
        .prop_map(
            |(id, bloc, members, discount, cost, exiles, note)| GovernmentEntry {
                name: format!("{id} name"),
                id,
                kind: if bloc {
                    GovernmentKind::Bloc
                } else {
                    GovernmentKind::State
                },
                members,
                discount,
                audience_cost: cost,
                reservation: 0.0,
                accepts_exiles: exiles,
                mediates: Vec::new(),
                note,
                sources: Vec::new(),
            },
        )
}

fn prisoner() -> impl Strategy<Value = PrisonerEntry> {
    (
        "[a-z]{1,8}",
        prop::option::of("[A-Za-z ]{1,12}"),
        code(),
        prop::collection::vec("[a-z_]{1,8}", 0..3),
        prop::option::of(0u32..500),
        num(),
        any::<bool>(),
        prop::option::of(code()),
        valued(),
    )
        .prop_map(
            |(id, name, held_by, tags, sentence, hazard, exile, to, valued_by)| PrisonerEntry {
                id,
                name,
                held_by,
                on_behalf_of: None,
                citizenship: Vec::new(),
                tags,
                sentence_rounds: sentence,
                health_hazard: hazard,
                accepts_exile: exile,
                dependants: Vec::new(),
                release_to: to,
                valued_by,
                note: String::new(),
                sources: Vec::new(),
            },
        )
}

fn pool() -> impl Strategy<Value = PoolEntry> {
    ("[a-z]{1,8}", 0u32..5000, 0u32..100, code(), valued()).prop_map(
        |(id, count, reserve, held_by, valued_by)| PoolEntry {
            id,
            count,
            reserve,
            held_by,
            on_behalf_of: None,
            citizenship: vec!["XX".into()],
            tags: vec!["political".into()],
            sentence_rounds: Some(48),
            health_hazard: 0.001,
            accepts_exile: true,
            dependants: vec!["child".into()],
            release_to: None,
            valued_by,
            note: "n".into(),
            sources: Vec::new(),
        },
    )
}

fn sanction() -> impl Strategy<Value = SanctionEntry> {
    (
        "[a-z_]{1,8}",
        code(),
        code(),
        num(),
        0u8..3,
        prop::collection::vec((0u8..5, num(), prop::option::of(1u32..12)), 0..4),
        valued(),
    )
        .prop_map(
            |(id, imposer, target, cost, auth, relief, valued_by)| SanctionEntry {
                id,
                name: String::new(),
                imposer,
                target,
                sector: "potash".into(),
                cost_to_target: cost,
                cost_to_imposer: 0.0,
                authority: match auth {
                    0 => Authority::Executive,
                    1 => Authority::Legislative {
                        approval_probability: 0.25,
                    },
                    _ => Authority::Unanimity,
                },
                relief: relief
                    .into_iter()
                    .map(|(k, f, m)| ReliefEntry {
                        kind: [
                            ReliefKind::Licence,
                            ReliefKind::Delist,
                            ReliefKind::Suspend,
                            ReliefKind::Ease,
                            ReliefKind::Unfreeze,
                        ][k as usize],
                        value_fraction: f,
                        max_rounds: m,
                    })
                    .collect(),
                frozen_funds: 0.0,
                valued_by,
                note: String::new(),
                sources: Vec::new(),
            },
        )
}

fn valuation() -> impl Strategy<Value = ValuationEntry> {
    (code(), num(), 0u8..4, "[a-z]{1,6}").prop_map(|(by, value, which, key)| ValuationEntry {
        by: by.clone(),
        value,
        prisoner: (which == 0).then(|| key.clone()),
        pool: None,
        tag: (which == 1).then(|| key.clone()),
        held_by: (which == 1).then(|| by.clone()),
        sanction: None,
        recognition_from: (which == 2).then(|| key.to_uppercase()),
        recognition_to: None,
        funds: which == 3,
        note: String::new(),
        sources: Vec::new(),
    })
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        "[a-z_]{1,10}",
        prop::collection::vec(government(), 1..5),
        prop::collection::vec(prisoner(), 0..5),
        prop::collection::vec(pool(), 0..3),
        prop::collection::vec(sanction(), 0..3),
        prop::collection::vec(valuation(), 0..4),
        prop::option::of(2usize..6),
    )
        .prop_map(
            |(name, governments, prisoners, pools, sanctions, valuations, max)| Scenario {
                name,
                description: "random".into(),
                round: Some("month".into()),
                sources: vec![Source {
                    id: "s".into(),
                    title: "t".into(),
                    url: None,
                }],
                governments,
                prisoners,
                pools,
                families: Vec::new(),
                dependants: Vec::new(),
                sanctions,
                valuations,
                demands: vec![],
                alliances: Vec::new(),
                favours: Vec::new(),
                rules: match max {
                    Some(max) => vec![Rule::HolderReleases, Rule::MaxParties { max }],
                    None => Rule::all(),
                },
                dynamics: None,
                record: None,
                calibration: None,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::common::proptest_cases(256)))]

    #[test]
    fn scenarios_round_trip(s in scenario()) {
        let json = s.to_json_string();
        prop_assert_eq!(&Scenario::from_json_str(&json).unwrap(), &s);
        let toml_text = toml::to_string(&s).unwrap();
        prop_assert_eq!(&Scenario::from_toml_str(&toml_text).unwrap(), &s);
        // Building never panics, whatever the validity.
        let _ = s.build();
    }
}
