//! What each negotiating pair could agree on at the start: the payoff
//! changes of every deal on the table in the first round of talks, the
//! data behind the opening frontier figure of [`crate::report`].

use super::pairs::{IMPOSSIBLE, PairScratch};
use super::simulation::{PairStaging, Simulation};
use crate::model::GovernmentId;
use crate::negotiate::Utility;

/// The deals one pair can make in the first round of talks, as payoff
/// changes to the demander and the holder.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct OpeningPayoffs {
    /// The government that asks.
    pub demander: GovernmentId,
    /// The government that holds.
    pub holder: GovernmentId,
    /// `[demander, holder]` payoff change of every possible deal.
    pub points: Vec<[f64; 2]>,
    /// `[demander, holder]` reservation values (the disagreement point).
    pub reserved: [f64; 2],
}

impl Simulation {
    /// The deals pair `pair` (an index of [`Simulation::pairs`]) can make
    /// in the first round of talks, valued as their strategies bargain
    /// over them (with the defection risk of a sequential deal at the
    /// initial trust). `None` when the pair has nothing to trade at the
    /// start or more than `max_points` possible deals.
    pub(crate) fn opening_payoffs(&self, pair: usize, max_points: usize) -> Option<OpeningPayoffs> {
        let p = self.pairs.get(pair)?;
        let mut tables = p.tables();
        let mut scratch = PairScratch {
            trust: self.dynamics.defection.initial_trust,
            ..PairScratch::default()
        };
        let sequential = matches!(
            p.staging,
            PairStaging::HolderFirst | PairStaging::DemanderFirst
        );
        let risk = if sequential {
            self.dynamics.defection.probability * (1.0 - scratch.trust)
        } else {
            0.0
        };
        if !p.refresh(&self.initial, &mut scratch, [1.0, 1.0], risk, &mut tables) {
            return None;
        }
        let [td, th] = &tables;
        let mut points = Vec::new();
        for o in p.space(&self.world).outcomes() {
            let (a, b) = (td.eval(o), th.eval(o));
            // Impossible values sum into the utility: anything near them is
            // not on the table.
            if a > IMPOSSIBLE / 2.0 && b > IMPOSSIBLE / 2.0 {
                points.push([a, b]);
                if points.len() > max_points {
                    return None;
                }
            }
        }
        Some(OpeningPayoffs {
            demander: p.demander,
            holder: p.holder,
            points,
            reserved: [td.reserved_value(), th.reserved_value()],
        })
    }
}
