//! One run, round by round: talks between every pair with something to
//! trade, then the events of the round, drawn from the run's generator.
//!
//! A [`Runner`] owns every buffer a run needs and reuses them from run to
//! run: the state is reset from the simulation's initial state by copy,
//! utility tables are refreshed in place, and nothing is allocated per
//! round unless a trajectory is recorded.

use rand::Rng;

use super::pairs::PairScratch;
use super::roster::Roster;
use super::session::Clock;
use super::simulation::{Simulation, reset_state};
use super::trajectory::{RoundRecord, Trajectory};
use crate::analysis::irrational;
use crate::deal::{ConcessionKind, Deal, UndoLog};
use crate::model::{GovernmentId, PrisonerId, PrisonerStatus, State};
use crate::negotiate::{LinearAdditive, Sao, Strategy};
use crate::payoff;
use crate::rng::DetRng;
use crate::rules::Violation;
use serde::{Deserialize, Serialize};

mod books;
mod events;
mod execute;
mod mediate;
mod talks;

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
    /// Dependants who left with their families, all causes (see
    /// [`Family`](crate::model::Family) for when a unit leaves).
    #[serde(default)]
    pub dependants_freed: u32,
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
    /// Agreements refused per rule, indexed like
    /// [`Rulebook::violation_rules`](crate::rules::Rulebook::violation_rules)
    /// of the simulation's rulebook (a deal counts once per rule it breaks).
    #[serde(default)]
    pub refused_by_rule: Vec<u32>,
    /// Agreements refused that leave each government below its
    /// reservation value, by id.
    #[serde(default)]
    pub refused_not_rational: Vec<u32>,
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
    /// The kinds of concession the demander gave (what was carried out,
    /// after any defection).
    #[serde(default)]
    pub given: crate::deal::GivenSet,
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
                refused_by_rule: vec![0; sim.rule_names.len()],
                refused_not_rational: vec![0; n_gov],
                stock: vec![0; rounds as usize + 1],
                freed_by_deal_per_round: vec![0; rounds as usize],
                arrested_per_round: vec![0; rounds as usize],
                ..RunSummary::default()
            },
        }
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
            p.release.cursor = 0;
            p.swap.cursor = 0;
            p.trust = sim.dynamics.defection.initial_trust;
            p.standing = 0.0;
            p.cap = sim.ladder_cap(0.0);
            p.episode_start = 0;
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
            for i in 0..sim.pairs.len() {
                let clock = match &sim.dynamics.negotiation.episodes {
                    None => Clock {
                        offset: r as usize * steps,
                        total: self.rounds as usize * steps,
                    },
                    Some(e) => {
                        // An episode that ran out without a deal gives way
                        // to a fresh one.
                        let p = &mut self.pairs[i];
                        if r >= p.episode_start.saturating_add(e.rounds) {
                            p.episode_start = r;
                        }
                        Clock {
                            offset: (r - p.episode_start) as usize * steps,
                            total: e.rounds as usize * steps,
                        }
                    }
                };
                self.talk(i, r, clock, &mut rng, rec.as_mut());
            }
            self.gestures(r, &mut rng, rec.as_mut());
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
        // Nobody starts released, so every unit that has left did so in
        // this run.
        s.dependants_freed = sim
            .world
            .families()
            .iter()
            .filter(|f| f.has_left(&self.state))
            .map(|f| f.dependants.len() as u32)
            .sum();
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
        s.dependants_freed = 0;
        s.refused_exile = 0;
        s.first_deal_round = None;
        s.deals = 0;
        s.packages = 0;
        s.freed_by_package = 0;
        s.package_rounds.clear();
        s.rejected = 0;
        s.refused_by_rule.fill(0);
        s.refused_not_rational.fill(0);
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
}

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

/// Counts an agreement the rulebook refused with `violations`: once per
/// rule it breaks and once per government whose individual rationality
/// fails. Allocates nothing (violations of one deal are few, so repeats
/// are found by looking back).
fn count_refusal(sim: &Simulation, s: &mut RunSummary, violations: &[Violation]) {
    s.rejected += 1;
    for (i, v) in violations.iter().enumerate() {
        let earlier = &violations[..i];
        if earlier.iter().all(|u| u.rule != v.rule)
            && let Some(k) = sim.rule_names.iter().position(|n| *n == v.rule)
        {
            s.refused_by_rule[k] += 1;
        }
        if let Some(g) = irrational(v)
            && earlier.iter().all(|u| irrational(u) != Some(g))
            && let Some(x) = s.refused_not_rational.get_mut(g.index())
        {
            *x += 1;
        }
    }
}

/// `buf` zeroed and taken out (returned to its owner by the caller).
fn vec_zero(buf: &mut Vec<f64>) -> Vec<f64> {
    let mut v = std::mem::take(buf);
    v.fill(0.0);
    v
}
