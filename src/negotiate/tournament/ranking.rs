//! The ranking table of a tournament.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::TournamentResult;
use crate::analysis::{Estimate, mean_ci, proportion_ci};

/// One entrant's line of the ranking table. Every estimate carries a 95%
/// confidence interval over the entrant's negotiations (Student's t for
/// means, Wilson for the agreement rate).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RankRow {
    /// 1 for the best mean score.
    pub rank: usize,
    /// Entrant name.
    pub entrant: String,
    /// Negotiations the entrant took part in (a self-play meeting counts
    /// twice, once per seat).
    pub negotiations: usize,
    /// Mean score: utility normalised per scenario profile to [0, 1]; the
    /// ranking key, comparable across scenarios.
    pub score: Estimate,
    /// Mean raw utility (in the scenarios' own units).
    pub utility: Estimate,
    /// Share of negotiations that ended in agreement.
    pub agreement_rate: Estimate,
    /// Mean protocol steps to agreement, over agreements only; `None`
    /// without any agreement.
    pub rounds_to_agreement: Option<Estimate>,
}

impl TournamentResult {
    /// The ranking table: entrants by mean score, best first (ties by name).
    /// Entrants without a negotiation (possible only in a tournament
    /// stopped by its limits) are left out: they have nothing to rank by.
    ///
    /// # Complexity
    /// O(meetings).
    pub fn ranking(&self) -> Vec<RankRow> {
        let n = self.entrants.len();
        let mut scores = vec![Vec::new(); n];
        let mut utils = vec![Vec::new(); n];
        let mut rounds = vec![Vec::new(); n];
        let mut agreed = vec![0usize; n];
        for m in &self.meetings {
            for seat in 0..2 {
                let e = m.pairing.entrants[seat];
                scores[e].push(m.score[seat]);
                utils[e].push(m.utility[seat]);
                if m.agreement.is_some() {
                    agreed[e] += 1;
                    rounds[e].push(m.steps as f64);
                }
            }
        }
        let mut rows: Vec<RankRow> = (0..n)
            .filter(|&e| !scores[e].is_empty())
            .map(|e| RankRow {
                rank: 0,
                entrant: self.entrants[e].clone(),
                negotiations: scores[e].len(),
                score: mean_ci(&scores[e]),
                utility: mean_ci(&utils[e]),
                agreement_rate: proportion_ci(agreed[e], scores[e].len()),
                rounds_to_agreement: (!rounds[e].is_empty()).then(|| mean_ci(&rounds[e])),
            })
            .collect();
        rows.sort_by(|a, b| {
            b.score
                .mean
                .total_cmp(&a.score.mean)
                .then_with(|| a.entrant.cmp(&b.entrant))
        });
        for (i, r) in rows.iter_mut().enumerate() {
            r.rank = i + 1;
        }
        rows
    }

    /// The ranking table as aligned text (± is the 95% half-width).
    ///
    /// ```
    /// use detente::negotiate::tournament::{Entrant, Tournament, TournamentScenario};
    /// let r = Tournament::new(vec![Entrant::linear(), Entrant::conceder()],
    ///     TournamentScenario::builtin()).repetitions(1).run()?;
    /// assert!(r.table().lines().next().unwrap().contains("agreement"));
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn table(&self) -> String {
        let rows = self.ranking();
        let w = rows
            .iter()
            .map(|r| r.entrant.len())
            .max()
            .unwrap_or(8)
            .max(8);
        let mut s = format!(
            "{:>4}  {:<w$}  {:>5}  {:>15}  {:>17}  {:>22}  {:>14}\n",
            "rank", "strategy", "n", "score", "utility", "agreement [95% CI]", "rounds"
        );
        for r in &rows {
            let rounds = r.rounds_to_agreement.map_or("-".to_string(), |e| {
                format!("{:.1} ± {:.1}", e.mean, e.half_width())
            });
            let _ = writeln!(
                s,
                "{:>4}  {:<w$}  {:>5}  {:>15}  {:>17}  {:>22}  {:>14}",
                r.rank,
                r.entrant,
                r.negotiations,
                format!("{:.3} ± {:.3}", r.score.mean, r.score.half_width()),
                format!("{:.3} ± {:.3}", r.utility.mean, r.utility.half_width()),
                format!(
                    "{:5.1}% [{:.1}, {:.1}]",
                    100.0 * r.agreement_rate.mean,
                    100.0 * r.agreement_rate.lo,
                    100.0 * r.agreement_rate.hi
                ),
                rounds,
            );
        }
        s
    }
}
