//! A round of talks for one pair: refresh the pair's utilities at the
//! state, run an alternating-offers session, and hand an agreement on to
//! execution.

use rand::Rng;

use super::Runner;
use crate::negotiate::{Outcome, Strategy, Utility};
use crate::rng::DetRng;
use crate::simulate::session::{Clock, session};
use crate::simulate::simulation::PairStaging;
use crate::simulate::trajectory::RoundRecord;

impl Runner<'_> {
    /// One session of talks for pair `i`, and the deal if one is agreed.
    pub(super) fn talk(
        &mut self,
        i: usize,
        r: u32,
        clock: Clock,
        rng: &mut DetRng,
        mut rec: Option<&mut RoundRecord>,
    ) {
        let sim = self.sim;
        let neg = &sim.dynamics.negotiation;
        let pair = &sim.pairs[i];
        // Always draw, so whether talks happen does not shift later draws.
        let talks = rng.random::<f64>() < neg.talks_probability;
        if !talks {
            return;
        }
        let sequential = matches!(
            pair.staging,
            PairStaging::HolderFirst | PairStaging::DemanderFirst
        );
        let risk = if sequential {
            sim.dynamics.defection.probability * (1.0 - self.pairs[i].trust)
        } else {
            0.0
        };
        let scale = [
            self.scale[pair.demander.index()],
            self.scale[pair.holder.index()],
        ];
        if !pair.refresh(
            &self.state,
            &mut self.pairs[i],
            scale,
            risk,
            &mut self.tables[i],
        ) {
            return;
        }
        if let Some(rec) = rec.as_deref_mut() {
            rec.talks.push((pair.demander, pair.holder));
        }
        // The demander opens in even rounds, the holder in odd ones.
        let [td, th] = &self.tables[i];
        let [sd, sh] = &mut self.strategies[i];
        let (us, parties): ([&dyn Utility; 2], [&mut dyn Strategy; 2]) = if r % 2 == 1 {
            ([th, td], [&mut **sh, &mut **sd])
        } else {
            ([td, th], [&mut **sd, &mut **sh])
        };
        let result = session(
            &mut self.sao,
            pair.space(&sim.world),
            &us,
            parties,
            clock,
            neg.public_utilities,
        );
        let Ok(result) = result else {
            return;
        };
        let Some(o) = result.agreement else {
            return;
        };
        if o == Outcome(0) {
            // Agreeing on nothing is no deal.
            return;
        }
        self.execute(i, r, o, rng, rec);
    }
}
