//! Property tests of the generic negotiation layer.

use detente::negotiate::{
    FrequencyModel, Issue, LinearAdditive, OutcomeIndex, OutcomeSpace, RandomStrategy, Sao,
    Strategy as Negotiator, TimeBased, TitForTat, Utility,
};
use proptest::prelude::*;

/// Issue cardinalities, weights of A and B, flattened value tables of A and B.
type Case = (Vec<usize>, Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>);

fn space_and_utils() -> impl Strategy<Value = Case> {
    prop::collection::vec(1usize..6, 1..4).prop_flat_map(|cards| {
        let total: usize = cards.iter().sum();
        let n = cards.len();
        (
            Just(cards),
            prop::collection::vec(0.01f64..1.0, n),
            prop::collection::vec(0.01f64..1.0, n),
            prop::collection::vec(0.0f64..1.0, total),
            prop::collection::vec(0.0f64..1.0, total),
        )
    })
}

fn build(cards: &[usize], w: &[f64], flat: &[f64]) -> LinearAdditive {
    let mut off = 0;
    let values = cards
        .iter()
        .map(|&c| {
            let row = flat[off..off + c].to_vec();
            off += c;
            row
        })
        .collect();
    LinearAdditive::new(w.to_vec(), values).unwrap()
}

fn strategy(kind: u8, seed: u64) -> Box<dyn Negotiator> {
    match kind % 6 {
        0 => Box::new(TimeBased::boulware()),
        1 => Box::new(TimeBased::conceder()),
        2 => Box::new(TimeBased::linear()),
        3 => Box::new(TitForTat::new()),
        4 => Box::new(RandomStrategy::new(seed, 0.3)),
        _ => Box::new(FrequencyModel::new(2.0, 0.05)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::common::proptest_cases(64), ..ProptestConfig::default() })]

    #[test]
    fn negotiations_stay_in_space_and_end_by_deadline(
        (cards, wa, wb, va, vb) in space_and_utils(),
        ka in 0u8..6, kb in 0u8..6, steps in 1usize..40, seed in any::<u64>(),
    ) {
        let space = OutcomeSpace::new(cards.iter().enumerate().map(|(i, &c)| Issue::numbered(format!("i{i}"), c)).collect()).unwrap();
        let (ua, ub) = (build(&cards, &wa, &va), build(&cards, &wb, &vb));
        let (mut a, mut b) = (strategy(ka, seed), strategy(kb, seed ^ 1));
        let mut sao = Sao::new(steps);
        let r = sao.run(&space, &[&ua, &ub], &mut [&mut *a, &mut *b]).unwrap();
        prop_assert!(r.steps <= steps);
        prop_assert!(r.offers <= 2 * steps);
        prop_assert_eq!(r.timed_out, r.agreement.is_none() && !r.broken);
        for offer in sao.history() {
            prop_assert!(space.contains(offer.outcome));
            prop_assert!(offer.step < steps);
        }
        if let Some(o) = r.agreement {
            prop_assert!(space.contains(o));
            // The agreement is the last offer on the table.
            prop_assert_eq!(sao.history().last().map(|h| h.outcome), Some(o));
            // Utilities of a linear additive function lie within its extremes.
            for u in [&ua, &ub] {
                let (w, bst) = u.extremes(&space);
                let x = u.eval(o);
                prop_assert!(u.eval(w) <= x + 1e-12 && x <= u.eval(bst) + 1e-12);
                prop_assert!(x.is_finite());
            }
        }
    }

    #[test]
    fn random_strategy_replays_with_same_seed(
        (cards, wa, wb, va, vb) in space_and_utils(), seed in any::<u64>(),
    ) {
        let space = OutcomeSpace::new(cards.iter().enumerate().map(|(i, &c)| Issue::numbered(format!("i{i}"), c)).collect()).unwrap();
        let (ua, ub) = (build(&cards, &wa, &va), build(&cards, &wb, &vb));
        let run = || {
            let (mut a, mut b) = (RandomStrategy::new(seed, 0.2), RandomStrategy::new(seed.wrapping_add(1), 0.2));
            let mut sao = Sao::new(30);
            let r = sao.run(&space, &[&ua, &ub], &mut [&mut a as &mut dyn Negotiator, &mut b]).unwrap();
            (r, sao.history().to_vec())
        };
        prop_assert_eq!(run(), run());
    }

    #[test]
    fn index_answers_like_brute_force(
        (cards, wa, _wb, va, _vb) in space_and_utils(), thrs in prop::collection::vec(-0.1f64..1.1, 1..20),
    ) {
        let space = OutcomeSpace::new(cards.iter().enumerate().map(|(i, &c)| Issue::numbered(format!("i{i}"), c)).collect()).unwrap();
        let u = build(&cards, &wa, &va);
        let mut idx = OutcomeIndex::default();
        idx.build(&space, &u);
        let max: f64 = space.outcomes().map(|o| u.eval(o)).fold(f64::NEG_INFINITY, f64::max);
        for thr in thrs {
            let thr = thr * max;
            let want = space.outcomes().map(|o| u.eval(o)).filter(|&x| x >= thr).fold(f64::INFINITY, f64::min);
            match idx.lowest_at_least(thr) {
                Some((o, x)) => { prop_assert_eq!(x, want); prop_assert_eq!(u.eval(o), x); }
                None => prop_assert!(want.is_infinite()),
            }
        }
    }
}
