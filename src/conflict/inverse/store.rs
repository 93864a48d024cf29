//! The relation graphs of inverse analysis: one directed graph per decision
//! maker (`a -> b`: `a` ranked at or above `b`), with undo, the consistency
//! test (no cycle through a strict arc) and a ranking that extends them.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::{Chain, Link, Reason};
use crate::conflict::model::DmId;
use crate::conflict::prefs::dense_ranks;
use crate::conflict::states::StateId;

/// An arc of a relation graph: the source is ranked at or above `to`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Arc {
    pub(super) to: u32,
    pub(super) strict: bool,
    /// `Some(reason)` for a required relation, `None` for one chosen by
    /// the search.
    pub(super) reason: Option<Reason>,
}

/// Per decision maker: fixed payoffs, or a relation graph with undo.
pub(super) struct Store<'a> {
    pub(super) ties: bool,
    pub(super) fixed: Vec<Option<&'a [u32]>>,
    pub(super) adj: Vec<Vec<Vec<Arc>>>,
    log: Vec<(u32, u32)>,
    /// BFS scratch over (state, seen a strict arc): stamps and parents.
    stamp: Vec<u32>,
    cur: u32,
    parent: Vec<(u32, u32)>,
    queue: Vec<u32>,
}

impl<'a> Store<'a> {
    /// An empty relation graph per decision maker over `n` states; `fixed`
    /// holds the payoffs of the decision makers whose ranking is given.
    pub(super) fn new(ties: bool, fixed: Vec<Option<&'a [u32]>>, n: usize, n_dms: usize) -> Self {
        Store {
            ties,
            fixed,
            adj: vec![vec![Vec::new(); n]; n_dms],
            log: Vec::new(),
            stamp: vec![0; 2 * n],
            cur: 0,
            parent: vec![(0, 0); 2 * n],
            queue: Vec::new(),
        }
    }

    pub(super) fn mark(&self) -> usize {
        self.log.len()
    }

    pub(super) fn undo(&mut self, mark: usize) {
        while self.log.len() > mark {
            let (d, a) = self.log.pop().expect("non-empty log");
            self.adj[d as usize][a as usize].pop();
        }
    }

    /// Whether `a ≥ b` (or `a > b`) is consistent with what `dm`'s
    /// ranking must already satisfy.
    pub(super) fn consistent(&mut self, dm: usize, a: StateId, b: StateId, strict: bool) -> bool {
        if a == b {
            return !strict;
        }
        // A fixed ranking keeps its ties; only free ones must be strict.
        if let Some(p) = self.fixed[dm] {
            let (pa, pb) = (p[a.index()], p[b.index()]);
            return if strict { pa > pb } else { pa >= pb };
        }
        let strict = strict || !self.ties;
        self.search(dm, b, a, !strict).is_none()
    }

    /// Adds `a ≥ b` (or `a > b`) for `dm` if consistent.
    pub(super) fn add(
        &mut self,
        dm: usize,
        a: StateId,
        b: StateId,
        strict: bool,
        reason: Option<Reason>,
    ) -> bool {
        if !self.consistent(dm, a, b, strict) {
            return false;
        }
        if a != b && self.fixed[dm].is_none() {
            self.adj[dm][a.index()].push(Arc {
                to: b.0,
                strict: strict || !self.ties,
                reason,
            });
            self.log.push((dm as u32, a.0));
        }
        true
    }

    /// A path from `from` to `to` in `dm`'s graph; with `need_strict`, one
    /// that uses a strict arc. Returns the node sequence as (state, arc
    /// index taken from the previous state).
    fn search(
        &mut self,
        dm: usize,
        from: StateId,
        to: StateId,
        need_strict: bool,
    ) -> Option<Vec<(u32, u32)>> {
        self.cur = self.cur.wrapping_add(1);
        if self.cur == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.cur = 1;
        }
        let node = |s: u32, f: bool| s as usize * 2 + usize::from(f);
        self.queue.clear();
        let start = node(from.0, false);
        self.stamp[start] = self.cur;
        self.parent[start] = (u32::MAX, u32::MAX);
        self.queue.push(start as u32);
        let mut head = 0;
        while head < self.queue.len() {
            let x = self.queue[head] as usize;
            head += 1;
            let (s, f) = (x / 2, x % 2 == 1);
            if s == to.index() && (f || !need_strict) {
                let mut path = Vec::new();
                let mut k = x;
                while self.parent[k].0 != u32::MAX {
                    path.push(((k / 2) as u32, self.parent[k].1));
                    k = self.parent[k].0 as usize;
                }
                path.push(((k / 2) as u32, u32::MAX));
                path.reverse();
                return Some(path);
            }
            for (e, arc) in self.adj[dm][s].iter().enumerate() {
                let y = node(arc.to, f || arc.strict);
                if self.stamp[y] != self.cur {
                    self.stamp[y] = self.cur;
                    self.parent[y] = (x as u32, e as u32);
                    self.queue.push(y as u32);
                }
            }
        }
        None
    }

    /// The chain of required relations behind `from ≥ to` (strict if asked).
    pub(super) fn chain(
        &mut self,
        dm: usize,
        from: StateId,
        to: StateId,
        need_strict: bool,
    ) -> Option<Chain> {
        if let Some(p) = self.fixed[dm] {
            let (pa, pb) = (p[from.index()], p[to.index()]);
            let ok = if need_strict { pa > pb } else { pa >= pb };
            return ok.then(|| Chain {
                dm: DmId(dm),
                links: vec![Link {
                    above: from,
                    below: to,
                    strict: pa > pb,
                    reason: Reason::Fixed,
                }],
            });
        }
        let path = self.search(dm, from, to, need_strict)?;
        let links = path
            .windows(2)
            .map(|w| {
                let arc = self.adj[dm][w[0].0 as usize][w[1].1 as usize];
                Link {
                    above: StateId(w[0].0),
                    below: StateId(w[1].0),
                    strict: arc.strict,
                    reason: arc.reason.unwrap_or(Reason::Kept),
                }
            })
            .collect();
        Some(Chain {
            dm: DmId(dm),
            links,
        })
    }
}

/// A ranking satisfying every arc of `adj` (source at or above target),
/// close to `base`.
pub(super) fn extension(adj: &[Vec<Arc>], base: &[u32], ties: bool) -> Vec<u32> {
    let n = adj.len();
    // Strongly connected components (all arcs in one are weak: the search
    // refused strict cycles), then a bottom-up Kahn order over them.
    let mut g = petgraph::graph::DiGraph::<(), ()>::with_capacity(n, 0);
    for _ in 0..n {
        g.add_node(());
    }
    for (a, arcs) in adj.iter().enumerate() {
        for arc in arcs {
            g.add_edge((a as u32).into(), arc.to.into(), ());
        }
    }
    let sccs = petgraph::algo::tarjan_scc(&g);
    let mut comp = vec![0usize; n];
    for (c, members) in sccs.iter().enumerate() {
        for m in members {
            comp[m.index()] = c;
        }
    }
    let nc = sccs.len();
    let low: Vec<u32> = sccs
        .iter()
        .map(|m| m.iter().map(|s| base[s.index()]).min().unwrap_or(0))
        .collect();
    let mut pending = vec![0usize; nc];
    let mut uppers: Vec<Vec<(usize, bool)>> = vec![Vec::new(); nc];
    for (a, arcs) in adj.iter().enumerate() {
        for arc in arcs {
            let (ca, cb) = (comp[a], comp[arc.to as usize]);
            if ca != cb {
                pending[ca] += 1;
                uppers[cb].push((ca, arc.strict));
            }
        }
    }
    let mut need = vec![0u64; nc];
    let mut heap: BinaryHeap<Reverse<(u32, usize)>> = (0..nc)
        .filter(|&c| pending[c] == 0)
        .map(|c| Reverse((low[c], c)))
        .collect();
    let mut level = vec![0u64; nc];
    let mut prev: Option<(u64, u32)> = None;
    while let Some(Reverse((b, c))) = heap.pop() {
        let l = match prev {
            None => need[c],
            Some((pl, pb)) => need[c].max(pl + u64::from(!ties || pb != b)),
        };
        level[c] = l;
        prev = Some((l, b));
        for &(up, strict) in &uppers[c] {
            need[up] = need[up].max(l + u64::from(strict));
            pending[up] -= 1;
            if pending[up] == 0 {
                heap.push(Reverse((low[up], up)));
            }
        }
    }
    let keys: Vec<u64> = (0..n).map(|s| level[comp[s]]).collect();
    dense_ranks(&keys)
}
