//! Exactness of multilateral clearing: on random small graphs the clearing
//! equals a brute-force search over every packing, and every reported
//! exchange is valid (its arcs exist, vertices are used once, caps hold).

use detente::exchange::{
    Caps, ClearOptions, Clearing, ExchangeGraph, ExchangeKind, VertexId, clear, enumerate,
};
use proptest::prelude::*;

/// A random graph: `n` vertices, the first `altruists` of them altruists,
/// arcs from a density mask, weights from `weights` (integers or not).
fn graph(n: usize, altruists: usize, mask: &[bool], weights: &[f64]) -> ExchangeGraph {
    let mut g = ExchangeGraph::new();
    for i in 0..n {
        g.add_party(format!("v{i}"), i < altruists);
    }
    for s in 0..n {
        for t in 0..n {
            let k = s * n + t;
            if s != t && t >= altruists && mask[k] {
                g.add_arc(VertexId::new(s), VertexId::new(t), weights[k])
                    .unwrap();
            }
        }
    }
    g
}

/// The best packing by brute force over successor functions: every vertex
/// gives to at most one out-neighbour and receives at most once; the result
/// must decompose into cycles of at most `l` vertices and paths that start
/// at an altruist with at most `k` arcs.
fn brute_force(g: &ExchangeGraph, l: usize, k: usize) -> f64 {
    let n = g.vertex_count();
    let succ: Vec<Vec<(usize, f64)>> = (0..n)
        .map(|s| {
            g.arcs()
                .filter(|a| a.0.index() == s)
                .map(|(_, t, w)| (t.index(), w))
                .collect()
        })
        .collect();
    let mut b = Brute {
        g,
        succ,
        choice: vec![None; n],
        has_pred: vec![false; n],
        l,
        k,
        best: 0.0,
    };
    b.rec(0);
    b.best
}

struct Brute<'a> {
    g: &'a ExchangeGraph,
    succ: Vec<Vec<(usize, f64)>>,
    choice: Vec<Option<(usize, f64)>>,
    has_pred: Vec<bool>,
    l: usize,
    k: usize,
    best: f64,
}

impl Brute<'_> {
    fn rec(&mut self, v: usize) {
        if v == self.succ.len() {
            if let Some(value) = evaluate(self.g, &self.choice, &self.has_pred, self.l, self.k) {
                self.best = self.best.max(value);
            }
            return;
        }
        self.choice[v] = None;
        self.rec(v + 1);
        for i in 0..self.succ[v].len() {
            let (t, w) = self.succ[v][i];
            if !self.has_pred[t] {
                self.has_pred[t] = true;
                self.choice[v] = Some((t, w));
                self.rec(v + 1);
                self.has_pred[t] = false;
            }
        }
        self.choice[v] = None;
    }
}

fn evaluate(
    g: &ExchangeGraph,
    choice: &[Option<(usize, f64)>],
    has_pred: &[bool],
    l: usize,
    k: usize,
) -> Option<f64> {
    let n = choice.len();
    let mut seen = vec![false; n];
    let mut value = 0.0;
    // Paths: start where a vertex gives but receives nothing.
    for s in 0..n {
        if has_pred[s] || choice[s].is_none() {
            continue;
        }
        if !g.is_altruist(VertexId::new(s)) {
            return None;
        }
        let (mut v, mut arcs) = (s, 0);
        seen[s] = true;
        while let Some((t, w)) = choice[v] {
            value += w;
            arcs += 1;
            seen[t] = true;
            v = t;
        }
        if arcs > k {
            return None;
        }
    }
    // What is left with a successor lies on cycles.
    for s in 0..n {
        if seen[s] || choice[s].is_none() {
            continue;
        }
        let (mut v, mut len) = (s, 0);
        while !seen[v] {
            seen[v] = true;
            let (t, w) = choice[v].expect("on a cycle");
            value += w;
            len += 1;
            v = t;
        }
        if len > l {
            return None;
        }
    }
    Some(value)
}

fn assert_valid(g: &ExchangeGraph, c: &Clearing, caps: &Caps) {
    let mut used = vec![false; g.vertex_count()];
    let mut total = 0.0;
    for e in &c.exchanges {
        let vs = &e.vertices;
        let mut w = 0.0;
        for v in vs {
            assert!(!used[v.index()], "vertex {v:?} used twice in {c:?}");
            used[v.index()] = true;
        }
        match e.kind {
            ExchangeKind::Cycle => {
                assert!(
                    vs.len() >= 2 && vs.len() <= caps.max_cycle,
                    "cycle length {vs:?}"
                );
                for i in 0..vs.len() {
                    w += g
                        .weight(vs[i], vs[(i + 1) % vs.len()])
                        .expect("cycle arc exists");
                }
            }
            ExchangeKind::Chain => {
                assert!(g.is_altruist(vs[0]), "chain starts at an altruist");
                assert!(
                    vs.len() >= 2 && vs.len() - 1 <= caps.max_chain,
                    "chain length {vs:?}"
                );
                for p in vs.windows(2) {
                    w += g.weight(p[0], p[1]).expect("chain arc exists");
                }
            }
        }
        assert!((w - e.weight).abs() < 1e-9, "weight of {e:?}");
        total += w;
    }
    assert!((total - c.total_weight).abs() < 1e-9);
    assert!(c.bound >= c.total_weight - 1e-9);
    assert!(c.lp_bound >= c.total_weight - 1e-6);
}

fn arb_graph() -> impl Strategy<Value = (ExchangeGraph, usize, usize)> {
    (
        2usize..=7,
        0usize..=2,
        0.2f64..0.7,
        any::<bool>(),
        2usize..=4,
        0usize..=3,
    )
        .prop_flat_map(|(n, alt, _p, integral, l, k)| {
            let alt = alt.min(n - 1);
            let cells = n * n;
            let w = if integral {
                proptest::collection::vec((1u32..=3).prop_map(f64::from).boxed(), cells).boxed()
            } else {
                proptest::collection::vec((0.05f64..3.0).boxed(), cells).boxed()
            };
            (
                proptest::collection::vec(proptest::bool::weighted(0.45), cells),
                w,
            )
                .prop_map(move |(mask, weights)| (graph(n, alt, &mask, &weights), l, k))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::common::proptest_cases(300)))]

    #[test]
    fn clearing_equals_brute_force((g, l, k) in arb_graph()) {
        let caps = Caps::new(l, k);
        let c = clear(&g, &ClearOptions::with_caps(caps)).unwrap();
        assert_valid(&g, &c, &caps);
        prop_assert!(c.optimal);
        let brute = brute_force(&g, l, k);
        prop_assert!((c.total_weight - brute).abs() < 1e-7, "clear {} brute {}", c.total_weight, brute);
    }

    #[test]
    fn every_enumerated_exchange_is_valid((g, l, k) in arb_graph()) {
        let ex = enumerate(&g, &Caps::new(l, k)).unwrap();
        let mut seen = std::collections::BTreeSet::new();
        for e in ex.iter() {
            let vs = e.vertices;
            let mut distinct = vs.to_vec();
            distinct.sort();
            distinct.dedup();
            prop_assert_eq!(distinct.len(), vs.len());
            if e.kind == ExchangeKind::Cycle {
                prop_assert!(vs.len() <= l);
                prop_assert!(vs.iter().all(|&v| v >= vs[0] && !g.is_altruist(v)));
            } else {
                prop_assert!(vs.len() - 1 <= k && g.is_altruist(vs[0]));
            }
            prop_assert!(seen.insert(vs.to_vec()), "exchange listed twice");
        }
    }
}

#[test]
fn tiny_budget_reports_a_partial_result() {
    // A graph whose LP is fractional: the odd wheel of 2-cycles (a triangle
    // of 2-cycles, no 3-cycles) has LP value 3 and integer value 2.
    let mut g = ExchangeGraph::new();
    let v: Vec<_> = (0..3)
        .map(|i| g.add_party(format!("v{i}"), false))
        .collect();
    for (s, t) in [(0, 1), (1, 0), (1, 2), (2, 1), (0, 2), (2, 0)] {
        g.add_arc(v[s], v[t], 1.0).unwrap();
    }
    let caps = Caps::new(2, 0);
    let full = clear(&g, &ClearOptions::with_caps(caps)).unwrap();
    assert!(full.optimal);
    assert_eq!(full.total_weight, 2.0);
    assert!(full.lp_bound > 2.9);
    let cut = clear(
        &g,
        &ClearOptions {
            budget: detente::Budget::unlimited().with_nodes(0),
            ..ClearOptions::with_caps(caps)
        },
    )
    .unwrap();
    assert!(!cut.optimal);
    assert_eq!(cut.stopped_by, Some(detente::budget::Stopped::Nodes));
    assert!(cut.bound >= full.total_weight);
}
