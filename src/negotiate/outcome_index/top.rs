//! Best-first enumeration of a linear additive utility's outcomes from the
//! top: the cheap way to answer threshold queries that stay near the best
//! outcome (a Boulware strategy's, for most of a negotiation), with no
//! index to build.
//!
//! Each issue's terms are sorted in decreasing order; an outcome is a vector
//! of ranks, and its utility (the terms added in issue order from 0, as
//! [`LinearAdditive`](crate::negotiate::LinearAdditive) evaluates) can only
//! fall when a rank rises, because rounded addition is monotone in each
//! argument. A max-heap seeded with the all-best outcome pops outcomes in
//! non-increasing utility; each popped outcome pushes its children (one rank
//! raised, at or after the last raised issue, so every outcome has exactly
//! one parent). After popping every heap entry `>= thr`, the popped list
//! holds every outcome `>= thr`, in order.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// One outcome in the heap: its exact utility, outcome index, ranks packed
/// per issue, and the last issue whose rank its parent raised.
#[derive(Clone, Copy, Debug)]
struct Node {
    u: f64,
    o: u32,
    ranks: u64,
    last: u8,
}

impl PartialEq for Node {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Node {}

impl PartialOrd for Node {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Higher utility first, then lower outcome index.
impl Ord for Node {
    fn cmp(&self, other: &Self) -> Ordering {
        self.u.total_cmp(&other.u).then(other.o.cmp(&self.o))
    }
}

/// The enumeration's state; buffers are reused across [`Top::reset`] calls.
#[derive(Clone, Debug, Default)]
pub(super) struct Top {
    /// Per issue: offset into `terms` / `values`, cardinality, outcome-index
    /// stride, and bit shift of its rank in `Node::ranks`.
    offsets: Vec<usize>,
    cards: Vec<usize>,
    strides: Vec<u32>,
    shifts: Vec<u32>,
    masks: Vec<u64>,
    /// Terms sorted decreasing per issue, and the value index of each.
    terms: Vec<f64>,
    values: Vec<u32>,
    heap: BinaryHeap<Node>,
    /// Popped outcomes `(utility, index)`, utility non-increasing.
    popped: Vec<(f64, u32)>,
}

/// `(lowest u >= thr, highest u < thr)`, each with its outcome index.
pub(super) type TopBracket = (Option<(usize, f64)>, Option<(usize, f64)>);

impl Top {
    /// Starts an enumeration over issues whose weighted terms are
    /// `terms(i)` for `i < n`. `false` (nothing usable) when the ranks do
    /// not pack into 64 bits or the outcome indices do not fit `u32`.
    pub(super) fn reset<'a>(&mut self, n: usize, terms: impl Fn(usize) -> &'a [f64]) -> bool {
        self.offsets.clear();
        self.cards.clear();
        self.strides.clear();
        self.shifts.clear();
        self.masks.clear();
        self.terms.clear();
        self.values.clear();
        self.heap.clear();
        self.popped.clear();
        if n == 0 || n > usize::from(u8::MAX) {
            return false;
        }
        let mut shift = 0u32;
        let mut total = 1u64;
        for i in 0..n {
            let t = terms(i);
            let card = t.len();
            let bits = usize::BITS - card.saturating_sub(1).leading_zeros();
            total = total.saturating_mul(card as u64);
            if card == 0 || shift + bits > 64 || total > u64::from(u32::MAX) {
                return false;
            }
            self.offsets.push(self.terms.len());
            self.cards.push(card);
            self.shifts.push(shift);
            self.masks.push((1u64 << bits) - 1);
            shift += bits;
            let start = self.values.len();
            // Decreasing term, ties by lower value index (a stable insertion
            // sort of a few values).
            for v in 0..card {
                self.values.push(v as u32);
                let mut j = self.values.len() - 1;
                while j > start && t[self.values[j - 1] as usize].total_cmp(&t[v]).is_lt() {
                    self.values[j] = self.values[j - 1];
                    j -= 1;
                }
                self.values[j] = v as u32;
            }
            self.terms
                .extend(self.values[start..].iter().map(|&v| t[v as usize]));
        }
        let mut stride = 1u32;
        self.strides.resize(n, 0);
        for i in (0..n).rev() {
            self.strides[i] = stride;
            stride = stride.wrapping_mul(self.cards[i] as u32);
        }
        let root = self.node(0, 0);
        self.heap.push(root);
        true
    }

    fn rank(&self, ranks: u64, i: usize) -> usize {
        ((ranks >> self.shifts[i]) & self.masks[i]) as usize
    }

    fn node(&self, ranks: u64, last: u8) -> Node {
        let mut u = 0.0;
        let mut o = 0u32;
        for i in 0..self.cards.len() {
            let k = self.offsets[i] + self.rank(ranks, i);
            u += self.terms[k];
            o += self.values[k] * self.strides[i];
        }
        Node { u, o, ranks, last }
    }

    fn pop(&mut self) {
        let Some(top) = self.heap.pop() else {
            return;
        };
        self.popped.push((top.u, top.o));
        for j in usize::from(top.last)..self.cards.len() {
            if self.rank(top.ranks, j) + 1 < self.cards[j] {
                let child = self.node(top.ranks + (1u64 << self.shifts[j]), j as u8);
                self.heap.push(child);
            }
        }
    }

    /// Pops while the heap's best is `>= floor`; `false` once more than
    /// `budget` outcomes have been popped in all (the caller switches to an
    /// index).
    fn pop_down_to(&mut self, floor: f64, budget: usize) -> bool {
        while self.heap.peek().is_some_and(|n| n.u >= floor) {
            if self.popped.len() >= budget {
                return false;
            }
            self.pop();
        }
        true
    }

    /// Lowest index among the popped entries `[s, e)` (equal utilities).
    fn lowest(&self, s: usize, e: usize) -> (usize, f64) {
        let (u, o) =
            self.popped[s..e].iter().fold(
                (f64::NAN, u32::MAX),
                |m, &(u, o)| if o < m.1 { (u, o) } else { m },
            );
        (o as usize, u)
    }

    /// The exact bracket of `thr` (ties by lowest outcome index), or `None`
    /// when answering would pop more than `budget` outcomes in all.
    pub(super) fn bracket(&mut self, thr: f64, budget: usize) -> Option<TopBracket> {
        if thr.is_nan() || !self.pop_down_to(thr, budget) {
            return None;
        }
        // Every outcome >= thr is popped: a prefix of the non-increasing list.
        let e = self.popped.partition_point(|&(u, _)| u >= thr);
        let above = (e > 0).then(|| {
            let v = self.popped[e - 1].0;
            let s = self.popped[..e].partition_point(|&(u, _)| u > v);
            self.lowest(s, e)
        });
        let next = match self.popped.get(e) {
            Some(&(u, _)) => Some(u),
            None => self.heap.peek().map(|n| n.u),
        };
        let pred = match next {
            None => None,
            Some(v) => {
                // Pop the whole run of equal utilities to know its lowest index.
                if !self.pop_down_to(v, budget) {
                    return None;
                }
                let end = e + self.popped[e..].partition_point(|&(u, _)| u >= v);
                Some(self.lowest(e, end))
            }
        };
        Some((above, pred))
    }
}
