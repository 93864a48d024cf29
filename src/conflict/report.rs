//! The analysis of a conflict as one JSON document: what `conflict
//! --json` prints and what the Python package returns, built in one place.

use serde_json::json;

use super::{AnalysisOptions, Concept, ConflictModel, Moves, StateId};
use crate::Budget;

fn numbers(v: &[StateId]) -> Vec<usize> {
    v.iter().map(|s| s.number()).collect()
}

impl ConflictModel {
    /// Every concept analysed within `budget`: the equilibria, each decision
    /// maker's stable states (state numbers from 1, as GMCR+ numbers them),
    /// what the budget left out (`truncated`, `stopped_by`, `analysed`),
    /// and, when the conflict has a status quo, the paths from it to each
    /// GMR equilibrium by any moves and by improving moves only.
    ///
    /// ```
    /// use detente::conflict::{AnalysisOptions, examples::elmira};
    /// let model = elmira().compile()?;
    /// let r = model.report(&AnalysisOptions::default(), &detente::Budget::unlimited());
    /// assert_eq!(r["states"], model.states().len());
    /// assert!(r["equilibria"]["nash"].as_array().is_some_and(|v| !v.is_empty()));
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn report(&self, opts: &AnalysisOptions, budget: &Budget) -> serde_json::Value {
        let model = self;
        let a = model.analyze_within(opts, budget);
        let mut eq = serde_json::Map::new();
        for c in Concept::ALL.into_iter().filter(|&c| a.analysed(c)) {
            eq.insert(c.name().into(), json!(numbers(&a.equilibria(c))));
        }
        let dms: Vec<serde_json::Value> = (0..model.n_dms())
            .map(|d| {
                let mut m = serde_json::Map::new();
                m.insert("name".into(), json!(model.dm_names()[d]));
                for c in Concept::ALL.into_iter().filter(|&c| a.analysed(c)) {
                    m.insert(c.name().into(), json!(numbers(&a.stable_states(c, d))));
                }
                serde_json::Value::Object(m)
            })
            .collect();
        let mut out = json!({
            "name": model.name(),
            "states": model.states().len(),
            "options": model.states().n_options(),
            "equilibria": eq,
            "stable": dms,
            "truncated": a.truncated(),
            "stopped_by": a.stopped_by(),
            "analysed": Concept::ALL.iter().filter(|&&c| a.analysed(c)).map(|c| c.name()).collect::<Vec<_>>(),
        });
        if let Some(sq) = model.status_quo().filter(|_| a.analysed(Concept::Gmr)) {
            let gmr = a.equilibria(Concept::Gmr);
            let mut reach = serde_json::Map::new();
            for moves in [Moves::All, Moves::Improving] {
                let r = model.status_quo_analysis(sq, moves);
                let key = if moves == Moves::All {
                    "all_moves"
                } else {
                    "improving_moves"
                };
                let goals: Vec<serde_json::Value> = gmr
                    .iter()
                    .filter_map(|&g| {
                        r.path(g).map(|p| {
                            json!({
                                "state": g.number(),
                                "path": p.iter().map(|s| json!({"dm": model.dm_names()[s.agent], "to": s.to.number()})).collect::<Vec<_>>(),
                            })
                        })
                    })
                    .collect();
                reach.insert(key.into(), json!(goals));
            }
            out["status_quo"] = json!({"state": sq.number(), "reachable_gmr_equilibria": reach});
        }
        out
    }
}

impl ConflictModel {
    /// Whether state `number` (from 1) can be a `concept` equilibrium if
    /// each decision maker keeps its ranking of every other state and only
    /// moves this one (the inverse problem the `conflict --inverse` flag
    /// asks), as one JSON document: `answer` is `"feasible"` (with, per
    /// decision maker, how many states it ranks above the target now and
    /// in the witness ranking), `"infeasible"` (the moves away from it that
    /// cannot all be deterred, and the chains of required relations that
    /// clash, by state number) or `"undecided"` (the budget ran out).
    ///
    /// ```
    /// use detente::conflict::{AnalysisOptions, Concept, load_file};
    /// let model = load_file("examples/conflicts/prisoners_dilemma.json")?.compile()?;
    /// let r = model.inverse_report(4, Concept::Nash, &AnalysisOptions::default(), None)?;
    /// assert_eq!(r["answer"], "feasible");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`ConflictError::OutOfRange`](super::ConflictError::OutOfRange) for a
    /// state number outside the model, or what the inverse search reports.
    pub fn inverse_report(
        &self,
        number: usize,
        concept: Concept,
        opts: &AnalysisOptions,
        budget: Option<Budget>,
    ) -> Result<serde_json::Value, super::ConflictError> {
        use super::{DmId, Freedom, Inverse, InverseResult, Reason};
        let t = self.state(number)?;
        let mut p = Inverse::new(self, t, concept);
        p.freedoms = vec![Freedom::keep_except(self, &[t]); self.n_dms()];
        p.options = *opts;
        if let Some(b) = budget {
            p.budget = b;
        }
        let names = self.dm_names();
        // How many states a decision maker ranks strictly above `t`.
        let above = |pay: &[u32]| pay.iter().filter(|&&x| x > pay[t.index()]).count();
        let body = match self.inverse(&p)? {
            InverseResult::Feasible(pay) => json!({
                "answer": "feasible",
                "above": names.iter().enumerate().map(|(d, name)| json!({
                    "dm": name,
                    "now": above(self.payoffs(DmId(d))),
                    "witness": above(&pay[d]),
                })).collect::<Vec<_>>(),
            }),
            InverseResult::Infeasible(inf) => json!({
                "answer": "infeasible",
                "core": inf.core.iter().map(|o| json!({
                    "dm": names[o.dm.0],
                    "to": o.to.number(),
                    "to_state": self.states().yn(o.to),
                })).collect::<Vec<_>>(),
                "chains": inf.chains.iter().map(|c| json!({
                    "dm": names[c.dm.0],
                    "links": c.links.iter().map(|l| json!({
                        "above": l.above.number(),
                        "below": l.below.number(),
                        "strict": l.strict,
                        "reason": match l.reason {
                            Reason::Fixed => "fixed".to_string(),
                            Reason::Kept => "kept".to_string(),
                            Reason::Relation(k) => format!("relation {k}"),
                        },
                    })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            }),
            InverseResult::Undecided { nodes, stopped_by } => json!({
                "answer": "undecided",
                "nodes": nodes,
                "stopped_by": stopped_by,
            }),
        };
        let mut out = json!({
            "target": number,
            "target_state": self.states().yn(t),
            "concept": concept.name(),
        });
        if let (Some(o), serde_json::Value::Object(b)) = (out.as_object_mut(), body) {
            o.extend(b);
        }
        Ok(out)
    }
}
