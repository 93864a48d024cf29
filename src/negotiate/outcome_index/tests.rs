//! Tests of the outcome index against the exhaustive definition.

use super::guide::*;
use super::*;
use crate::negotiate::{LinearAdditive, TableUtility};
use rand::Rng;

/// A space of issues `i0, i1, ...` with `cards[k]` numbered values each.
fn numbered_space(cards: &[usize]) -> OutcomeSpace {
    OutcomeSpace::new(
        cards
            .iter()
            .enumerate()
            .map(|(i, &c)| crate::negotiate::Issue::numbered(format!("i{i}"), c))
            .collect(),
    )
    .unwrap()
}

fn random_la(rng: &mut impl Rng, cards: &[usize]) -> LinearAdditive {
    let w = cards.iter().map(|_| rng.random::<f64>()).collect();
    let v = cards
        .iter()
        .map(|&c| (0..c).map(|_| rng.random::<f64>()).collect())
        .collect();
    LinearAdditive::new(w, v).unwrap()
}

fn brute(space: &OutcomeSpace, u: &dyn Utility, thr: f64, lo: f64) -> Bracket {
    let mut above: Option<(Outcome, f64)> = None;
    let mut below: Option<(Outcome, f64)> = None;
    for o in space.outcomes() {
        let x = u.eval(o);
        if x >= thr {
            if above.is_none_or(|(_, a)| x < a) {
                above = Some((o, x));
            }
        } else if x >= lo && below.is_none_or(|(_, b)| x > b) {
            below = Some((o, x));
        }
    }
    (above, below)
}

#[test]
fn additive_and_sorted_match_brute_force() {
    let mut rng = crate::rng::seeded(11);
    for cards in [
        vec![10, 10, 10],
        vec![3, 4, 5, 2],
        vec![7],
        vec![2, 2, 2, 2, 2, 2, 2, 2],
    ] {
        let space = numbered_space(&cards);
        let la = random_la(&mut rng, &cards);
        let table = TableUtility::from_fn(&space, |o| la.eval(o)).unwrap();
        let mut ia = OutcomeIndex::default();
        ia.build(&space, &la);
        let mut it = OutcomeIndex::default();
        it.build(&space, &table);
        assert_eq!(ia.best().1, it.best().1);
        assert_eq!(ia.worst().1, it.worst().1);
        // Thresholds both falling (the usual case) and jumping around.
        let mut thrs: Vec<f64> = (0..60).map(|k| ia.best().1 - k as f64 * 0.02).collect();
        thrs.extend((0..40).map(|_| rng.random::<f64>() * ia.best().1));
        for thr in thrs {
            let lo = thr - 0.01;
            let want = brute(&space, &la, thr, lo);
            let got = ia.bracket(thr, lo);
            assert_eq!(got, ia.bracket(thr, lo), "cached answer differs");
            assert_eq!(
                ia.bracket(thr, lo).0.map(|x| x.1),
                want.0.map(|x| x.1),
                "thr {thr}"
            );
            assert_eq!(
                ia.bracket(thr, lo).1.map(|x| x.1),
                want.1.map(|x| x.1),
                "thr {thr}"
            );
            assert_eq!(it.bracket(thr, lo).0.map(|x| x.1), want.0.map(|x| x.1));
            assert_eq!(it.bracket(thr, lo).1.map(|x| x.1), want.1.map(|x| x.1));
            if let Some((o, u)) = ia.bracket(thr, lo).0 {
                assert_eq!(la.eval(o), u);
            }
        }
    }
}

/// Lowest utility >= thr and highest < thr, each with the lowest index
/// among equal utilities: the definition the index must meet exactly.
fn brute_exact(space: &OutcomeSpace, u: &dyn Utility, thr: f64) -> Cached {
    let mut above: Option<(Outcome, f64)> = None;
    let mut pred: Option<(Outcome, f64)> = None;
    for o in space.outcomes() {
        let x = u.eval(o);
        if x >= thr {
            if above.is_none_or(|(_, a)| x < a) {
                above = Some((o, x));
            }
        } else if pred.is_none_or(|(_, b)| x > b) {
            pred = Some((o, x));
        }
    }
    Cached { above, pred }
}

/// Value tables with repeated and nearly repeated entries make many
/// exact ties and sums a few ulps apart across and within prefix rows:
/// the answers (outcome and value) must still be the exhaustive ones.
#[test]
fn ties_and_near_ties_match_exhaustive_definition() {
    let mut rng = crate::rng::seeded(5);
    for (cards, grid) in [
        (vec![10, 10, 10], 4.0),
        (vec![6, 7, 8], 3.0),
        (vec![4, 4, 4, 4, 4], 2.0),
        (vec![10, 10, 10], 1e6),
    ] {
        let space = numbered_space(&cards);
        // Values on a coarse grid (ties), some nudged by an ulp or two.
        let v: Vec<Vec<f64>> = cards
            .iter()
            .map(|&c| {
                (0..c)
                    .map(|_| {
                        let x = (rng.random::<f64>() * grid).floor() / grid + 0.1;
                        match rng.random_range(0..4) {
                            0 => f64::from_bits(x.to_bits() + 1),
                            1 => f64::from_bits(x.to_bits() - 2),
                            _ => x,
                        }
                    })
                    .collect()
            })
            .collect();
        let w: Vec<f64> = cards.iter().map(|_| 0.1 + rng.random::<f64>()).collect();
        let la = LinearAdditive::new(w, v).unwrap();
        let mut idx = OutcomeIndex::default();
        idx.build(&space, &la);
        let (lo, hi) = (idx.worst().1, idx.best().1);
        let mut thrs: Vec<f64> = (0..=80)
            .map(|k| hi - (hi - lo) * f64::from(k) / 80.0)
            .collect();
        // Exactly at achieved values (ties decide) and just around them.
        for o in space.outcomes().step_by(7) {
            let x = la.eval(o);
            thrs.extend([
                x,
                f64::from_bits(x.to_bits() + 1),
                f64::from_bits(x.to_bits() - 1),
            ]);
        }
        thrs.extend([lo - 1.0, hi + 1.0]);
        for thr in thrs {
            let want = brute_exact(&space, &la, thr);
            let (above, pred) = idx.bracket(thr, f64::NEG_INFINITY);
            assert_eq!(above, want.above, "above, thr {thr}, cards {cards:?}");
            assert_eq!(pred, want.pred, "pred, thr {thr}, cards {cards:?}");
        }
    }
}

/// Thresholds near the top, in any order, are answered by the
/// enumeration from the top, exactly; deeper ones or too many equal
/// utilities hand over to the split index, still exactly.
#[test]
fn enumeration_from_the_top_is_exact_and_hands_over() {
    let mut rng = crate::rng::seeded(8);
    for cards in [vec![10, 10, 10], vec![3, 5, 4, 2, 6], vec![9]] {
        let space = numbered_space(&cards);
        for grid in [3.0, 1e9] {
            let v = cards
                .iter()
                .map(|&c| {
                    (0..c)
                        .map(|_| (rng.random::<f64>() * grid).floor() / grid)
                        .collect()
                })
                .collect();
            let w = cards.iter().map(|_| rng.random::<f64>()).collect();
            let la = LinearAdditive::new(w, v).unwrap();
            let mut idx = OutcomeIndex::default();
            idx.build(&space, &la);
            let (lo, hi) = (idx.worst().1, idx.best().1);
            for _ in 0..40 {
                let thr = hi - rng.random::<f64>() * TOP_SPAN * (hi - lo);
                let want = brute_exact(&space, &la, thr);
                let (above, pred) = idx.bracket(thr, f64::NEG_INFINITY);
                assert_eq!((above, pred), (want.above, want.pred), "thr {thr}");
            }
            let top_only = idx.path == Path::Top;
            for k in 0..=20 {
                let thr = hi - (hi - lo) * f64::from(k) / 20.0;
                let want = brute_exact(&space, &la, thr);
                let (above, pred) = idx.bracket(thr, f64::NEG_INFINITY);
                assert_eq!((above, pred), (want.above, want.pred), "thr {thr}");
            }
            assert_eq!(idx.path, Path::Split);
            // Fine-grained values stay within the budget near the top.
            if grid > 1.0e6 && space.cardinality() > 100 {
                assert!(top_only);
            }
        }
    }
    // Every outcome equal: the run at the top exceeds the budget.
    let space = OutcomeSpace::uniform(3, 10).unwrap();
    let flat = LinearAdditive::new(vec![0.2; 3], vec![vec![0.5; 10]; 3]).unwrap();
    let mut idx = OutcomeIndex::default();
    idx.build(&space, &flat);
    let best = idx.best().1;
    assert_eq!(idx.lowest_at_least(best), Some((Outcome(0), best)));
    assert_eq!(idx.path, Path::Split);
}

#[test]
fn guide_seek_finds_first_not_below() {
    let b = [0.0, 1.0, 1.0, 2.0, 3.0, 5.0, 8.0];
    let mut padded = vec![f64::NEG_INFINITY];
    padded.extend(b);
    padded.extend([f64::INFINITY; GUIDE_WINDOW]);
    let mut idx = OutcomeIndex::default();
    idx.scratch.extend(b);
    assert!(idx.bucket_suffix());
    assert_eq!(idx.b_sums, b);
    let no_guide = Guide::default();
    for t in [
        -1.0,
        0.0,
        0.5,
        1.0,
        2.5,
        7.9,
        8.0,
        9.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ] {
        let want = b.partition_point(|&x| x < t);
        assert_eq!(idx.guide.seek(&padded, t), want, "t {t}");
        assert_eq!(no_guide.seek(&padded, t), want, "t {t}");
    }
    // Too clustered for the window: no guide.
    idx.scratch.clear();
    idx.scratch.extend([1.0, 1.0, 1.0, 1.0, 1.0, 2.0]);
    assert!(!idx.bucket_suffix());
}

#[test]
fn split_balances_build_and_query() {
    assert_eq!(choose_split(3, |_| 10), 1);
    assert_eq!(choose_split(5, |_| 10), 2);
    assert_eq!(choose_split(1, |_| 10), 0);
}
