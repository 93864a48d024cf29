//! The package search with everything a user may ask of it: the `k` best
//! packages, a required set of parties and prisoners, the report of what
//! the candidate cap cut and, when nothing is found, why.

use serde::{Deserialize, Serialize};

use super::cut::{CandidateReport, cut_to_cap, pool_cuts};
use super::demands::DemandPrune;
use super::diagnose::{Checks, NoPackage, count_failures};
use super::normalise::{gain_weights, normalisers, receiver_weights};
use super::package::{
    Binding, Item, Must, Objective, Package, PackageOptions, Search, candidates, finish, party_cap,
};
use crate::budget::Stopped;
use crate::model::{GovernmentId, PrisonerId, State, World};
use crate::rules::{Rule, Rulebook};

/// What every package must include.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Required {
    /// Governments that must take part.
    #[serde(default)]
    pub parties: Vec<GovernmentId>,
    /// Prisoners the package must release.
    #[serde(default)]
    pub prisoners: Vec<PrisonerId>,
}

/// The questions [`best_packages`] answers beyond [`PackageOptions`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageQuery {
    /// How many packages to return (at least 1): the best `k` with distinct
    /// sets of releases, best first.
    pub k: usize,
    /// What every package must include.
    #[serde(default)]
    pub required: Required,
    /// When nothing is found, work out why ([`NoPackage`]): one more search
    /// per government, and a count over up to
    /// [`super::DIAGNOSIS_PACKAGES`] candidate packages.
    #[serde(default)]
    pub explain: bool,
}

impl Default for PackageQuery {
    /// The single best package, nothing required, no explanation.
    fn default() -> Self {
        Self {
            k: 1,
            required: Required::default(),
            explain: false,
        }
    }
}

/// The answer of [`best_packages`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackageSearch {
    /// The best packages, best first, no two releasing the same set of
    /// prisoners (of two with the same releases, only the better counts).
    pub packages: Vec<Package>,
    /// Whether the search finished: `packages` are then exactly the best
    /// among the kept candidates (and among all of them unless
    /// `candidates` says some were cut).
    pub optimal: bool,
    /// Which candidates were weighed and which the cap cut.
    pub candidates: CandidateReport,
    /// Why nothing was found (when `packages` is empty and the query asked).
    pub no_package: Option<NoPackage>,
    /// Which limit of `options.budget` stopped the search, if one did
    /// (`optimal` is then false). [`Stopped::Memory`]: the candidate table
    /// would exceed `budget.max_memory` (default: `Limits::memory_budget`)
    /// and nothing was searched.
    #[serde(default)]
    pub stopped_by: Option<Stopped>,
}

/// Bytes a candidate table may take per candidate beside its payoff vector
/// of one `f64` per government: the list entry as it grows, the item, the
/// sort and the cut's report (measured in `tests/reliability_limits.rs`).
const CANDIDATE_BYTES: u64 = 424;

/// The `k` best multilateral packages at `state` that include everything
/// `query.required` names, with the report of the candidate cut.
///
/// Each package is individually rational for its parties, within the party
/// cap and, under `reciprocity`, two-sided, as for
/// [`super::best_package`] (which is this search with `k = 1`). The search
/// is an exact branch and bound that keeps the `k` best packages found so
/// far and prunes every branch whose bound does not beat the `k`-th.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use detente::mediator::{best_packages, PackageOptions, PackageQuery};
/// let (_, world, rules) = detente::scenario::load("examples/scenarios/three_way_swap.json")?;
/// let state = detente::model::State::initial(&world);
/// let query = PackageQuery { k: 3, ..PackageQuery::default() };
/// let found = best_packages(&world, &state, &rules, &PackageOptions::default(), &query);
/// assert!(found.optimal && !found.candidates.truncated());
/// assert_eq!(found.packages[0].surplus, 18.0);
/// assert!(found.packages.windows(2).all(|w| w[0].surplus >= w[1].surplus));
/// # Ok(()) }
/// ```
///
/// # Complexity
/// Exponential in the number of candidates in the worst case;
/// `options.budget` caps the work (then `optimal` is false).
pub fn best_packages(
    world: &World,
    state: &State,
    rules: &Rulebook,
    options: &PackageOptions,
    query: &PackageQuery,
) -> PackageSearch {
    let n_gov = world.governments().len();
    // The candidate table is built whole before the search and its budget
    // begin: its bound is checked first (every recognition someone values,
    // each held prisoner, sanction and favour, each with a payoff vector).
    let most = (state.counts().held as usize
        + world.sanctions().len()
        + world.favours().len()
        + world.valuations().recognition.len()) as u64;
    let need = most.saturating_mul(CANDIDATE_BYTES + 8 * n_gov as u64);
    let limit = options
        .budget
        .max_memory
        .map_or(crate::limits::Limits::default().memory_budget, |m| m as u64);
    if need > limit {
        return PackageSearch {
            packages: Vec::new(),
            optimal: false,
            candidates: CandidateReport::default(),
            no_package: None,
            stopped_by: Some(Stopped::Memory),
        };
    }
    let objective = options.objective;
    let keep = options.max_candidates.unwrap_or(usize::MAX);
    let weights = receiver_weights(world, objective);
    let (items, skipped) = candidates(world, state, rules, keep, &weights);
    let reservation: Vec<f64> = world.governments().iter().map(|g| g.reservation).collect();
    let norm = normalisers(&items, &reservation);
    let required = &query.required.prisoners;
    let forced = |i: &Item| {
        i.concession
            .kind
            .prisoner()
            .is_some_and(|p| required.contains(&p))
    };
    let (items, mut cut) = cut_to_cap(
        items,
        options.max_candidates,
        &gain_weights(objective, &norm),
        forced,
    );
    cut.extend(pool_cuts(skipped, keep));
    let report = CandidateReport {
        weighed: items.iter().map(|i| i.concession).collect(),
        cut,
    };
    let must = musts(&items, n_gov, &query.required);
    let mut missing = NoPackage {
        unavailable_prisoners: must.1,
        unreachable_parties: must.2,
        ..NoPackage::default()
    };
    let must = must.0;
    if !missing.unavailable_prisoners.is_empty() || !missing.unreachable_parties.is_empty() {
        return PackageSearch {
            packages: Vec::new(),
            optimal: true,
            candidates: report,
            no_package: query.explain.then_some(missing),
            stopped_by: None,
        };
    }
    let cap = party_cap(rules, options);
    let reciprocity = rules.rules().contains(&Rule::Reciprocity);
    let must_items = must.items.clone();
    let must_parties = must.parties.clone();
    let mut search = Search::new(
        &items,
        n_gov,
        cap,
        reciprocity,
        reservation.clone(),
        norm,
        must,
        options,
    );
    search.demands = DemandPrune::new(world, state, items.iter().map(|i| &i.concession));
    search.run(objective, query.k, None);
    let optimal = !search.stopped;
    let stopped_by = search.stopped_by();
    let truncated = report.truncated();
    let packages: Vec<Package> = search
        .kept
        .iter()
        .map(|k| finish(world, state, rules, &items, k, optimal, truncated))
        .collect();
    let no_package = (packages.is_empty() && query.explain).then(|| {
        for (g, &r) in reservation.iter().enumerate() {
            search.run(Objective::Surplus, 1, Some(g));
            if let Some(k) = search.kept.first() {
                missing.binding.push(Binding {
                    government: GovernmentId::new(g),
                    best_delta: k.chosen.iter().map(|&i| items[i].u[g]).sum(),
                    reservation: r,
                });
            }
        }
        let checks = Checks {
            cap,
            reciprocity,
            reservation: &reservation,
            must_items: &must_items,
            must_parties: &must_parties,
        };
        count_failures(&items, n_gov, &checks, &mut missing);
        missing
    });
    PackageSearch {
        packages,
        optimal,
        candidates: report,
        no_package,
        stopped_by,
    }
}

/// The required set as candidate and government indices, with the
/// required prisoners no candidate releases and the required parties no
/// candidate involves.
fn musts(
    items: &[Item],
    n_gov: usize,
    required: &Required,
) -> (Must, Vec<PrisonerId>, Vec<GovernmentId>) {
    let mut must = Must::default();
    let mut unavailable = Vec::new();
    for &p in &required.prisoners {
        match items
            .iter()
            .position(|i| i.concession.kind.prisoner() == Some(p))
        {
            Some(j) => must.items.push(j),
            None => unavailable.push(p),
        }
    }
    must.items.sort_unstable();
    must.items.dedup();
    let mut unreachable = Vec::new();
    for &g in &required.parties {
        let involved = items
            .iter()
            .any(|i| i.concession.from == g || i.concession.to == g);
        if g.index() < n_gov && involved {
            must.parties.push(g.index());
        } else {
            unreachable.push(g);
        }
    }
    (must, unavailable, unreachable)
}
