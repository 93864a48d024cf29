//! The look-ahead strategy plans with the explorer's backward induction:
//! on the discrete pie with the whole horizon in reach it reaches the
//! subgame-perfect agreement of the reference tables
//! (shared/anchors/reference_values.md, section 3), and it never agrees to
//! less than its reservation value.

use detente::negotiate::{
    LinearAdditive, Lookahead, Sao, Strategy, SubgamePerfect, TimeBased, Utility, domains,
};
use proptest::prelude::*;

/// (T, k*) for N = 10 and N = 100, d1 = 9/10, d2 = 4/5: the first proposer
/// keeps k* and the responder accepts at once.
const N10: [(usize, usize); 6] = [(1, 10), (2, 2), (3, 9), (4, 3), (5, 9), (6, 4)];
const N100: [(usize, usize); 6] = [(1, 100), (2, 20), (3, 92), (4, 34), (5, 86), (6, 44)];

fn planner(t: usize) -> Lookahead {
    // Every outcome a candidate and the whole horizon in reach: exact play.
    Lookahead::new()
        .with_horizon(t)
        .with_candidates(101)
        .with_depth(t)
}

#[test]
fn lookahead_reaches_the_subgame_perfect_agreement() {
    for (n, table) in [(10, &N10), (100, &N100)] {
        let (space, u1, u2) = domains::discrete_pie(n, 0.9, 0.8).unwrap();
        for &(t, k) in table.iter() {
            let (mut a, mut b) = (planner(t), planner(t));
            let r = Sao::with_rounds(t)
                .public_utilities(true)
                .run(&space, &[&u1, &u2], &mut [&mut a, &mut b])
                .unwrap();
            assert_eq!(
                (r.agreement.map(|o| o.index()), r.offers),
                (Some(k), 1),
                "N = {n}, T = {t}"
            );
            assert_eq!(a.truncated_searches() + b.truncated_searches(), 0);
        }
    }
}

#[test]
fn lookahead_and_the_closed_form_plan_agree_as_opponents() {
    // Each side of the game played by a different implementation: the
    // explorer-based planner against the direct backward induction.
    let (space, u1, u2) = domains::discrete_pie(10, 0.9, 0.8).unwrap();
    for &(t, k) in &N10 {
        let plan = std::sync::Arc::new(
            detente::negotiate::SpePlan::solve(&space, [&u1, &u2], t, true).unwrap(),
        );
        let mut a = planner(t);
        let mut b = SubgamePerfect::new(plan.clone());
        let r = Sao::with_rounds(t)
            .public_utilities(true)
            .run(&space, &[&u1, &u2], &mut [&mut a, &mut b])
            .unwrap();
        assert_eq!(
            (r.agreement.map(|o| o.index()), r.offers),
            (Some(k), 1),
            "T = {t}"
        );
        let mut a = SubgamePerfect::new(plan);
        let mut b = planner(t);
        let r = Sao::with_rounds(t)
            .public_utilities(true)
            .run(&space, &[&u1, &u2], &mut [&mut a, &mut b])
            .unwrap();
        assert_eq!(
            (r.agreement.map(|o| o.index()), r.offers),
            (Some(k), 1),
            "T = {t}"
        );
    }
}

#[test]
fn a_tiny_node_budget_is_reported_and_play_stays_legal() {
    let (space, u1, u2) = domains::negmas_instance(3, 7, 0).unwrap();
    let mut a = Lookahead::new().with_node_budget(1);
    let mut b = TimeBased::conceder();
    let r = Sao::new(20)
        .run(&space, &[&u1, &u2], &mut [&mut a, &mut b])
        .unwrap();
    assert!(a.truncated_searches() > 0);
    if let Some(o) = r.agreement {
        assert!(o.index() < space.cardinality());
    }
}

fn utility(values: Vec<Vec<f64>>, weights: Vec<f64>, reserved: f64) -> LinearAdditive {
    LinearAdditive::new(weights, values)
        .unwrap()
        .with_reserved(reserved)
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::common::proptest_cases(48)))]

    /// Whatever the opponent and the information, an agreement the
    /// look-ahead strategy is party to is worth at least its reservation
    /// (when some outcome is).
    #[test]
    fn never_agrees_below_its_reservation(
        va in proptest::collection::vec(proptest::collection::vec(0.0f64..1.0, 4), 2),
        vb in proptest::collection::vec(proptest::collection::vec(0.0f64..1.0, 4), 2),
        wa in proptest::collection::vec(0.1f64..1.0, 2),
        wb in proptest::collection::vec(0.1f64..1.0, 2),
        ra in 0.0f64..0.6,
        public in any::<bool>(),
        opponent in 0usize..3,
        steps in 1usize..12,
    ) {
        let space = detente::negotiate::OutcomeSpace::uniform(2, 4).unwrap();
        let ua = utility(va, wa, ra);
        let ub = utility(vb, wb, 0.0);
        // Some outcome must be worth the reservation, or no agreement can be.
        prop_assume!(space.outcomes().any(|o| ua.eval(o) >= ra));
        let mut a = Lookahead::new().with_depth(6);
        let mut b: Box<dyn Strategy> = match opponent {
            0 => Box::new(TimeBased::conceder()),
            1 => Box::new(TimeBased::boulware()),
            _ => Box::new(Lookahead::new().with_depth(4)),
        };
        let r = Sao::new(steps)
            .public_utilities(public)
            .run(&space, &[&ua, &ub], &mut [&mut a, &mut b])
            .unwrap();
        if let Some(o) = r.agreement {
            // The agreed round's discount is 1 here (no discounting).
            prop_assert!(ua.eval(o) >= ua.reserved_value() - 1e-12,
                "agreed {} < reservation {}", ua.eval(o), ua.reserved_value());
        }
    }
}
