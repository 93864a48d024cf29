//! Government-level packages: the best multilateral deal at a state.
//!
//! Real swaps are packages, not one-for-one cycles: several governments
//! release several people and pay each other in other currencies (a licence,
//! recognition, plain thanks). [`best_package`] chooses a set of candidate
//! concessions (each release of a prisoner in custody to the government that
//! wants them most, one step up of recognition between any two governments,
//! one form of relief per sanction) so that
//!
//! * every participant's payoff change is at least its reservation value
//!   (individual rationality, as the core rulebook checks it),
//! * at most `max_parties` governments take part (the rulebook's
//!   `max_parties`, unless the options say otherwise),
//! * under the `reciprocity` rule, every participant gives and receives,
//!
//! maximising the participants' total surplus or their Nash product
//! `Π (Δ_g − r_g)`. A government that releases someone for recognition
//! alone is one more package. The search is an exact depth-first branch and
//! bound over the candidates (bounds from the best each government could
//! still get); payoff changes of distinct concessions add up, and the final
//! deal is re-checked with the full rulebook on the exact payoff deltas.
//!
//! When no package is individually rational, the answer says which
//! governments' constraints bind: those whose constraint alone, if lifted,
//! would let a package through, with the best payoff change they could get.

// Per-government dense arrays read better as index loops.
#![allow(clippy::needless_range_loop)]

use crate::budget::{Budget, Meter};
use serde::{Deserialize, Serialize};

use crate::deal::{Concession, ConcessionKind, Deal, Staging, UndoLog};
use crate::model::{
    GovernmentId, Prisoner, PrisonerId, RecognitionLevel, ReliefKind, State, World,
};
use crate::rules::{Rule, Rulebook, Violation};

use super::demands::DemandPrune;
use super::prisoner_graph::destination;

/// What a package maximises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// The sum of the participants' payoff changes.
    #[default]
    Surplus,
    /// The product of the participants' gains over their reservations.
    NashProduct,
}

/// Limits and choices of [`best_package`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackageOptions {
    /// What to maximise.
    pub objective: Objective,
    /// The most governments in one package (default: the rulebook's
    /// `max_parties`, else 8).
    pub max_parties: Option<usize>,
    /// Candidate concessions kept (the most valuable to some government).
    pub max_candidates: usize,
    /// Search budget (nodes, wall time); the answer is returned unproven
    /// (`optimal: false`) when it runs out.
    pub budget: Budget,
}

impl Default for PackageOptions {
    /// Surplus, the rulebook's party cap, 24 candidates, 5 million nodes
    /// and 30 seconds.
    fn default() -> Self {
        Self {
            objective: Objective::Surplus,
            max_parties: None,
            max_candidates: 24,
            budget: Budget::unlimited()
                .with_nodes(5_000_000)
                .with_time(std::time::Duration::from_secs(30)),
        }
    }
}

/// A package found by [`best_package`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Package {
    /// The deal (staged at a venue when one government mediates between all parties).
    pub deal: Deal,
    /// The participants.
    pub parties: Vec<GovernmentId>,
    /// Every government's exact discounted payoff change (by government index).
    pub delta: Vec<f64>,
    /// The participants' total payoff change.
    pub surplus: f64,
    /// `Π (Δ_g − r_g)` over the participants.
    pub nash_product: f64,
    /// Whether the search finished (the package is then the best among the candidates).
    pub optimal: bool,
    /// Rules of the rulebook the package still breaks (empty when legal;
    /// the search enforces individual rationality, the party cap and
    /// reciprocity, not custom rules or staging rules).
    pub violations: Vec<Violation>,
}

/// A government whose individual-rationality constraint blocks every package.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Binding {
    /// The government.
    pub government: GovernmentId,
    /// The best payoff change it gets in a package that everyone else accepts.
    pub best_delta: f64,
    /// Its reservation value.
    pub reservation: f64,
}

/// The answer of [`best_package`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum PackageOutcome {
    /// The best individually rational package.
    Found(Package),
    /// No package is individually rational; these constraints bind.
    Infeasible {
        /// Governments whose constraint alone blocks a package (empty when
        /// no single government's is enough, or there is nothing to trade).
        binding: Vec<Binding>,
    },
}

impl PackageOutcome {
    /// The package, if one was found.
    pub fn package(&self) -> Option<&Package> {
        match self {
            PackageOutcome::Found(p) => Some(p),
            PackageOutcome::Infeasible { .. } => None,
        }
    }
}

struct Item {
    concession: Concession,
    u: Vec<f64>,
}

/// The best multilateral package at `state`.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use detente::mediator::{best_package, PackageOptions, PackageOutcome};
/// let (_, world, rules) = detente::scenario::load("examples/scenarios/three_way_swap.json")?;
/// let state = detente::model::State::initial(&world);
/// let found = best_package(&world, &state, &rules, &PackageOptions::default());
/// let p = found.package().expect("the three-way swap");
/// assert_eq!(p.parties.len(), 3);
/// assert_eq!(p.surplus, 18.0);
/// let bilateral = PackageOptions { max_parties: Some(2), ..PackageOptions::default() };
/// assert!(matches!(best_package(&world, &state, &rules, &bilateral), PackageOutcome::Infeasible { .. }));
/// # Ok(()) }
/// ```
///
/// # Complexity
/// Exponential in `max_candidates` in the worst case (a branch and bound);
/// `options.budget` caps the work.
pub fn best_package(
    world: &World,
    state: &State,
    rules: &Rulebook,
    options: &PackageOptions,
) -> PackageOutcome {
    solve(world, state, rules, options, true)
}

/// The best package, without the analysis of which constraints bind when
/// there is none (that analysis runs one more search per government).
pub(crate) fn find_package(
    world: &World,
    state: &State,
    rules: &Rulebook,
    options: &PackageOptions,
) -> Option<Package> {
    match solve(world, state, rules, options, false) {
        PackageOutcome::Found(p) => Some(p),
        PackageOutcome::Infeasible { .. } => None,
    }
}

fn solve(
    world: &World,
    state: &State,
    rules: &Rulebook,
    options: &PackageOptions,
    explain: bool,
) -> PackageOutcome {
    let items = candidates(world, state, rules, options.max_candidates);
    let n_gov = world.governments().len();
    let cap = options.max_parties.unwrap_or_else(|| {
        rules
            .rules()
            .iter()
            .find_map(|r| match r {
                Rule::MaxParties { max } => Some(*max),
                _ => None,
            })
            .unwrap_or(8)
    });
    let reciprocity = rules.rules().contains(&Rule::Reciprocity);
    let reservation: Vec<f64> = world.governments().iter().map(|g| g.reservation).collect();
    let mut search = Search::new(&items, n_gov, cap, reciprocity, reservation, options);
    search.demands = DemandPrune::new(world, state, items.iter().map(|i| &i.concession));
    search.run(options.objective, None);
    if let Some(chosen) = search.best.clone() {
        return PackageOutcome::Found(finish(
            world,
            state,
            rules,
            &items,
            &chosen,
            !search.stopped,
        ));
    }
    let mut binding = Vec::new();
    for g in (0..n_gov).filter(|_| explain) {
        search.run(Objective::Surplus, Some(g));
        if let Some(chosen) = &search.best {
            let delta: f64 = chosen.iter().map(|&i| items[i].u[g]).sum();
            binding.push(Binding {
                government: GovernmentId::new(g),
                best_delta: delta,
                reservation: world.governments()[g].reservation,
            });
        }
    }
    PackageOutcome::Infeasible { binding }
}

/// The mediator's move: the best legal multilateral package at `state`, as
/// a deal ready for [`crate::table::Table::play`], or `None` when there is
/// none. Negotiation and search engines call this to offer every party a
/// package no bilateral protocol would find.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let (_, world, rules) = detente::scenario::load("examples/scenarios/three_way_swap.json")?;
/// let mut table = detente::table::Table::new(&world, &rules);
/// let deal = detente::mediator::mediator_package(&world, table.state(), &rules, &Default::default())
///     .expect("a package");
/// assert!(table.play(&deal).is_ok());
/// # Ok(()) }
/// ```
pub fn mediator_package(
    world: &World,
    state: &State,
    rules: &Rulebook,
    options: &PackageOptions,
) -> Option<Deal> {
    find_package(world, state, rules, options)
        .filter(|p| p.violations.is_empty())
        .map(|p| p.deal)
}

fn candidates(world: &World, state: &State, rules: &Rulebook, keep: usize) -> Vec<Item> {
    let n = world.governments().len();
    let vals = world.valuations();
    // Each concession, and for a pool member released like an earlier one
    // (see `alike`), the index of that earlier one in `out`.
    let mut out: Vec<(Concession, Option<usize>)> = Vec::new();
    // Per pool: the first member considered, where its release is in `out`
    // (None: nobody can be paid for it), and how many members copied it.
    let mut reps: Vec<(u32, PrisonerId, Option<usize>, usize)> = Vec::new();
    for p in state.held() {
        let pr = &world.prisoners()[p.index()];
        if !crate::deal::tradable(world, state, p) {
            continue;
        }
        let rep = pr.pool.and_then(|k| {
            reps.iter_mut()
                .find(|r| r.0 == k && alike(world, &world.prisoners()[r.1.index()], pr))
        });
        if let Some((_, _, at, copies)) = rep {
            // At most `keep` equal candidates survive the cut below, so
            // later copies are skipped: the kept candidates are the same.
            if let Some(i) = *at
                && *copies < keep
            {
                *copies += 1;
                let mut c = out[i].0;
                if let ConcessionKind::Release { prisoner, .. } = &mut c.kind {
                    *prisoner = p;
                }
                out.push((c, Some(i)));
            }
            continue;
        }
        let holder = pr.holder();
        let best = (0..n)
            .map(GovernmentId::new)
            .filter(|&g| g != holder && !world.governments()[g.index()].is_bloc())
            .map(|g| (vals.prisoner(g, p), g))
            .filter(|&(v, _)| v > 0.0)
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        let at = best.and_then(|(_, to)| {
            let dest = destination(world, rules, pr, to)?;
            out.push((
                Concession {
                    from: holder,
                    to,
                    kind: ConcessionKind::release(p, dest),
                },
                None,
            ));
            Some(out.len() - 1)
        });
        if let Some(k) = pr.pool {
            reps.push((k, p, at, 1));
        }
    }
    for s in world.sanctions() {
        if state.relief(s.id).level >= 1.0 {
            continue;
        }
        let kind = [ReliefKind::Licence, ReliefKind::Suspend, ReliefKind::Delist]
            .into_iter()
            .find(|&k| s.relief_option(k).is_some());
        let kind = match kind {
            Some(ReliefKind::Licence) => ConcessionKind::Licence { sanction: s.id },
            Some(ReliefKind::Suspend) => ConcessionKind::Suspend {
                sanction: s.id,
                rounds: 6,
            },
            Some(ReliefKind::Delist) => ConcessionKind::Delist { sanction: s.id },
            _ => continue,
        };
        out.push((
            Concession {
                from: s.imposer,
                to: s.target,
                kind,
            },
            None,
        ));
    }
    for g in world.governments() {
        for h in world.governments() {
            if g.id == h.id {
                continue;
            }
            let next = state.recognition(g.id, h.id).value() + 1;
            if next > RecognitionLevel::Embassy.value() {
                continue;
            }
            let level = [
                RecognitionLevel::Call,
                RecognitionLevel::EnvoyVisit,
                RecognitionLevel::Embassy,
            ][usize::from(next) - 1];
            out.push((
                Concession {
                    from: g.id,
                    to: h.id,
                    kind: ConcessionKind::Recognition { level },
                },
                None,
            ));
        }
    }
    for f in world.favours() {
        if !state.favour_given(f.id) {
            let kind = ConcessionKind::Favour { favour: f.id };
            out.push((
                Concession {
                    from: f.from,
                    to: f.to,
                    kind,
                },
                None,
            ));
        }
    }
    let mut scratch = state.clone();
    let mut log = UndoLog::new();
    let mut u = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    // Where each entry of `out` went in `items` (None: it gains nobody anything).
    let mut item_of: Vec<Option<usize>> = Vec::with_capacity(out.len());
    for (c, copy_of) in out {
        let u = match copy_of {
            Some(i) => item_of[i].map(|j| items[j].u.clone()),
            None => {
                let deal = Deal {
                    concessions: vec![c],
                    staging: Staging::Simultaneous,
                };
                crate::payoff::delta(world, &mut scratch, &deal, &mut log, &mut u);
                u.iter().any(|&x| x > 0.0).then(|| u.clone())
            }
        };
        item_of.push(u.map(|u| {
            items.push(Item { concession: c, u });
            items.len() - 1
        }));
    }
    // Keep the candidates most valuable to someone (stable: ties keep the order above).
    items.sort_by(|a, b| max_gain(b).total_cmp(&max_gain(a)));
    items.truncate(keep);
    // Search order: largest total first, so good packages come early.
    items.sort_by(|a, b| b.u.iter().sum::<f64>().total_cmp(&a.u.iter().sum::<f64>()));
    items
}

/// Whether releasing `a` and `b` is worth the same to everyone, goes to
/// the same place and is refused or allowed by the same rules: what a
/// candidate release of one tells about the other.
fn alike(world: &World, a: &Prisoner, b: &Prisoner) -> bool {
    let rows = &world.valuations().prisoners;
    a.holder() == b.holder()
        && a.custodian == b.custodian
        && a.citizenships == b.citizenships
        && a.accepts_exile == b.accepts_exile
        && a.release_to == b.release_to
        && a.tags == b.tags
        && a.citizenship_codes == b.citizenship_codes
        && a.family.is_none()
        && b.family.is_none()
        && rows.row(a.id.index()) == rows.row(b.id.index())
}

fn max_gain(i: &Item) -> f64 {
    i.u.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b))
}

fn finish(
    world: &World,
    state: &State,
    rules: &Rulebook,
    items: &[Item],
    chosen: &[usize],
    optimal: bool,
) -> Package {
    let mut deal = Deal::new();
    for &i in chosen {
        deal.concessions.push(items[i].concession);
    }
    let parties = deal.parties();
    if let Some(v) = world
        .governments()
        .iter()
        .find(|g| !parties.contains(&g.id) && parties.iter().all(|p| g.mediates.contains(p)))
    {
        deal = deal.staged(Staging::AtVenue { venue: v.id });
    }
    let mut scratch = state.clone();
    let mut log = UndoLog::new();
    let mut delta = Vec::new();
    let violations = match rules.check(world, &mut scratch, &deal, &mut log, &mut delta) {
        Ok(()) => Vec::new(),
        Err(rejected) => rejected.violations,
    };
    if delta.is_empty() {
        crate::payoff::delta(world, &mut scratch, &deal, &mut log, &mut delta);
    }
    let surplus = parties.iter().map(|g| delta[g.index()]).sum();
    let nash_product = parties
        .iter()
        .map(|g| delta[g.index()] - world.governments()[g.index()].reservation)
        .product();
    Package {
        deal,
        parties,
        delta,
        surplus,
        nash_product,
        optimal,
        violations,
    }
}

struct Search<'a> {
    items: &'a [Item],
    n_gov: usize,
    cap: usize,
    reciprocity: bool,
    reservation: Vec<f64>,
    /// `suffix[i * n_gov + g]`: what `g` could still gain from items `i..`.
    suffix: Vec<f64>,
    budget: Budget,
    meter: Meter,
    delta: Vec<f64>,
    party: Vec<u32>,
    gives: Vec<u32>,
    gets: Vec<u32>,
    parties: usize,
    chosen: Vec<usize>,
    best: Option<Vec<usize>>,
    best_value: f64,
    stopped: bool,
    objective: Objective,
    relaxed: Option<usize>,
    /// Must-haves and together-groups, checked at every node.
    demands: DemandPrune,
}

impl<'a> Search<'a> {
    fn new(
        items: &'a [Item],
        n_gov: usize,
        cap: usize,
        reciprocity: bool,
        reservation: Vec<f64>,
        o: &PackageOptions,
    ) -> Self {
        let n = items.len();
        let mut suffix = vec![0.0; (n + 1) * n_gov];
        for i in (0..n).rev() {
            for g in 0..n_gov {
                suffix[i * n_gov + g] = suffix[(i + 1) * n_gov + g] + items[i].u[g].max(0.0);
            }
        }
        Self {
            items,
            n_gov,
            cap,
            reciprocity,
            reservation,
            suffix,
            budget: o.budget,
            meter: Meter::new(o.budget),
            delta: vec![0.0; n_gov],
            party: vec![0; n_gov],
            gives: vec![0; n_gov],
            gets: vec![0; n_gov],
            parties: 0,
            chosen: Vec::new(),
            best: None,
            best_value: f64::NEG_INFINITY,
            stopped: false,
            objective: Objective::Surplus,
            relaxed: None,
            demands: DemandPrune::default(),
        }
    }

    fn run(&mut self, objective: Objective, relaxed: Option<usize>) {
        self.objective = objective;
        self.relaxed = relaxed;
        self.best = None;
        self.best_value = f64::NEG_INFINITY;
        self.meter = Meter::new(self.budget);
        self.stopped = false;
        self.rec(0);
    }

    fn eps(&self) -> f64 {
        1e-9
    }

    fn bound(&self, i: usize) -> f64 {
        let rest = &self.suffix[i * self.n_gov..(i + 1) * self.n_gov];
        match self.objective {
            Objective::Surplus => (0..self.n_gov)
                .map(|g| {
                    let top = self.delta[g] + rest[g];
                    if self.party[g] > 0 { top } else { top.max(0.0) }
                })
                .sum(),
            Objective::NashProduct => (0..self.n_gov)
                .map(|g| {
                    let top = self.delta[g] + rest[g] - self.reservation[g];
                    if self.party[g] > 0 {
                        top.max(0.0)
                    } else {
                        top.max(1.0)
                    }
                })
                .product(),
        }
    }

    fn rec(&mut self, i: usize) {
        if !self.meter.tick() {
            self.stopped = true;
            return;
        }
        let rest = &self.suffix[i * self.n_gov..(i + 1) * self.n_gov];
        for g in 0..self.n_gov {
            if self.party[g] > 0
                && Some(g) != self.relaxed
                && self.delta[g] + rest[g] < self.reservation[g] - self.eps()
            {
                return;
            }
        }
        if self.best.is_some() && self.bound(i) <= self.best_value + self.eps() {
            return;
        }
        if self.demands.dead(i, &self.chosen, &self.party) {
            return;
        }
        if i == self.items.len() {
            self.leaf();
            return;
        }
        let c = self.items[i].concession;
        let joins = usize::from(self.party[c.from.index()] == 0)
            + usize::from(self.party[c.to.index()] == 0 && c.to != c.from);
        if self.parties + joins <= self.cap {
            self.apply(i, true);
            self.chosen.push(i);
            self.rec(i + 1);
            self.chosen.pop();
            self.apply(i, false);
        }
        self.rec(i + 1);
    }

    fn apply(&mut self, i: usize, on: bool) {
        let item = &self.items[i];
        let s = if on { 1.0 } else { -1.0 };
        for g in 0..self.n_gov {
            self.delta[g] += s * item.u[g];
        }
        let c = item.concession;
        for (g, gives) in [(c.from.index(), true), (c.to.index(), false)] {
            if on {
                if self.party[g] == 0 {
                    self.parties += 1;
                }
                self.party[g] += 1;
            } else {
                self.party[g] -= 1;
                if self.party[g] == 0 {
                    self.parties -= 1;
                }
            }
            let count = if gives {
                &mut self.gives[g]
            } else {
                &mut self.gets[g]
            };
            if on {
                *count += 1;
            } else {
                *count -= 1;
            }
        }
    }

    fn leaf(&mut self) {
        if self.parties == 0 {
            return;
        }
        let mut value = match self.objective {
            Objective::Surplus => 0.0,
            Objective::NashProduct => 1.0,
        };
        for g in 0..self.n_gov {
            if self.party[g] == 0 {
                continue;
            }
            if Some(g) != self.relaxed && self.delta[g] < self.reservation[g] - self.eps() {
                return;
            }
            if self.reciprocity && (self.gives[g] == 0 || self.gets[g] == 0) {
                return;
            }
            match self.objective {
                Objective::Surplus => value += self.delta[g],
                Objective::NashProduct => value *= self.delta[g] - self.reservation[g],
            }
        }
        if self.best.is_none() || value > self.best_value + self.eps() {
            self.best_value = value;
            self.best = Some(self.chosen.clone());
        }
    }
}
