//! What happens between rounds of talks: suspensions lapse or are renewed,
//! sentences end, pardons, health crises, arrests (priced by past deals),
//! escalation and changes of government.

use rand::Rng;
use rand_distr::{Binomial, Distribution, Poisson};

use super::Runner;
use super::books::Books;
use crate::deal::{Concession, ConcessionKind, Staging};
use crate::model::{GovernmentId, PrisonerId, RecognitionLevel, SanctionId};
use crate::payoff;
use crate::rng::DetRng;
use crate::scenario::GestureKind;
use crate::simulate::trajectory::{Event, ReleaseCause, RoundRecord};

impl Runner<'_> {
    /// The events of round `r`, in a fixed order: suspensions lapse or are
    /// renewed; sentences end, pardons, health crises; arrests; escalation
    /// after a spike; changes of government.
    pub(super) fn events(&mut self, r: u32, rng: &mut DetRng, mut rec: Option<&mut RoundRecord>) {
        let sim = self.sim;
        let w = &sim.world;
        let dynamics = &sim.dynamics;
        // Suspensions due this round: renewed with some probability, the
        // rest lapse.
        let renew = dynamics.suspensions.renewal_probability;
        let rounds = dynamics.negotiation.menu.suspend_rounds;
        for s in 0..self.state.relief.len() {
            let x = &mut self.state.relief[s];
            self.levels[s] = x.level;
            if x.expires.is_some_and(|e| e <= r) && renew > 0.0 && rng.random::<f64>() < renew {
                x.expires = Some(r.saturating_add(rounds));
                self.summary.renewed += 1;
                if let Some(rec) = rec.as_deref_mut() {
                    rec.events.push(Event::Renewed {
                        sanction: SanctionId::new(s),
                    });
                }
            }
        }
        if self.state.lapse_suspensions(&mut self.log) > 0 {
            for s in 0..self.state.relief.len() {
                let dl = self.state.relief[s].level - self.levels[s];
                if dl != 0.0 {
                    self.summary.lapsed += 1;
                    let books = Books::new(self.sim, &self.disc, self.rounds);
                    for &(g, v) in w.valuations().sanctions.row(s) {
                        books.credit(&mut self.summary.payoff, g.index(), dl * v, r);
                    }
                    if let Some(rec) = rec.as_deref_mut() {
                        rec.events.push(Event::Lapsed {
                            sanction: SanctionId::new(s),
                        });
                    }
                }
            }
        }
        // Sentences, pardons and health: a multinomial split of each
        // group's held members, then uniform picks.
        let medical = dynamics.health.medical_release_share;
        for g in 0..sim.groups.len() {
            let grp = &sim.groups[g];
            let n = u64::from(self.roster.n_held(g));
            if n == 0 || grp.sentence + grp.pardon + grp.health <= 0.0 {
                continue;
            }
            let a = grp.sentence.min(1.0);
            let k_s = binomial(rng, n, a);
            let rest = 1.0 - a;
            let k_p = binomial(rng, n - k_s, ratio(grp.pardon, rest));
            let rest = rest - grp.pardon;
            let k_h = binomial(rng, n - k_s - k_p, ratio(grp.health, rest));
            let k_m = binomial(rng, k_h, medical);
            for (k, what) in [
                (k_s, Leave::Sentence),
                (k_p, Leave::Pardon),
                (k_m, Leave::Medical),
                (k_h - k_m, Leave::Death),
            ] {
                for _ in 0..k {
                    let i = rng.random_range(0..self.roster.n_held(g));
                    let p = self.roster.held_member(&sim.groups, g, i);
                    self.leave(p, g, what, r, rec.as_deref_mut());
                }
            }
        }
        // Arrests.
        self.arrests.fill(0);
        for h in 0..sim.holders.len() {
            let hm = &sim.holders[h];
            if hm.arrest_rate <= 0.0 {
                continue;
            }
            let at_large: u32 = sim.arrestable[h]
                .iter()
                .map(|&g| self.roster.n_at_large(g as usize))
                .sum();
            let (paid, freed) = self.price[h];
            let price = if freed > 0.0 { paid / freed } else { 0.0 };
            // The revolving door: arrests rise with the price paid per
            // prisoner, up to `elasticity` more at the reference price and beyond.
            let lambda = hm.arrest_rate
                * (1.0 + hm.elasticity * (price / hm.reference_price).clamp(0.0, 1.0));
            let k = poisson(rng, lambda).min(u64::from(at_large)) as u32;
            for _ in 0..k {
                let mut i = rng.random_range(0..self.summary_at_large(h));
                for &g in &sim.arrestable[h] {
                    let g = g as usize;
                    let n = self.roster.n_at_large(g);
                    if i < n {
                        let p = self.roster.at_large_member(&sim.groups, g, i);
                        let by = GovernmentId::new(h);
                        self.state.arrest(PrisonerId::new(p), by, &mut self.log);
                        self.roster.at_large_to_held(&sim.groups, g, p);
                        if let Some(rec) = rec.as_deref_mut() {
                            rec.events.push(Event::Arrested {
                                prisoner: PrisonerId::new(p),
                                by,
                            });
                        }
                        break;
                    }
                    i -= n;
                }
            }
            self.arrests[h] = k;
            self.summary.arrested += k;
            self.summary.arrested_per_round[r as usize] += k;
        }
        // Escalation after a spike.
        for e in &sim.escalation {
            let base = sim.holders[e.against.index()].arrest_rate;
            let k = self.arrests[e.against.index()];
            if base <= 0.0 || f64::from(k) < e.spike * base {
                continue;
            }
            if rng.random::<f64>() >= e.probability {
                continue;
            }
            self.summary.escalations += 1;
            if let Some(rec) = rec.as_deref_mut() {
                rec.events.push(Event::Escalation {
                    by: e.by,
                    against: e.against,
                    arrests: k,
                });
            }
            for s in w.sanctions() {
                if s.imposer != e.by || s.target != e.against {
                    continue;
                }
                if (e.snapback || e.dormant.contains(&s.id))
                    && self.state.relief[s.id.index()].level > 0.0
                {
                    let mut out = std::mem::take(&mut self.flow);
                    out.fill(0.0);
                    if self.snap(s.id, r, &mut out) {
                        for (g, x) in out.iter().enumerate() {
                            self.summary.payoff[g] += x;
                        }
                        if let Some(rec) = rec.as_deref_mut() {
                            rec.events.push(Event::Snapback { sanction: s.id });
                        }
                    }
                    self.flow = out;
                }
            }
        }
        // Changes of government.
        for c in &sim.changes {
            if rng.random::<f64>() < c.probability {
                let [lo, hi] = c.scale;
                let x = if hi > lo {
                    rng.random_range(lo..=hi)
                } else {
                    lo
                };
                self.scale[c.government.index()] = x;
                self.summary.government_changes += 1;
                if let Some(rec) = rec.as_deref_mut() {
                    rec.events.push(Event::GovernmentChange {
                        government: c.government,
                        scale: x,
                    });
                }
            }
        }
    }

    /// The gestures of round `r` (`dynamics.gestures`): each drawn with its
    /// probability; one that happens raises its pair's standing.
    pub(super) fn gestures(&mut self, r: u32, rng: &mut DetRng, mut rec: Option<&mut RoundRecord>) {
        let sim = self.sim;
        for k in 0..sim.gestures.len() {
            let g = &sim.gestures[k];
            // Always draw, so whether one gesture happens does not shift
            // the draws of the next.
            if rng.random::<f64>() >= g.probability {
                continue;
            }
            let pair = &sim.pairs[g.pair];
            let made = match g.kind {
                GestureKind::Release => {
                    let mut cursor = std::mem::take(&mut self.pairs[g.pair].release);
                    cursor.collect(
                        &self.state,
                        pair.deals.ranked(),
                        &pair.release,
                        g.count as usize,
                    );
                    for &m in &cursor.members {
                        let p = pair.deals.ranked()[m as usize].index();
                        let group = sim.group_of[p] as usize;
                        self.leave(p, group, Leave::Pardon, r, rec.as_deref_mut());
                    }
                    let made = !cursor.members.is_empty();
                    self.pairs[g.pair].release = cursor;
                    made
                }
                GestureKind::Visit => self.visit(pair.demander, pair.holder),
            };
            if made {
                let p = &mut self.pairs[g.pair];
                p.standing += g.credit;
                p.cap = sim.ladder_cap(p.standing);
            }
        }
    }

    /// `from` raises its recognition of `to` by one level, if it can; the
    /// payoff changes go to the books like a deal's.
    fn visit(&mut self, from: GovernmentId, to: GovernmentId) -> bool {
        let now = self.state.recognition(from, to).value();
        if now >= RecognitionLevel::Embassy.value() {
            return false;
        }
        self.partial.concessions.clear();
        self.partial.staging = Staging::Simultaneous;
        self.partial.concessions.push(Concession {
            from,
            to,
            kind: ConcessionKind::Recognition {
                level: RecognitionLevel::from_u8(now + 1),
            },
        });
        let w = &self.sim.world;
        payoff::apply_with_delta(
            w,
            &mut self.state,
            &self.partial,
            &mut self.log,
            &mut self.delta,
        );
        // As for a deal: the delta already holds alliance shares.
        for (p, d) in self.summary.payoff.iter_mut().zip(&self.delta) {
            *p += d;
        }
        true
    }

    fn summary_at_large(&self, h: usize) -> u32 {
        self.sim.arrestable[h]
            .iter()
            .map(|&g| self.roster.n_at_large(g as usize))
            .sum()
    }

    /// Prisoner `p` of group `g` leaves custody without a deal.
    fn leave(&mut self, p: usize, g: usize, what: Leave, r: u32, rec: Option<&mut RoundRecord>) {
        let sim = self.sim;
        let w = &sim.world;
        let id = PrisonerId::new(p);
        let event = if what == Leave::Death {
            self.state.record_death(id, &mut self.log);
            self.summary.deceased += 1;
            Event::Died { prisoner: id }
        } else {
            let dest = sim.free_destination[p];
            self.state.free_unilaterally(id, dest, &mut self.log);
            let books = Books::new(self.sim, &self.disc, self.rounds);
            for &(gv, v) in w.valuations().prisoners.row(sim.value_row[p] as usize) {
                books.credit(&mut self.summary.payoff, gv.index(), v, r);
            }
            let cause = match what {
                Leave::Sentence => {
                    self.summary.freed_by_sentence += 1;
                    ReleaseCause::EndOfSentence
                }
                Leave::Pardon => {
                    self.summary.pardoned += 1;
                    ReleaseCause::Pardon
                }
                _ => {
                    self.summary.medical += 1;
                    ReleaseCause::Medical
                }
            };
            Event::Freed {
                prisoner: id,
                cause,
            }
        };
        self.roster.held_to_gone(&sim.groups, g, p);
        if let Some(rec) = rec {
            rec.events.push(event);
        }
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Leave {
    Sentence,
    Pardon,
    Medical,
    Death,
}

/// `x / rest` clamped to a probability (0 when nothing is left).
fn ratio(x: f64, rest: f64) -> f64 {
    if rest <= 0.0 || x <= 0.0 {
        0.0
    } else {
        (x / rest).min(1.0)
    }
}

/// A binomial draw, exact in distribution (rand_distr's BTPE/inversion).
fn binomial(rng: &mut DetRng, n: u64, p: f64) -> u64 {
    if n == 0 || p <= 0.0 {
        0
    } else if p >= 1.0 {
        n
    } else if n == 1 {
        u64::from(rng.random::<f64>() < p)
    } else {
        Binomial::new(n, p).map_or(0, |b| b.sample(rng))
    }
}

/// A Poisson draw (0 for a zero rate).
fn poisson(rng: &mut DetRng, lambda: f64) -> u64 {
    if lambda.is_nan() || lambda <= 0.0 {
        return 0;
    }
    Poisson::new(lambda).map_or(0, |d| {
        let x: f64 = d.sample(rng);
        x as u64
    })
}
