//! Checking a given package: is it legal and individually rational, and if
//! not, which rule and whose payoff fail.

use serde::{Deserialize, Serialize};

use crate::deal::{Deal, UndoLog};
use crate::model::{GovernmentId, State, World};
use crate::rules::{Rulebook, Violation};

/// The verdict of [`check_package`] on a package.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackageCheck {
    /// The parties (governments giving or receiving a concession).
    pub parties: Vec<GovernmentId>,
    /// Every government's exact discounted payoff change (by government
    /// index; empty when the deal names unknown ids and cannot be valued).
    pub delta: Vec<f64>,
    /// Every rule of the rulebook the package breaks (empty when legal).
    pub violations: Vec<Violation>,
    /// The parties whose payoff change is below their reservation value,
    /// whether or not the rulebook has the `individual_rationality` rule.
    pub shortfalls: Vec<Shortfall>,
}

impl PackageCheck {
    /// Whether the package is legal under the rulebook.
    pub fn is_legal(&self) -> bool {
        self.violations.is_empty()
    }

    /// Whether every party gets at least its reservation value.
    pub fn is_individually_rational(&self) -> bool {
        self.shortfalls.is_empty() && !self.delta.is_empty()
    }
}

/// A party that a package leaves below its reservation value.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Shortfall {
    /// The party.
    pub government: GovernmentId,
    /// Its payoff change.
    pub delta: f64,
    /// Its reservation value.
    pub reservation: f64,
}

/// Checks `deal` as a package at `state`: the rulebook's violations, and
/// every party whose payoff change is below its reservation value. `state`
/// is not changed.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use detente::mediator::check_package;
/// let (_, world, rules) = detente::scenario::load("examples/scenarios/three_way_swap.json")?;
/// let state = detente::model::State::initial(&world);
/// let (a, b) = (world.government_by_code("A").unwrap(), world.government_by_code("B").unwrap());
/// let x = world.prisoner_by_key("a").unwrap();
/// // A gives its prisoner to B and gets nothing back.
/// let gift = detente::deal::Deal::new().release(a, b, x, b);
/// let verdict = check_package(&world, &state, &rules, &gift);
/// assert!(!verdict.is_legal());
/// assert_eq!(verdict.shortfalls[0].government, a);
/// # Ok(()) }
/// ```
///
/// # Complexity
/// One application and undo of the deal, plus the rulebook's checks.
pub fn check_package(world: &World, state: &State, rules: &Rulebook, deal: &Deal) -> PackageCheck {
    let mut scratch = state.clone();
    let mut log = UndoLog::new();
    let mut delta = Vec::new();
    let violations = match rules.check(world, &mut scratch, deal, &mut log, &mut delta) {
        Ok(()) => Vec::new(),
        Err(rejected) => rejected.violations,
    };
    // Unknown ids leave `delta` empty: nothing can be valued.
    let parties = deal.parties();
    let shortfalls = if delta.is_empty() {
        Vec::new()
    } else {
        parties
            .iter()
            .map(|&g| Shortfall {
                government: g,
                delta: delta[g.index()],
                reservation: world.governments()[g.index()].reservation,
            })
            .filter(|s| s.delta < s.reservation - 1e-9)
            .collect()
    };
    PackageCheck {
        parties,
        delta,
        violations,
        shortfalls,
    }
}
