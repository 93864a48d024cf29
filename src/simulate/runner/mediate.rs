//! The mediator's turn in a round: after the pairs' talks, the best
//! multilateral package at the state ([`crate::mediator::best_package`]), carried out when
//! it is individually rational for every party and passes the rulebook.
//!
//! A package is staged at once (at a venue when one government mediates
//! for every party), so nobody can defect from it; it pays each releasing
//! holder its payoff change from the package, which counts toward the price
//! per prisoner that drives new arrests.

use rand::Rng;

use super::{Runner, account, count_refusal, vec_zero};
use crate::mediator::find_package;
use crate::model::PrisonerStatus;
use crate::payoff;
use crate::rng::DetRng;
use crate::scenario::MediatorSettings;
use crate::simulate::trajectory::{PackageRecord, RoundRecord};

impl Runner<'_> {
    /// The mediator's turn in round `r`.
    pub(super) fn mediate(
        &mut self,
        mediator: &MediatorSettings,
        r: u32,
        rng: &mut DetRng,
        rec: Option<&mut RoundRecord>,
    ) {
        // Always draw, so whether the mediator convenes does not shift later draws.
        if rng.random::<f64>() >= mediator.probability {
            return;
        }
        let sim = self.sim;
        let w = &sim.world;
        let options = mediator.package_options();
        let Some(package) = find_package(w, &self.state, &sim.rules, &options) else {
            return;
        };
        // `find_package` checked the deal against the whole rulebook at this
        // state already: its violations are the rulebook's verdict.
        if !package.violations.is_empty() {
            count_refusal(sim, &mut self.summary, &package.violations);
            return;
        }
        let before = rec.as_ref().map(|_| self.state.clone());
        let applied = payoff::apply_with_delta(
            w,
            &mut self.state,
            &package.deal,
            &mut self.log,
            &mut self.delta,
        );
        self.summary.refused_exile += applied.refused_exile;
        let mut total = vec_zero(&mut self.flow);
        for (t, d) in total.iter_mut().zip(&self.delta) {
            *t += d;
        }
        let mut released_ids = Vec::new();
        let released = account(
            sim,
            &self.state,
            &mut self.roster,
            &mut self.summary.relief_granted,
            &package.deal,
            rec.is_some().then_some(&mut released_ids),
        );
        for &g in &package.parties {
            let freed = package
                .deal
                .concessions
                .iter()
                .filter(|c| {
                    c.from == g
                        && c.kind.prisoner().is_some_and(|p| {
                            self.state.status[p.index()] == PrisonerStatus::Released
                        })
                })
                .count();
            if freed > 0 {
                let h = g.index();
                self.price[h].0 += total[h].max(0.0);
                self.price[h].1 += freed as f64;
            }
        }
        for (g, t) in total.iter().enumerate() {
            self.summary.payoff[g] += t;
        }
        let s = &mut self.summary;
        s.deals += 1;
        s.packages += 1;
        s.package_rounds.push(r);
        s.freed_by_deal += released;
        s.freed_by_package += released;
        s.freed_by_deal_per_round[r as usize] += released;
        s.first_deal_round.get_or_insert(r);
        if let Some(rec) = rec {
            rec.packages.push(PackageRecord {
                parties: package.parties.clone(),
                description: package.deal.describe(w),
                deal: package.deal,
                released: released_ids,
                delta: total.clone(),
                surplus: package.surplus,
                before,
            });
        }
        self.flow = total;
    }
}
