//! Booking a material payoff change that happens outside a deal (a
//! suspension lapsing, a sanction snapping back, a prisoner freed by the end
//! of a sentence, a pardon or on medical grounds): the government that
//! values it gains it, and so does every government holding an alliance
//! weight on that government's gains, each discounted by its own factor.
//! Deals get the same treatment through [`crate::payoff::apply_with_delta`];
//! without this the payoffs of allies would depend on whether a change came
//! from a deal or from an event.

use crate::model::Alliances;
use crate::simulate::Simulation;

/// What a credit needs from a runner, borrowed apart from the payoff vector
/// it writes into.
pub(super) struct Books<'a> {
    alliances: &'a Alliances,
    /// Discount of government `g` at round `r`: `disc[g * rounds + r]`.
    disc: &'a [f64],
    rounds: usize,
}

impl<'a> Books<'a> {
    /// The books of a run of `sim` with the runner's discount table.
    pub(super) fn new(sim: &'a Simulation, disc: &'a [f64], rounds: u32) -> Self {
        Books {
            alliances: sim.world.alliances(),
            disc,
            rounds: rounds as usize,
        }
    }

    /// Adds to `out` (discounted payoffs by government) `material`, a change
    /// to `g`'s own material level at round `r`, and every ally's share of
    /// it (never compounded: see [`Alliances`]).
    ///
    /// # Complexity
    /// O(alliances): the list is scanned for weights on `g`, which costs
    /// nothing in the usual world without alliances and stays allocation-free.
    pub(super) fn credit(&self, out: &mut [f64], g: usize, material: f64, r: u32) {
        let r = r as usize;
        out[g] += material * self.disc[g * self.rounds + r];
        for a in self.alliances.as_slice() {
            if a.of.index() == g {
                let by = a.by.index();
                out[by] += a.weight * material * self.disc[by * self.rounds + r];
            }
        }
    }
}
