//! The exchange graph: parties and weighted "can give to" arcs.
//!
//! A vertex is a party that holds one thing and wants something others hold
//! (a government holding a prisoner, a kidney donor-patient pair). An arc
//! `s -> t` with weight `w` means `s` can give what it holds to `t`, worth
//! `w`. An *altruist* wants nothing: it can start a chain of gifts but never
//! receives, so no arc may point into it.

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::{Deserialize, Serialize};

use super::ExchangeError;

/// Largest accepted magnitude of an arc weight. Scenario values are bounded
/// by 1e15 too; with at most [`crate::limits::Limits::max_alternatives`]
/// vertices every sum the solver forms stays far below `f64::MAX`.
pub const MAX_WEIGHT: f64 = 1e15;

/// Widest accepted ratio between the largest and the smallest non-zero arc
/// weight magnitude. The simplex compares reduced costs with a tolerance of
/// 1e-9 times the largest weight, so a weight far below it would be priced
/// as zero and silently dropped from an "optimal" packing (2 next to 1e308
/// was); 1e6 leaves three orders of magnitude of margin.
pub const MAX_WEIGHT_RATIO: f64 = 1e6;

/// A vertex of an [`ExchangeGraph`] (0-based, dense).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct VertexId(pub(crate) u32);

impl VertexId {
    /// The 0-based index.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The vertex with 0-based index `i`.
    ///
    /// # Panics
    /// If `i` does not fit in 32 bits.
    pub fn new(i: usize) -> Self {
        Self(u32::try_from(i).expect("vertex index fits in u32"))
    }
}

/// One party of an exchange.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Party {
    /// A display name (the prisoner's key, `Pair 7`, ...).
    pub name: String,
    /// Whether the party gives without wanting anything back.
    pub altruist: bool,
}

/// A directed, weighted exchange graph (petgraph storage behind typed ids).
///
/// ```
/// use detente::exchange::ExchangeGraph;
/// let mut g = ExchangeGraph::new();
/// let a = g.add_party("a", false);
/// let b = g.add_party("b", false);
/// g.add_arc(a, b, 1.0)?;
/// g.add_arc(b, a, 2.0)?;
/// assert_eq!(g.weight(b, a), Some(2.0));
/// assert!(g.add_arc(a, a, 1.0).is_err());
/// # Ok::<(), detente::exchange::ExchangeError>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct ExchangeGraph {
    graph: DiGraph<Party, f64, u32>,
}

impl ExchangeGraph {
    /// An empty graph.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a party and returns its id (ids are dense, in insertion order).
    pub fn add_party(&mut self, name: impl Into<String>, altruist: bool) -> VertexId {
        let n = self.graph.add_node(Party {
            name: name.into(),
            altruist,
        });
        VertexId(n.index() as u32)
    }

    /// Adds the arc `from -> to` ("`from` can give to `to`") with `weight`.
    ///
    /// # Errors
    /// Unknown vertices, self-loops, arcs into altruists, duplicate arcs and
    /// non-finite weights are rejected and leave the graph unchanged.
    pub fn add_arc(
        &mut self,
        from: VertexId,
        to: VertexId,
        weight: f64,
    ) -> Result<(), ExchangeError> {
        let count = self.vertex_count();
        for v in [from, to] {
            if v.index() >= count {
                return Err(ExchangeError::NoSuchVertex {
                    vertex: v.index(),
                    count,
                });
            }
        }
        if from == to {
            return Err(ExchangeError::SelfLoop(from));
        }
        if self.party(to).altruist {
            return Err(ExchangeError::IntoAltruist { from, to });
        }
        if !weight.is_finite() {
            return Err(ExchangeError::BadWeight { from, to, weight });
        }
        if weight.abs() > MAX_WEIGHT {
            return Err(range_error(from, to, weight, weight.abs()));
        }
        let (f, t) = (node(from), node(to));
        if self.graph.find_edge(f, t).is_some() {
            return Err(ExchangeError::DuplicateArc { from, to });
        }
        self.graph.add_edge(f, t, weight);
        Ok(())
    }

    /// Number of vertices.
    pub fn vertex_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of arcs.
    pub fn arc_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Every vertex id, in order.
    pub fn vertices(&self) -> impl Iterator<Item = VertexId> + '_ {
        (0..self.vertex_count()).map(VertexId::new)
    }

    /// The party behind `v`.
    ///
    /// # Panics
    /// If `v` is not a vertex of this graph.
    pub fn party(&self, v: VertexId) -> &Party {
        &self.graph[node(v)]
    }

    /// Whether `v` is an altruist.
    pub fn is_altruist(&self, v: VertexId) -> bool {
        self.party(v).altruist
    }

    /// The altruists, in id order.
    pub fn altruists(&self) -> impl Iterator<Item = VertexId> + '_ {
        self.vertices().filter(|&v| self.is_altruist(v))
    }

    /// The weight of `from -> to`, if that arc exists.
    pub fn weight(&self, from: VertexId, to: VertexId) -> Option<f64> {
        if from.index() >= self.vertex_count() || to.index() >= self.vertex_count() {
            return None;
        }
        let e = self.graph.find_edge(node(from), node(to))?;
        Some(self.graph[e])
    }

    /// Every arc as `(from, to, weight)`, in insertion order.
    pub fn arcs(&self) -> impl Iterator<Item = (VertexId, VertexId, f64)> + '_ {
        self.graph.edge_references().map(|e| {
            (
                VertexId(e.source().index() as u32),
                VertexId(e.target().index() as u32),
                *e.weight(),
            )
        })
    }

    /// Whether every arc weight is an integer (bounds can then be rounded down).
    pub fn integral_weights(&self) -> bool {
        self.graph.edge_weights().all(|w| w.fract() == 0.0)
    }

    /// Checks that every non-zero arc weight is within [`MAX_WEIGHT_RATIO`]
    /// of the largest magnitude, so that no weight is lost in the solver's
    /// sums.
    ///
    /// ```
    /// use detente::exchange::{ExchangeError, ExchangeGraph};
    /// let mut g = ExchangeGraph::new();
    /// let (a, b, c) = (g.add_party("a", false), g.add_party("b", false), g.add_party("c", false));
    /// g.add_arc(a, b, 1e12)?;
    /// g.add_arc(b, a, 2.0)?;
    /// assert!(matches!(g.check_weight_range(), Err(ExchangeError::WeightRange { .. })));
    /// # Ok::<(), ExchangeError>(())
    /// ```
    ///
    /// # Errors
    /// [`ExchangeError::WeightRange`] naming the first arc (in insertion
    /// order) that is too small.
    pub fn check_weight_range(&self) -> Result<(), ExchangeError> {
        let largest = self
            .graph
            .edge_weights()
            .fold(0.0f64, |m, w| m.max(w.abs()));
        match self
            .arcs()
            .find(|&(_, _, w)| w != 0.0 && w.abs() * MAX_WEIGHT_RATIO < largest)
        {
            Some((from, to, w)) => Err(range_error(from, to, w, largest)),
            None => Ok(()),
        }
    }

    /// Read-only access to the petgraph storage (for petgraph algorithms).
    pub fn petgraph(&self) -> &DiGraph<Party, f64, u32> {
        &self.graph
    }

    /// Compressed successor lists, sorted by head, for the hot loops.
    pub(crate) fn adjacency(&self) -> Adjacency {
        let n = self.vertex_count();
        let mut arcs: Vec<(u32, u32, f64)> = self.arcs().map(|(s, t, w)| (s.0, t.0, w)).collect();
        arcs.sort_unstable_by_key(|&(s, t, _)| (s, t));
        let mut start = vec![0u32; n + 1];
        for &(s, _, _) in &arcs {
            start[s as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut pred_start = vec![0u32; n + 1];
        for &(_, t, _) in &arcs {
            pred_start[t as usize + 1] += 1;
        }
        for i in 0..n {
            pred_start[i + 1] += pred_start[i];
        }
        let mut fill = pred_start.clone();
        let mut pred = vec![(0u32, 0.0); arcs.len()];
        for &(s, t, w) in &arcs {
            pred[fill[t as usize] as usize] = (s, w);
            fill[t as usize] += 1;
        }
        Adjacency {
            start,
            succ: arcs.iter().map(|&(_, t, w)| (t, w)).collect(),
            pred_start,
            pred,
            altruist: self.vertices().map(|v| self.is_altruist(v)).collect(),
        }
    }
}

fn range_error(from: VertexId, to: VertexId, weight: f64, largest: f64) -> ExchangeError {
    ExchangeError::WeightRange {
        from,
        to,
        weight,
        min: largest.min(MAX_WEIGHT) / MAX_WEIGHT_RATIO,
        max: MAX_WEIGHT,
        largest,
        ratio: MAX_WEIGHT_RATIO,
    }
}

fn node(v: VertexId) -> NodeIndex<u32> {
    NodeIndex::new(v.index())
}

/// Dense successor and predecessor lists (CSR).
pub(crate) struct Adjacency {
    pub start: Vec<u32>,
    pub succ: Vec<(u32, f64)>,
    pub pred_start: Vec<u32>,
    pub pred: Vec<(u32, f64)>,
    pub altruist: Vec<bool>,
}

impl Adjacency {
    pub fn succ(&self, v: usize) -> &[(u32, f64)] {
        &self.succ[self.start[v] as usize..self.start[v + 1] as usize]
    }

    pub fn pred(&self, v: usize) -> &[(u32, f64)] {
        &self.pred[self.pred_start[v] as usize..self.pred_start[v + 1] as usize]
    }
}
