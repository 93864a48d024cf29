//! Backward induction on discrete alternating-offers bargaining against the
//! tables and closed forms of shared/anchors/reference_values.md (sections
//! 2 and 3): exact integers in payoff units, no tolerance.

use detente::Budget;
use detente::explore::{
    BargainAction, Bargaining, BiConfig, Ratio, backward_induction, count_sequences,
};

const D1: Ratio = Ratio::new(9, 10);
const D2: Ratio = Ratio::new(4, 5);
const NO_BREAKDOWN: Ratio = Ratio::new(0, 1);

/// (T, N, first keep, P1 payoff num/den, P2 payoff num/den), section 3.
type Row = (u32, u32, u32, (u64, u64), (u64, u64));

const TABLE: [Row; 12] = [
    (1, 10, 10, (1, 1), (0, 1)),
    (2, 10, 2, (1, 5), (4, 5)),
    (3, 10, 9, (9, 10), (1, 10)),
    (4, 10, 3, (3, 10), (7, 10)),
    (5, 10, 9, (9, 10), (1, 10)),
    (6, 10, 4, (2, 5), (3, 5)),
    (1, 100, 100, (1, 1), (0, 1)),
    (2, 100, 20, (1, 5), (4, 5)),
    (3, 100, 92, (23, 25), (2, 25)),
    (4, 100, 34, (17, 50), (33, 50)),
    (5, 100, 86, (43, 50), (7, 50)),
    (6, 100, 44, (11, 25), (14, 25)),
];

/// `value / scale == num / den`, checked in integers.
fn is_fraction(value: f64, scale: f64, (num, den): (u64, u64)) -> bool {
    assert_eq!(value.fract(), 0.0, "payoff {value} is not an exact integer");
    value as u128 * den as u128 == num as u128 * scale as u128
}

#[test]
fn subgame_perfect_first_offers_and_payoffs_match_the_table() {
    for (t, n, keep, p1, p2) in TABLE {
        let mut g = Bargaining::new(n, t, D1, D2, NO_BREAKDOWN).unwrap();
        assert!(g.is_exact());
        for transpositions in [true, false] {
            // Without merging, the tree has about (2(N+1))^T nodes: walk it
            // only where that stays small (N = 10 up to T = 5: 531,466).
            if !transpositions && (n > 10 && t > 2 || t > 5) {
                continue;
            }
            let cfg = BiConfig {
                transpositions,
                ..BiConfig::default()
            };
            let r = backward_induction(&mut g, &cfg);
            assert!(r.exhausted());
            assert_eq!(
                r.line,
                [BargainAction::Keep(keep), BargainAction::Accept],
                "T={t} N={n}"
            );
            let v = r.value.unwrap();
            let s = g.payoff_scale();
            assert!(
                is_fraction(v[0], s, p1),
                "T={t} N={n}: P1 {} != {p1:?}",
                v[0] / s
            );
            assert!(
                is_fraction(v[1], s, p2),
                "T={t} N={n}: P2 {} != {p2:?}",
                v[1] / s
            );
        }
    }
}

#[test]
fn tree_sizes_match_the_gambit_trees() {
    // Section 3: nodes including terminals, N = 10.
    for (t, nodes) in [(3, 4_390), (4, 48_313), (5, 531_466)] {
        let mut g = Bargaining::new(10, t, D1, D2, NO_BREAKDOWN).unwrap();
        let p = count_sequences(&mut g, 2 * t as usize);
        assert_eq!(p.nodes, nodes);
        let cfg = BiConfig {
            transpositions: false,
            ..BiConfig::default()
        };
        assert_eq!(backward_induction(&mut g, &cfg).nodes, nodes);
    }
}

#[test]
fn first_offer_approaches_the_continuous_finite_horizon_share() {
    // x_T from section 2 for d = (9/10, 4/5) as exact fractions.
    let x = [
        (1.0, 1.0),
        (1.0, 5.0),
        (23.0, 25.0),
        (43.0, 125.0),
        (539.0, 625.0),
        (1399.0, 3125.0),
    ];
    for (i, &(num, den)) in x.iter().enumerate() {
        let t = i as u32 + 1;
        let xt = num / den;
        let mut prev_err = f64::INFINITY;
        for n in [10, 100, 1_000, 10_000] {
            let mut g = Bargaining::new(n, t, D1, D2, NO_BREAKDOWN).unwrap();
            let r = backward_induction(&mut g, &BiConfig::default());
            let BargainAction::Keep(k) = r.line[0] else {
                panic!("first move is an offer")
            };
            let err = (f64::from(k) / f64::from(n) - xt).abs();
            // Each round's best offer is within one unit of the continuous
            // one, and errors add up over at most T rounds.
            assert!(
                err <= f64::from(t) / f64::from(n) + 1e-12,
                "T={t} N={n} err={err}"
            );
            prev_err = prev_err.min(err);
        }
        assert!(prev_err <= 1e-3, "T={t}: {prev_err}");
    }
}

#[test]
fn first_offer_approaches_rubinstein_as_the_horizon_grows() {
    let x_star = (1.0 - 0.8) / (1.0 - 0.9 * 0.8); // 5/7
    let n = 10_000;
    let mut errs = Vec::new();
    for t in [10u32, 20, 40, 60] {
        let mut g = Bargaining::new(n, t, D1, D2, NO_BREAKDOWN).unwrap();
        let cfg = BiConfig {
            tie_tolerance: 1e-12,
            ..BiConfig::default()
        };
        let r = backward_induction(&mut g, &cfg);
        let BargainAction::Keep(k) = r.line[0] else {
            panic!("first move is an offer")
        };
        let err = (f64::from(k) / f64::from(n) - x_star).abs();
        // Continuous gap (d1 d2)^floor(T/2) plus the discretisation bound.
        let bound = 0.72f64.powi(t as i32 / 2) + f64::from(t) / f64::from(n);
        assert!(err <= bound, "T={t}: err {err} > {bound}");
        errs.push(err);
    }
    assert!(errs[3] < 2e-3 && errs[3] < errs[0], "{errs:?}");
}

#[test]
fn search_leaves_the_state_unchanged() {
    let mut g = Bargaining::new(10, 4, D1, D2, NO_BREAKDOWN).unwrap();
    let before = g.clone();
    for transpositions in [true, false] {
        let cfg = BiConfig {
            transpositions,
            ..BiConfig::default()
        };
        backward_induction(&mut g, &cfg);
        assert_eq!(g, before);
    }
    count_sequences(&mut g, 8);
    assert_eq!(g, before);
}

#[test]
fn a_node_budget_returns_the_best_so_far_with_the_flag() {
    let mut g = Bargaining::new(10, 5, D1, D2, NO_BREAKDOWN).unwrap();
    let before = g.clone();
    let cfg = BiConfig {
        transpositions: false,
        budget: Budget::unlimited().with_nodes(10_000),
        ..BiConfig::default()
    };
    let r = backward_induction(&mut g, &cfg);
    assert!(r.truncated);
    assert_eq!(r.nodes, 10_000);
    // Only offers Keep(10) and part of Keep(9)'s subtree were seen: the
    // best found is a legal, accepted offer.
    assert!(matches!(
        r.line[0],
        BargainAction::Keep(10) | BargainAction::Keep(9)
    ));
    assert!(r.value.is_some());
    assert_eq!(g, before);
}

#[test]
fn bad_parameters_are_errors() {
    assert!(Bargaining::new(0, 3, D1, D2, NO_BREAKDOWN).is_err());
    assert!(Bargaining::new(10, 0, D1, D2, NO_BREAKDOWN).is_err());
    assert!(Bargaining::new(10, 3, Ratio::new(0, 1), D2, NO_BREAKDOWN).is_err());
    assert!(Bargaining::new(10, 3, D1, Ratio::new(3, 2), NO_BREAKDOWN).is_err());
    assert!(Bargaining::new(10, 3, D1, D2, Ratio::new(1, 1)).is_err());
    assert!(Bargaining::new(10, 3, D1, D2, Ratio::new(1, 0)).is_err());
}
