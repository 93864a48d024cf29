//! Chance nodes: backward induction and MCTS against independent
//! brute-force recursions written here from the games' definitions.

use detente::explore::{
    BargainAction, Bargaining, BiConfig, Game, Mcts, MctsConfig, Race, Ratio, Turn,
    backward_induction, count_sequences,
};
use std::collections::BTreeMap;

/// Exact fraction with i128 parts, positive denominator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Q(i128, i128);

impl Q {
    fn new(n: i128, d: i128) -> Q {
        let g = gcd(n.abs(), d.abs()).max(1);
        Q(n / g * d.signum(), d.abs() / g)
    }
    fn mul(self, o: Q) -> Q {
        Q::new(self.0 * o.0, self.1 * o.1)
    }
    fn pow(self, e: u32) -> Q {
        (0..e).fold(Q(1, 1), |a, _| a.mul(self))
    }
    fn f64(self) -> f64 {
        self.0 as f64 / self.1 as f64
    }
}
impl PartialOrd for Q {
    fn partial_cmp(&self, o: &Q) -> Option<std::cmp::Ordering> {
        Some((self.0 * o.1).cmp(&(o.0 * self.1)))
    }
}
fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The stationary recursion of gt_bench.py's `discrete_bi_plain`, with a
/// breakdown chance `q` after each rejection before the last round.
fn plain_bi(t_max: u32, n: i128, d: [Q; 2], q: Q) -> (i128, [Q; 2]) {
    let cont_factor = Q::new(q.1 - q.0, q.1);
    let mut cont = [Q(0, 1), Q(0, 1)];
    let mut first = 0;
    for t in (0..t_max).rev() {
        let (p, r) = ((t % 2) as usize, 1 - (t % 2) as usize);
        let c = if t + 1 == t_max {
            [Q(0, 1), Q(0, 1)]
        } else {
            [cont[0].mul(cont_factor), cont[1].mul(cont_factor)]
        };
        let mut best: Option<((Q, Q), [Q; 2], i128)> = None;
        for k in (0..=n).rev() {
            let mut acc = [Q(0, 1), Q(0, 1)];
            acc[p] = Q::new(k, n).mul(d[p].pow(t));
            acc[r] = Q::new(n - k, n).mul(d[r].pow(t));
            let accept = (acc[r], acc[p]) >= (c[r], c[p]);
            let val = if accept { acc } else { c };
            let key = (val[p], val[r]);
            if best.as_ref().is_none_or(|b| key > b.0) {
                best = Some((key, val, k));
            }
        }
        let b = best.unwrap();
        cont = b.1;
        first = b.2;
    }
    (first, cont)
}

#[test]
fn bargaining_with_breakdown_matches_the_exact_recursion() {
    let (d1, d2) = (Ratio::new(9, 10), Ratio::new(4, 5));
    let dq = [Q(9, 10), Q(4, 5)];
    for (qn, qd) in [(1, 2), (1, 4), (0, 1)] {
        for t in 1..=5 {
            for n in [4, 10] {
                let mut g = Bargaining::new(n, t, d1, d2, Ratio::new(qn, qd)).unwrap();
                let r = backward_induction(&mut g, &BiConfig::default());
                let (k, val) = plain_bi(t, i128::from(n), dq, Q(i128::from(qn), i128::from(qd)));
                assert_eq!(
                    r.line[0],
                    BargainAction::Keep(k as u32),
                    "q={qn}/{qd} T={t} N={n}"
                );
                let v = r.value.unwrap();
                for i in 0..2 {
                    let got = v[i] / g.payoff_scale();
                    assert!(
                        (got - val[i].f64()).abs() < 1e-12,
                        "q={qn}/{qd} T={t} N={n}: {got} vs {:?}",
                        val[i]
                    );
                }
            }
        }
    }
}

/// Player 0's value of the race by plain memoised recursion.
fn race_value(
    target: u8,
    horizon: u16,
    pos: [u8; 2],
    h: u16,
    memo: &mut BTreeMap<([u8; 2], u16), f64>,
) -> f64 {
    if pos[0] >= target {
        return 1.0;
    }
    if pos[1] >= target {
        return -1.0;
    }
    if h == horizon {
        return 0.0;
    }
    if let Some(&v) = memo.get(&(pos, h)) {
        return v;
    }
    let m = usize::from(h % 2);
    let moved = |g: u8, memo: &mut BTreeMap<_, _>| {
        let mut p = pos;
        p[m] += g;
        race_value(target, horizon, p, h + 1, memo)
    };
    let step = moved(1, memo);
    let gamble = 0.5 * moved(2, memo) + 0.5 * moved(0, memo);
    let v = if m == 0 {
        step.max(gamble)
    } else {
        step.min(gamble)
    };
    memo.insert((pos, h), v);
    v
}

#[test]
fn race_values_match_the_brute_force_recursion() {
    for target in 1..=6 {
        for horizon in [1, 2, 5, 9, 14] {
            let mut g = Race::new(target, horizon).unwrap();
            let before = g;
            let want = race_value(target, horizon, [0, 0], 0, &mut BTreeMap::new());
            for transpositions in [true, false] {
                if !transpositions && horizon > 9 {
                    continue;
                }
                let cfg = BiConfig {
                    transpositions,
                    ..BiConfig::default()
                };
                let r = backward_induction(&mut g, &cfg);
                let v = r.value.unwrap();
                assert!(
                    (v[0] - want).abs() < 1e-12,
                    "target {target} horizon {horizon}"
                );
                assert_eq!(v[0], -v[1]);
                assert_eq!(g, before);
            }
        }
    }
}

/// Nodes of the race tree by plain recursion (chance outcomes count).
fn race_nodes(target: u8, horizon: u16, pos: [u8; 2], h: u16) -> u64 {
    if pos.iter().any(|&p| p >= target) || h == horizon {
        return 1;
    }
    let m = usize::from(h % 2);
    let next = |g: u8| {
        let mut p = pos;
        p[m] += g;
        race_nodes(target, horizon, p, h + 1)
    };
    // Decision node + step subtree + chance node + two outcome subtrees.
    1 + next(1) + 1 + next(2) + next(0)
}

#[test]
fn race_perft_matches_the_brute_force_count() {
    for (target, horizon) in [(2, 4), (3, 7), (5, 10)] {
        let mut g = Race::new(target, horizon).unwrap();
        let p = count_sequences(&mut g, 2 * usize::from(horizon));
        assert_eq!(p.nodes, race_nodes(target, horizon, [0, 0], 0));
    }
}

#[test]
fn mcts_converges_to_the_backward_induction_value_with_chance() {
    // Statistical test, seeded: the chosen action's mean after 100k
    // simulations is within 0.05 of the exact value (observed error about
    // 0.01), on two races with non-trivial values.
    for (target, horizon) in [(3, 6), (4, 9)] {
        let mut g = Race::new(target, horizon).unwrap();
        let exact = backward_induction(&mut g, &BiConfig::default())
            .value
            .unwrap()[0];
        let mut m = Mcts::new(MctsConfig {
            simulations: 100_000,
            uct_c: 1.0,
            ..MctsConfig::default()
        });
        let r = m.search(&mut g, &mut detente::rng::seeded(2026));
        let v = r.value().unwrap();
        eprintln!("race {target}/{horizon}: exact {exact} mcts {v}");
        assert!(
            (v - exact).abs() < 0.05,
            "race {target}/{horizon}: mcts {v} vs {exact}"
        );
        assert_eq!(g.current_player(), Turn::Player(0));
    }
}
