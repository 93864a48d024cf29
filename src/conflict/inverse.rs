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

use crate::budget::{Budget, Stopped};
use serde::{Deserialize, Serialize};

use super::agents::{Agents, View};
use super::error::ConflictError;
use super::model::{ConflictModel, DmId};
use super::stability::{AnalysisOptions, Concept, SimResponses};
use super::states::StateId;

mod solver;
mod store;

use solver::Solver;

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
    pub fn keep_except(model: &ConflictModel, movable: &[StateId]) -> Freedom {
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
    /// Search nodes and wall time before giving up with
    /// [`InverseResult::Undecided`] (SEQ and SIM; the other concepts never
    /// backtrack).
    pub budget: Budget,
}

impl Inverse {
    /// Every decision maker free, ties allowed, default responses, a budget
    /// of a million nodes and 30 seconds.
    ///
    /// ```
    /// use detente::conflict::{Concept, Inverse, StateId};
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// let p = Inverse::new(&model, StateId(3), Concept::Nash);
    /// assert_eq!(p.freedoms.len(), 2);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn new(model: &ConflictModel, target: StateId, concept: Concept) -> Inverse {
        Inverse {
            target,
            concept,
            freedoms: vec![Freedom::free(); model.n_dms()],
            ties: true,
            options: AnalysisOptions::default(),
            budget: Budget::unlimited()
                .with_nodes(1_000_000)
                .with_time(std::time::Duration::from_secs(30)),
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
    /// The search budget ran out: neither a witness nor a proof.
    Undecided {
        /// Search nodes spent.
        nodes: u64,
        /// The limit that fired.
        stopped_by: Stopped,
    },
}

impl ConflictModel {
    /// Inverse analysis: rankings, within the given freedoms, under which
    /// `problem.target` is an equilibrium for `problem.concept`; or a proof
    /// that there are none. The method is described at the top of
    /// `src/conflict/inverse.rs`.
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
                None => return Ok(solver.undecided()),
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
            None => Ok(solver.undecided()),
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
