//! Why no package: when the search finds nothing, which constraints bind
//! and how many candidate packages fail which rule or whose individual
//! rationality, as data.

use serde::{Deserialize, Serialize};

use super::package::{Binding, Item};
use crate::model::{GovernmentId, PrisonerId};

/// The most candidate packages [`NoPackage`] examines (2^20): every subset
/// of up to 20 candidates, the first 2^20 subsets in search order beyond.
pub const DIAGNOSIS_PACKAGES: u64 = 1 << 20;

/// Why a package search found nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NoPackage {
    /// Governments whose individual-rationality constraint alone blocks a
    /// package (lifting it would let one through), with the best payoff
    /// change they could get; empty when no single government's is enough,
    /// or there is nothing to trade.
    pub binding: Vec<Binding>,
    /// Required prisoners with no candidate release (not in custody, valued
    /// by nobody who could receive them, without a legal destination, an
    /// unknown id, or cut by the candidate cap).
    pub unavailable_prisoners: Vec<PrisonerId>,
    /// Required parties that no candidate concession involves (or unknown ids).
    pub unreachable_parties: Vec<GovernmentId>,
    /// Candidate packages (non-empty subsets of the candidate concessions)
    /// examined.
    pub examined: u64,
    /// Whether every subset was examined (at most [`DIAGNOSIS_PACKAGES`]).
    pub complete: bool,
    /// How many examined packages fail each check; a package that fails
    /// several counts under each. Only checks that some package fails are
    /// listed: the party cap and the required set first, then by government.
    pub failures: Vec<FailureCount>,
}

/// A check a candidate package can fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum Failure {
    /// More parties than the cap (`max_parties`).
    TooManyParties,
    /// It leaves out a required prisoner or party.
    MissingRequired,
    /// A party's payoff change is below its reservation value
    /// (`individual_rationality`).
    NotRational {
        /// The party.
        party: GovernmentId,
    },
    /// A party gives nothing or receives nothing (`reciprocity`).
    OneSided {
        /// The party.
        party: GovernmentId,
    },
}

/// How many examined packages fail one check.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct FailureCount {
    /// The check.
    pub failure: Failure,
    /// Packages failing it.
    pub packages: u64,
}

/// The constraints the search enforces, shared with the diagnosis.
pub(super) struct Checks<'a> {
    pub(super) cap: usize,
    pub(super) reciprocity: bool,
    pub(super) reservation: &'a [f64],
    pub(super) must_items: &'a [usize],
    pub(super) must_parties: &'a [usize],
}

struct Tally<'a> {
    items: &'a [Item],
    checks: &'a Checks<'a>,
    delta: Vec<f64>,
    gives: Vec<u32>,
    gets: Vec<u32>,
    on: Vec<bool>,
    examined: u64,
    too_many: u64,
    missing: u64,
    not_rational: Vec<u64>,
    one_sided: Vec<u64>,
}

/// Counts, over the non-empty subsets of `items` (at most
/// [`DIAGNOSIS_PACKAGES`]), the packages failing each check, into `out`.
pub(super) fn count_failures(
    items: &[Item],
    n_gov: usize,
    checks: &Checks<'_>,
    out: &mut NoPackage,
) {
    let mut t = Tally {
        items,
        checks,
        delta: vec![0.0; n_gov],
        gives: vec![0; n_gov],
        gets: vec![0; n_gov],
        on: vec![false; items.len()],
        examined: 0,
        too_many: 0,
        missing: 0,
        not_rational: vec![0; n_gov],
        one_sided: vec![0; n_gov],
    };
    t.rec(0, false);
    out.examined = t.examined;
    out.complete = items.len() < 64 && t.examined == (1u64 << items.len()) - 1;
    let mut push = |failure, packages| {
        if packages > 0 {
            out.failures.push(FailureCount { failure, packages });
        }
    };
    push(Failure::TooManyParties, t.too_many);
    push(Failure::MissingRequired, t.missing);
    for g in 0..n_gov {
        let party = GovernmentId::new(g);
        push(Failure::NotRational { party }, t.not_rational[g]);
        push(Failure::OneSided { party }, t.one_sided[g]);
    }
}

impl Tally<'_> {
    fn rec(&mut self, i: usize, any: bool) {
        if self.examined >= DIAGNOSIS_PACKAGES {
            return;
        }
        if i == self.items.len() {
            if any {
                self.leaf();
            }
            return;
        }
        self.toggle(i, true);
        self.rec(i + 1, true);
        self.toggle(i, false);
        self.rec(i + 1, any);
    }

    fn toggle(&mut self, i: usize, on: bool) {
        let item = &self.items[i];
        self.on[i] = on;
        let s = if on { 1.0 } else { -1.0 };
        for (d, u) in self.delta.iter_mut().zip(&item.u) {
            *d += s * u;
        }
        let c = item.concession;
        let step = |x: &mut u32| if on { *x += 1 } else { *x -= 1 };
        step(&mut self.gives[c.from.index()]);
        step(&mut self.gets[c.to.index()]);
    }

    fn leaf(&mut self) {
        self.examined += 1;
        let c = self.checks;
        let n = self.delta.len();
        let is_party = |g: usize| self.gives[g] + self.gets[g] > 0;
        if (0..n).filter(|&g| is_party(g)).count() > c.cap {
            self.too_many += 1;
        }
        if !c.must_items.iter().all(|&j| self.on[j]) || !c.must_parties.iter().all(|&g| is_party(g))
        {
            self.missing += 1;
        }
        for g in (0..n).filter(|&g| is_party(g)) {
            if self.delta[g] < c.reservation[g] - 1e-9 {
                self.not_rational[g] += 1;
            }
            if c.reciprocity && (self.gives[g] == 0 || self.gets[g] == 0) {
                self.one_sided[g] += 1;
            }
        }
    }
}
