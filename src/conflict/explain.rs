//! Explanations: the move and countermove chain behind each verdict.

use serde::Serialize;

use super::agents::{Agents, View};
use super::error::ConflictError;
use super::model::ConflictModel;
use super::stability::{AnalysisOptions, Concept, Search, SimResponses, improvements};
use super::states::StateId;

/// One move of a conflict: `agent` (a decision maker or coalition) moves it
/// to state `to`. A [`Deterrent`] is a chain of them, and so is a path from
/// the status quo ([`StatusQuo::path`](super::StatusQuo::path)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Transition {
    /// The agent (index into the analysis' [`Agents`]) that moves.
    pub agent: usize,
    /// The state the move leads to.
    pub to: StateId,
}

/// The opponents' responses that make a unilateral improvement not
/// worthwhile, and the state they end in.
///
/// The GMCR literature (Fang, Hipel and Kilgour) calls this a *sanction*;
/// the crate names it a deterrent so that it is not confused with an
/// economic sanction ([`crate::model::Sanction`]). The fields that hold one
/// ([`ImprovementCheck::sanction`]) keep the literature's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deterrent {
    /// Sequential responses (GMR, SMR, SEQ): each step starts where the
    /// previous one ended. Simultaneous responses (SIM): each step starts
    /// from the original state and shows where that move alone would lead.
    pub steps: Vec<Transition>,
    /// The state the sanction leaves the focal agent in (not better than the
    /// original state; for SMR, nor can it move on to something better).
    pub result: StateId,
}

/// The check of one improvement of the focal agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImprovementCheck {
    /// The improvement: the state the focal agent could move to.
    pub to: StateId,
    /// A sanction that deters it (for SEQ+SIM, the SEQ one), if any.
    pub sanction: Option<Deterrent>,
    /// For SEQ+SIM, the SIM sanction, if any.
    pub simultaneous: Option<Deterrent>,
}

/// Why a state is or is not stable for an agent under a concept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The concept.
    pub concept: Concept,
    /// The focal agent.
    pub agent: usize,
    /// The state examined.
    pub state: StateId,
    /// The verdict.
    pub stable: bool,
    /// False when the agent does not perceive the state (then it is not
    /// stable and nothing else is checked).
    pub perceived: bool,
    /// Every improvement of the focal agent, with its sanction. The state is
    /// stable iff each has one (for SEQ+SIM, both kinds).
    pub improvements: Vec<ImprovementCheck>,
}

impl ConflictModel {
    /// Explains the verdict of `concept` for agent `agent` at `state`.
    ///
    /// # Errors
    /// [`ConflictError::OutOfRange`] for a bad agent or state.
    ///
    /// # Complexity
    /// One search over the opponents' moves per improvement: O(states ×
    /// moves) each at worst.
    ///
    /// ```
    /// use detente::conflict::{Agents, Concept, StateId};
    /// let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// let agents = Agents::individuals(&model);
    /// // Mutual cooperation (state 4) is SEQ-stable for P1: defecting to 3 is
    /// // answered by P2 defecting to 1, worse for P1 than 4.
    /// let e = model.explain(&agents, Concept::Seq, 0, StateId(3), &Default::default())?;
    /// assert!(e.stable);
    /// assert_eq!(e.improvements[0].to.number(), 3);
    /// assert_eq!(e.improvements[0].sanction.as_ref().unwrap().result.number(), 1);
    /// println!("{}", e.render(&model, &agents));
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn explain(
        &self,
        agents: &Agents,
        concept: Concept,
        agent: usize,
        state: StateId,
        opts: &AnalysisOptions,
    ) -> Result<Explanation, ConflictError> {
        if agent >= agents.len() {
            return Err(ConflictError::OutOfRange {
                what: "agent",
                value: agent,
                len: agents.len(),
            });
        }
        if state.index() >= self.space.len() {
            return Err(ConflictError::OutOfRange {
                what: "state index",
                value: state.index(),
                len: self.space.len(),
            });
        }
        let view = View::new(self, agents);
        let sees: Vec<bool> = self.space.ids().map(|s| view.sees(agent, s)).collect();
        let mut e = Explanation {
            concept,
            agent,
            state,
            stable: false,
            perceived: sees[state.index()],
            improvements: Vec::new(),
        };
        if !e.perceived {
            return Ok(e);
        }
        let mut uis = Vec::new();
        improvements(&view, agent, state, &mut uis);
        let mut search = Search::new(self.space.len());
        let mut seq = |s1: StateId, c: Concept| -> Option<Deterrent> {
            let path = search.find_sanction(&view, agent, state, s1, c, opts.responses, &sees)?;
            let result = path.last().map(|p| p.1)?;
            Some(Deterrent {
                steps: path
                    .into_iter()
                    .map(|(agent, to)| Transition { agent, to })
                    .collect(),
                result,
            })
        };
        for &s1 in &uis {
            let (sanction, simultaneous) = match concept {
                Concept::Nash => (None, None),
                Concept::Gmr | Concept::Smr | Concept::Seq => (seq(s1, concept), None),
                Concept::Sim => (sim_sanction(&view, agent, state, s1, opts.sim, &sees), None),
                Concept::SeqSim => (
                    seq(s1, Concept::Seq),
                    sim_sanction(&view, agent, state, s1, opts.sim, &sees),
                ),
            };
            e.improvements.push(ImprovementCheck {
                to: s1,
                sanction,
                simultaneous,
            });
        }
        e.stable = e.improvements.iter().all(|c| match concept {
            Concept::SeqSim => c.sanction.is_some() && c.simultaneous.is_some(),
            _ => c.sanction.is_some(),
        });
        Ok(e)
    }
}

fn sim_sanction(
    view: &View,
    i: usize,
    s: StateId,
    s1: StateId,
    mode: SimResponses,
    sees: &[bool],
) -> Option<Deterrent> {
    let space = &view.model.space;
    let code = space.code(s);
    let di = space.code(s1) ^ code;
    let opp: Vec<(usize, Vec<StateId>)> = (0..view.agents.len())
        .filter(|&j| j != i)
        .map(|j| {
            let mut v = Vec::new();
            view.moves(view.agents.masks[j], s, |x| {
                if sees[x.index()] && view.better(j, x, s) {
                    v.push(x);
                }
            });
            (j, v)
        })
        .collect();
    let mut chosen: Vec<Transition> = Vec::new();
    fn go(
        view: &View,
        opp: &[(usize, Vec<StateId>)],
        k: usize,
        delta: u64,
        chosen: &mut Vec<Transition>,
        ctx: (usize, StateId, u64, SimResponses, &[bool]),
    ) -> Option<StateId> {
        let (i, s, code, mode, sees) = ctx;
        if k == opp.len() || (mode == SimResponses::OneOpponent && !chosen.is_empty()) {
            if chosen.is_empty() {
                return None;
            }
            let x = view.model.space.lookup(code ^ delta)?;
            return (sees[x.index()] && !view.better(i, x, s)).then_some(x);
        }
        if let Some(x) = go(view, opp, k + 1, delta, chosen, ctx) {
            return Some(x);
        }
        let (j, moves) = &opp[k];
        for &t in moves {
            chosen.push(Transition { agent: *j, to: t });
            let d = view.model.space.code(t) ^ code;
            if let Some(x) = go(view, opp, k + 1, delta ^ d, chosen, ctx) {
                return Some(x);
            }
            chosen.pop();
        }
        None
    }
    let result = go(view, &opp, 0, di, &mut chosen, (i, s, code, mode, sees))?;
    Some(Deterrent {
        steps: chosen,
        result,
    })
}

impl Explanation {
    /// A plain-English account of the verdict, naming states by number and
    /// `Y`/`N` string and agents by name.
    ///
    /// ```
    /// use detente::conflict::{Agents, Concept, StateId};
    /// let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// let agents = Agents::individuals(&model);
    /// let e = model.explain(&agents, Concept::Nash, 0, StateId(3), &Default::default())?;
    /// assert!(e.render(&model, &agents).contains("not nash-stable"));
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn render(&self, model: &ConflictModel, agents: &Agents) -> String {
        let st = |s: StateId| format!("{} ({})", s.number(), model.space.yn(s));
        let who = agents.name(model, self.agent);
        let verdict = if self.stable { "" } else { "not " };
        let mut out = format!(
            "state {} is {verdict}{}-stable for {who}",
            st(self.state),
            self.concept.name()
        );
        if !self.perceived {
            out.push_str(": it does not perceive this state\n");
            return out;
        }
        if self.improvements.is_empty() {
            out.push_str(": no unilateral improvement\n");
            return out;
        }
        out.push('\n');
        let chain = |s: &Deterrent| -> String {
            s.steps
                .iter()
                .map(|p| format!("{} moves to {}", agents.name(model, p.agent), st(p.to)))
                .collect::<Vec<_>>()
                .join(", then ")
        };
        for c in &self.improvements {
            out.push_str(&format!("  improvement to {}: ", st(c.to)));
            match (&c.sanction, &c.simultaneous, self.concept) {
                (_, sim, Concept::SeqSim) => {
                    match &c.sanction {
                        Some(s) => out.push_str(&format!("SEQ-sanctioned: {}", chain(s))),
                        None => out.push_str("no SEQ sanction"),
                    }
                    match sim {
                        Some(s) => out.push_str(&format!(
                            "; SIM-sanctioned: {} at the same time, ending in {}",
                            chain(s),
                            st(s.result)
                        )),
                        None => out.push_str("; no SIM sanction"),
                    }
                }
                (Some(s), _, Concept::Sim) => out.push_str(&format!(
                    "sanctioned: {} at the same time, ending in {}",
                    chain(s),
                    st(s.result)
                )),
                (Some(s), _, Concept::Smr) => out.push_str(&format!(
                    "sanctioned: {}; no countermove from there beats {}",
                    chain(s),
                    st(self.state)
                )),
                (Some(s), _, _) => out.push_str(&format!("sanctioned: {}", chain(s))),
                (None, _, Concept::Nash) => out.push_str("available, so the state is not Nash"),
                (None, _, _) => {
                    out.push_str("no sanction: the opponents cannot make it not worthwhile")
                }
            }
            out.push('\n');
        }
        out
    }
}
