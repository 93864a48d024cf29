//! Strategy tournaments in the manner of ANAC/GENIUS and NegMAS: every
//! entrant meets every other over a set of scenarios, with role rotation
//! and repetitions, and a ranking table summarises who did best.
//!
//! **Meetings.** For every scenario, every unordered pair of entrants
//! (and each entrant with itself when [`Tournament::self_play`] is on) and
//! every repetition, the pair meets in four rotations: each entrant plays
//! each utility profile, once moving first and once second. So every
//! entrant sees every side of every domain equally often, and a strategy
//! cannot win by the luck of the draw of roles.
//!
//! **Determinism.** Seat `k` of meeting `m` draws from
//! `rng::derived(seed, &[m, k])`, meetings run in parallel (rayon) and are
//! collected and reduced in meeting order, so results are bit-identical
//! for any number of threads.
//!
//! ```
//! use detente::negotiate::tournament::{Entrant, Tournament, TournamentScenario};
//! let t = Tournament::new(
//!     vec![Entrant::boulware(), Entrant::conceder(), Entrant::tit_for_tat()],
//!     TournamentScenario::builtin(),
//! )
//! .repetitions(1)
//! .n_steps(50)
//! .seed(7);
//! let result = t.run()?;
//! // 3 pairs x 4 scenarios x 4 rotations
//! assert_eq!(result.meetings.len(), 48);
//! let table = result.ranking();
//! assert_eq!(table.len(), 3);
//! assert!(table[0].score.mean >= table[2].score.mean);
//! println!("{}", result.table());
//! # Ok::<(), detente::negotiate::NegotiateError>(())
//! ```

mod entrant;
mod ranking;
mod scenario;

pub use entrant::{Entrant, Seat};
pub use ranking::RankRow;
pub use scenario::{TournamentScenario, world_pairs};

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{NegotiateError, Sao, Strategy, Utility};
use crate::budget::{Budget, Stopped};

/// A tournament: entrants, scenarios and the protocol's settings.
#[derive(Clone, Debug)]
pub struct Tournament {
    entrants: Vec<Entrant>,
    scenarios: Vec<TournamentScenario>,
    repetitions: usize,
    n_steps: usize,
    seed: u64,
    self_play: bool,
    public: bool,
}

/// Which entrants meet where, with which profiles: one negotiation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pairing {
    /// Scenario index.
    pub scenario: usize,
    /// Entrant index of party 0 (moves first) and party 1.
    pub entrants: [usize; 2],
    /// Utility profile of party 0 and party 1 (a permutation of 0, 1).
    pub profiles: [usize; 2],
    /// Repetition index.
    pub repetition: usize,
}

/// The outcome of one negotiation of a tournament.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    /// Who met where.
    #[serde(flatten)]
    pub pairing: Pairing,
    /// Dense index of the agreed outcome, if any.
    pub agreement: Option<usize>,
    /// Protocol steps taken (the rounds of the ranking table).
    pub steps: usize,
    /// Offers made.
    pub offers: usize,
    /// Whether a party walked away.
    pub broken: bool,
    /// Each party's utility: of the agreement, discounted to the round of
    /// the accepted offer, or its reservation value without one.
    pub utility: [f64; 2],
    /// The utilities normalised per profile to [0, 1] (see
    /// [`TournamentScenario::score`]).
    pub score: [f64; 2],
}

/// A finished tournament: its settings and every meeting, in meeting order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TournamentResult {
    /// Entrant names, by entrant index.
    pub entrants: Vec<String>,
    /// Scenario names, by scenario index.
    pub scenarios: Vec<String>,
    /// Repetitions per pairing.
    pub repetitions: usize,
    /// Deadline in protocol steps.
    pub n_steps: usize,
    /// The seed.
    pub seed: u64,
    /// Every negotiation.
    pub meetings: Vec<Meeting>,
    /// Why the tournament stopped early ([`Tournament::run_with_limits`]);
    /// `None` when every negotiation ran. The meetings held are then the
    /// first ones in pairing order, so a partial result is a prefix of the
    /// full one, whatever the thread count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped_by: Option<TournamentStop>,
}

/// Which limit stopped a tournament, and how far it got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TournamentStop {
    /// The limit that fired: [`Stopped::Nodes`] (the negotiation limit,
    /// a deterministic prefix) or [`Stopped::Time`].
    pub by: Stopped,
    /// Negotiations held.
    pub held: usize,
    /// Negotiations the whole tournament has.
    pub total: usize,
}

/// Negotiations per block between limit checks: large enough to keep both
/// cores busy, small enough that a time limit is not overshot by much.
const BLOCK: usize = 64;

impl Tournament {
    /// A tournament of `entrants` over `scenarios`: 10 repetitions, a
    /// 100-step deadline, seed 0, no self-play, private utilities.
    ///
    /// ```
    /// use detente::negotiate::tournament::{Entrant, Tournament, TournamentScenario};
    /// let t = Tournament::new(Entrant::standard(), TournamentScenario::builtin());
    /// assert_eq!(t.pairings().len(), 21 * 4 * 4 * 10);
    /// ```
    pub fn new(entrants: Vec<Entrant>, scenarios: Vec<TournamentScenario>) -> Self {
        Tournament {
            entrants,
            scenarios,
            repetitions: 10,
            n_steps: 100,
            seed: 0,
            self_play: false,
            public: false,
        }
    }

    /// Repetitions of every pairing (they differ only in random draws).
    pub fn repetitions(mut self, n: usize) -> Self {
        self.repetitions = n;
        self
    }

    /// The deadline in protocol steps.
    pub fn n_steps(mut self, n: usize) -> Self {
        self.n_steps = n;
        self
    }

    /// The seed of every random draw.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Whether each entrant also meets itself.
    pub fn self_play(mut self, on: bool) -> Self {
        self.self_play = on;
        self
    }

    /// Whether strategies may see the opponent's utility.
    pub fn public_utilities(mut self, on: bool) -> Self {
        self.public = on;
        self
    }

    /// Every negotiation of the tournament in meeting order: scenario,
    /// then pair `(a, b)` with `a < b` (or `a <= b` with self-play), then
    /// repetition, then the four rotations.
    pub fn pairings(&self) -> Vec<Pairing> {
        let n = self.entrants.len();
        let mut out = Vec::new();
        for scenario in 0..self.scenarios.len() {
            for a in 0..n {
                let from = if self.self_play { a } else { a + 1 };
                for b in from..n {
                    for repetition in 0..self.repetitions {
                        for rotation in 0..4 {
                            let entrants = if rotation & 1 == 0 { [a, b] } else { [b, a] };
                            // Profile of the entrant `a`: rotations 0, 1 give it profile 0.
                            let pa = rotation >> 1;
                            let profiles = if rotation & 1 == 0 {
                                [pa, 1 - pa]
                            } else {
                                [1 - pa, pa]
                            };
                            out.push(Pairing {
                                scenario,
                                entrants,
                                profiles,
                                repetition,
                            });
                        }
                    }
                }
            }
        }
        out
    }

    /// Runs every negotiation.
    ///
    /// # Errors
    /// [`NegotiateError::Parameter`] without scenarios, with fewer than two
    /// entrants (one is enough with self-play), or with zero repetitions or
    /// steps; [`NegotiateError::InvalidProposal`] when a strategy proposes
    /// outside the space (the first such meeting in meeting order).
    ///
    /// # Complexity
    /// `pairings().len()` negotiations of at most `n_steps` steps, spread
    /// over rayon's thread pool.
    pub fn run(&self) -> Result<TournamentResult, NegotiateError> {
        self.run_with_progress(&|_, _| {})
    }

    /// [`run`](Self::run), calling `progress(done, total)` after each
    /// negotiation (from worker threads, in no particular order).
    ///
    /// # Errors
    /// As [`run`](Self::run).
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use detente::negotiate::tournament::{Entrant, Tournament, TournamentScenario};
    /// let t = Tournament::new(vec![Entrant::linear(), Entrant::hardliner()],
    ///     TournamentScenario::builtin()).repetitions(1).n_steps(20);
    /// let calls = AtomicUsize::new(0);
    /// t.run_with_progress(&|_, total| { calls.fetch_add(1, Ordering::Relaxed); assert_eq!(total, 16); })?;
    /// assert_eq!(calls.into_inner(), 16);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn run_with_progress(
        &self,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<TournamentResult, NegotiateError> {
        self.run_with_limits(&Budget::unlimited(), progress)
    }

    /// [`run_with_progress`](Self::run_with_progress) within `budget`
    /// (its unit of work is one negotiation): the negotiations run in
    /// blocks in pairing order, and the tournament stops before a block that
    /// would exceed `max_nodes` (cut to fit) or that would start after
    /// `max_time`. The result then holds the first
    /// negotiations only, says so in `stopped_by`, and ranks only the
    /// entrants that negotiated (an entrant without a negotiation has no
    /// mean to rank by).
    ///
    /// # Errors
    /// As [`run`](Self::run).
    ///
    /// ```
    /// use detente::budget::{Budget, Stopped};
    /// use detente::negotiate::tournament::{Entrant, Tournament, TournamentScenario};
    /// let t = Tournament::new(Entrant::standard(), TournamentScenario::builtin()).repetitions(1);
    /// let r = t.run_with_limits(&Budget::unlimited().with_nodes(10), &|_, _| {})?;
    /// assert_eq!(r.meetings.len(), 10);
    /// let stop = r.stopped_by.unwrap();
    /// assert!(stop.by == Stopped::Nodes && stop.held == 10 && stop.total > 10);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn run_with_limits(
        &self,
        budget: &Budget,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<TournamentResult, NegotiateError> {
        self.check()?;
        let started = std::time::Instant::now();
        let pairings = self.pairings();
        let total = pairings.len();
        let allowed = usize::try_from(budget.nodes_within(total as u64)).unwrap_or(total);
        let done = AtomicUsize::new(0);
        let mut meetings = Vec::with_capacity(allowed);
        let mut stopped_by = (allowed < total).then_some(TournamentStop {
            by: Stopped::Nodes,
            held: allowed,
            total,
        });
        let mut start = 0;
        while start < allowed {
            if budget.max_time.is_some_and(|t| started.elapsed() >= t) {
                stopped_by = Some(TournamentStop {
                    by: Stopped::Time,
                    held: start,
                    total,
                });
                break;
            }
            let end = (start + BLOCK * rayon::current_num_threads().max(1)).min(allowed);
            let block: Vec<Result<Meeting, NegotiateError>> = pairings[start..end]
                .par_iter()
                .enumerate()
                .map_init(
                    || Sao::new(self.n_steps).public_utilities(self.public),
                    |sao, (i, p)| {
                        let r = self.meet(sao, start + i, *p);
                        progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                        r
                    },
                )
                .collect();
            for r in block {
                meetings.push(r?);
            }
            start = end;
        }
        Ok(TournamentResult {
            entrants: self.entrants.iter().map(|e| e.name().to_string()).collect(),
            scenarios: self
                .scenarios
                .iter()
                .map(|s| s.name().to_string())
                .collect(),
            repetitions: self.repetitions,
            n_steps: self.n_steps,
            seed: self.seed,
            meetings,
            stopped_by,
        })
    }

    fn check(&self) -> Result<(), NegotiateError> {
        let need = if self.self_play { 1 } else { 2 };
        let problem = if self.scenarios.is_empty() {
            Some("a tournament needs at least one scenario".to_string())
        } else if self.entrants.len() < need {
            Some(format!("a tournament needs at least {need} entrants"))
        } else if self.repetitions == 0 || self.n_steps == 0 {
            Some("repetitions and steps must be at least 1".into())
        } else {
            None
        };
        problem.map_or(Ok(()), |p| Err(NegotiateError::Parameter(p)))
    }

    /// Negotiation `m`.
    fn meet(&self, sao: &mut Sao, m: usize, p: Pairing) -> Result<Meeting, NegotiateError> {
        let sc = &self.scenarios[p.scenario];
        let utilities: [&dyn Utility; 2] = p.profiles.map(|k| sc.utility(k));
        let mut seats: Vec<Box<dyn Strategy>> = (0..2)
            .map(|me| {
                self.entrants[p.entrants[me]].make(Seat {
                    scenario: p.scenario,
                    space: sc.space(),
                    utilities,
                    me,
                    n_steps: self.n_steps,
                    rng: crate::rng::derived(self.seed, &[m as u64, me as u64]),
                })
            })
            .collect();
        let [s0, s1] = &mut seats[..] else {
            unreachable!("two seats")
        };
        let r = sao.run(
            sc.space(),
            &utilities,
            &mut [s0.as_mut() as &mut dyn Strategy, s1.as_mut()],
        )?;
        let utility = [0, 1].map(|k| match r.agreement {
            Some(o) => utilities[k].discounted(o, r.offers.saturating_sub(1)),
            None => utilities[k].reserved_value(),
        });
        Ok(Meeting {
            pairing: p,
            agreement: r.agreement.map(|o| o.index()),
            steps: r.steps,
            offers: r.offers,
            broken: r.broken,
            utility,
            score: [0, 1].map(|k| sc.score(p.profiles[k], utility[k])),
        })
    }
}
