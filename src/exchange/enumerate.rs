//! Enumeration of the exchanges a clearing may choose: cycles of bounded
//! length and chains of bounded length started by an altruist.
//!
//! Each cycle is found once, by a depth-first search from its smallest
//! vertex through larger vertices only; closing arcs are looked up in a dense
//! per-start array, so a cycle of length 3 costs one array read. For caps of
//! 4 and more a reverse breadth-first search prunes paths that cannot get
//! back to the start in time.

use super::{ExchangeError, ExchangeGraph, VertexId};
use serde::{Deserialize, Serialize};

/// The largest cycle or chain cap accepted.
pub const MAX_CAP: usize = 12;

/// Length caps and an enumeration budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Caps {
    /// Longest cycle, in vertices (= arcs); 0 or 1 means no cycles.
    pub max_cycle: usize,
    /// Longest chain, in arcs (gifts) after the altruist; 0 means no chains.
    pub max_chain: usize,
    /// Stop with [`ExchangeError::TooManyExchanges`] beyond this many.
    pub max_exchanges: usize,
}

impl Default for Caps {
    /// Cycles of at most 3, chains of at most 3 gifts, 20 million exchanges.
    fn default() -> Self {
        Self {
            max_cycle: 3,
            max_chain: 3,
            max_exchanges: 20_000_000,
        }
    }
}

impl Caps {
    /// Caps with the given cycle and chain lengths and the default budget.
    pub fn new(max_cycle: usize, max_chain: usize) -> Self {
        Self {
            max_cycle,
            max_chain,
            ..Self::default()
        }
    }

    pub(crate) fn check(&self) -> Result<(), ExchangeError> {
        for (what, got) in [("max_cycle", self.max_cycle), ("max_chain", self.max_chain)] {
            if got > MAX_CAP {
                return Err(ExchangeError::BadLimit {
                    what,
                    min: 0,
                    max: MAX_CAP,
                    got,
                });
            }
        }
        Ok(())
    }
}

/// Whether an exchange is a closed cycle or a chain from an altruist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExchangeKind {
    /// `v0 -> v1 -> ... -> vk-1 -> v0`.
    Cycle,
    /// `altruist -> v1 -> ... -> vk` (k arcs; the last party gives to no one).
    Chain,
}

/// One exchange, borrowed from [`Exchanges`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Exchange<'a> {
    /// Cycle or chain.
    pub kind: ExchangeKind,
    /// The parties in arc order (a cycle starts at its smallest vertex, a
    /// chain at its altruist).
    pub vertices: &'a [VertexId],
    /// Total weight of the arcs used.
    pub weight: f64,
}

/// Every exchange of a graph under some caps, stored flat.
#[derive(Clone, Debug, Default)]
pub struct Exchanges {
    offsets: Vec<u32>,
    vertices: Vec<VertexId>,
    weights: Vec<f64>,
    cycles: usize,
}

impl Exchanges {
    /// Number of exchanges.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// Number of cycles (they come first: indices `0..cycle_count()`).
    pub fn cycle_count(&self) -> usize {
        self.cycles
    }

    /// Number of chains.
    pub fn chain_count(&self) -> usize {
        self.len() - self.cycles
    }

    /// Exchange `i`.
    ///
    /// # Panics
    /// If `i >= self.len()`.
    pub fn get(&self, i: usize) -> Exchange<'_> {
        Exchange {
            kind: if i < self.cycles {
                ExchangeKind::Cycle
            } else {
                ExchangeKind::Chain
            },
            vertices: self.vertices(i),
            weight: self.weights[i],
        }
    }

    /// The parties of exchange `i`, in arc order.
    pub fn vertices(&self, i: usize) -> &[VertexId] {
        &self.vertices[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    /// The weight of exchange `i`.
    pub fn weight(&self, i: usize) -> f64 {
        self.weights[i]
    }

    /// Every weight, by index.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// Iterates over all exchanges.
    pub fn iter(&self) -> impl Iterator<Item = Exchange<'_>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    fn push(&mut self, path: &[u32], weight: f64, limit: usize) -> Result<(), ExchangeError> {
        if self.weights.len() >= limit {
            return Err(ExchangeError::TooManyExchanges { limit });
        }
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        self.vertices.extend(path.iter().map(|&v| VertexId(v)));
        self.offsets.push(self.vertices.len() as u32);
        self.weights.push(weight);
        Ok(())
    }
}

/// Enumerates every cycle of at most `caps.max_cycle` parties and every
/// chain of at most `caps.max_chain` gifts.
///
/// ```
/// use detente::exchange::{enumerate, Caps, ExchangeGraph};
/// let mut g = ExchangeGraph::new();
/// let v: Vec<_> = (0..3).map(|i| g.add_party(format!("p{i}"), false)).collect();
/// for (s, t) in [(0, 1), (1, 2), (2, 0), (1, 0)] {
///     g.add_arc(v[s], v[t], 1.0)?;
/// }
/// let ex = enumerate(&g, &Caps::new(3, 0))?;
/// assert_eq!(ex.cycle_count(), 2); // 0-1-0 and 0-1-2-0
/// # Ok::<(), detente::exchange::ExchangeError>(())
/// ```
///
/// # Errors
/// Caps above [`MAX_CAP`], arc weights too far apart for the solver
/// ([`ExchangeGraph::check_weight_range`]), or more than
/// `caps.max_exchanges` exchanges.
///
/// # Complexity
/// Proportional to the number of paths explored: for 3-cycles, the sum over
/// arcs `a -> b` of the out-degree of `b`, plus the output.
pub fn enumerate(g: &ExchangeGraph, caps: &Caps) -> Result<Exchanges, ExchangeError> {
    caps.check()?;
    g.check_weight_range()?;
    let adj = g.adjacency();
    let n = g.vertex_count();
    let mut out = Exchanges {
        offsets: vec![0],
        ..Exchanges::default()
    };
    let l = caps.max_cycle;
    if l >= 2 {
        let mut back = vec![f64::NAN; n];
        let mut dist = vec![u8::MAX; n];
        let mut on_path = vec![false; n];
        let mut path: Vec<u32> = Vec::with_capacity(l);
        let mut wsum: Vec<f64> = Vec::with_capacity(l);
        let mut next: Vec<usize> = Vec::with_capacity(l);
        let mut queue: Vec<u32> = Vec::new();
        for s in 0..n {
            if adj.altruist[s] {
                continue;
            }
            for &(p, w) in adj.pred(s) {
                if p as usize > s {
                    back[p as usize] = w;
                }
            }
            if l >= 4 {
                reverse_bfs(&adj, s, l, &mut dist, &mut queue);
            }
            path.push(s as u32);
            wsum.push(0.0);
            next.push(first_above(adj.succ(s), s));
            on_path[s] = true;
            while let Some(&v) = path.last() {
                let d = path.len();
                let succ = adj.succ(v as usize);
                let i = next[d - 1];
                if i == succ.len() {
                    path.pop();
                    wsum.pop();
                    next.pop();
                    on_path[v as usize] = false;
                    continue;
                }
                next[d - 1] = i + 1;
                let (u, w) = succ[i];
                let uu = u as usize;
                if uu <= s || adj.altruist[uu] || on_path[uu] {
                    continue;
                }
                let weight = wsum[d - 1] + w;
                if !back[uu].is_nan() {
                    path.push(u);
                    out.push(&path, weight + back[uu], caps.max_exchanges)?;
                    path.pop();
                }
                if d + 1 < l && (l < 4 || d + dist[uu] as usize <= l) {
                    path.push(u);
                    wsum.push(weight);
                    next.push(first_above(adj.succ(uu), s));
                    on_path[uu] = true;
                }
            }
            for &(p, _) in adj.pred(s) {
                back[p as usize] = f64::NAN;
            }
            for &q in &queue {
                dist[q as usize] = u8::MAX;
            }
            queue.clear();
        }
    }
    out.cycles = out.len();
    if caps.max_chain >= 1 {
        chains(&adj, caps, &mut out)?;
    }
    Ok(out)
}

fn first_above(succ: &[(u32, f64)], s: usize) -> usize {
    succ.partition_point(|&(t, _)| t as usize <= s)
}

/// `dist[v]` = arcs from `v` back to `s` through vertices above `s`, up to
/// `l - 1`; every reached vertex is left in `queue` for the reset.
fn reverse_bfs(
    adj: &super::graph::Adjacency,
    s: usize,
    l: usize,
    dist: &mut [u8],
    queue: &mut Vec<u32>,
) {
    queue.clear();
    let mut head = 0;
    for &(p, _) in adj.pred(s) {
        let p = p as usize;
        if p > s && !adj.altruist[p] && dist[p] == u8::MAX {
            dist[p] = 1;
            queue.push(p as u32);
        }
    }
    while head < queue.len() {
        let v = queue[head] as usize;
        head += 1;
        let dv = dist[v];
        if dv as usize + 1 >= l {
            continue;
        }
        for &(p, _) in adj.pred(v) {
            let p = p as usize;
            if p > s && !adj.altruist[p] && dist[p] == u8::MAX {
                dist[p] = dv + 1;
                queue.push(p as u32);
            }
        }
    }
}

fn chains(
    adj: &super::graph::Adjacency,
    caps: &Caps,
    out: &mut Exchanges,
) -> Result<(), ExchangeError> {
    let n = adj.altruist.len();
    let mut on_path = vec![false; n];
    let mut path: Vec<u32> = Vec::new();
    let mut wsum: Vec<f64> = Vec::new();
    let mut next: Vec<usize> = Vec::new();
    for a in (0..n).filter(|&a| adj.altruist[a]) {
        path.push(a as u32);
        wsum.push(0.0);
        next.push(0);
        on_path[a] = true;
        while let Some(&v) = path.last() {
            let d = path.len();
            let succ = adj.succ(v as usize);
            let i = next[d - 1];
            if i == succ.len() || d > caps.max_chain {
                path.pop();
                wsum.pop();
                next.pop();
                on_path[v as usize] = false;
                continue;
            }
            next[d - 1] = i + 1;
            let (u, w) = succ[i];
            if adj.altruist[u as usize] || on_path[u as usize] {
                continue;
            }
            let weight = wsum[d - 1] + w;
            path.push(u);
            wsum.push(weight);
            next.push(0);
            on_path[u as usize] = true;
            out.push(&path, weight, caps.max_exchanges)?;
        }
    }
    Ok(())
}
