//! The domain adapter: deal spaces built from a World negotiate real deals,
//! and their additive utilities equal the core's payoff deltas.

use detente::deal::DealMenu;
use detente::deal::UndoLog;
use detente::model::State;
use detente::negotiate::{DealSpace, Sao, TimeBased, Utility};
use detente::payoff;

fn check_additive(path: &str, demander: &str, holder: &str) -> usize {
    let (_, world, _) = detente::scenario::load(path).unwrap();
    let state = State::initial(&world);
    let d = world.government_by_code(demander).unwrap();
    let h = world.government_by_code(holder).unwrap();
    let ds = DealSpace::build(&world, &state, d, h, &DealMenu::default()).unwrap();
    let [ud, uh] = ds.utilities(&world, &state).unwrap();
    let mut scratch = state.clone();
    let (mut log, mut delta) = (UndoLog::new(), Vec::new());
    for o in ds.space().outcomes() {
        let deal = ds.deal(&world, &state, o);
        payoff::delta(&world, &mut scratch, &deal, &mut log, &mut delta);
        for (u, g) in [(&ud, d), (&uh, h)] {
            let want = delta[g.index()] / payoff::discount(&world, g, state.round());
            assert!(
                (u.eval(o) - want).abs() <= 1e-9 * (1.0 + want.abs()),
                "{path} {o:?}: {} vs {want}",
                u.eval(o)
            );
        }
        // The deal's concessions match the outcome's issue values.
        let releases = deal
            .concessions
            .iter()
            .filter(|c| c.kind.prisoner().is_some())
            .count();
        assert_eq!(
            releases.to_string(),
            ds.space().issues()[0].values[ds.space().value_of(o, 0)]
        );
    }
    assert_eq!(scratch, state, "apply/undo left the state unchanged");
    ds.space().cardinality()
}

#[test]
fn toy_world_utilities_are_the_payoff_deltas() {
    // release {0, 1} (three valued prisoners: batches 1 only), relief on s1
    // {none, licence, delist}, recognition {no change, call}.
    assert_eq!(
        check_additive("examples/scenarios/toy_bilateral.json", "A", "H"),
        2 * 3 * 2
    );
}

#[test]
fn belarus_world_utilities_are_the_payoff_deltas() {
    assert!(check_additive("examples/scenarios/belarus_2025.json", "USA", "BLR") > 4);
}

#[test]
fn time_based_parties_agree_on_a_real_deal() {
    let (_, world, rules) =
        detente::scenario::load("examples/scenarios/belarus_2025.json").unwrap();
    let state = State::initial(&world);
    let (usa, blr) = (
        world.government_by_code("USA").unwrap(),
        world.government_by_code("BLR").unwrap(),
    );
    let ds = DealSpace::build(&world, &state, usa, blr, &DealMenu::default()).unwrap();
    let [uu, ub] = ds.utilities(&world, &state).unwrap();
    let (mut a, mut b) = (TimeBased::linear(), TimeBased::conceder());
    let r = Sao::new(24)
        .run(ds.space(), &[&uu, &ub], &mut [&mut a, &mut b])
        .unwrap();
    if let Some(o) = r.agreement {
        // Time-based parties never go below their reservation values.
        assert!(uu.eval(o) >= uu.reserved_value() && ub.eval(o) >= ub.reserved_value());
        // The deal is well-formed: every id exists, so the rulebook judges it
        // on its merits (the runner's job) instead of rejecting unknown ids.
        let deal = ds.deal(&world, &state, o);
        let mut s = state.clone();
        if let Err(rej) = rules.check(&world, &mut s, &deal, &mut UndoLog::new(), &mut Vec::new()) {
            assert!(!format!("{rej:?}").contains("Unknown"), "{rej:?}");
        }
    }
    assert!(r.steps <= 24);
}
