//! Alliance weights and favours, worked by hand: a three-party swap among
//! allies (`examples/scenarios/allies_swap.json`, whose description works
//! the numbers), a favour that makes a one-way release rational, and the
//! rule that alliance weights never compound through chains.

use crate::common;
use detente::deal::{Deal, UndoLog};
use detente::mediator::{PackageOptions, best_package};
use detente::model::{
    FavourId, FavourSpec, GovernmentId, GovernmentSpec, PrisonerSpec, State, World, WorldBuilder,
};
use detente::negotiate::{DealSpace, Utility};
use detente::rules::{Rulebook, ViolationKind};
use detente::scenario::{Scenario, shipped, shipped_file};
use detente::simulate::Simulation;
use proptest::prelude::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

/// The swap of the shipped scenario: reporter to the US, hacker and officer
/// to Russia, the US's credit to Poland.
fn swap(world: &World) -> Deal {
    let g = |c| world.government_by_code(c).unwrap();
    let p = |k| world.prisoner_by_key(k).unwrap();
    let (usa, pol, rus) = (g("USA"), g("POL"), g("RUS"));
    Deal::new()
        .release(rus, usa, p("reporter"), usa)
        .release(usa, rus, p("hacker"), rus)
        .release(pol, rus, p("officer"), rus)
        .favour(usa, pol, world.favour_by_key("pol_credit").unwrap())
}

fn check(
    world: &World,
    rules: &Rulebook,
    deal: &Deal,
) -> (Result<(), Vec<ViolationKind>>, Vec<f64>) {
    let mut state = State::initial(world);
    let mut delta = Vec::new();
    let r = rules.check(world, &mut state, deal, &mut UndoLog::new(), &mut delta);
    let r = r.map_err(|e| e.violations.into_iter().map(|v| v.kind).collect());
    (r, delta)
}

#[test]
fn the_swap_among_allies_is_legal_and_poland_gains_only_through_its_weight() {
    let (_, world, rules) = shipped("allies_swap").unwrap();
    let (result, delta) = check(&world, &rules, &swap(&world));
    assert_eq!(result, Ok(()));
    let g = |c| world.government_by_code(c).unwrap().index();
    // Russia -2 + 1 + 6; the US 10 - 1 - 0.2; Poland -2 + 0.5 + 0.3 x 8.8.
    assert!(close(delta[g("RUS")], 5.0), "{delta:?}");
    assert!(close(delta[g("USA")], 8.8), "{delta:?}");
    assert!(close(delta[g("POL")], 1.14), "{delta:?}");
}

#[test]
fn without_the_weight_the_swap_is_refused_on_polands_individual_rationality() {
    let text = shipped_file("allies_swap").unwrap().text;
    let mut scenario = Scenario::from_json_str(text).unwrap();
    scenario.alliances.clear();
    let world = scenario.build().unwrap();
    let (result, delta) = check(&world, &scenario.rulebook(), &swap(&world));
    let pol = world.government_by_code("POL").unwrap();
    assert!(close(delta[pol.index()], -1.5), "{delta:?}");
    match result {
        Err(kinds) => assert_eq!(
            kinds,
            [ViolationKind::NotRational {
                party: pol,
                delta: delta[pol.index()],
                reservation: 0.0
            }]
        ),
        Ok(()) => panic!("the swap passed without the alliance weight"),
    }
}

/// The package search leaves the hacker out: his release is worth +1 to
/// Russia and -1 to the US, nothing in total, and costs Poland 0.3 of the
/// US's -1. Without him: Russia -2 + 6 = 4, the US 10 - 0.2 = 9.8, Poland
/// -2 + 0.5 + 0.3 x 9.8 = 1.44, a surplus of 15.24 (14.94 with him). The
/// credit stays in: without it Poland would receive nothing (reciprocity).
#[test]
fn the_package_search_finds_the_swap_among_allies_without_the_hacker() {
    let (_, world, rules) = shipped("allies_swap").unwrap();
    let state = State::initial(&world);
    let found = best_package(&world, &state, &rules, &PackageOptions::default());
    let package = found.package().expect("the swap is individually rational");
    let key = |c: &detente::deal::Concession| format!("{c:?}");
    let mut got = package.deal.concessions.clone();
    let hacker = world.prisoner_by_key("hacker").unwrap();
    let mut want = swap(&world).concessions;
    want.retain(|c| c.kind.prisoner() != Some(hacker));
    got.sort_by_key(key);
    want.sort_by_key(key);
    assert_eq!(got, want);
    assert!(close(package.surplus, 15.24), "{}", package.surplus);
    let g = |c| world.government_by_code(c).unwrap().index();
    assert!(close(package.delta[g("POL")], 1.44), "{:?}", package.delta);
}

/// The US wants `x`, whom Belarus holds and values at -1; the US can give
/// nothing but a credit worth 1.5 to Belarus that costs it 0.5.
const FAVOUR_WORLD: &str = r#"{
  "name": "favour",
  "governments": [{"id": "USA"}, {"id": "BLR"}],
  "prisoners": [{"id": "x", "held_by": "BLR", "citizenship": ["USA"], "valued_by": {"USA": 5.0, "BLR": -1.0}}],
  "favours": [{"id": "credit", "from": "USA", "to": "BLR", "value": 1.5, "cost": 0.5}],
  "dynamics": {"rounds": 4, "negotiation": {"batches": [1]}}
}"#;

fn favour_world() -> (Scenario, World, GovernmentId, GovernmentId) {
    let scenario = Scenario::from_json_str(FAVOUR_WORLD).unwrap();
    let world = scenario.build().unwrap();
    let usa = world.government_by_code("USA").unwrap();
    let blr = world.government_by_code("BLR").unwrap();
    (scenario, world, usa, blr)
}

#[test]
fn a_favour_makes_a_one_way_release_rational() {
    let (scenario, world, usa, blr) = favour_world();
    let rules = scenario.rulebook();
    let x = world.prisoner_by_key("x").unwrap();
    let credit = world.favour_by_key("credit").unwrap();
    let one_way = Deal::new().release(blr, usa, x, usa);
    let (result, _) = check(&world, &rules, &one_way);
    let kinds = result.unwrap_err();
    assert!(kinds.contains(&ViolationKind::NotRational {
        party: blr,
        delta: -1.0,
        reservation: 0.0
    }));
    let paid = one_way.clone().favour(usa, blr, credit);
    let (result, delta) = check(&world, &rules, &paid);
    assert_eq!(result, Ok(()));
    assert_eq!(delta, [4.5, 0.5]);
    assert_eq!(
        paid.describe(&world),
        "BLR releases x to USA; USA gives BLR favour credit"
    );
    // Only the US gives it, only to Belarus, and only once.
    let (result, _) = check(&world, &rules, &one_way.clone().favour(blr, usa, credit));
    assert!(
        result
            .unwrap_err()
            .iter()
            .any(|k| matches!(k, ViolationKind::FavourParties { .. }))
    );
    let twice = paid.clone().favour(usa, blr, credit);
    let (result, _) = check(&world, &rules, &twice);
    assert_eq!(
        result.unwrap_err(),
        [ViolationKind::FavourGiven { favour: credit }]
    );
}

#[test]
fn a_favour_is_given_once_and_undone_exactly() {
    let (_, world, usa, blr) = favour_world();
    let credit = world.favour_by_key("credit").unwrap();
    let mut state = State::initial(&world);
    let before = state.clone();
    let mut log = UndoLog::new();
    let mut delta = Vec::new();
    let deal = Deal::new().favour(usa, blr, credit);
    detente::payoff::apply_with_delta(&world, &mut state, &deal, &mut log, &mut delta);
    assert!(state.favour_given(credit));
    assert_eq!(delta, [-0.5, 1.5]);
    let mut levels = Vec::new();
    detente::payoff::levels(&world, &state, &mut levels);
    assert_eq!(levels, [-0.5, 1.5]);
    assert_ne!(state.fingerprint(), before.fingerprint());
    // Giving it again changes nothing.
    detente::payoff::apply_with_delta(&world, &mut state, &deal, &mut log, &mut delta);
    assert_eq!(delta, [0.0, 0.0]);
    state.undo(&mut log);
    state.undo(&mut log);
    assert_eq!(state, before);
    assert!(!state.favour_given(FavourId(7)));
}

#[test]
fn the_pair_deal_space_and_the_simulator_offer_a_favour_for_a_release() {
    let (scenario, world, usa, blr) = favour_world();
    let state = State::initial(&world);
    let menu = detente::deal::DealMenu {
        batches: vec![1],
        ..Default::default()
    };
    let space = DealSpace::build(&world, &state, usa, blr, &menu).unwrap();
    let names: Vec<&str> = space
        .space()
        .issues()
        .iter()
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(names, ["release", "favour:credit", "recognition"]);
    let [ud, uh] = space.utilities(&world, &state).unwrap();
    let o = space.space().encode(&[1, 1, 0]).unwrap();
    assert_eq!([ud.eval(o), uh.eval(o)], [4.5, 0.5]);
    let deal = space.deal(&world, &state, o);
    assert_eq!(
        deal.describe(&world),
        "USA gives BLR favour credit; BLR releases x to USA"
    );
    // The simulator forms the pair on the favour alone and offers the same deals.
    let sim = Simulation::from_scenario(&scenario).unwrap();
    let deals = sim
        .opening_deals(usa, blr)
        .expect("a pair forms where the holder values only a favour");
    assert!(
        deals.iter().any(|d| d.concessions == deal.concessions),
        "{deals:?}"
    );
}

/// A chain: `A` shares `w_ab` of `B`'s gains, `B` shares `w_bc` of `C`'s.
fn chain(w_ab: f64, w_bc: f64, values: [f64; 3]) -> (World, Deal) {
    let mut b = WorldBuilder::new("chain");
    let ids: Vec<GovernmentId> = ["A", "B", "C", "H"]
        .iter()
        .map(|c| b.government(GovernmentSpec::new(c)).unwrap())
        .collect();
    let p = b.prisoner(PrisonerSpec::new("p", ids[3], ids[2])).unwrap();
    for (g, v) in ids.iter().zip(values) {
        b.value_prisoner(*g, p, v).unwrap();
    }
    b.alliance(ids[0], ids[1], w_ab).unwrap();
    b.alliance(ids[1], ids[2], w_bc).unwrap();
    b.favour(FavourSpec::new("thanks", ids[2], ids[3], 1.0))
        .unwrap();
    let deal = Deal::new().release(ids[3], ids[2], p, ids[2]);
    (b.build().unwrap(), deal)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::proptest_cases(64)))]

    /// A's payoff change is its own material change plus its weight times
    /// B's material change, whatever B's weight on C: nothing compounds.
    #[test]
    fn alliance_weights_never_compound(
        w_ab in -2.0f64..2.0,
        w_bc in -2.0f64..2.0,
        other_w_bc in -2.0f64..2.0,
        values in prop::array::uniform3(-10.0f64..10.0),
    ) {
        let mut deltas = Vec::new();
        for w in [w_bc, other_w_bc] {
            let (world, deal) = chain(w_ab, w, values);
            let mut state = State::initial(&world);
            let mut delta = Vec::new();
            detente::payoff::delta(&world, &mut state, &deal, &mut UndoLog::new(), &mut delta);
            prop_assert_eq!(delta[0], values[0] + w_ab * values[1]);
            prop_assert_eq!(delta[1], values[1] + w * values[2]);
            prop_assert_eq!(delta[2], values[2]);
            deltas.push(delta[0]);
        }
        prop_assert_eq!(deltas[0], deltas[1]);
    }
}
