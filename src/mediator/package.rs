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
use super::diagnose::NoPackage;
use super::prisoner_graph::destination;
use super::query::{PackageQuery, best_packages};

/// What a package maximises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// The sum of the participants' payoff changes.
    #[default]
    Surplus,
    /// The product of the participants' gains over their reservations,
    /// `Π (Δ_g − r_g)`. For a fixed set of parties the choice does not
    /// depend on any government's unit of value, but between packages with
    /// different parties it does: scaling every value up favours more
    /// parties, scaling down fewer. Kept because scenario files ask for it
    /// and it is the textbook bargaining solution once the parties are set;
    /// prefer [`Objective::NormalisedSum`] or
    /// [`Objective::NormalisedProduct`] when the parties are open.
    NashProduct,
    /// The sum of the participants' normalised gains
    /// `Σ (Δ_g − r_g) / B_g` (see [`Objective::NormalisedProduct`] for
    /// `B_g`): the relative utilitarian choice. It does not depend on any
    /// government's unit of value; every willing party adds a gain in
    /// `[0, 1]`, so it leans towards packages with more parties.
    NormalisedSum,
    /// The product of the participants' normalised gains
    /// `Π (Δ_g − r_g) / B_g`.
    ///
    /// The disagreement point is the reservation value `r_g`: no deal
    /// leaves every payoff unchanged, and a government accepts a package
    /// only if its payoff change `Δ_g` is at least `r_g`, so gains count
    /// from there (as in [`Objective::NashProduct`]). `B_g` is the best
    /// gain `g` could attain from the candidate concessions, every
    /// concession it gains from granted and none it loses from:
    /// `B_g = Σ_c max(u_c,g, 0) − r_g` over the candidate concessions `c`
    /// weighed before the `max_candidates` cut (`u_c,g`: `g`'s payoff change
    /// from `c` alone). It is the utopia point of the Kalai–Smorodinsky
    /// solution. A government with `B_g ≤ 0` can gain nothing and scores 0.
    ///
    /// Multiplying all of one government's values (valuations, reservation,
    /// audience cost) by a positive factor multiplies its `Δ_g − r_g` and its
    /// `B_g` alike, so the chosen package does not change; under these
    /// objectives a release goes to the government that values the prisoner
    /// most relative to the prisoner it values most, and the candidates are
    /// ranked by normalised gains, so the candidate list does not change
    /// either. Each normalised gain is at most 1, so the product leans
    /// towards packages with fewer parties (each extra party multiplies by
    /// a factor of at most 1); the sum leans the other way.
    NormalisedProduct,
}

impl Objective {
    /// Whether the objective compares normalised gains (the choice then
    /// does not depend on any government's unit of value).
    pub fn is_normalised(self) -> bool {
        matches!(
            self,
            Objective::NormalisedSum | Objective::NormalisedProduct
        )
    }
}

/// Limits and choices of [`best_package`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackageOptions {
    /// What to maximise.
    pub objective: Objective,
    /// The most governments in one package (default: the rulebook's
    /// `max_parties`, else 8).
    pub max_parties: Option<usize>,
    /// Candidate concessions kept (the most valuable to some government),
    /// or `None` to weigh every candidate. What the cap cuts is reported
    /// ([`crate::mediator::CandidateReport`], [`Package::truncated`]).
    pub max_candidates: Option<usize>,
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
            max_candidates: Some(24),
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
    /// The value of the objective the search maximised
    /// ([`PackageOptions::objective`]), from the candidates' payoff changes.
    pub objective_value: f64,
    /// Whether the search finished (the package is then the best among the candidates).
    pub optimal: bool,
    /// Whether `max_candidates` cut candidate concessions, so that the
    /// package is the best among the kept ones only (which were cut and
    /// why: [`crate::mediator::best_packages`]'s report).
    pub truncated: bool,
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
    /// No package is individually rational: which constraints bind, and
    /// how many candidate packages fail which rule.
    Infeasible(Box<NoPackage>),
}

impl PackageOutcome {
    /// The package, if one was found.
    pub fn package(&self) -> Option<&Package> {
        match self {
            PackageOutcome::Found(p) => Some(p),
            PackageOutcome::Infeasible(_) => None,
        }
    }
}

/// A candidate concession and every government's payoff change from it alone.
pub(super) struct Item {
    pub(super) concession: Concession,
    pub(super) u: Vec<f64>,
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
    let query = PackageQuery {
        explain: true,
        ..PackageQuery::default()
    };
    let mut found = best_packages(world, state, rules, options, &query);
    match found.packages.pop() {
        Some(p) => PackageOutcome::Found(p),
        None => PackageOutcome::Infeasible(Box::new(found.no_package.unwrap_or_default())),
    }
}

/// The best package, without the analysis of why there is none (that
/// analysis runs one more search per government).
pub(crate) fn find_package(
    world: &World,
    state: &State,
    rules: &Rulebook,
    options: &PackageOptions,
) -> Option<Package> {
    best_packages(world, state, rules, options, &PackageQuery::default())
        .packages
        .pop()
}

/// The party cap a search enforces: the options', else the rulebook's, else 8.
pub(super) fn party_cap(rules: &Rulebook, options: &PackageOptions) -> usize {
    options.max_parties.unwrap_or_else(|| {
        rules
            .rules()
            .iter()
            .find_map(|r| match r {
                Rule::MaxParties { max } => Some(*max),
                _ => None,
            })
            .unwrap_or(8)
    })
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

/// Every candidate concession at `state`, uncut, with the pool members
/// skipped as copies beyond `keep` (each with the member it copies).
/// A release goes to the government with the largest
/// `receiver_weight[g] × value`.
pub(super) fn candidates(
    world: &World,
    state: &State,
    rules: &Rulebook,
    keep: usize,
    receiver_weight: &[f64],
) -> (Vec<Item>, Vec<(Concession, PrisonerId)>) {
    let n = world.governments().len();
    let mut skipped = Vec::new();
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
        if let Some((_, like, at, copies)) = rep {
            // At most `keep` equal candidates survive the cut, so later
            // copies are skipped (and reported): the kept candidates are
            // the same.
            if let Some(i) = *at {
                let mut c = out[i].0;
                if let ConcessionKind::Release { prisoner, .. } = &mut c.kind {
                    *prisoner = p;
                }
                if *copies < keep {
                    *copies += 1;
                    out.push((c, Some(i)));
                } else {
                    skipped.push((c, *like));
                }
            }
            continue;
        }
        let holder = pr.holder();
        let best = (0..n)
            .map(GovernmentId::new)
            .filter(|&g| g != holder && !world.governments()[g.index()].is_bloc())
            .map(|g| (vals.prisoner(g, p), g))
            .filter(|&(v, _)| v > 0.0)
            .map(|(v, g)| (v * receiver_weight[g.index()], g))
            .max_by(|a, b| by_score_then_first(*a, *b));
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
    // Only a recognition someone values can gain anyone anything: the pairs
    // come from the valuations (sparse), not from every ordered pair of
    // governments (g² candidates in a world of inert governments).
    let valued: std::collections::BTreeSet<(GovernmentId, GovernmentId)> = vals
        .recognition
        .iter()
        .filter(|r| r.from != r.to)
        .map(|r| (r.from, r.to))
        .collect();
    for &(from, to) in &valued {
        let next = state.recognition(from, to).value() + 1;
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
                from,
                to,
                kind: ConcessionKind::Recognition { level },
            },
            None,
        ));
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
    (items, skipped)
}

/// Orders two receivers `(score, government)` by score, and scores equal
/// up to rounding by government, the first one winning. Under the
/// normalised objectives a score is a value times 1 / the receiver's top
/// value, so two receivers that each value the prisoner most score 1 up to
/// rounding, and that rounding changes with each government's unit: a
/// strict comparison would let the unit choose the receiver.
fn by_score_then_first(a: (f64, GovernmentId), b: (f64, GovernmentId)) -> std::cmp::Ordering {
    if (a.0 - b.0).abs() <= 1e-12 * a.0.abs().max(b.0.abs()) {
        b.1.cmp(&a.1)
    } else {
        a.0.total_cmp(&b.0)
    }
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

/// The package of the chosen candidates, staged at a venue when one
/// government mediates between all parties, checked by the whole rulebook.
pub(super) fn finish(
    world: &World,
    state: &State,
    rules: &Rulebook,
    items: &[Item],
    kept: &Kept,
    optimal: bool,
    truncated: bool,
) -> Package {
    let mut deal = Deal::new();
    for &i in &kept.chosen {
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
        objective_value: kept.value,
        optimal,
        truncated,
        violations,
    }
}

/// One of the best packages a search has found so far.
pub(super) struct Kept {
    /// Its objective value.
    pub(super) value: f64,
    /// The chosen candidates, by index.
    pub(super) chosen: Vec<usize>,
    /// The prisoners it releases, sorted: no two kept packages share them.
    releases: Vec<PrisonerId>,
}

/// What a search must include: candidates by index, parties by index.
#[derive(Default)]
pub(super) struct Must {
    /// Candidates every package contains (sorted).
    pub(super) items: Vec<usize>,
    /// Governments every package has as parties.
    pub(super) parties: Vec<usize>,
}

pub(super) struct Search<'a> {
    items: &'a [Item],
    n_gov: usize,
    cap: usize,
    reciprocity: bool,
    reservation: Vec<f64>,
    /// Per government: 1 / its best attainable gain (0 when it has none),
    /// for the normalised objectives.
    norm: Vec<f64>,
    /// `suffix[i * n_gov + g]`: what `g` could still gain from items `i..`.
    suffix: Vec<f64>,
    /// Per government, the weight of its gains in the additive objective
    /// being searched, or bounding the one searched (1 for surplus, `norm`
    /// for the normalised objectives).
    weight: Vec<f64>,
    /// Per government, where its gains count from in that objective (0 for
    /// surplus, its reservation for the normalised objectives).
    offset: Vec<f64>,
    /// Room for the parties' best factors in the normalised-product bound.
    scratch: Vec<f64>,
    /// `item_suffix[i]`: the most items `i..` can add to the additive
    /// objective (see [`Search::item_caps`]).
    item_suffix: Vec<f64>,
    budget: Budget,
    meter: Meter,
    /// Per government: one past the last item it gives or receives in.
    reach: Vec<usize>,
    must: Must,
    delta: Vec<f64>,
    party: Vec<u32>,
    gives: Vec<u32>,
    gets: Vec<u32>,
    on: Vec<bool>,
    parties: usize,
    chosen: Vec<usize>,
    /// How many packages to keep, and the best so far (best first).
    k: usize,
    pub(super) kept: Vec<Kept>,
    pub(super) stopped: bool,
    objective: Objective,
    relaxed: Option<usize>,
    /// Must-haves and together-groups, checked at every node.
    pub(super) demands: DemandPrune,
}

impl<'a> Search<'a> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        items: &'a [Item],
        n_gov: usize,
        cap: usize,
        reciprocity: bool,
        reservation: Vec<f64>,
        norm: Vec<f64>,
        must: Must,
        o: &PackageOptions,
    ) -> Self {
        let n = items.len();
        let mut suffix = vec![0.0; (n + 1) * n_gov];
        let mut reach = vec![0; n_gov];
        for i in (0..n).rev() {
            for g in 0..n_gov {
                suffix[i * n_gov + g] = suffix[(i + 1) * n_gov + g] + items[i].u[g].max(0.0);
            }
            let c = items[i].concession;
            for g in [c.from.index(), c.to.index()] {
                reach[g] = reach[g].max(i + 1);
            }
        }
        Self {
            items,
            n_gov,
            cap,
            reciprocity,
            reservation,
            norm,
            suffix,
            weight: Vec::new(),
            offset: Vec::new(),
            scratch: Vec::with_capacity(n_gov),
            item_suffix: Vec::new(),
            budget: o.budget,
            meter: Meter::new(o.budget),
            reach,
            must,
            delta: vec![0.0; n_gov],
            party: vec![0; n_gov],
            gives: vec![0; n_gov],
            gets: vec![0; n_gov],
            on: vec![false; n],
            parties: 0,
            chosen: Vec::new(),
            k: 1,
            kept: Vec::new(),
            stopped: false,
            objective: Objective::Surplus,
            relaxed: None,
            demands: DemandPrune::default(),
        }
    }

    /// Finds the `k` best packages with distinct releases (best first in
    /// `kept`), ignoring the individual rationality of `relaxed`.
    pub(super) fn run(&mut self, objective: Objective, k: usize, relaxed: Option<usize>) {
        self.objective = objective;
        self.relaxed = relaxed;
        self.k = k.max(1);
        self.item_caps();
        self.kept.clear();
        self.meter = Meter::new(self.budget);
        self.stopped = false;
        self.rec(0);
    }

    fn eps(&self) -> f64 {
        1e-9
    }

    /// The value a package must beat to be kept, once `k` are kept.
    fn threshold(&self) -> Option<f64> {
        (self.kept.len() >= self.k).then(|| self.kept[self.k - 1].value)
    }

    /// For the additive objectives (surplus, normalised sum): the most each
    /// item can add, suffix-summed.
    ///
    /// A chosen item's giver and receiver are parties, so their (weighted)
    /// payoff changes count whatever their sign; anyone else's counts only
    /// if it joins through another item, so at most its gain. An item worth
    /// less than nothing adds at most 0 (it is left out, or chosen only to
    /// pay for someone's individual rationality, which does not raise the
    /// objective). Summing over items bounds what the rest can add far more
    /// tightly than summing each government's gains: a release's cost to its
    /// holder offsets its value to the receiver.
    fn item_caps(&mut self) {
        (self.weight, self.offset) = if self.objective.is_normalised() {
            (self.norm.clone(), self.reservation.clone())
        } else {
            (vec![1.0; self.n_gov], vec![0.0; self.n_gov])
        };
        let n = self.items.len();
        self.item_suffix = vec![0.0; n + 1];
        for i in (0..n).rev() {
            let item = &self.items[i];
            let (from, to) = (item.concession.from.index(), item.concession.to.index());
            let cap: f64 = (0..self.n_gov)
                .map(|g| {
                    let w = self.weight[g] * item.u[g];
                    if g == from || g == to { w } else { w.max(0.0) }
                })
                .sum();
            self.item_suffix[i] = self.item_suffix[i + 1] + cap.max(0.0);
        }
    }

    /// The most an additive objective can reach below node `i`: what the
    /// parties have now (and any other government's gain so far, should it
    /// join) plus the most the remaining items can add.
    fn additive_bound(&self, i: usize) -> f64 {
        let now: f64 = (0..self.n_gov)
            .map(|g| {
                let v = self.weight[g] * (self.delta[g] - self.offset[g]);
                if self.party[g] > 0 { v } else { v.max(0.0) }
            })
            .sum();
        now + self.item_suffix[i]
    }

    fn bound(&mut self, i: usize) -> f64 {
        let rest = &self.suffix[i * self.n_gov..(i + 1) * self.n_gov];
        let gain = |g: usize| self.delta[g] + rest[g] - self.reservation[g];
        match self.objective {
            Objective::Surplus => self.additive_bound(i),
            Objective::NashProduct => (0..self.n_gov)
                .map(|g| {
                    let top = gain(g);
                    if self.party[g] > 0 {
                        top.max(0.0)
                    } else {
                        top.max(1.0)
                    }
                })
                .product(),
            Objective::NormalisedSum => self.additive_bound(i),
            // Every normalised gain is at most 1, so a government that has
            // not joined yet can only lower the product.
            Objective::NormalisedProduct => {
                let mut tops = std::mem::take(&mut self.scratch);
                tops.clear();
                tops.extend(
                    (0..self.n_gov)
                        .filter(|&g| self.party[g] > 0)
                        .map(|g| (gain(g) * self.norm[g]).clamp(0.0, 1.0)),
                );
                let b = capped_product(&mut tops, self.additive_bound(i));
                self.scratch = tops;
                b
            }
        }
    }

    /// Whether a package below this node can still hold every must.
    fn musts_reachable(&self, i: usize) -> bool {
        self.must
            .items
            .iter()
            .take_while(|&&j| j < i)
            .all(|&j| self.on[j])
            && self
                .must
                .parties
                .iter()
                .all(|&g| self.party[g] > 0 || i < self.reach[g])
    }

    /// Which limit stopped the last run, if one did.
    pub(super) fn stopped_by(&self) -> Option<crate::budget::Stopped> {
        self.meter.stopped
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
        if !self.musts_reachable(i) {
            return;
        }
        if let Some(t) = self.threshold()
            && self.bound(i) <= t + self.eps()
        {
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
        self.on[i] = on;
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
            Objective::Surplus | Objective::NormalisedSum => 0.0,
            Objective::NashProduct | Objective::NormalisedProduct => 1.0,
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
            let gain = self.delta[g] - self.reservation[g];
            match self.objective {
                Objective::Surplus => value += self.delta[g],
                Objective::NashProduct => value *= gain,
                Objective::NormalisedSum => value += gain * self.norm[g],
                Objective::NormalisedProduct => value *= (gain * self.norm[g]).max(0.0),
            }
        }
        self.keep(value);
    }

    /// Keeps the package at the leaf if it is among the `k` best, one per
    /// set of releases (the better of two with the same releases).
    fn keep(&mut self, value: f64) {
        let eps = self.eps();
        if self.threshold().is_some_and(|t| value <= t + eps) {
            return;
        }
        let mut releases: Vec<PrisonerId> = self
            .chosen
            .iter()
            .filter_map(|&i| self.items[i].concession.kind.prisoner())
            .collect();
        releases.sort_unstable();
        if let Some(j) = self.kept.iter().position(|x| x.releases == releases) {
            if value <= self.kept[j].value + eps {
                return;
            }
            self.kept.remove(j);
        } else if self.kept.len() >= self.k {
            self.kept.pop();
        }
        let at = self.kept.partition_point(|x| x.value >= value - eps);
        self.kept.insert(
            at,
            Kept {
                value,
                chosen: self.chosen.clone(),
                releases,
            },
        );
    }
}

/// The largest product of factors `x_j ≤ tops[j]` (each in `[0, 1]`) whose
/// sum is at most `total`: the parties' normalised gains, each at most what
/// it could still reach alone, and together at most what the normalised sum
/// could still reach. Equal shares maximise a product under a sum, so the
/// smallest caps are filled first and the rest share what is left equally.
fn capped_product(tops: &mut [f64], total: f64) -> f64 {
    tops.sort_unstable_by(f64::total_cmp);
    let mut left = total.max(0.0);
    let mut product = 1.0;
    for (j, &top) in tops.iter().enumerate() {
        let share = left / (tops.len() - j) as f64;
        let x = top.min(share);
        product *= x;
        left -= x;
    }
    product
}
