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
