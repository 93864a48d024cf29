//! One budget for every long computation: units of work, wall time and
//! memory. An engine that runs out returns what it found so far, flagged
//! (`truncated`, and [`Stopped`] saying which limit fired), and never claims
//! a proof (`optimal`, `solved`) it did not finish.
//!
//! The unit of work depends on the engine; [`Budget::max_nodes`] counts:
//!
//! | engine | unit | stopped result |
//! |---|---|---|
//! | explorer ([`crate::explore`]) | states visited (simulations for MCTS) | the outcomes found so far (a prefix of the full list) |
//! | package search ([`crate::mediator`]) | search nodes | best packages found, not `optimal` |
//! | clearing ([`crate::exchange`]) | branch-and-bound nodes | incumbent and bound, not `optimal` |
//! | conflict analysis ([`crate::conflict`]) | feasible states analysed; inverse: search nodes | verdicts for the first states; inverse gives up |
//! | experiments and sweeps ([`crate::simulate`]) | runs (sweeps: jobs) | aggregates over the first runs |
//! | tournaments ([`crate::negotiate::tournament`]) | negotiations | the first negotiations |
//!
//! A result cut by [`Budget::max_nodes`] is a deterministic prefix of the
//! full one: the same on every machine and for every thread count. A result
//! cut by [`Budget::max_time`] depends on the machine, says so
//! ([`Stopped::Time`]), and must never be used as a golden output.

use std::fmt;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// Limits on one computation. `None` means unlimited.
///
/// ```
/// use detente::Budget;
/// use std::time::Duration;
/// let b = Budget::unlimited().with_nodes(1_000_000).with_time(Duration::from_millis(50));
/// assert_eq!(b.max_nodes, Some(1_000_000));
/// assert_eq!(b.max_memory, None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Budget {
    /// Most units of work (see the module table: nodes, runs,
    /// negotiations, states) the computation may spend.
    pub max_nodes: Option<u64>,
    /// Most wall-clock time. Engines read the clock between units of work
    /// (search engines about every half millisecond of work, however slow a
    /// unit is; experiments every chunk of runs), so they may overshoot by
    /// one such step.
    pub max_time: Option<Duration>,
    /// Most bytes the computation's own tables (transposition tables,
    /// stored outcomes, search trees) may hold, by the engine's estimate of
    /// its entry sizes.
    pub max_memory: Option<usize>,
}

impl Budget {
    /// No limits.
    ///
    /// ```
    /// assert_eq!(detente::Budget::unlimited().max_nodes, None);
    /// ```
    pub fn unlimited() -> Self {
        Self::default()
    }

    /// The same budget with at most `n` units of work.
    ///
    /// ```
    /// assert_eq!(detente::Budget::unlimited().with_nodes(5).max_nodes, Some(5));
    /// ```
    pub fn with_nodes(mut self, n: u64) -> Self {
        self.max_nodes = Some(n);
        self
    }

    /// The same budget with at most `t` of wall time.
    ///
    /// ```
    /// use std::time::Duration;
    /// let b = detente::Budget::unlimited().with_time(Duration::from_secs(1));
    /// assert_eq!(b.max_time, Some(Duration::from_secs(1)));
    /// ```
    pub fn with_time(mut self, t: Duration) -> Self {
        self.max_time = Some(t);
        self
    }

    /// The same budget with at most `bytes` of tables.
    ///
    /// ```
    /// let b = detente::Budget::unlimited().with_memory(1 << 20);
    /// assert_eq!(b.max_memory, Some(1 << 20));
    /// ```
    pub fn with_memory(mut self, bytes: usize) -> Self {
        self.max_memory = Some(bytes);
        self
    }

    /// Units of work allowed out of `requested`: the node limit, if lower.
    ///
    /// ```
    /// let b = detente::Budget::unlimited().with_nodes(10);
    /// assert_eq!(b.nodes_within(4), 4);
    /// assert_eq!(b.nodes_within(40), 10);
    /// ```
    pub fn nodes_within(&self, requested: u64) -> u64 {
        self.max_nodes.map_or(requested, |m| m.min(requested))
    }
}

/// Which limit of a [`Budget`] stopped a computation.
///
/// ```
/// use detente::budget::Stopped;
/// assert_eq!(Stopped::Nodes.to_string(), "node limit (--max-nodes)");
/// assert!(Stopped::Nodes.is_deterministic() && !Stopped::Time.is_deterministic());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stopped {
    /// [`Budget::max_nodes`]: the result is a deterministic prefix.
    Nodes,
    /// [`Budget::max_time`]: what was done depends on the machine.
    Time,
    /// [`Budget::max_memory`].
    Memory,
}

impl Stopped {
    /// Whether a result stopped this way is the same on every machine (node
    /// and memory limits count the engine's own work, the clock does not).
    pub fn is_deterministic(self) -> bool {
        self != Stopped::Time
    }
}

impl fmt::Display for Stopped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stopped::Nodes => "node limit (--max-nodes)",
            Stopped::Time => "time limit (--time-limit)",
            Stopped::Memory => "memory limit",
        })
    }
}

/// The line a command-line tool prints under a truncated result: what
/// stopped it and how to raise the budget.
///
/// ```
/// use detente::budget::{truncation_note, Stopped};
/// let note = truncation_note("search", Stopped::Nodes, 1_000, "nodes");
/// assert_eq!(
///     note,
///     "truncated: the search stopped at its node limit (--max-nodes) after 1000 nodes; \
///      the result is what it found so far. Raise the budget with --max-nodes N or --time-limit SECONDS."
/// );
/// ```
pub fn truncation_note(what: &str, stopped: Stopped, done: u64, unit: &str) -> String {
    format!(
        "truncated: the {what} stopped at its {stopped} after {done} {unit}; \
         the result is what it found so far. Raise the budget with --max-nodes N or --time-limit SECONDS."
    )
}

/// Counts units of work against a [`Budget`] on one thread.
///
/// The clock is read at a stride of units that adapts to their cost: a
/// clock read costs about what a tic-tac-toe node does, so fast units are
/// read every few hundred, while a slow unit (a deal-game node on a large
/// world can take milliseconds) is read every time. A fixed stride of 64
/// overshot a time limit by 64 slow units: minutes on a million-prisoner
/// world.
#[derive(Debug)]
pub(crate) struct Meter {
    budget: Budget,
    start: Instant,
    pub(crate) nodes: u64,
    pub(crate) stopped: Option<Stopped>,
    /// Units between clock reads, and the unit count of the next read.
    stride: u64,
    next_read: u64,
    last_read: Duration,
}

/// Below this much time between two clock reads the stride doubles; above
/// four times as much it halves, so a time limit is overshot by at most
/// about a millisecond of work (or one unit, when a unit takes longer).
const READ_EVERY: Duration = Duration::from_micros(250);
const MAX_STRIDE: u64 = 1024;

impl Meter {
    pub(crate) fn new(budget: Budget) -> Self {
        Self {
            budget,
            start: Instant::now(),
            nodes: 0,
            stopped: None,
            stride: 1,
            next_read: 1,
            last_read: Duration::ZERO,
        }
    }

    /// Whether a limit has stopped the work.
    #[inline]
    pub(crate) fn cut(&self) -> bool {
        self.stopped.is_some()
    }

    /// Counts one unit; false (and `stopped` set) once the budget is spent.
    #[inline]
    pub(crate) fn tick(&mut self) -> bool {
        if self.stopped.is_some() {
            return false;
        }
        if let Some(max) = self.budget.max_nodes
            && self.nodes >= max
        {
            self.stopped = Some(Stopped::Nodes);
            return false;
        }
        self.nodes += 1;
        if self.nodes >= self.next_read {
            self.read_clock();
        }
        true
    }

    /// Reads the clock at a tick, stops the work past the time limit and
    /// retunes the stride to the time the last units took.
    #[cold]
    fn read_clock(&mut self) {
        let Some(limit) = self.budget.max_time else {
            self.next_read = u64::MAX;
            return;
        };
        let now = self.start.elapsed();
        if now >= limit {
            self.stopped = Some(Stopped::Time);
            return;
        }
        let since = now - self.last_read;
        if since < READ_EVERY {
            self.stride = (self.stride * 2).min(MAX_STRIDE);
        } else if since > 4 * READ_EVERY {
            self.stride = (self.stride / 2).max(1);
        }
        self.last_read = now;
        self.next_read = self.nodes + self.stride;
    }

    /// Whether tables holding `bytes` still fit the memory budget.
    #[inline]
    pub(crate) fn fits(&self, bytes: usize) -> bool {
        self.budget.max_memory.is_none_or(|m| bytes <= m)
    }

    /// Records that the memory budget stopped the work.
    pub(crate) fn stop_for_memory(&mut self) {
        self.stopped.get_or_insert(Stopped::Memory);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_node_limit_allows_exactly_that_many_ticks() {
        let mut m = Meter::new(Budget::unlimited().with_nodes(3));
        assert!(m.tick() && m.tick() && m.tick());
        assert!(!m.tick());
        assert_eq!((m.nodes, m.stopped), (3, Some(Stopped::Nodes)));
    }

    #[test]
    fn a_zero_time_limit_stops_at_the_first_clock_reading() {
        let mut m = Meter::new(Budget::unlimited().with_time(Duration::ZERO));
        let ticks = std::iter::from_fn(|| m.tick().then_some(())).count();
        assert_eq!(ticks, 1);
        assert_eq!(m.stopped, Some(Stopped::Time));
    }

    #[test]
    fn slow_units_read_the_clock_every_time() {
        // Units of 2 ms each: a fixed stride of 64 would run up to 63 units
        // past the limit. Counting the units begun after the limit, rather
        // than timing the whole loop, keeps the test independent of how
        // loaded the machine is: at most one for a stride of 1, two if the
        // first (fast) reading doubled it, or if the thread was descheduled
        // between the tick and the check.
        let limit = Duration::from_millis(20);
        let mut m = Meter::new(Budget::unlimited().with_time(limit));
        let t0 = Instant::now();
        let mut late = 0;
        while m.tick() {
            late += u32::from(t0.elapsed() >= limit);
            std::thread::sleep(Duration::from_millis(2));
        }
        assert_eq!(m.stopped, Some(Stopped::Time));
        assert!(late <= 2, "{late} units of 2 ms begun after the limit");
        assert!(m.nodes <= 11, "{} units of 2 ms in 20 ms", m.nodes);
    }

    #[test]
    fn fast_units_read_the_clock_rarely() {
        let mut m = Meter::new(Budget::unlimited().with_time(Duration::from_secs(3600)));
        for _ in 0..100_000 {
            assert!(m.tick());
        }
        // Preemption on a loaded machine may halve it once or twice.
        assert!(m.stride >= MAX_STRIDE / 16, "stride {}", m.stride);
    }
}
