//! Why a simulation finds no deal: the pairs with a demand, formed or not,
//! and what the rulebook makes of every deal the formed pairs can agree on
//! at the start.

use super::results::ExperimentResults;
use super::simulation::Simulation;
use crate::analysis::{NoDeal, PairNote};
use crate::deal::UndoLog;

impl Simulation {
    /// Why the simulation's runs may find no deal, as data: every ordered
    /// pair with a demand (formed, or not and why: see
    /// [`Simulation::unformed_pairs`]), every deal the formed pairs' talks
    /// can agree on at the initial state (empty deals left out) with the
    /// rulebook's verdict on each, counted per rule and per government whose
    /// individual rationality fails, and, given an experiment's `results`,
    /// the agreements its runs reached that the rulebook then refused.
    ///
    /// The candidates are checked at the initial state only: later states
    /// (after arrests, elections, escalations) can open or close deals.
    ///
    /// ```
    /// use detente::simulate::{ExperimentConfig, Simulation};
    /// // A swap that Iran refuses: Assadi is worth less to it than its
    /// // cost of freeing Vandecasteele.
    /// let scenario = detente::scenario::Scenario::from_json_str(r#"{
    ///   "name": "swap refused", "governments": [{"id": "BEL"}, {"id": "IRN"}],
    ///   "prisoners": [
    ///     {"id": "vandecasteele", "held_by": "IRN", "valued_by": {"BEL": 5.0, "IRN": -2.0}},
    ///     {"id": "assadi", "held_by": "BEL", "valued_by": {"IRN": 1.0, "BEL": -0.5}}]}"#)?;
    /// let sim = Simulation::from_scenario(&scenario)?;
    /// let results = sim.experiment(&ExperimentConfig { runs: 4, rounds: 3, seed: 1 });
    /// assert_eq!(results.runs_without_deal, 4);
    /// let why = sim.diagnose(Some(&results));
    /// assert_eq!(why.legal(), 0);
    /// assert!(why.refused.not_rational["IRN"] > 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Complexity
    /// One rulebook check per outcome of every formed pair's deal space.
    pub fn diagnose(&self, results: Option<&ExperimentResults>) -> NoDeal {
        let w = &self.world;
        let code = |g: crate::model::GovernmentId| w.code(g).to_string();
        let mut pairs: Vec<(_, PairNote)> = self
            .pairs
            .iter()
            .map(|p| {
                let note = PairNote {
                    demander: code(p.demander),
                    holder: code(p.holder),
                    unformed: None,
                };
                ((p.demander, p.holder), note)
            })
            .chain(self.unformed.iter().map(|u| {
                let note = PairNote {
                    demander: code(u.demander),
                    holder: code(u.holder),
                    unformed: Some(u.reason.to_string()),
                };
                ((u.demander, u.holder), note)
            }))
            .collect();
        pairs.sort_by_key(|(key, _)| *key);
        let mut why = NoDeal {
            pairs: pairs.into_iter().map(|(_, note)| note).collect(),
            ..NoDeal::default()
        };
        let mut state = self.initial.clone();
        let (mut log, mut delta) = (UndoLog::new(), Vec::new());
        for pair in &self.pairs {
            for deal in pair.possible_deals(w, &self.initial) {
                if deal.is_empty() {
                    continue; // agreeing on nothing is no deal
                }
                why.candidates += 1;
                if let Err(rejected) = self.rules.check(w, &mut state, &deal, &mut log, &mut delta)
                {
                    why.refused.record(w, &rejected.violations);
                }
            }
        }
        if let Some(r) = results {
            why.agreements_refused = r.refusals.clone();
        }
        why
    }
}
