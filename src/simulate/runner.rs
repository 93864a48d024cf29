//! One run, round by round: talks between every pair with something to
//! trade, then the events of the round, drawn from the run's generator.
//!
//! A [`Runner`] owns every buffer a run needs and reuses them from run to
//! run: the state is reset from the simulation's initial state by copy,
//! utility tables are refreshed in place, and nothing is allocated per
//! round unless a trajectory is recorded.

use rand::Rng;
use rand_distr::{Binomial, Distribution, Poisson};

use super::pairs::PairScratch;
use super::roster::Roster;
use super::session::{Clock, session};
use super::simulation::{PairStaging, Simulation, reset_state};
use super::trajectory::{DealRecord, Event, ReleaseCause, RoundRecord, Trajectory};
use crate::deal::{ConcessionKind, Deal, Staging, UndoLog};
use crate::model::{GovernmentId, PrisonerId, PrisonerStatus, SanctionId, State};
use crate::negotiate::{LinearAdditive, Outcome, Sao, Strategy, Utility};
use crate::payoff;
use crate::rng::DetRng;
use serde::{Deserialize, Serialize};

mod mediate;

/// What one run did, in numbers (the experiment aggregates these).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    /// Rounds simulated.
    pub rounds: u32,
    /// Prisoners in custody at the start.
    pub initial_held: u32,
    /// Freed in deals.
    pub freed_by_deal: u32,
    /// Freed at the end of their sentence.
    pub freed_by_sentence: u32,
    /// Pardoned without a deal.
    pub pardoned: u32,
    /// Freed on medical grounds.
    pub medical: u32,
    /// Died in custody.
    pub deceased: u32,
    /// Newly arrested.
    pub arrested: u32,
    /// In custody at the end.
    pub held_at_end: u32,
    /// Releases agreed in deals that failed because the prisoner refused exile.
    pub refused_exile: u32,
    /// Round of the first deal carried out, if any.
    pub first_deal_round: Option<u32>,
    /// Deals carried out (in full or in part), the mediator's packages
    /// included.
    pub deals: u32,
    /// Multilateral packages the mediator carried out (counted in `deals`).
    pub packages: u32,
    /// Freed in the mediator's packages (counted in `freed_by_deal`).
    pub freed_by_package: u32,
    /// Round of each package carried out.
    pub package_rounds: Vec<u32>,
    /// Agreements the rulebook refused.
    pub rejected: u32,
    /// Defections from sequential deals.
    pub defections: u32,
    /// Sanctions reimposed after a defection or an escalation.
    pub snapbacks: u32,
    /// Escalations after arrest spikes.
    pub escalations: u32,
    /// Changes of government.
    pub government_changes: u32,
    /// Suspensions that lapsed.
    pub lapsed: u32,
    /// Suspensions renewed.
    pub renewed: u32,
    /// Each government's discounted payoff over the run.
    pub payoff: Vec<f64>,
    /// Relief level of each sanction at the end.
    pub relief_end: Vec<f64>,
    /// Sum over rounds of each sanction's relief level (rounds of full relief).
    pub relief_rounds: Vec<f64>,
    /// Whether each sanction was relieved in some deal.
    pub relief_granted: Vec<bool>,
    /// Prisoners in custody at the start (index 0) and after each round.
    pub stock: Vec<u32>,
    /// Prisoners freed in deals, per round.
    pub freed_by_deal_per_round: Vec<u32>,
    /// New arrests, per round.
    pub arrested_per_round: Vec<u32>,
    /// The deals carried out.
    pub deal_log: Vec<DealNote>,
}

impl RunSummary {
    /// Prisoners freed, all causes.
    pub fn freed(&self) -> u32 {
        self.freed_by_deal + self.freed_by_sentence + self.pardoned + self.medical
    }
}

/// A deal carried out, in brief.
#[derive(Copy, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DealNote {
    /// Index of the pair in [`Simulation::pairs`].
    pub pair: u32,
    /// The agreed outcome in the pair's outcome space.
    pub outcome: u64,
    /// Round.
    pub round: u32,
    /// Prisoners freed.
    pub released: u32,
    /// Whether a party defected.
    pub defected: bool,
    /// Discounted payoff change to the demander.
    pub delta_demander: f64,
    /// Discounted payoff change to the holder.
    pub delta_holder: f64,
}

/// Runs simulations of one [`Simulation`] with reusable buffers.
pub struct Runner<'s> {
    sim: &'s Simulation,
    rounds: u32,
    state: State,
    roster: Roster,
    log: UndoLog,
    delta: Vec<f64>,
    flow: Vec<f64>,
    deal: Deal,
    partial: Deal,
    sao: Sao,
    tables: Vec<[LinearAdditive; 2]>,
    pairs: Vec<PairScratch>,
    strategies: Vec<[Box<dyn Strategy>; 2]>,
    scale: Vec<f64>,
    price: Vec<(f64, f64)>,
    disc: Vec<f64>,
    levels: Vec<f64>,
    arrests: Vec<u32>,
    summary: RunSummary,
}

impl<'s> Runner<'s> {
    /// A runner for `rounds` rounds of `sim`.
    pub fn new(sim: &'s Simulation, rounds: u32) -> Self {
        let w = &sim.world;
        let n_gov = w.governments().len();
        let n_s = w.sanctions().len();
        let mut disc = Vec::with_capacity(n_gov * rounds as usize);
        for g in 0..n_gov {
            for r in 0..rounds {
                disc.push(payoff::discount(w, GovernmentId::new(g), r));
            }
        }
        let steps = sim.dynamics.negotiation.steps_per_round.max(1) as usize;
        Runner {
            sim,
            rounds,
            state: sim.initial.clone(),
            roster: sim.roster.clone(),
            log: UndoLog::new(),
            delta: Vec::with_capacity(n_gov),
            flow: vec![0.0; n_gov],
            deal: Deal::new(),
            partial: Deal::new(),
            sao: Sao::new(steps),
            tables: sim.pairs.iter().map(|p| p.tables()).collect(),
            pairs: vec![PairScratch::default(); sim.pairs.len()],
            strategies: Vec::with_capacity(sim.pairs.len()),
            scale: vec![1.0; n_gov],
            price: vec![(0.0, 0.0); n_gov],
            disc,
            levels: vec![0.0; n_s],
            arrests: vec![0; n_gov],
            summary: RunSummary {
                payoff: vec![0.0; n_gov],
                relief_end: vec![0.0; n_s],
                relief_rounds: vec![0.0; n_s],
                relief_granted: vec![false; n_s],
                stock: vec![0; rounds as usize + 1],
                freed_by_deal_per_round: vec![0; rounds as usize],
                arrested_per_round: vec![0; rounds as usize],
                ..RunSummary::default()
            },
        }
    }

    /// Rounds per run.
    pub fn rounds(&self) -> u32 {
        self.rounds
    }

    /// The state at the end of the last run.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Runs once with the generator `rng`, recording a trajectory when one
    /// is given. The summary stays valid until the next run.
    pub fn run(&mut self, mut rng: DetRng, mut trajectory: Option<&mut Trajectory>) -> &RunSummary {
        let sim = self.sim;
        let w = &sim.world;
        reset_state(&mut self.state, &sim.initial);
        self.roster.reset_from(&sim.roster);
        self.log.clear();
        self.reset_summary();
        self.scale.fill(1.0);
        self.price.fill((0.0, 0.0));
        for p in &mut self.pairs {
            p.cursor = 0;
            p.trust = sim.dynamics.defection.initial_trust;
        }
        // Fresh strategies per run, so run i does not depend on the runs
        // before it in the same thread.
        self.strategies.clear();
        for p in &sim.pairs {
            let sd = rng.random::<u64>();
            let sh = rng.random::<u64>();
            self.strategies.push([
                (sim.strategies[p.demander.index()])(sd),
                (sim.strategies[p.holder.index()])(sh),
            ]);
        }
        if let Some(t) = trajectory.as_deref_mut() {
            t.initial_held = sim.initial_held;
            t.rounds.clear();
        }
        let steps = sim.dynamics.negotiation.steps_per_round.max(1) as usize;
        let can_arrest = sim.holders.iter().any(|h| h.arrest_rate > 0.0);
        let mut last = self.rounds;
        for r in 0..self.rounds {
            self.state.round = r;
            self.log.clear();
            let mut rec = trajectory.as_ref().map(|_| RoundRecord {
                round: r,
                talks: Vec::new(),
                deals: Vec::new(),
                packages: Vec::new(),
                events: Vec::new(),
                held: 0,
                released: 0,
                deceased: 0,
                arrested: 0,
                relief: Vec::new(),
                payoff: Vec::new(),
                trust: Vec::new(),
            });
            let clock = Clock {
                offset: r as usize * steps,
                total: self.rounds as usize * steps,
            };
            for i in 0..sim.pairs.len() {
                self.talk(i, r, clock, &mut rng, rec.as_mut());
            }
            if let Some(mediator) = &sim.dynamics.mediator {
                self.mediate(mediator, r, &mut rng, rec.as_mut());
            }
            self.events(r, &mut rng, rec.as_mut());
            self.flow.fill(0.0);
            payoff::flow(w, &self.state, &mut self.flow);
            for (g, f) in self.flow.iter().enumerate() {
                self.summary.payoff[g] += f * self.disc[g * self.rounds as usize + r as usize];
            }
            for (s, x) in self.summary.relief_rounds.iter_mut().enumerate() {
                *x += self.state.relief[s].level;
            }
            let held = self.state.counts.held;
            self.summary.stock[r as usize + 1] = held;
            if let (Some(t), Some(mut rec)) = (trajectory.as_deref_mut(), rec) {
                let c = self.state.counts;
                rec.held = c.held;
                rec.released = c.released;
                rec.deceased = c.deceased;
                rec.arrested = self.summary.arrested;
                rec.relief = self.state.relief.iter().map(|x| x.level).collect();
                rec.payoff = self.summary.payoff.clone();
                rec.trust = self.pairs.iter().map(|p| p.trust).collect();
                t.rounds.push(rec);
            }
            if held == 0 && !can_arrest {
                // Nothing left to trade and nobody left to take.
                last = r + 1;
                break;
            }
        }
        for r in last..self.rounds {
            self.summary.stock[r as usize + 1] = self.summary.stock[last as usize];
        }
        let c = self.state.counts;
        let s = &mut self.summary;
        s.rounds = last;
        s.held_at_end = c.held;
        for (x, r) in s.relief_end.iter_mut().zip(&self.state.relief) {
            *x = r.level;
        }
        debug_assert_eq!(
            c.held + c.released + c.deceased,
            sim.initial_held + s.arrested
        );
        &self.summary
    }

    fn reset_summary(&mut self) {
        let s = &mut self.summary;
        s.rounds = 0;
        s.initial_held = self.sim.initial_held;
        s.freed_by_deal = 0;
        s.freed_by_sentence = 0;
        s.pardoned = 0;
        s.medical = 0;
        s.deceased = 0;
        s.arrested = 0;
        s.held_at_end = 0;
        s.refused_exile = 0;
        s.first_deal_round = None;
        s.deals = 0;
        s.packages = 0;
        s.freed_by_package = 0;
        s.package_rounds.clear();
        s.rejected = 0;
        s.defections = 0;
        s.snapbacks = 0;
        s.escalations = 0;
        s.government_changes = 0;
        s.lapsed = 0;
        s.renewed = 0;
        s.payoff.fill(0.0);
        s.relief_end.fill(0.0);
        s.relief_rounds.fill(0.0);
        s.relief_granted.fill(false);
        s.stock.fill(0);
        s.stock[0] = self.sim.initial_held;
        s.freed_by_deal_per_round.fill(0);
        s.arrested_per_round.fill(0);
        s.deal_log.clear();
    }

    /// Discount factor of government `g` in round `r`.
    #[inline]
    fn disc(&self, g: usize, r: u32) -> f64 {
        self.disc[g * self.rounds as usize + r as usize]
    }

    /// One session of talks for pair `i`, and the deal if one is agreed.
    fn talk(
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
        let holder_first = r % 2 == 1;
        let result = if holder_first {
            let us: [&dyn Utility; 2] = [th, td];
            session(
                &mut self.sao,
                pair.space(),
                &us,
                [&mut **sh, &mut **sd],
                clock,
                neg.public_utilities,
            )
        } else {
            let us: [&dyn Utility; 2] = [td, th];
            session(
                &mut self.sao,
                pair.space(),
                &us,
                [&mut **sd, &mut **sh],
                clock,
                neg.public_utilities,
            )
        };
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

    /// Checks the agreed deal against the rulebook and carries it out.
    fn execute(
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
            self.summary.rejected += 1;
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
        if released > 0 {
            let got = if defector == Some(pair.demander) {
                0.0
            } else {
                gain
            };
            self.price[h].0 += got;
            self.price[h].1 += f64::from(released);
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
    fn snap(&mut self, s: SanctionId, r: u32, out: &mut [f64]) -> bool {
        let old = self.state.relief[s.index()].level;
        if !self.state.snapback(s, &mut self.log) {
            return false;
        }
        for &(g, v) in self.sim.world.valuations().sanctions.row(s.index()) {
            out[g.index()] -= old * v * self.disc(g.index(), r);
        }
        self.summary.snapbacks += 1;
        true
    }

    /// The events of round `r`, in a fixed order: suspensions lapse or are
    /// renewed; sentences end, pardons, health crises; arrests; escalation
    /// after a spike; changes of government.
    fn events(&mut self, r: u32, rng: &mut DetRng, mut rec: Option<&mut RoundRecord>) {
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
                    for &(g, v) in w.valuations().sanctions.row(s) {
                        self.summary.payoff[g.index()] += dl * v * self.disc(g.index(), r);
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
            for &(gv, v) in w.valuations().prisoners.row(sim.value_row[p] as usize) {
                self.summary.payoff[gv.index()] += v * self.disc(gv.index(), r);
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
/// Books what `executed` did: prisoners it freed leave the roster (and are
/// listed in `ids` when given), sanctions it relieved are marked granted.
/// Returns the number freed.
fn account(
    sim: &Simulation,
    state: &State,
    roster: &mut Roster,
    relief_granted: &mut [bool],
    executed: &Deal,
    mut ids: Option<&mut Vec<PrisonerId>>,
) -> u32 {
    let mut released = 0;
    for c in &executed.concessions {
        match c.kind {
            ConcessionKind::Release { prisoner, .. } => {
                let p = prisoner.index();
                if state.status[p] == PrisonerStatus::Released {
                    roster.held_to_gone(&sim.groups, sim.group_of[p] as usize, p);
                    released += 1;
                    if let Some(ids) = ids.as_deref_mut() {
                        ids.push(prisoner);
                    }
                }
            }
            kind => {
                if let (Some(s), Some(_)) = (kind.sanction(), kind.relief_kind()) {
                    relief_granted[s.index()] = true;
                }
            }
        }
    }
    released
}

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

/// `buf` zeroed and taken out (returned to its owner by the caller).
fn vec_zero(buf: &mut Vec<f64>) -> Vec<f64> {
    let mut v = std::mem::take(buf);
    v.fill(0.0);
    v
}
