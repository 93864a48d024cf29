//! Carrying out an agreed deal: the rulebook's check, staging and
//! defection, snapback, and the books (payoffs, price per prisoner, trust).

use rand::Rng;

use super::books::Books;
use super::{DealNote, Runner, account, count_refusal, vec_zero};
use crate::deal::{ConcessionKind, Staging};
use crate::model::{PrisonerStatus, SanctionId};
use crate::negotiate::Outcome;
use crate::payoff;
use crate::rng::DetRng;
use crate::simulate::trajectory::{DealRecord, RoundRecord};

impl Runner<'_> {
    /// Checks the agreed deal against the rulebook and carries it out.
    pub(super) fn execute(
        &mut self,
        i: usize,
        r: u32,
        o: Outcome,
        rng: &mut DetRng,
        rec: Option<&mut RoundRecord>,
    ) {
        let sim = self.sim;
        let w = &sim.world;
        let pair = &sim.pairs[i];
        let gain = pair.deal(w, &self.state, &self.pairs[i], o, &mut self.deal);
        let before = rec.as_ref().map(|_| self.state.clone());
        let check = sim.rules.check(
            w,
            &mut self.state,
            &self.deal,
            &mut self.log,
            &mut self.delta,
        );
        if let Err(rejected) = check {
            count_refusal(sim, &mut self.summary, &rejected.violations);
            if let Some(rec) = rec {
                rec.deals.push(DealRecord {
                    demander: pair.demander,
                    holder: pair.holder,
                    description: pair.describe(w, o),
                    deal: self.deal.clone(),
                    passed: false,
                    violations: rejected.violations,
                    defector: None,
                    released: Vec::new(),
                    delta: Vec::new(),
                    before,
                });
            }
            return;
        }
        // Sequential deals: the second mover may fail to deliver.
        let def = &sim.dynamics.defection;
        let defector = match self.deal.staging {
            Staging::Sequential { first } => {
                let p = def.probability * (1.0 - self.pairs[i].trust);
                let second = if first == pair.holder {
                    pair.demander
                } else {
                    pair.holder
                };
                (p > 0.0 && rng.random::<f64>() < p).then_some(second)
            }
            _ => None,
        };
        let mut total = vec_zero(&mut self.flow);
        let executed = match defector {
            None => &self.deal,
            Some(d) => {
                self.partial.concessions.clear();
                self.partial.staging = self.deal.staging;
                self.partial
                    .concessions
                    .extend(self.deal.concessions.iter().filter(|c| c.from != d));
                &self.partial
            }
        };
        let applied =
            payoff::apply_with_delta(w, &mut self.state, executed, &mut self.log, &mut self.delta);
        for (t, d) in total.iter_mut().zip(&self.delta) {
            *t += d;
        }
        self.summary.refused_exile += applied.refused_exile;
        let mut released_ids = Vec::new();
        let released = account(
            sim,
            &self.state,
            &mut self.roster,
            &mut self.summary.relief_granted,
            executed,
            rec.is_some().then_some(&mut released_ids),
        );
        let given = crate::deal::GivenSet::given_by(executed, pair.demander);
        // The price per prisoner is what the holder got for its own
        // releases: in a swap the demander's released prisoners are part of
        // the price, not of the count.
        let by_holder = executed
            .concessions
            .iter()
            .filter(|c| match c.kind {
                ConcessionKind::Release { prisoner, .. } => {
                    c.from == pair.holder
                        && self.state.status[prisoner.index()] == PrisonerStatus::Released
                }
                _ => false,
            })
            .count() as u32;
        // Any deal ends the pair's episode; an honoured one also raises its
        // standing on the ladder.
        let scratch = &mut self.pairs[i];
        scratch.episode_start = r + 1;
        if defector.is_none() {
            scratch.standing += 1.0;
            scratch.cap = sim.ladder_cap(scratch.standing);
        }
        let trust = &mut self.pairs[i].trust;
        match defector {
            None => *trust += def.trust_gain * (1.0 - *trust),
            Some(d) => {
                *trust *= 1.0 - def.trust_loss;
                self.summary.defections += 1;
                if d == pair.holder && def.snapback {
                    // Relief given to a holder who did not release is reimposed.
                    for k in 0..self.partial.concessions.len() {
                        if let Some(s) = self.partial.concessions[k].kind.sanction() {
                            self.snap(s, r, &mut total);
                        }
                    }
                }
            }
        }
        let h = pair.holder.index();
        if by_holder > 0 {
            let got = if defector == Some(pair.demander) {
                0.0
            } else {
                gain
            };
            self.price[h].0 += got;
            self.price[h].1 += f64::from(by_holder);
        }
        for (g, t) in total.iter().enumerate() {
            self.summary.payoff[g] += t;
        }
        let s = &mut self.summary;
        s.deals += 1;
        s.freed_by_deal += released;
        s.freed_by_deal_per_round[r as usize] += released;
        s.first_deal_round.get_or_insert(r);
        s.deal_log.push(DealNote {
            pair: i as u32,
            outcome: o.index() as u64,
            round: r,
            released,
            given,
            defected: defector.is_some(),
            delta_demander: total[pair.demander.index()],
            delta_holder: total[h],
        });
        if let Some(rec) = rec {
            rec.deals.push(DealRecord {
                demander: pair.demander,
                holder: pair.holder,
                description: pair.describe(w, o),
                deal: self.deal.clone(),
                passed: true,
                violations: Vec::new(),
                defector,
                released: released_ids,
                delta: total.clone(),
                before,
            });
        }
        self.flow = total;
    }

    /// Reimposes sanction `s`, adding the payoff change into `out`.
    pub(super) fn snap(&mut self, s: SanctionId, r: u32, out: &mut [f64]) -> bool {
        let old = self.state.relief[s.index()].level;
        if !self.state.snapback(s, &mut self.log) {
            return false;
        }
        let books = Books::new(self.sim, &self.disc, self.rounds);
        for &(g, v) in self.sim.world.valuations().sanctions.row(s.index()) {
            books.credit(out, g.index(), -old * v, r);
        }
        self.summary.snapbacks += 1;
        true
    }
}
