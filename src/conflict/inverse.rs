//! Inverse analysis: which rankings make a chosen state an equilibrium.
//!
//! The question is turned into order constraints, not answered by trying
//! rankings. Every move of a decision maker `i` away from the target `t` is
//! an *obligation*: the move must not be an improvement (`x ≤_i t`) or it
//! must be sanctioned. Each way of meeting an obligation is a small set of
//! order relations:
//!
//! - Nash: `x ≤_i t`;
//! - GMR: `z ≤_i t` for `x` itself or one state `z` the opponents can reach
//!   from `x` (reachability does not depend on preferences);
//! - SMR: as GMR, and every state `i` can move to from `z` is `≤_i t` too;
//! - SEQ: a path of opponents' moves from `x`, each one strictly better for
//!   its mover (`v >_j u`), ending at a state `≤_i t`;
//! - SIM: an opponent's move `y` from `t` with `y >_j t`, made together with
//!   `i`'s, landing on a state `≤_i t`.
//!
//! Each decision maker's admissible rankings are given by its [`Freedom`]:
//! fixed, or free subject to keeping the model's order among some states
//! and to extra [`Relation`]s. Relations live in one directed graph per
//! decision maker (`a → b`: `a` ranked at or above `b`, strictly or not); a
//! set of relations is satisfiable exactly when no cycle goes through a
//! strict arc, so adding `a ≥ b` is refused iff the graph already ranks `b`
//! strictly above `a`. A depth-first search picks one way of meeting each
//! obligation, refusing relations that contradict the graph and undoing
//! them on backtrack. Any linear extension of the final graph is a witness;
//! the one returned stays close to the model's ranking.
//!
//! For Nash, GMR and SMR every relation chosen has the form `z ≤_i t`, and
//! such relations never contradict each other (a contradiction would need a
//! path from `z` to `t`, and new arcs all start at `t`). So the problem is
//! feasible iff every obligation can be met on its own, the search never
//! backtracks, and an infeasible problem comes with a direct proof: for one
//! move, the chain of required relations that ranks each possible deterrent
//! above the target. SEQ and SIM couple the decision makers (a sanction
//! needs the opponents to prefer their responses), so there the search may
//! backtrack; it has a node budget, and an infeasible answer names a set of
//! obligations that cannot all be met (shrunk by deletion until each one is
//! needed).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use serde::{Deserialize, Serialize};

use super::agents::{Agents, View};
use super::error::ConflictError;
use super::model::{DmId, Model};
use super::prefs::dense_ranks;
use super::stability::{AnalysisOptions, Concept, Responses, SimResponses};
use super::states::StateId;

/// A relation one decision maker's ranking must satisfy: `above` is ranked
/// strictly higher than `below`, or at least as high.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Relation {
    /// The state ranked higher.
    pub above: StateId,
    /// The state ranked lower.
    pub below: StateId,
    /// Strictly higher (else at least as high).
    pub strict: bool,
}

impl Relation {
    /// `above` strictly preferred to `below`.
    ///
    /// ```
    /// use detente::conflict::{Relation, StateId};
    /// assert!(Relation::better(StateId(0), StateId(1)).strict);
    /// ```
    pub fn better(above: StateId, below: StateId) -> Relation {
        Relation {
            above,
            below,
            strict: true,
        }
    }

    /// `above` at least as good as `below`.
    ///
    /// ```
    /// use detente::conflict::{Relation, StateId};
    /// assert!(!Relation::at_least(StateId(0), StateId(1)).strict);
    /// ```
    pub fn at_least(above: StateId, below: StateId) -> Relation {
        Relation {
            above,
            below,
            strict: false,
        }
    }
}

/// What inverse analysis may change in one decision maker's ranking.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Freedom {
    /// Keep the model's ranking exactly (the other fields are then unused).
    pub fixed: bool,
    /// States that keep their order among themselves from the model's
    /// ranking: strictly preferred stays strictly preferred; tied stays tied
    /// when ties are allowed (and may be broken either way when not). The
    /// other states may move anywhere.
    pub keep: Vec<StateId>,
    /// Further relations the ranking must satisfy.
    pub relations: Vec<Relation>,
}

impl Freedom {
    /// The model's ranking, unchanged.
    ///
    /// ```
    /// assert!(detente::conflict::Freedom::fixed().fixed);
    /// ```
    pub fn fixed() -> Freedom {
        Freedom {
            fixed: true,
            ..Freedom::default()
        }
    }

    /// Any ranking at all.
    ///
    /// ```
    /// assert!(detente::conflict::Freedom::free().keep.is_empty());
    /// ```
    pub fn free() -> Freedom {
        Freedom::default()
    }

    /// The model's order among every state except `movable`, which may be
    /// placed anywhere.
    ///
    /// ```
    /// use detente::conflict::{Freedom, StateId};
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// let f = Freedom::keep_except(&model, &[StateId(3)]);
    /// assert_eq!(f.keep.len(), 3);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn keep_except(model: &Model, movable: &[StateId]) -> Freedom {
        Freedom {
            fixed: false,
            keep: model
                .states()
                .ids()
                .filter(|s| !movable.contains(s))
                .collect(),
            relations: Vec::new(),
        }
    }

    /// Adds a required relation.
    ///
    /// ```
    /// use detente::conflict::{Freedom, Relation, StateId};
    /// let f = Freedom::free().with(Relation::better(StateId(1), StateId(0)));
    /// assert_eq!(f.relations.len(), 1);
    /// ```
    pub fn with(mut self, r: Relation) -> Freedom {
        self.relations.push(r);
        self
    }
}

/// An inverse problem: make `target` an equilibrium under `concept`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inverse {
    /// The state that should be an equilibrium.
    pub target: StateId,
    /// The stability concept.
    pub concept: Concept,
    /// One per decision maker, in order.
    pub freedoms: Vec<Freedom>,
    /// Whether witness rankings may have ties (else they are strict orders).
    pub ties: bool,
    /// Opponent responses (SIM: one opponent only).
    pub options: AnalysisOptions,
    /// Most search nodes before giving up with [`InverseResult::Undecided`].
    pub budget: u64,
}

impl Inverse {
    /// Every decision maker free, ties allowed, default responses, a budget
    /// of a million nodes.
    ///
    /// ```
    /// use detente::conflict::{Concept, Inverse, StateId};
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// let p = Inverse::new(&model, StateId(3), Concept::Nash);
    /// assert_eq!(p.freedoms.len(), 2);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn new(model: &Model, target: StateId, concept: Concept) -> Inverse {
        Inverse {
            target,
            concept,
            freedoms: vec![Freedom::free(); model.n_dms()],
            ties: true,
            options: AnalysisOptions::default(),
            budget: 1_000_000,
        }
    }
}

/// A decision maker's move away from the target that must be deterred.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Obligation {
    /// The decision maker.
    pub dm: DmId,
    /// Where its move leads.
    pub to: StateId,
    /// The concept whose deterrent is needed (SEQ or SIM for SEQ+SIM).
    pub concept: Concept,
}

/// Why a relation is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Reason {
    /// The decision maker's ranking is fixed.
    Fixed,
    /// Both states keep the model's order ([`Freedom::keep`]).
    Kept,
    /// The relation with this index in [`Freedom::relations`].
    Relation(usize),
}

/// One required relation in a chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The state ranked higher.
    pub above: StateId,
    /// The state ranked lower.
    pub below: StateId,
    /// Strictly.
    pub strict: bool,
    /// Why it is required.
    pub reason: Reason,
}

/// A chain of required relations in one decision maker's ranking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chain {
    /// The decision maker.
    pub dm: DmId,
    /// Consecutive relations: each link's `below` is the next one's `above`.
    pub links: Vec<Link>,
}

/// Why no admissible ranking makes the target an equilibrium.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Infeasibility {
    /// Obligations that no admissible rankings meet together; every one is
    /// needed for the contradiction (unless the budget ran out while
    /// shrinking). Empty when the freedoms contradict themselves.
    pub core: Vec<Obligation>,
    /// For a single Nash, GMR or SMR obligation: for every state that would
    /// deter the move if ranked no higher than the target, the chain of
    /// required relations ranking it above the target (at or above, when
    /// ties are not allowed). When the freedoms contradict themselves: the
    /// cycle.
    pub chains: Vec<Chain>,
}

/// The answer to an [`Inverse`] problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum InverseResult {
    /// Rankings under which the target is an equilibrium: payoffs per
    /// decision maker (dense ranks, higher is better), unchanged for fixed
    /// ones.
    Feasible(Vec<Vec<u32>>),
    /// No admissible rankings work.
    Infeasible(Infeasibility),
    /// The search budget ran out after this many nodes.
    Undecided(u64),
}

impl Model {
    /// Inverse analysis: rankings, within the given freedoms, under which
    /// `problem.target` is an equilibrium for `problem.concept`; or a proof
    /// that there are none. See the [module notes](self) for the method.
    ///
    /// # Errors
    /// [`ConflictError::Invalid`] when the freedoms do not match the
    /// decision makers, the model has misperceptions (not supported here), or
    /// SIM responses by several opponents are asked for;
    /// [`ConflictError::OutOfRange`] for a state that does not exist.
    ///
    /// # Complexity
    /// Nash, GMR, SMR: O(obligations × deterrents × relation-graph size),
    /// never backtracking. SEQ, SIM: a backtracking search, at most
    /// `problem.budget` nodes.
    ///
    /// ```
    /// use detente::conflict::{Concept, Freedom, Inverse, InverseResult, StateId};
    /// let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// // Can mutual cooperation (4) be Nash if each prisoner keeps its
    /// // ranking of the other three states? Yes: rank 4 first.
    /// let mut p = Inverse::new(&model, StateId(3), Concept::Nash);
    /// p.freedoms = vec![Freedom::keep_except(&model, &[StateId(3)]); 2];
    /// let InverseResult::Feasible(pay) = model.inverse(&p)? else { panic!() };
    /// assert!(pay[0][3] > pay[0][2] && pay[1][3] > pay[1][1]);
    /// // Not if the prisoners keep their whole ranking.
    /// p.freedoms = vec![Freedom::fixed(); 2];
    /// assert!(matches!(model.inverse(&p)?, InverseResult::Infeasible(_)));
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn inverse(&self, problem: &Inverse) -> Result<InverseResult, ConflictError> {
        self.check_inverse(problem)?;
        let agents = Agents::individuals(self);
        let view = View::new(self, &agents);
        let mut solver = Solver::new(self, &view, problem);
        if let Some(cycle) = solver.install_freedoms(problem) {
            return Ok(InverseResult::Infeasible(Infeasibility {
                core: Vec::new(),
                chains: vec![cycle],
            }));
        }
        let obligations = solver.obligations(problem.concept);
        let base = solver.store.mark();
        // Each obligation on its own first: a direct proof when one fails.
        for &ob in &obligations {
            match solver.solve(&[ob], 0) {
                None => return Ok(InverseResult::Undecided(solver.nodes)),
                Some(true) => solver.store.undo(base),
                Some(false) => {
                    solver.store.undo(base);
                    let chains = solver.refutations(ob);
                    return Ok(InverseResult::Infeasible(Infeasibility {
                        core: vec![ob],
                        chains,
                    }));
                }
            }
        }
        match solver.solve(&obligations, 0) {
            None => Ok(InverseResult::Undecided(solver.nodes)),
            Some(true) => Ok(InverseResult::Feasible(solver.witness(problem))),
            Some(false) => {
                solver.store.undo(base);
                let mut core = obligations;
                let mut k = 0;
                while k < core.len() {
                    let mut rest = core.clone();
                    rest.remove(k);
                    let r = solver.solve(&rest, 0);
                    solver.store.undo(base);
                    if r == Some(false) {
                        core = rest;
                    } else {
                        k += 1;
                    }
                }
                Ok(InverseResult::Infeasible(Infeasibility {
                    core,
                    chains: Vec::new(),
                }))
            }
        }
    }

    fn check_inverse(&self, p: &Inverse) -> Result<(), ConflictError> {
        let n = self.space.len();
        let state_ok = |s: StateId, path: String| -> Result<(), ConflictError> {
            if s.index() < n {
                Ok(())
            } else {
                Err(ConflictError::invalid(
                    path,
                    format!("state {} does not exist (there are {n})", s.number()),
                ))
            }
        };
        state_ok(p.target, "target".into())?;
        if p.freedoms.len() != self.n_dms() {
            return Err(ConflictError::invalid(
                "freedoms",
                format!(
                    "{} freedoms for {} decision makers",
                    p.freedoms.len(),
                    self.n_dms()
                ),
            ));
        }
        for (d, f) in p.freedoms.iter().enumerate() {
            for (k, &s) in f.keep.iter().enumerate() {
                state_ok(s, format!("freedoms[{d}].keep[{k}]"))?;
            }
            for (k, r) in f.relations.iter().enumerate() {
                state_ok(r.above, format!("freedoms[{d}].relations[{k}].above"))?;
                state_ok(r.below, format!("freedoms[{d}].relations[{k}].below"))?;
            }
        }
        if let Some(d) = self.perceived.iter().position(Option::is_some) {
            return Err(ConflictError::invalid(
                format!("decision_makers[{d}].misperceived"),
                "inverse analysis does not support misperceptions",
            ));
        }
        if p.options.sim == SimResponses::AnySubset
            && matches!(p.concept, Concept::Sim | Concept::SeqSim)
        {
            return Err(ConflictError::invalid(
                "options.sim",
                "inverse analysis supports SIM responses by one opponent only",
            ));
        }
        Ok(())
    }
}

/// An arc of a relation graph: the source is ranked at or above `to`.
#[derive(Debug, Clone, Copy)]
struct Arc {
    to: u32,
    strict: bool,
    /// `Some(reason)` for a required relation, `None` for one chosen by
    /// the search.
    reason: Option<Reason>,
}

/// Per decision maker: fixed payoffs, or a relation graph with undo.
struct Store<'a> {
    ties: bool,
    fixed: Vec<Option<&'a [u32]>>,
    adj: Vec<Vec<Vec<Arc>>>,
    log: Vec<(u32, u32)>,
    /// BFS scratch over (state, seen a strict arc): stamps and parents.
    stamp: Vec<u32>,
    cur: u32,
    parent: Vec<(u32, u32)>,
    queue: Vec<u32>,
}

impl<'a> Store<'a> {
    fn mark(&self) -> usize {
        self.log.len()
    }

    fn undo(&mut self, mark: usize) {
        while self.log.len() > mark {
            let (d, a) = self.log.pop().expect("non-empty log");
            self.adj[d as usize][a as usize].pop();
        }
    }

    /// Whether `a ≥ b` (or `a > b`) is consistent with what `dm`'s
    /// ranking must already satisfy.
    fn consistent(&mut self, dm: usize, a: StateId, b: StateId, strict: bool) -> bool {
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
    fn add(
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
    fn chain(&mut self, dm: usize, from: StateId, to: StateId, need_strict: bool) -> Option<Chain> {
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

struct Solver<'a> {
    model: &'a Model,
    view: &'a View<'a>,
    target: StateId,
    responses: Responses,
    store: Store<'a>,
    nodes: u64,
    budget: u64,
}

impl<'a> Solver<'a> {
    fn new(model: &'a Model, view: &'a View<'a>, p: &Inverse) -> Self {
        let n = model.space.len();
        let fixed = p
            .freedoms
            .iter()
            .enumerate()
            .map(|(d, f)| f.fixed.then(|| model.payoffs[d].as_slice()))
            .collect();
        Solver {
            model,
            view,
            target: p.target,
            responses: p.options.responses,
            store: Store {
                ties: p.ties,
                fixed,
                adj: vec![vec![Vec::new(); n]; model.n_dms()],
                log: Vec::new(),
                stamp: vec![0; 2 * n],
                cur: 0,
                parent: vec![(0, 0); 2 * n],
                queue: Vec::new(),
            },
            nodes: 0,
            budget: p.budget,
        }
    }

    /// Adds the freedoms' relations; on a contradiction returns the cycle.
    fn install_freedoms(&mut self, p: &Inverse) -> Option<Chain> {
        for (d, f) in p.freedoms.iter().enumerate() {
            if f.fixed {
                continue;
            }
            let pay = &self.model.payoffs[d];
            let mut keep = f.keep.clone();
            keep.sort_by_key(|s| (Reverse(pay[s.index()]), *s));
            keep.dedup();
            // Tie classes of the kept states, best first.
            let mut classes: Vec<&[StateId]> = Vec::new();
            let mut start = 0;
            for k in 1..=keep.len() {
                if k == keep.len() || pay[keep[k].index()] != pay[keep[start].index()] {
                    classes.push(&keep[start..k]);
                    start = k;
                }
            }
            let mut wanted: Vec<(StateId, StateId, bool, Reason)> = Vec::new();
            for c in &classes {
                if p.ties {
                    for w in c.windows(2) {
                        wanted.push((w[0], w[1], false, Reason::Kept));
                        wanted.push((w[1], w[0], false, Reason::Kept));
                    }
                }
            }
            for w in classes.windows(2) {
                if p.ties {
                    wanted.push((w[0][0], w[1][0], true, Reason::Kept));
                } else {
                    // Without ties a class is no single state: order every
                    // pair across consecutive classes.
                    for &a in w[0] {
                        for &b in w[1] {
                            wanted.push((a, b, true, Reason::Kept));
                        }
                    }
                }
            }
            for (k, r) in f.relations.iter().enumerate() {
                wanted.push((r.above, r.below, r.strict, Reason::Relation(k)));
            }
            for (a, b, strict, reason) in wanted {
                if !self.store.add(d, a, b, strict, Some(reason)) {
                    let mut cycle = self
                        .store
                        .chain(d, b, a, !strict && p.ties)
                        .unwrap_or(Chain {
                            dm: DmId(d),
                            links: Vec::new(),
                        });
                    cycle.links.insert(
                        0,
                        Link {
                            above: a,
                            below: b,
                            strict: strict || !p.ties,
                            reason,
                        },
                    );
                    return Some(cycle);
                }
            }
        }
        None
    }

    fn moves(&self, dm: usize, s: StateId) -> Vec<StateId> {
        let mut v = Vec::new();
        self.view.moves(self.model.dm_masks[dm], s, |x| v.push(x));
        v
    }

    fn obligations(&self, concept: Concept) -> Vec<Obligation> {
        let mut out = Vec::new();
        for d in 0..self.model.n_dms() {
            for x in self.moves(d, self.target) {
                let kinds: &[Concept] = match concept {
                    Concept::SeqSim => &[Concept::Seq, Concept::Sim],
                    c => &[c][..],
                };
                for &c in kinds {
                    out.push(Obligation {
                        dm: DmId(d),
                        to: x,
                        concept: c,
                    });
                }
            }
        }
        out
    }

    /// States the opponents of `dm` reach from `x` in one or more moves
    /// (one, for single-step responses), `x` excluded.
    fn opponent_reach(&self, dm: usize, x: StateId) -> Vec<StateId> {
        let n = self.model.space.len();
        let mut seen = vec![false; n];
        seen[x.index()] = true;
        let mut out = Vec::new();
        let mut head = 0;
        let mut frontier = vec![x];
        while head < frontier.len() {
            let u = frontier[head];
            head += 1;
            for j in (0..self.model.n_dms()).filter(|&j| j != dm) {
                self.view.moves(self.model.dm_masks[j], u, |v| {
                    if !seen[v.index()] {
                        seen[v.index()] = true;
                        out.push(v);
                        if self.responses == Responses::Closure {
                            frontier.push(v);
                        }
                    }
                });
            }
        }
        out
    }

    /// Ways of meeting a Nash, GMR or SMR obligation: each a set of states
    /// to rank no higher than the target. Cheapest (fewest changes to the
    /// model's ranking) first.
    fn monotone_alternatives(&self, ob: Obligation) -> Vec<Vec<StateId>> {
        let i = ob.dm.0;
        let mut alts = vec![vec![ob.to]];
        match ob.concept {
            Concept::Gmr => alts.extend(self.opponent_reach(i, ob.to).into_iter().map(|z| vec![z])),
            Concept::Smr => {
                for z in self.opponent_reach(i, ob.to) {
                    let mut set = vec![z];
                    set.extend(self.moves(i, z));
                    alts.push(set);
                }
            }
            _ => {}
        }
        let pay = &self.model.payoffs[i];
        let t = pay[self.target.index()];
        alts.sort_by_key(|set| set.iter().filter(|z| pay[z.index()] > t).count());
        alts
    }

    fn tick(&mut self) -> bool {
        self.nodes += 1;
        self.nodes <= self.budget
    }

    /// Meets obligations `k..` on top of the current relations. `Some(true)`
    /// leaves the chosen relations in place; `None` is an exhausted budget.
    fn solve(&mut self, obs: &[Obligation], k: usize) -> Option<bool> {
        let Some(&ob) = obs.get(k) else {
            return Some(true);
        };
        if !self.tick() {
            return None;
        }
        let (i, t) = (ob.dm.0, self.target);
        match ob.concept {
            Concept::Nash | Concept::Gmr | Concept::Smr => {
                for set in self.monotone_alternatives(ob) {
                    let mark = self.store.mark();
                    if set.iter().all(|&z| self.store.add(i, t, z, false, None)) {
                        match self.solve(obs, k + 1) {
                            Some(false) => {}
                            r => return r,
                        }
                    }
                    self.store.undo(mark);
                }
                Some(false)
            }
            Concept::Sim => {
                let mark = self.store.mark();
                if self.store.add(i, t, ob.to, false, None) {
                    match self.solve(obs, k + 1) {
                        Some(false) => {}
                        r => return r,
                    }
                }
                self.store.undo(mark);
                let space = &self.model.space;
                let (code, di) = (space.code(t), space.code(ob.to) ^ space.code(t));
                for j in (0..self.model.n_dms()).filter(|&j| j != i) {
                    for y in self.moves(j, t) {
                        let dj = space.code(y) ^ code;
                        let Some(z) = space.lookup(code ^ di ^ dj) else {
                            continue;
                        };
                        let mark = self.store.mark();
                        if self.store.add(j, y, t, true, None)
                            && self.store.add(i, t, z, false, None)
                        {
                            match self.solve(obs, k + 1) {
                                Some(false) => {}
                                r => return r,
                            }
                        }
                        self.store.undo(mark);
                    }
                }
                Some(false)
            }
            Concept::Seq => {
                let pay = &self.model.payoffs[i];
                let cheap = pay[ob.to.index()] <= pay[t.index()];
                let mark = self.store.mark();
                if cheap && self.store.add(i, t, ob.to, false, None) {
                    match self.solve(obs, k + 1) {
                        Some(false) => {}
                        r => return r,
                    }
                }
                self.store.undo(mark);
                let mut path = vec![ob.to];
                match self.seq_paths(obs, k, i, usize::MAX, &mut path) {
                    Some(false) => {}
                    r => return r,
                }
                if !cheap && self.store.add(i, t, ob.to, false, None) {
                    match self.solve(obs, k + 1) {
                        Some(false) => {}
                        r => return r,
                    }
                }
                self.store.undo(mark);
                Some(false)
            }
            Concept::SeqSim => unreachable!("split into SEQ and SIM obligations"),
        }
    }

    /// Extends a path of opponents' improvements (simple in states, no
    /// opponent twice in a row; loops can always be cut, so these suffice)
    /// and tries to end it at a sanction for `i`.
    fn seq_paths(
        &mut self,
        obs: &[Obligation],
        k: usize,
        i: usize,
        last: usize,
        path: &mut Vec<StateId>,
    ) -> Option<bool> {
        let u = *path.last().expect("path starts at the move");
        let (t, pay_i) = (self.target, &self.model.payoffs[i]);
        let mut steps: Vec<(usize, StateId)> = Vec::new();
        for j in (0..self.model.n_dms()).filter(|&j| j != i && j != last) {
            for v in self.moves(j, u) {
                if !path.contains(&v) {
                    steps.push((j, v));
                }
            }
        }
        let cost = |&(j, v): &(usize, StateId)| {
            let pay_j = &self.model.payoffs[j];
            usize::from(pay_j[v.index()] <= pay_j[u.index()])
                + usize::from(pay_i[v.index()] > pay_i[t.index()])
        };
        steps.sort_by_key(cost);
        for (j, v) in steps {
            if !self.tick() {
                return None;
            }
            let mark = self.store.mark();
            if self.store.add(j, v, u, true, None) {
                let end = self.store.mark();
                if self.store.add(i, t, v, false, None) {
                    match self.solve(obs, k + 1) {
                        Some(false) => {}
                        r => return r,
                    }
                }
                self.store.undo(end);
                if self.responses == Responses::Closure {
                    path.push(v);
                    let r = self.seq_paths(obs, k, i, j, path);
                    path.pop();
                    if r != Some(false) {
                        return r;
                    }
                }
            }
            self.store.undo(mark);
        }
        Some(false)
    }

    /// For a Nash, GMR or SMR obligation that fails alone: why each
    /// deterrent is ruled out.
    fn refutations(&mut self, ob: Obligation) -> Vec<Chain> {
        if !matches!(ob.concept, Concept::Nash | Concept::Gmr | Concept::Smr) {
            return Vec::new();
        }
        let (i, t) = (ob.dm.0, self.target);
        let need_strict = self.store.ties || self.store.fixed[i].is_some();
        let mut out: Vec<Chain> = Vec::new();
        for set in self.monotone_alternatives(ob) {
            for z in set {
                if !self.store.consistent(i, t, z, false) {
                    let known = out
                        .iter()
                        .any(|c| c.links.first().map(|l| l.above) == Some(z));
                    if let Some(c) = self.store.chain(i, z, t, need_strict).filter(|_| !known) {
                        out.push(c);
                    }
                    break;
                }
            }
        }
        out
    }

    /// Payoffs from the relation graphs: a linear extension built from the
    /// bottom, taking among the states whose lower neighbours are placed the
    /// one the model ranks lowest, and tying it with the previous one only
    /// where the model ties them.
    fn witness(&self, p: &Inverse) -> Vec<Vec<u32>> {
        (0..self.model.n_dms())
            .map(|d| {
                if p.freedoms[d].fixed {
                    self.model.payoffs[d].clone()
                } else {
                    extension(&self.store.adj[d], &self.model.payoffs[d], p.ties)
                }
            })
            .collect()
    }
}

/// A ranking satisfying every arc of `adj` (source at or above target),
/// close to `base`.
fn extension(adj: &[Vec<Arc>], base: &[u32], ties: bool) -> Vec<u32> {
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
