//! Discrete-pie alternating offers: subgame-perfect strategies reach the
//! agreement backward induction predicts (shared/anchors/reference_values.md,
//! section 3: d1 = 9/10, d2 = 4/5; tie rule: responder accepts when
//! indifferent, proposer maximises own then other's payoff, then the first
//! action in the order keep N..0).

use std::sync::Arc;

use detente::negotiate::{Sao, SpePlan, SubgamePerfect, Utility, domains};

/// (T, k*, P1 payoff, P2 payoff) for N = 10.
const N10: [(usize, usize, f64, f64); 6] = [
    (1, 10, 1.0, 0.0),
    (2, 2, 0.2, 0.8),
    (3, 9, 0.9, 0.1),
    (4, 3, 0.3, 0.7),
    (5, 9, 0.9, 0.1),
    (6, 4, 0.4, 0.6),
];
/// (T, k*, P1 payoff, P2 payoff) for N = 100.
const N100: [(usize, usize, f64, f64); 6] = [
    (1, 100, 1.0, 0.0),
    (2, 20, 0.2, 0.8),
    (3, 92, 23.0 / 25.0, 2.0 / 25.0),
    (4, 34, 17.0 / 50.0, 33.0 / 50.0),
    (5, 86, 43.0 / 50.0, 7.0 / 50.0),
    (6, 44, 11.0 / 25.0, 14.0 / 25.0),
];

#[test]
fn spe_strategies_reach_backward_induction_agreement() {
    for (n, table) in [(10, &N10), (100, &N100)] {
        let (space, u1, u2) = domains::discrete_pie(n, 0.9, 0.8).unwrap();
        for &(t, k, p1, p2) in table.iter() {
            let plan = Arc::new(SpePlan::solve(&space, [&u1, &u2], t, true).unwrap());
            let (mut a, mut b) = (
                SubgamePerfect::new(plan.clone()),
                SubgamePerfect::new(plan.clone()),
            );
            let r = Sao::with_rounds(t)
                .run(&space, &[&u1, &u2], &mut [&mut a, &mut b])
                .unwrap();
            let o = r.agreement.expect("SPE agreement is immediate");
            assert_eq!((o.index(), r.offers), (k, 1), "N = {n}, T = {t}");
            // Agreed in round 0: undiscounted payoffs are the SPE payoffs.
            assert!(
                (u1.eval(o) - p1).abs() < 1e-12 && (u2.eval(o) - p2).abs() < 1e-12,
                "N = {n}, T = {t}"
            );
            let v = plan.value(0);
            assert!((v[0] - p1).abs() < 1e-12 && (v[1] - p2).abs() < 1e-12);
        }
    }
}

#[test]
fn continuous_limit_is_approached() {
    // Finite-horizon continuous shares x_T (reference section 2) bound the
    // discrete answer within a grid step or two for N = 100.
    let x = [1.0, 0.2, 0.92, 0.344, 0.8624, 0.44768];
    let (space, u1, u2) = domains::discrete_pie(100, 0.9, 0.8).unwrap();
    for (t, &xt) in x.iter().enumerate() {
        let plan = SpePlan::solve(&space, [&u1, &u2], t + 1, true).unwrap();
        assert!(
            (plan.proposal(0).index() as f64 / 100.0 - xt).abs() <= 0.02,
            "T = {}",
            t + 1
        );
    }
}
