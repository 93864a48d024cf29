//! Exact clearing: the maximum-weight set of vertex-disjoint exchanges.
//!
//! The LP relaxation ([`super::lp`]) gives a bound at the root, and on
//! kidney-exchange instances with short cycles it is usually tight. A
//! depth-first branch and bound finishes the proof: each node rounds its LP
//! solution (the columns above one half, then tight columns greedily) for an
//! incumbent, removes the columns whose reduced cost shows they cannot beat
//! the incumbent (reduced-cost fixing), and branches on the fractional
//! column closest to 1, first taking it (a dive) and then forbidding it.
//! When all weights are integers, bounds are rounded down, so a node whose
//! bound rounds to the incumbent is closed at once.

use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::lp::{Col, Lp};
use super::{Caps, ExchangeError, ExchangeGraph, ExchangeKind, Exchanges, VertexId, enumerate};
use crate::budget::{Budget, Stopped};
use crate::limits::Limits;

/// Limits of a clearing run.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClearOptions {
    /// Cycle and chain caps.
    pub caps: Caps,
    /// Branch-and-bound nodes and wall time (of the search, not the
    /// enumeration) before giving up the proof. The root node is always
    /// solved, so even a zero budget gives an incumbent and a bound.
    pub budget: Budget,
    /// Size budget: the LP's dense basis inverse is checked against
    /// [`Limits::memory_budget`] before it is allocated.
    #[serde(default)]
    pub limits: Limits,
}

impl Default for ClearOptions {
    /// Default caps, 100,000 nodes, 30 seconds.
    fn default() -> Self {
        Self {
            caps: Caps::default(),
            budget: Budget::unlimited()
                .with_nodes(100_000)
                .with_time(std::time::Duration::from_secs(30)),
            limits: Limits::default(),
        }
    }
}

impl ClearOptions {
    /// Options with the given caps and default budgets.
    pub fn with_caps(caps: Caps) -> Self {
        Self {
            caps,
            ..Self::default()
        }
    }
}

/// One chosen exchange.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChosenExchange {
    /// Cycle or chain.
    pub kind: ExchangeKind,
    /// Parties in arc order.
    pub vertices: Vec<VertexId>,
    /// Total weight of its arcs.
    pub weight: f64,
}

/// The result of a clearing, with its certificate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Clearing {
    /// Total weight of the chosen exchanges.
    pub total_weight: f64,
    /// The chosen exchanges (cycles first, then chains, in enumeration order).
    pub exchanges: Vec<ChosenExchange>,
    /// Best proven upper bound on the optimum (equal to `total_weight` when
    /// `optimal`).
    pub bound: f64,
    /// The LP relaxation's value at the root (the dual certificate).
    pub lp_bound: f64,
    /// Whether the result is proven optimal (false if a budget ran out).
    pub optimal: bool,
    /// Which limit stopped the search (`None` when it finished, then
    /// `optimal`); a [`Stopped::Time`] result depends on the machine.
    #[serde(default)]
    pub stopped_by: Option<Stopped>,
    /// Branch-and-bound nodes solved.
    pub nodes: usize,
    /// Simplex pivots, all nodes together.
    pub pivots: usize,
    /// Cycles and chains enumerated.
    pub enumerated: usize,
}

impl Clearing {
    /// The chosen cycles.
    pub fn cycles(&self) -> impl Iterator<Item = &ChosenExchange> + '_ {
        self.exchanges
            .iter()
            .filter(|e| e.kind == ExchangeKind::Cycle)
    }

    /// The chosen chains.
    pub fn chains(&self) -> impl Iterator<Item = &ChosenExchange> + '_ {
        self.exchanges
            .iter()
            .filter(|e| e.kind == ExchangeKind::Chain)
    }
}

/// Clears `graph`: enumerates its exchanges under `options.caps` and finds
/// a maximum-weight set of vertex-disjoint ones.
///
/// ```
/// use detente::exchange::{clear, ClearOptions, ExchangeGraph};
/// let mut g = ExchangeGraph::new();
/// let v: Vec<_> = (0..4).map(|i| g.add_party(format!("p{i}"), false)).collect();
/// // A 2-cycle 0-1 (weight 2) competes with the 3-cycle 1-2-3 (weight 3).
/// for (s, t) in [(0, 1), (1, 0), (1, 2), (2, 3), (3, 1)] {
///     g.add_arc(v[s], v[t], 1.0)?;
/// }
/// let c = clear(&g, &ClearOptions::default())?;
/// assert_eq!(c.total_weight, 3.0);
/// assert!(c.optimal);
/// # Ok::<(), detente::exchange::ExchangeError>(())
/// ```
///
/// # Errors
/// Bad caps, arc weights too far apart ([`ExchangeError::WeightRange`]),
/// more exchanges than `options.caps.max_exchanges`, or as
/// [`clear_exchanges`].
pub fn clear(graph: &ExchangeGraph, options: &ClearOptions) -> Result<Clearing, ExchangeError> {
    let ex = enumerate(graph, &options.caps)?;
    clear_exchanges(&ex, graph.vertex_count(), graph.integral_weights(), options)
}

/// Clears already enumerated exchanges over `vertex_count` vertices;
/// `integral` says every weight is an integer (bounds are then rounded down).
///
/// # Errors
/// [`ExchangeError::TooLarge`] when the LP over the vertices the exchanges
/// use would need more than `options.limits.memory_budget` (checked before
/// allocating it); [`ExchangeError::NoSuchVertex`] when an exchange names a
/// vertex beyond `vertex_count`; [`ExchangeError::Uncertified`] when the
/// answer fails its cross-check (see [`Clearing`]).
///
/// # Complexity
/// Memory: `24 m²` bytes for the LP over the `m` vertices in some
/// positive-weight exchange, plus `O(vertex_count + |exchanges|)`.
pub fn clear_exchanges(
    ex: &Exchanges,
    vertex_count: usize,
    integral: bool,
    options: &ClearOptions,
) -> Result<Clearing, ExchangeError> {
    if let Some(v) = ex
        .iter()
        .flat_map(|e| e.vertices.iter())
        .find(|v| v.index() >= vertex_count)
    {
        return Err(ExchangeError::NoSuchVertex {
            vertex: v.index(),
            count: vertex_count,
        });
    }
    let mut s = Search::new(ex, vertex_count, integral, options)?;
    let mut allowed = vec![true; ex.len()];
    // Non-positive exchanges never help a maximum.
    for (c, a) in allowed.iter_mut().enumerate() {
        *a = ex.weight(c) > 0.0;
    }
    s.allowed = allowed;
    s.node();
    let chosen: Vec<ChosenExchange> = {
        let mut cols = s.best.clone();
        cols.sort_unstable();
        cols.iter()
            .map(|&c| {
                let e = ex.get(c as usize);
                ChosenExchange {
                    kind: e.kind,
                    vertices: e.vertices.to_vec(),
                    weight: e.weight,
                }
            })
            .collect()
    };
    let optimal = s.stopped_by.is_none();
    let total = s.best_value;
    let clearing = Clearing {
        total_weight: total,
        exchanges: chosen,
        bound: if optimal {
            total
        } else {
            s.root_bound.max(total)
        },
        lp_bound: s.root_lp,
        optimal,
        stopped_by: s.stopped_by,
        nodes: s.nodes,
        pivots: s.pivots,
        enumerated: ex.len(),
    };
    certify(&clearing, vertex_count)?;
    Ok(clearing)
}

/// Cross-checks a clearing against the certificate it claims: the chosen
/// exchanges are vertex-disjoint and positive, their weights add up to
/// `total_weight`, and no packing beats the LP bound. Weights within the
/// accepted range make these hold; if rounding ever broke them the answer
/// would be wrong while claiming `optimal`, so it is refused instead.
fn certify(c: &Clearing, vertex_count: usize) -> Result<(), ExchangeError> {
    let fail = |why: String| Err(ExchangeError::Uncertified(why));
    let mut used = vec![false; vertex_count];
    let mut sum = 0.0;
    let mut scale = 0.0f64;
    for e in &c.exchanges {
        if e.weight.is_nan() || e.weight <= 0.0 {
            return fail(format!("a chosen exchange has weight {}", e.weight));
        }
        for v in &e.vertices {
            if std::mem::replace(&mut used[v.index()], true) {
                return fail(format!("vertex {} is in two chosen exchanges", v.index()));
            }
        }
        sum += e.weight;
        scale = scale.max(e.weight);
    }
    // Sums of up to `vertex_count` terms, each rounded: allow for that.
    let slack = 1e-9 * scale.max(c.total_weight.abs()).max(1.0) * (1 + c.exchanges.len()) as f64;
    if (sum - c.total_weight).abs() > slack {
        return fail(format!(
            "the chosen exchanges weigh {sum}, not the reported {}",
            c.total_weight
        ));
    }
    if c.total_weight > c.lp_bound + slack.max(1e-9 * c.lp_bound.abs()) {
        return fail(format!(
            "the packing weighs {}, above the LP bound {} that certifies it",
            c.total_weight, c.lp_bound
        ));
    }
    if c.optimal && c.bound != c.total_weight {
        return fail(format!(
            "claimed optimal with bound {} and weight {}",
            c.bound, c.total_weight
        ));
    }
    Ok(())
}

struct Search<'a> {
    ex: &'a Exchanges,
    lp: Lp<'a>,
    integral: bool,
    by_vertex_start: Vec<u32>,
    by_vertex: Vec<Col>,
    allowed: Vec<bool>,
    undo: Vec<Col>,
    best: Vec<Col>,
    best_value: f64,
    root_lp: f64,
    root_bound: f64,
    nodes: usize,
    pivots: usize,
    stopped_by: Option<Stopped>,
    budget: Budget,
    start: Instant,
    used: Vec<bool>,
}

impl<'a> Search<'a> {
    fn new(
        ex: &'a Exchanges,
        n: usize,
        integral: bool,
        options: &ClearOptions,
    ) -> Result<Self, ExchangeError> {
        let mut start = vec![0u32; n + 1];
        for c in 0..ex.len() {
            for v in ex.vertices(c) {
                start[v.index() + 1] += 1;
            }
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut by_vertex = vec![0; start[n] as usize];
        for c in 0..ex.len() {
            for v in ex.vertices(c) {
                by_vertex[fill[v.index()] as usize] = c as Col;
                fill[v.index()] += 1;
            }
        }
        Ok(Self {
            ex,
            lp: Lp::new(ex, n, &options.limits)?,
            integral,
            by_vertex_start: start,
            by_vertex,
            allowed: Vec::new(),
            undo: Vec::new(),
            best: Vec::new(),
            best_value: 0.0,
            root_lp: f64::INFINITY,
            root_bound: f64::INFINITY,
            nodes: 0,
            pivots: 0,
            stopped_by: None,
            budget: options.budget,
            start: Instant::now(),
            used: vec![false; n],
        })
    }

    /// The limit spent, if any: nodes are LP solves, costly enough to read
    /// the clock at each.
    fn out_of_budget(&self) -> Option<Stopped> {
        if self.nodes as u64 >= self.budget.max_nodes.unwrap_or(u64::MAX) {
            Some(Stopped::Nodes)
        } else if self
            .budget
            .max_time
            .is_some_and(|t| self.start.elapsed() >= t)
        {
            Some(Stopped::Time)
        } else {
            None
        }
    }

    fn disallow(&mut self, c: Col) {
        if self.allowed[c as usize] {
            self.allowed[c as usize] = false;
            self.undo.push(c);
        }
    }

    fn undo_to(&mut self, mark: usize) {
        for c in self.undo.drain(mark..) {
            self.allowed[c as usize] = true;
        }
    }

    /// The bound a node can claim (rounded down for integer weights).
    fn claim(&self, ub: f64) -> f64 {
        if self.integral {
            (ub + 1e-6).floor()
        } else {
            ub
        }
    }

    /// Whether a node with bound `ub` can still beat the incumbent.
    fn promising(&self, ub: f64) -> bool {
        let gap = if self.integral {
            0.5
        } else {
            1e-9 * self.best_value.abs().max(1.0)
        };
        self.claim(ub) > self.best_value + gap
    }

    /// Solves the subtree below the current forbidden set. Taking a column
    /// `c` means forbidding every other column that meets it (the LP then
    /// sets `x_c = 1` by itself); forbidding `c` loops here instead of
    /// recursing, so the depth is at most the number of columns taken.
    fn node(&mut self) {
        let mark = self.undo.len();
        loop {
            if self.nodes > 0 {
                self.stopped_by = self.out_of_budget();
                if self.stopped_by.is_some() {
                    break;
                }
            }
            self.nodes += 1;
            let sol = self.lp.solve(&self.allowed);
            self.pivots += sol.pivots;
            let ub = sol.bound;
            if self.nodes == 1 {
                self.root_lp = ub;
                self.root_bound = self.claim(ub);
            }
            self.round(&sol.x);
            if !self.promising(ub) {
                break;
            }
            // Reduced-cost fixing: a column whose reduced cost takes the bound
            // below the incumbent is in no better packing below this node.
            let need = if self.integral {
                self.best_value + 1.0 - 1e-6
            } else {
                self.best_value
            };
            for c in 0..self.ex.len() {
                let r = self.lp.reduced_costs()[c];
                if self.allowed[c] && ub + r < need {
                    self.disallow(c as Col);
                }
            }
            let branch = sol
                .x
                .iter()
                .filter(|&&(c, x)| self.allowed[c as usize] && x > 1e-4 && x < 1.0 - 1e-4)
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|&(c, _)| c);
            let Some(c) = branch else {
                break;
            };
            let inner = self.undo.len();
            let ex = self.ex;
            for v in ex.vertices(c as usize) {
                let (a, b) = (
                    self.by_vertex_start[v.index()],
                    self.by_vertex_start[v.index() + 1],
                );
                for k in a..b {
                    let d = self.by_vertex[k as usize];
                    if d != c {
                        self.disallow(d);
                    }
                }
            }
            self.node();
            self.undo_to(inner);
            if self.stopped_by.is_some() || !self.promising(ub) {
                break;
            }
            self.disallow(c);
        }
        self.undo_to(mark);
    }

    /// Rounds an LP solution into a packing; keeps it if it beats the incumbent.
    fn round(&mut self, x: &[(Col, f64)]) {
        let ex = self.ex;
        let mut order: Vec<(f64, f64, Col)> = x
            .iter()
            .filter(|&&(_, v)| v > 1e-4)
            .map(|&(c, v)| (v, ex.weight(c as usize), c))
            .collect();
        order.sort_unstable_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(b.1.total_cmp(&a.1))
                .then(a.2.cmp(&b.2))
        });
        let mut used = std::mem::take(&mut self.used);
        used.iter_mut().for_each(|u| *u = false);
        let mut pick: Vec<Col> = Vec::new();
        let mut value = 0.0;
        let mut take = |c: Col, used: &mut [bool]| {
            let vs = ex.vertices(c as usize);
            if vs.iter().all(|v| !used[v.index()]) {
                for v in vs {
                    used[v.index()] = true;
                }
                pick.push(c);
                value += ex.weight(c as usize);
            }
        };
        for &(_, _, c) in &order {
            take(c, &mut used);
        }
        // Fill with tight columns (reduced cost ~ 0), heaviest first.
        let rc = self.lp.reduced_costs();
        let mut tight: Vec<Col> = (0..ex.len())
            .filter(|&c| rc[c] > -1e-7 && self.allowed[c])
            .map(|c| c as Col)
            .collect();
        tight.sort_unstable_by(|&a, &b| {
            ex.weight(b as usize)
                .total_cmp(&ex.weight(a as usize))
                .then(a.cmp(&b))
        });
        for c in tight {
            take(c, &mut used);
        }
        self.used = used;
        if value > self.best_value + 1e-9 * value.abs().max(1.0) {
            self.best_value = value;
            self.best = pick;
        }
    }
}
