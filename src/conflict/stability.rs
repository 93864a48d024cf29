//! Stability concepts (Nash, GMR, SMR, SEQ, SIM, SEQ+SIM) and equilibria.
//!
//! Opponents' responses follow the textbook definition by default: any
//! legal sequence of moves by the other agents in which no agent moves twice
//! in a row (unilateral improvements only, for SEQ). Two consecutive moves by
//! the same agent compose into one legal move of that agent (directions and
//! feasibility hold at both ends; two improvements compose into an
//! improvement), so the states such sequences reach, other than the start,
//! are exactly those reachable in the union of the opponents' move graphs.
//! The start itself never sanctions (it is an improvement for the focal
//! agent). That turns "is there a sanction reachable from `s1`" into a
//! reachability minimum, computed for all states at once by
//! [`reach_min`](self) in O(states × moves).

use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::budget::{Budget, Stopped};

use super::agents::{Agents, View};
use super::model::ConflictModel;
use super::states::StateId;

/// A stability concept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Concept {
    /// Nash (R): no unilateral improvement.
    Nash,
    /// General metarationality: every improvement can be sanctioned by the
    /// opponents' responses.
    Gmr,
    /// Symmetric metarationality: every improvement can be sanctioned so
    /// that the focal agent cannot escape the sanction by a further move.
    Smr,
    /// Sequential stability: every improvement can be sanctioned by the
    /// opponents' unilateral improvements.
    Seq,
    /// Simultaneous stability: every improvement can be sanctioned by an
    /// opponent's improvement made at the same time.
    Sim,
    /// Stable under both SEQ and SIM.
    #[serde(rename = "seqsim")]
    SeqSim,
}

impl Concept {
    /// Every concept, in the order Nash, GMR, SMR, SEQ, SIM, SEQ+SIM.
    pub const ALL: [Concept; 6] = [
        Concept::Nash,
        Concept::Gmr,
        Concept::Smr,
        Concept::Seq,
        Concept::Sim,
        Concept::SeqSim,
    ];

    /// Short lowercase name (`nash`, `gmr`, `smr`, `seq`, `sim`, `seqsim`).
    ///
    /// ```
    /// assert_eq!(detente::conflict::Concept::SeqSim.name(), "seqsim");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Concept::Nash => "nash",
            Concept::Gmr => "gmr",
            Concept::Smr => "smr",
            Concept::Seq => "seq",
            Concept::Sim => "sim",
            Concept::SeqSim => "seqsim",
        }
    }

    fn slot(self) -> usize {
        self as usize
    }
}

/// Which opponent responses count as sanctions (GMR, SMR, SEQ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Responses {
    /// Any legal sequence of opponents' moves, no agent moving twice in a
    /// row (the textbook R_{N−i}; for SEQ, improvements only).
    #[default]
    Closure,
    /// A single move by one opponent.
    SingleStep,
}

/// Which simultaneous responses count as SIM sanctions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SimResponses {
    /// One opponent's improvement made at the same time (GMCR+, and the
    /// two-party textbook definition).
    #[default]
    OneOpponent,
    /// Any non-empty set of opponents, each making one of its improvements
    /// at the same time.
    AnySubset,
}

/// Options of a stability analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AnalysisOptions {
    /// Opponent responses for GMR, SMR and SEQ.
    pub responses: Responses,
    /// Simultaneous responses for SIM.
    pub sim: SimResponses,
}

/// The budget of [`ConflictModel::analyze`]: every concept on up to 2²⁰
/// feasible states (about 20 options), none above that, and no concept
/// started after 30 seconds.
///
/// The unit of work is a feasible state. The cost of GMR, SMR, SEQ and SIM
/// grows with states × moves per state, and moves per state double with
/// each option a decision maker owns (even Nash took 80 s on 2²⁴ states),
/// so a conflict past the limit is left unanalysed and flagged
/// [`Analysis::truncated`]; raise the budget
/// ([`ConflictModel::analyze_within`]) to analyse it.
///
/// ```
/// let b = detente::conflict::default_analysis_budget();
/// assert_eq!(b.max_nodes, Some(1 << 20));
/// ```
pub fn default_analysis_budget() -> Budget {
    Budget::unlimited()
        .with_nodes(1 << 20)
        .with_time(Duration::from_secs(30))
}

/// Stability of every state for every agent under every concept analysed
/// within the budget.
#[derive(Debug, Clone)]
pub struct Analysis {
    agents: Agents,
    n_states: usize,
    /// `stable[agent][concept][state]`; empty for a concept not analysed.
    stable: Vec<Vec<Vec<bool>>>,
    /// Whether each concept was analysed (for every agent).
    analysed: [bool; 6],
    stopped_by: Option<Stopped>,
}

impl Analysis {
    /// The agents analysed (decision makers or coalitions).
    ///
    /// ```
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// let a = model.analyze(&Default::default());
    /// assert_eq!(a.agents().len(), 2);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn agents(&self) -> &Agents {
        &self.agents
    }

    /// Whether each state is stable for `agent` under `concept`.
    ///
    /// # Panics
    /// If `agent` is out of range.
    ///
    /// ```
    /// use detente::conflict::Concept;
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// let a = model.analyze(&Default::default());
    /// assert_eq!(a.stable(Concept::Nash, 0), &[true, false, true, false]);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    ///
    /// Empty for a concept the budget left out ([`Analysis::analysed`]).
    pub fn stable(&self, concept: Concept, agent: usize) -> &[bool] {
        &self.stable[agent][concept.slot()]
    }

    /// Whether `concept` was analysed; a concept the budget left out has no
    /// stable states and no equilibria (not "none": unknown).
    ///
    /// ```
    /// use detente::{Budget, conflict::Concept};
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// let a = model.analyze_within(&Default::default(), &Budget::unlimited().with_nodes(2));
    /// assert!(!a.analysed(Concept::Nash) && !a.analysed(Concept::Gmr));
    /// assert!(a.truncated() && a.equilibria(Concept::Gmr).is_empty());
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn analysed(&self, concept: Concept) -> bool {
        self.analysed[concept.slot()]
    }

    /// Whether the budget left a concept out.
    pub fn truncated(&self) -> bool {
        self.stopped_by.is_some()
    }

    /// Which limit left concepts out: [`Stopped::Nodes`] (more states than
    /// the budget's `max_nodes`: the same on every machine) or
    /// [`Stopped::Time`].
    pub fn stopped_by(&self) -> Option<Stopped> {
        self.stopped_by
    }

    /// States stable for `agent` under `concept`, ascending.
    ///
    /// # Panics
    /// If `agent` is out of range.
    ///
    /// ```
    /// use detente::conflict::Concept;
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// let a = model.analyze(&Default::default());
    /// let nums: Vec<usize> = a.stable_states(Concept::Gmr, 0).iter().map(|s| s.number()).collect();
    /// assert_eq!(nums, vec![1, 3, 4]);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn stable_states(&self, concept: Concept, agent: usize) -> Vec<StateId> {
        ids(self.stable(concept, agent))
    }

    /// Whether `s` is stable for every agent under `concept`.
    ///
    /// # Panics
    /// If `s` is not a state of the analysed model.
    ///
    /// ```
    /// use detente::conflict::{Concept, StateId};
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// let a = model.analyze(&Default::default());
    /// assert!(a.is_equilibrium(Concept::Seq, StateId(3)));
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    /// A concept the budget left out has no equilibria.
    pub fn is_equilibrium(&self, concept: Concept, s: StateId) -> bool {
        self.analysed(concept) && self.stable.iter().all(|a| a[concept.slot()][s.index()])
    }

    /// Equilibria (states stable for every agent) under `concept`.
    ///
    /// ```
    /// use detente::conflict::Concept;
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// let a = model.analyze(&Default::default());
    /// let eq: Vec<usize> = a.equilibria(Concept::Nash).iter().map(|s| s.number()).collect();
    /// assert_eq!(eq, vec![1]);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn equilibria(&self, concept: Concept) -> Vec<StateId> {
        if !self.analysed(concept) {
            return Vec::new();
        }
        (0..self.n_states as u32)
            .map(StateId)
            .filter(|&s| self.is_equilibrium(concept, s))
            .collect()
    }
}

fn ids(v: &[bool]) -> Vec<StateId> {
    v.iter()
        .enumerate()
        .filter(|(_, b)| **b)
        .map(|(i, _)| StateId(i as u32))
        .collect()
}

const INF: u32 = u32::MAX;

impl ConflictModel {
    /// Stability of every state for every decision maker under every
    /// concept, within [`default_analysis_budget`].
    ///
    /// Decision makers are analysed in parallel; the result does not depend
    /// on the number of threads.
    ///
    /// # Complexity
    /// O(agents × states × moves per state) for Nash, GMR, SMR and SEQ
    /// (each a reachability minimum over the opponents' move graph), and
    /// O(states × improvements × opponents' improvements) for SIM.
    ///
    /// ```
    /// use detente::conflict::Concept;
    /// # let model = detente::conflict::examples::syria_iraq().compile()?;
    /// let a = model.analyze(&Default::default());
    /// let eq: Vec<usize> = a.equilibria(Concept::Gmr).iter().map(|s| s.number()).collect();
    /// assert_eq!(eq, vec![1, 6]);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn analyze(&self, opts: &AnalysisOptions) -> Analysis {
        self.analyze_within(opts, &default_analysis_budget())
    }

    /// [`analyze`](Self::analyze) within `budget`: with more feasible
    /// states than `budget.max_nodes` no concept is analysed; no concept
    /// after Nash starts after `budget.max_time`. Left-out concepts are flagged
    /// ([`Analysis::truncated`], [`Analysis::analysed`]).
    ///
    /// ```
    /// use detente::{Budget, conflict::Concept};
    /// # let model = detente::conflict::examples::syria_iraq().compile()?;
    /// let full = model.analyze_within(&Default::default(), &Budget::unlimited());
    /// assert!(!full.truncated());
    /// assert_eq!(full.equilibria(Concept::Gmr).len(), 2);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn analyze_within(&self, opts: &AnalysisOptions, budget: &Budget) -> Analysis {
        self.analyze_agents_within(&Agents::individuals(self), opts, budget)
    }

    /// Stability for the given agents (decision makers or coalitions).
    ///
    /// # Panics
    /// If `agents` was built from a different model.
    ///
    /// ```
    /// use detente::conflict::{Agents, Concept, DmId};
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// let both = Agents::coalitions(&model, &[vec![DmId(0), DmId(1)]])?;
    /// let a = model.analyze_agents(&both, &Default::default());
    /// // Together the prisoners leave mutual defection for mutual cooperation.
    /// assert!(!a.stable(Concept::Nash, 0)[0]);
    /// assert!(a.stable(Concept::Nash, 0)[3]);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn analyze_agents(&self, agents: &Agents, opts: &AnalysisOptions) -> Analysis {
        self.analyze_agents_within(agents, opts, &default_analysis_budget())
    }

    /// [`analyze_agents`](Self::analyze_agents) within `budget` (as
    /// [`analyze_within`](Self::analyze_within)).
    ///
    /// # Panics
    /// If `agents` was built from a different model.
    pub fn analyze_agents_within(
        &self,
        agents: &Agents,
        opts: &AnalysisOptions,
        budget: &Budget,
    ) -> Analysis {
        let view = View::new(self, agents);
        let n = self.space.len();
        let too_many = (n as u64) > budget.max_nodes.unwrap_or(u64::MAX);
        let clock = Clock {
            start: Instant::now(),
            max_time: budget.max_time,
        };
        let mut stable: Vec<Vec<Vec<bool>>> = if too_many {
            vec![vec![Vec::new(); 6]; agents.len()]
        } else {
            (0..agents.len())
                .into_par_iter()
                .map(|i| analyze_agent(&view, i, opts, &clock))
                .collect()
        };
        // A concept counts only if every agent got it.
        let analysed: [bool; 6] = std::array::from_fn(|c| stable.iter().all(|a| a[c].len() == n));
        for a in &mut stable {
            for (c, v) in a.iter_mut().enumerate() {
                if !analysed[c] {
                    *v = Vec::new();
                }
            }
        }
        let stopped_by = if analysed.iter().all(|&x| x) {
            None
        } else if too_many {
            Some(Stopped::Nodes)
        } else {
            Some(Stopped::Time)
        };
        Analysis {
            agents: agents.clone(),
            n_states: n,
            stable,
            analysed,
            stopped_by,
        }
    }
}

/// Improvements of agent `i` from `s` (within its view).
pub(crate) fn improvements(view: &View, i: usize, s: StateId, out: &mut Vec<StateId>) {
    out.clear();
    view.moves(view.agents.masks[i], s, |x| {
        if view.sees(i, x) && view.better(i, x, s) {
            out.push(x);
        }
    });
}

/// The analysis's wall-clock limit, read before each costly stage.
struct Clock {
    start: Instant,
    max_time: Option<Duration>,
}

impl Clock {
    fn allows(&self) -> bool {
        self.max_time.is_none_or(|t| self.start.elapsed() < t)
    }
}

/// Per concept slot, the stable states of agent `i`; empty for a concept
/// left out (`clock` expired before its stage).
fn analyze_agent(view: &View, i: usize, opts: &AnalysisOptions, clock: &Clock) -> Vec<Vec<bool>> {
    let n = view.model.space.len();
    let all: Vec<StateId> = view.model.space.ids().collect();
    let sees: Vec<bool> = all.par_iter().map(|&s| view.sees(i, s)).collect();
    let nash: Vec<bool> = all
        .par_iter()
        .map(|&s| {
            let mut any = false;
            if sees[s.index()] {
                view.moves(view.agents.masks[i], s, |x| {
                    any |= sees[x.index()] && view.better(i, x, s);
                });
            }
            sees[s.index()] && !any
        })
        .collect();
    if !clock.allows() {
        return vec![
            nash,
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
        ];
    }
    let [gmr, smr, seq] = if view.agents.members[i].len() == 1 {
        fast_sanctions(view, i, opts.responses, &sees, &nash)
    } else {
        generic_sanctions(view, i, opts.responses, &sees, &nash)
    };
    if !clock.allows() {
        return vec![nash, gmr, smr, seq, Vec::new(), Vec::new()];
    }
    let pays = Payoffs::new(view);
    let sim: Vec<bool> = all
        .par_iter()
        .map_init(SimScratch::default, |scratch, &s| {
            nash[s.index()]
                || (sees[s.index()] && sim_stable(view, &pays, i, s, opts.sim, &sees, scratch))
        })
        .collect();
    let seqsim = (0..n).map(|k| seq[k] && sim[k]).collect();
    debug_assert_eq!(Concept::SeqSim.slot(), 5);
    vec![nash, gmr, smr, seq, sim, seqsim]
}

/// GMR, SMR and SEQ for a single decision maker, through reachability minima.
fn fast_sanctions(
    view: &View,
    i: usize,
    responses: Responses,
    sees: &[bool],
    nash: &[bool],
) -> [Vec<bool>; 3] {
    let d = view.agents.members[i][0].0;
    let pay = &view.model.payoffs[d];
    let mask_i = view.agents.masks[i];
    let all: Vec<StateId> = view.model.space.ids().collect();
    let opps: Vec<usize> = (0..view.agents.len()).filter(|&j| j != i).collect();
    // Weight of a sanction state for SMR: what the focal DM gets there after
    // its best countermove (or staying put).
    let w_gmr: Vec<u32> = all
        .iter()
        .map(|&s| if sees[s.index()] { pay[s.index()] } else { INF })
        .collect();
    let w_smr: Vec<u32> = all
        .par_iter()
        .map(|&s| {
            if !sees[s.index()] {
                return INF;
            }
            let mut w = pay[s.index()];
            view.moves(mask_i, s, |x| {
                if sees[x.index()] {
                    w = w.max(pay[x.index()]);
                }
            });
            w
        })
        .collect();
    let any_move = |_j: usize, _from: StateId, _to: StateId| true;
    let pays = Payoffs::new(view);
    let ui_move = |j: usize, from: StateId, to: StateId| pays.better(view, j, to, from);
    // With closure responses no one-step pass is needed: an improvement `x`
    // weighs more than the focal payoff `p` (its GMR/SEQ weight is its
    // payoff, its SMR weight at least that), and the least weight reachable
    // in zero or more steps is min(w(x), least in one or more); so the
    // latter is <= p exactly when the former is.
    let (r_gmr, r_smr, r_seq) = match responses {
        Responses::Closure => (
            reach_min(view, &opps, sees, &w_gmr, Arcs::Any),
            reach_min(view, &opps, sees, &w_smr, Arcs::Any),
            reach_min(view, &opps, sees, &w_gmr, Arcs::Improving(&ui_move)),
        ),
        Responses::SingleStep => (
            step_min(view, &opps, sees, &w_gmr, any_move),
            step_min(view, &opps, sees, &w_smr, any_move),
            step_min(view, &opps, sees, &w_gmr, ui_move),
        ),
    };
    // One pass over the focal agent's moves checks all three concepts.
    let verdicts: Vec<u8> = all
        .par_iter()
        .map(|&s| {
            if nash[s.index()] {
                return 0b111;
            }
            if !sees[s.index()] {
                return 0;
            }
            let p = pay[s.index()];
            let mut ok = 0b111u8;
            view.moves(mask_i, s, |x| {
                let k = x.index();
                if pay[k] > p && sees[k] {
                    ok &= !(u8::from(r_gmr[k] > p)
                        | u8::from(r_smr[k] > p) << 1
                        | u8::from(r_seq[k] > p) << 2);
                }
            });
            ok
        })
        .collect();
    let bit = |b: u8| verdicts.iter().map(|v| v & b != 0).collect::<Vec<bool>>();
    [bit(1), bit(2), bit(4)]
}

/// For every state `x`, the least weight among states reachable from `x`
/// (zero or more steps) along arcs of the opponents' moves accepted by
/// `arc(mover, from, to)`, within the focal agent's view.
///
/// States are taken in ascending weight; each one labels all still
/// unlabelled states that reach it (a reverse search that stops at labelled
/// states, whose ancestors were all labelled already). Every state and arc
/// is visited once.
fn reach_min(view: &View, opps: &[usize], sees: &[bool], w: &[u32], arcs: Arcs<'_>) -> Vec<u32> {
    let n = w.len();
    let all_seen = sees.iter().all(|&b| b);
    let space = &view.model.space;
    let mut r = vec![INF; n];
    // Labelled states as bits: the inner loop's random reads stay in cache.
    let mut done = vec![0u64; n.div_ceil(64)];
    let mut stack: Vec<StateId> = Vec::new();
    let mut visit = |p: StateId, wy: u32, done: &mut [u64], stack: &mut Vec<StateId>| {
        let k = p.index();
        if done[k / 64] >> (k % 64) & 1 == 0 {
            done[k / 64] |= 1 << (k % 64);
            r[k] = wy;
            stack.push(p);
        }
    };
    for y in ascending_weight(w, sees) {
        let y = y as usize;
        if done[y / 64] >> (y % 64) & 1 == 1 {
            continue;
        }
        let wy = w[y];
        visit(StateId(y as u32), wy, &mut done, &mut stack);
        while let Some(x) = stack.pop() {
            let code = space.code(x);
            for &j in opps {
                let allowed = view.model.changeable_into(view.agents.masks[j], code);
                match arcs {
                    Arcs::Improving(ui) => {
                        let mut t = allowed;
                        while t != 0 {
                            if let Some(p) = space.lookup(code ^ t)
                                && (all_seen || sees[p.index()])
                                && ui(j, p, x)
                            {
                                visit(p, wy, &mut done, &mut stack);
                            }
                            t = (t - 1) & allowed;
                        }
                    }
                    Arcs::Any => {
                        // Single flips first. A multi-option move into `x`
                        // that also changes option `b` where `x` with `b`
                        // flipped is a seen feasible state is redundant: it
                        // splits into a smaller move to that state and a
                        // single flip, and two moves of one agent reach
                        // what its one move does. So only subsets of the
                        // other options are tried.
                        let mut rest = allowed;
                        let mut bits = allowed;
                        while bits != 0 {
                            let b = bits & bits.wrapping_neg();
                            bits ^= b;
                            if let Some(p) = space.lookup(code ^ b)
                                && (all_seen || sees[p.index()])
                            {
                                rest &= !b;
                                visit(p, wy, &mut done, &mut stack);
                            }
                        }
                        let mut t = rest;
                        while t != 0 {
                            if t.count_ones() >= 2
                                && let Some(p) = space.lookup(code ^ t)
                                && (all_seen || sees[p.index()])
                            {
                                visit(p, wy, &mut done, &mut stack);
                            }
                            t = (t - 1) & rest;
                        }
                    }
                }
            }
        }
    }
    r
}

/// Which opponents' moves [`reach_min`] follows.
#[derive(Clone, Copy)]
enum Arcs<'a> {
    /// Every legal move.
    Any,
    /// Moves accepted by `f(mover, from, to)`.
    Improving(&'a (dyn Fn(usize, StateId, StateId) -> bool + Sync)),
}

/// The seen states in ascending weight (ties by index), by counting sort:
/// weights are payoff ranks, at most the number of states.
fn ascending_weight(w: &[u32], sees: &[bool]) -> Vec<u32> {
    let top = w
        .iter()
        .zip(sees)
        .filter(|(_, s)| **s)
        .map(|(&x, _)| x as usize)
        .max()
        .unwrap_or(0);
    if top > 4 * w.len() + 16 {
        let mut order: Vec<u32> = (0..w.len() as u32).filter(|&k| sees[k as usize]).collect();
        order.sort_unstable_by_key(|&k| (w[k as usize], k));
        return order;
    }
    let mut start = vec![0u32; top + 2];
    for (k, &x) in w.iter().enumerate() {
        if sees[k] {
            start[x as usize + 1] += 1;
        }
    }
    for b in 1..start.len() {
        start[b] += start[b - 1];
    }
    let mut order = vec![0u32; start[top + 1] as usize];
    for (k, &x) in w.iter().enumerate() {
        if sees[k] {
            order[start[x as usize] as usize] = k as u32;
            start[x as usize] += 1;
        }
    }
    order
}

/// For every state, the least `r` over its opponents' one-step successors.
fn step_min(
    view: &View,
    opps: &[usize],
    sees: &[bool],
    r: &[u32],
    arc: impl Fn(usize, StateId, StateId) -> bool + Sync,
) -> Vec<u32> {
    let all: Vec<StateId> = view.model.space.ids().collect();
    all.par_iter()
        .map(|&x| {
            let mut m = INF;
            if sees[x.index()] {
                for &j in opps {
                    view.moves(view.agents.masks[j], x, |y| {
                        if sees[y.index()] && arc(j, x, y) {
                            m = m.min(r[y.index()]);
                        }
                    });
                }
            }
            m
        })
        .collect()
}

/// GMR, SMR and SEQ for a coalition (whose "not better" is not a threshold
/// on one payoff): a search from each improvement.
fn generic_sanctions(
    view: &View,
    i: usize,
    responses: Responses,
    sees: &[bool],
    nash: &[bool],
) -> [Vec<bool>; 3] {
    let all: Vec<StateId> = view.model.space.ids().collect();
    let run = |concept: Concept| -> Vec<bool> {
        all.par_iter()
            .map_init(
                || (Vec::new(), Search::new(view.model.space.len())),
                |(uis, search), &s| {
                    if nash[s.index()] {
                        return true;
                    }
                    if !sees[s.index()] {
                        return false;
                    }
                    improvements(view, i, s, uis);
                    uis.iter().all(|&s1| {
                        search
                            .find_sanction(view, i, s, s1, concept, responses, sees)
                            .is_some()
                    })
                },
            )
            .collect()
    };
    [run(Concept::Gmr), run(Concept::Smr), run(Concept::Seq)]
}

/// Breadth-first search over (state, last mover) with parents, reused
/// across calls (stamps instead of clearing).
pub(crate) struct Search {
    stamp: Vec<u32>,
    cur: u32,
    parent: Vec<(StateId, u32, usize)>,
    node_of: Vec<u32>,
}

impl Search {
    pub(crate) fn new(n: usize) -> Self {
        Search {
            stamp: vec![0; n],
            cur: 0,
            parent: Vec::new(),
            node_of: vec![0; n],
        }
    }

    /// A sequence of opponents' responses from `s1` (the focal agent `i`'s
    /// improvement from `s`) ending at a sanction for `concept`; returned as
    /// (mover, state) steps. Visits each state once: a shortest sequence of
    /// moves by alternating agents exists to each reachable state (see the
    /// module note), so the parents give a legal sequence.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn find_sanction(
        &mut self,
        view: &View,
        i: usize,
        s: StateId,
        s1: StateId,
        concept: Concept,
        responses: Responses,
        sees: &[bool],
    ) -> Option<Vec<(usize, StateId)>> {
        self.cur += 1;
        self.parent.clear();
        let ui_only = concept == Concept::Seq;
        let mask_i = view.agents.masks[i];
        let is_sanction = |y: StateId| -> bool {
            if view.better(i, y, s) {
                return false;
            }
            if concept != Concept::Smr {
                return true;
            }
            let mut escape = false;
            view.moves(mask_i, y, |z| {
                escape |= sees[z.index()] && view.better(i, z, s)
            });
            !escape
        };
        // parent entries: (state, parent node index or u32::MAX, mover)
        self.parent.push((s1, u32::MAX, usize::MAX));
        let mut head = 0;
        while head < self.parent.len() {
            let (x, _, last) = self.parent[head];
            let depth_ok = responses == Responses::Closure || head == 0;
            if depth_ok {
                for j in 0..view.agents.len() {
                    if j == i || j == last {
                        continue;
                    }
                    let mut found = None;
                    view.moves(view.agents.masks[j], x, |y| {
                        if found.is_some() || !sees[y.index()] || y == s1 {
                            return;
                        }
                        if ui_only && !view.better(j, y, x) {
                            return;
                        }
                        if self.stamp[y.index()] == self.cur {
                            return;
                        }
                        self.stamp[y.index()] = self.cur;
                        self.node_of[y.index()] = self.parent.len() as u32;
                        self.parent.push((y, head as u32, j));
                        if is_sanction(y) {
                            found = Some(self.parent.len() - 1);
                        }
                    });
                    if let Some(mut k) = found {
                        let mut path = Vec::new();
                        while self.parent[k].1 != u32::MAX {
                            path.push((self.parent[k].2, self.parent[k].0));
                            k = self.parent[k].1 as usize;
                        }
                        path.reverse();
                        return Some(path);
                    }
                }
            }
            head += 1;
        }
        None
    }
}

/// SIM: every improvement of `i` from `s` is sanctioned by simultaneous
/// opponents' improvements from `s`.
/// Agents' payoffs, read directly for single decision makers (the hot
/// loops' common case) instead of through the member lists.
struct Payoffs<'a> {
    single: Vec<Option<&'a [u32]>>,
}

impl<'a> Payoffs<'a> {
    fn new(view: &View<'a>) -> Self {
        Payoffs {
            single: (0..view.agents.len())
                .map(|j| match view.agents.members[j][..] {
                    [d] => Some(view.model.payoffs[d.0].as_slice()),
                    _ => None,
                })
                .collect(),
        }
    }

    /// `a` strictly better than `b` for agent `g`.
    #[inline]
    fn better(&self, view: &View, g: usize, a: StateId, b: StateId) -> bool {
        match self.single[g] {
            Some(p) => p[a.index()] > p[b.index()],
            None => view.better(g, a, b),
        }
    }
}

/// Buffers reused across states by [`sim_stable`].
#[derive(Default)]
struct SimScratch {
    uis: Vec<StateId>,
    opp: Vec<Vec<u64>>,
}

fn sim_stable(
    view: &View,
    pays: &Payoffs,
    i: usize,
    s: StateId,
    mode: SimResponses,
    sees: &[bool],
    scratch: &mut SimScratch,
) -> bool {
    let SimScratch { uis, opp } = scratch;
    uis.clear();
    view.moves(view.agents.masks[i], s, |x| {
        if sees[x.index()] && pays.better(view, i, x, s) {
            uis.push(x);
        }
    });
    if uis.is_empty() {
        return true;
    }
    let code = view.model.space.code(s);
    // Each opponent's improvements from s, as option-change masks.
    opp.resize_with(view.agents.len(), Vec::new);
    for (j, v) in opp.iter_mut().enumerate() {
        v.clear();
        if j == i {
            continue;
        }
        view.moves(view.agents.masks[j], s, |x| {
            if sees[x.index()] && pays.better(view, j, x, s) {
                v.push(view.model.space.code(x) ^ code);
            }
        });
    }
    let opp = &opp[..];
    let sanction = |delta: u64| -> bool {
        view.model
            .space
            .lookup(code ^ delta)
            .is_some_and(|x| sees[x.index()] && !pays.better(view, i, x, s))
    };
    uis.iter().all(|&s1| {
        let di = view.model.space.code(s1) ^ code;
        match mode {
            SimResponses::OneOpponent => opp.iter().flatten().any(|&dj| sanction(di ^ dj)),
            SimResponses::AnySubset => any_subset(opp, 0, di, false, &sanction),
        }
    })
}

fn any_subset(
    opp: &[Vec<u64>],
    k: usize,
    delta: u64,
    moved: bool,
    f: &dyn Fn(u64) -> bool,
) -> bool {
    if k == opp.len() {
        return moved && f(delta);
    }
    any_subset(opp, k + 1, delta, moved, f)
        || opp[k]
            .iter()
            .any(|&d| any_subset(opp, k + 1, delta ^ d, true, f))
}
