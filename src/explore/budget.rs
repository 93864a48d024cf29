//! Search budgets: nodes, wall time and memory. A search that runs out
//! returns what it found so far with its `truncated` flag set.

use std::time::{Duration, Instant};

/// Limits on one search. `None` means unlimited.
///
/// ```
/// use detente::explore::Budget;
/// use std::time::Duration;
/// let b = Budget::unlimited().with_nodes(1_000_000).with_time(Duration::from_millis(50));
/// assert_eq!(b.max_nodes, Some(1_000_000));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Budget {
    /// Most nodes (states visited; simulations for MCTS) the search may spend.
    pub max_nodes: Option<u64>,
    /// Most wall-clock time the search may spend (checked every 1,024 nodes).
    pub max_time: Option<Duration>,
    /// Most bytes the search's own tables (transposition table, stored
    /// outcomes, MCTS tree) may hold, by the searcher's estimate of its
    /// entry sizes.
    pub max_memory: Option<usize>,
}

impl Budget {
    /// No limits.
    ///
    /// ```
    /// assert_eq!(detente::explore::Budget::unlimited().max_nodes, None);
    /// ```
    pub fn unlimited() -> Self {
        Self::default()
    }

    /// The same budget with at most `n` nodes.
    ///
    /// ```
    /// assert_eq!(detente::explore::Budget::unlimited().with_nodes(5).max_nodes, Some(5));
    /// ```
    pub fn with_nodes(mut self, n: u64) -> Self {
        self.max_nodes = Some(n);
        self
    }

    /// The same budget with at most `t` of wall time.
    ///
    /// ```
    /// use std::time::Duration;
    /// let b = detente::explore::Budget::unlimited().with_time(Duration::from_secs(1));
    /// assert_eq!(b.max_time, Some(Duration::from_secs(1)));
    /// ```
    pub fn with_time(mut self, t: Duration) -> Self {
        self.max_time = Some(t);
        self
    }

    /// The same budget with at most `bytes` of search tables.
    ///
    /// ```
    /// let b = detente::explore::Budget::unlimited().with_memory(1 << 20);
    /// assert_eq!(b.max_memory, Some(1 << 20));
    /// ```
    pub fn with_memory(mut self, bytes: usize) -> Self {
        self.max_memory = Some(bytes);
        self
    }
}

/// Counts nodes against a [`Budget`]; reading the clock only every 1,024
/// nodes keeps the check off the hot path.
#[derive(Debug)]
pub(crate) struct Meter {
    budget: Budget,
    start: Instant,
    pub(crate) nodes: u64,
    pub(crate) cut: bool,
}

impl Meter {
    pub(crate) fn new(budget: Budget) -> Self {
        Self {
            budget,
            start: Instant::now(),
            nodes: 0,
            cut: false,
        }
    }

    /// Counts one node; false (and `cut` set) once the budget is spent.
    #[inline]
    pub(crate) fn tick(&mut self) -> bool {
        if self.cut {
            return false;
        }
        if let Some(max) = self.budget.max_nodes
            && self.nodes >= max
        {
            self.cut = true;
            return false;
        }
        self.nodes += 1;
        if self.nodes & 1023 == 0
            && let Some(t) = self.budget.max_time
            && self.start.elapsed() >= t
        {
            self.cut = true;
        }
        true
    }

    /// Whether tables holding `bytes` still fit the memory budget.
    #[inline]
    pub(crate) fn fits(&self, bytes: usize) -> bool {
        self.budget.max_memory.is_none_or(|m| bytes <= m)
    }
}
