//! Why an engine found no deal, as data: which pairs of governments could
//! negotiate and which could not (and why), how many candidate deals were
//! on the table, and which rule or whose individual rationality refused
//! them.
//!
//! The simulator ([`Simulation::diagnose`](crate::simulate::Simulation::diagnose))
//! and the explorer ([`DealGame::diagnose`](crate::explore::DealGame::diagnose))
//! both answer with a [`NoDeal`]; the counts of refused deals are a
//! [`Refusals`], which also travels in
//! [`ExperimentResults`](crate::simulate::ExperimentResults) for the
//! agreements the rulebook refused during runs.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{GovernmentId, World};
use crate::rules::{Violation, ViolationKind};

/// Deals the rulebook refused, counted per rule and per government whose
/// individual rationality failed. A deal that breaks two rules counts once
/// under each, and once under every government it leaves worse off than
/// its reservation value (its own payoff, or as a bloc member that vetoes).
/// Counts only add up, so parts over disjoint runs or states merge exactly
/// ([`Refusals::merged`]).
///
/// ```
/// use detente::analysis::Refusals;
/// use detente::deal::Deal;
/// use detente::prelude::*;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mut b = WorldBuilder::new("toy");
/// let usa = b.government(GovernmentSpec::new("USA"))?;
/// let irn = b.government(GovernmentSpec::new("IRN"))?;
/// let p = b.prisoner(PrisonerSpec::new("reporter", irn, irn))?;
/// b.value_prisoner(usa, p, 1.0)?;
/// b.value_prisoner(irn, p, -2.0)?; // freeing the reporter costs Tehran 2
/// let world = b.build()?;
/// // IRN frees the reporter for nothing.
/// let deal = Deal::new().release(irn, usa, p, usa);
/// let mut state = State::initial(&world);
/// let rejected = Rulebook::standard()
///     .check(&world, &mut state, &deal, &mut UndoLog::new(), &mut Vec::new())
///     .unwrap_err();
/// let mut refusals = Refusals::default();
/// refusals.record(&world, &rejected.violations);
/// assert_eq!(refusals.refused, 1);
/// assert_eq!(refusals.not_rational["IRN"], 1);
/// assert_eq!(refusals.by_rule["individual_rationality"], 1);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Refusals {
    /// Deals refused.
    pub refused: u64,
    /// Per rule name (`individual_rationality`, `holder_releases`, ...):
    /// refused deals that break it.
    #[serde(default)]
    pub by_rule: BTreeMap<String, u64>,
    /// Per government code: refused deals whose payoff change to it is below
    /// its reservation value.
    #[serde(default)]
    pub not_rational: BTreeMap<String, u64>,
}

impl Refusals {
    /// Whether nothing was refused.
    pub fn is_empty(&self) -> bool {
        self.refused == 0 && self.by_rule.is_empty() && self.not_rational.is_empty()
    }

    /// Counts one refused deal with its `violations` (governments named by
    /// their codes in `world`).
    pub fn record(&mut self, world: &World, violations: &[Violation]) {
        self.refused += 1;
        let mut rules: Vec<&str> = violations.iter().map(|v| v.rule.as_str()).collect();
        rules.sort_unstable();
        rules.dedup();
        for rule in rules {
            *self.by_rule.entry(rule.to_string()).or_default() += 1;
        }
        let mut parties: Vec<GovernmentId> = violations.iter().filter_map(irrational).collect();
        parties.sort_unstable();
        parties.dedup();
        for g in parties {
            *self
                .not_rational
                .entry(world.code(g).to_string())
                .or_default() += 1;
        }
    }

    /// Adds `refused` deals counted elsewhere, with their counts per rule
    /// and per government (zero counts left out); for callers that count in
    /// dense arrays first.
    pub(crate) fn add_counts<'a>(
        &mut self,
        refused: u64,
        by_rule: impl IntoIterator<Item = (&'a str, u64)>,
        not_rational: impl IntoIterator<Item = (&'a str, u64)>,
    ) {
        self.refused = self.refused.saturating_add(refused);
        for (k, n) in by_rule {
            bump(&mut self.by_rule, k, n);
        }
        for (k, n) in not_rational {
            bump(&mut self.not_rational, k, n);
        }
    }

    /// The sum of these and `other`, or `None` when a count would overflow.
    ///
    /// ```
    /// use detente::analysis::Refusals;
    /// let a = Refusals { refused: 2, by_rule: [("max_parties".to_string(), 2)].into(), ..Refusals::default() };
    /// let b = Refusals { refused: 1, by_rule: [("max_parties".to_string(), 1)].into(), ..Refusals::default() };
    /// assert_eq!(a.merged(&b).unwrap().by_rule["max_parties"], 3);
    /// ```
    pub fn merged(&self, other: &Refusals) -> Option<Refusals> {
        let mut out = self.clone();
        out.refused = out.refused.checked_add(other.refused)?;
        for (mine, theirs) in [
            (&mut out.by_rule, &other.by_rule),
            (&mut out.not_rational, &other.not_rational),
        ] {
            for (k, &n) in theirs {
                let x = mine.entry(k.clone()).or_default();
                *x = x.checked_add(n)?;
            }
        }
        Some(out)
    }
}

/// Adds `n` to `counts[key]`, allocating the key only the first time.
fn bump(counts: &mut BTreeMap<String, u64>, key: &str, n: u64) {
    if n == 0 {
        return;
    }
    match counts.get_mut(key) {
        Some(x) => *x = x.saturating_add(n),
        None => {
            counts.insert(key.to_string(), n);
        }
    }
}

/// The government whose individual rationality `v` says fails, if any.
pub(crate) fn irrational(v: &Violation) -> Option<GovernmentId> {
    match v.kind {
        ViolationKind::NotRational { party, .. } => Some(party),
        ViolationKind::MemberVeto { member, .. } => Some(member),
        _ => None,
    }
}

/// An ordered pair of governments that has a demand: the first values a
/// prisoner the second holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairNote {
    /// The government that asks (by code).
    pub demander: String,
    /// The government that holds (by code).
    pub holder: String,
    /// Why the two do not negotiate, in words; `None` when they do.
    pub unformed: Option<String>,
}

/// Why an engine found no deal (or what stood in the way of more).
///
/// ```
/// use detente::simulate::Simulation;
/// let scenario = detente::scenario::Scenario::from_json_str(r#"{
///   "name": "gift", "governments": [{"id": "A"}, {"id": "H"}],
///   "prisoners": [{"id": "p", "held_by": "H", "valued_by": {"A": 1.0}}]}"#)?;
/// let sim = Simulation::from_scenario(&scenario)?;
/// let why = sim.diagnose(None);
/// assert_eq!(why.pairs[0].holder, "H");
/// assert!(why.pairs[0].unformed.is_some());
/// assert_eq!(why.candidates, 0);
/// println!("{why}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoDeal {
    /// Every ordered pair with a demand, formed or not, in (demander,
    /// holder) id order.
    pub pairs: Vec<PairNote>,
    /// Candidate deals proposed at the state examined (the deal space of
    /// every formed pair, or the explorer's generator).
    pub candidates: u64,
    /// Candidates left out before the rulebook: deals the explorer's
    /// proposer is no party to, or with a party outside the players.
    pub off_table: u64,
    /// Candidates the rulebook refused, and why.
    pub refused: Refusals,
    /// Agreements reached in talks that the rulebook then refused, over
    /// the runs of an experiment (simulator only; empty otherwise).
    pub agreements_refused: Refusals,
}

impl NoDeal {
    /// Candidates that pass every rule.
    pub fn legal(&self) -> u64 {
        self.candidates
            .saturating_sub(self.off_table)
            .saturating_sub(self.refused.refused)
    }
}

/// Several lines a user can read: the pairs, then the counts.
impl fmt::Display for NoDeal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let formed: Vec<String> = self
            .pairs
            .iter()
            .filter(|p| p.unformed.is_none())
            .map(|p| format!("{}→{}", p.demander, p.holder))
            .collect();
        if self.pairs.is_empty() {
            writeln!(
                f,
                "No government values a prisoner another holds: nothing to ask for."
            )?;
        } else if formed.is_empty() {
            writeln!(f, "No pair of governments negotiates.")?;
        } else {
            writeln!(
                f,
                "Pairs that negotiate (demander→holder): {}",
                formed.join(", ")
            )?;
        }
        for p in &self.pairs {
            if let Some(why) = &p.unformed {
                writeln!(
                    f,
                    "  {} does not negotiate with {}: {why}",
                    p.demander, p.holder
                )?;
            }
        }
        write!(
            f,
            "Candidate deals: {}, {} legal",
            self.candidates,
            self.legal()
        )?;
        if self.off_table > 0 {
            write!(
                f,
                ", {} left out (the proposer is no party, or a party is not a player)",
                self.off_table
            )?;
        }
        writeln!(f)?;
        write_refusals(f, "refused by the rulebook", &self.refused)?;
        if !self.agreements_refused.is_empty() {
            write_refusals(
                f,
                "agreements in talks then refused by the rulebook",
                &self.agreements_refused,
            )?;
        }
        Ok(())
    }
}

fn write_refusals(f: &mut fmt::Formatter<'_>, what: &str, r: &Refusals) -> fmt::Result {
    if r.refused == 0 {
        return Ok(());
    }
    writeln!(f, "  {} {what}", r.refused)?;
    for (rule, n) in &r.by_rule {
        writeln!(f, "    {n} break rule `{rule}`")?;
    }
    for (g, n) in &r.not_rational {
        writeln!(f, "    {n} leave {g} below its reservation value")?;
    }
    Ok(())
}
