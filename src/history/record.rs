//! The record of one pair's deals, defined once over a case file, the
//! targets a simulation is compared with, and the comparison.
//!
//! # What counts as a deal of a pair
//! [`deals`] is the one definition. A step of the case is a deal of the
//! demander `D` with the holder `H` when it was carried out and either
//!
//! 1. its `brokered_by` names `D` in the role `demander`: `D` asked for the
//!    people and did something to obtain them (a visit, an escort, a
//!    licence), whatever the file models it as (a deal in `gives`, or a
//!    pardon in `events` when nothing priced changed hands); or
//! 2. it has no `brokered_by`, and its `gives` have `H` releasing people to
//!    `D` and `D` giving `H` something in return (an exchange in the
//!    file's own terms).
//!
//! A step whose broker is another government, or `D` only as a mediator
//! for someone else, is not `D`'s deal, even when its `gives` run to `D`;
//! a release nobody brokered (a unilateral pardon) is no deal.
//!
//! The people freed in the deal are everyone the step releases from `H`'s
//! custody as recorded (the named prisoners plus each pool's count, in
//! `gives` and, for a brokered step, in `pardon` events): the record's
//! count, including anyone who then refused exile. What `D` gave is the
//! kinds of its concessions to `H` in the step ([`Given`]).
//!
//! On Belarus 2025 with `D` = USA, `H` = BLR and round 0 = January 2025
//! this gives the five US deals of the record: February (3, after an
//! envoy's visit), April (1, escorted by a US official: "not a prisoner
//! exchange"), June (14, Kellogg visit), September (52, Belavia licence)
//! and December (123, potash licence), 193 people, the first in round 1.
//! January's release of a US citizen ("unilateral") and November's 31
//! Ukrainians (the US mediating for Ukraine) are not US deals.
//!
//! ```
//! use detente::history::{Case, record};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let case = Case::from_path("examples/scenarios/history/belarus_2024_2025.json")?;
//! let deals = record::deals(&case, "USA", "BLR", "2025-01-01", 12)?;
//! let freed: u32 = deals.iter().map(|d| d.freed).sum();
//! assert_eq!((deals.len(), freed, deals[0].round), (5, 193, 1));
//! # Ok(()) }
//! ```

use super::calibrate::{Series, days};
use super::case::{BrokerRole, Case, CaseEvent, CaseOutcome, CaseStep, Give, People};
use crate::deal::{Given, GivenSet};
use crate::scenario::RecordRef;
use crate::simulate::{ExperimentResults, PairCount, PairObservations};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Why the record could not be read or compared.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    /// A date is not a calendar date.
    #[error("{path}: `{date}` is not a calendar date of the form YYYY-MM-DD")]
    BadDate {
        /// JSON path.
        path: String,
        /// The text.
        date: String,
    },
    /// A government code the case does not know.
    #[error("{path}: unknown government `{code}`")]
    UnknownGovernment {
        /// JSON path.
        path: String,
        /// The code.
        code: String,
    },
    /// A tally the series does not have.
    #[error("$.record.tally: the series has no tally `{0}`")]
    UnknownTally(String),
    /// The results have no such pair.
    #[error("the results have no negotiating pair ({0}, {1})")]
    NoPair(String, String),
    /// A file could not be read or is not valid.
    #[error("{0}")]
    File(String),
}

/// One deal of the record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordDeal {
    /// Round from the start date, in calendar months (0: the start's month).
    pub round: u32,
    /// The step's date as recorded.
    pub date: String,
    /// The step's label.
    pub label: String,
    /// People freed in it, as recorded.
    pub freed: u32,
    /// What the demander gave, in [`Given::ALL`] order.
    pub given: Vec<Given>,
    /// Index of the step in the case.
    pub step: usize,
}

/// The pair's deals dated from `start` (`YYYY-MM-DD`, round 0) in the first
/// `rounds` calendar months, oldest first: the definition in the
/// [module docs](self).
///
/// # Errors
/// [`RecordError::BadDate`] for `start` or the date of a step that is a
/// deal of the pair; [`RecordError::UnknownGovernment`] when `demander` or
/// `holder` is not a government of the case.
pub fn deals(
    case: &Case,
    demander: &str,
    holder: &str,
    start: &str,
    rounds: u32,
) -> Result<Vec<RecordDeal>, RecordError> {
    for (path, code) in [("demander", demander), ("holder", holder)] {
        if !case.scenario.governments.iter().any(|g| g.id == code) {
            return Err(RecordError::UnknownGovernment {
                path: format!("$.record.{path}"),
                code: code.to_string(),
            });
        }
    }
    let origin = month_of(start).ok_or_else(|| RecordError::BadDate {
        path: "$.record.start".into(),
        date: start.to_string(),
    })?;
    let mut out = Vec::new();
    for (i, step) in case.steps.iter().enumerate() {
        let Some(brokered) = deal_of(step, demander, holder) else {
            continue;
        };
        let month =
            first_date(&step.date)
                .and_then(month_of)
                .ok_or_else(|| RecordError::BadDate {
                    path: format!("$.steps[{i}].date"),
                    date: step.date.clone(),
                })?;
        let round = month - origin;
        if !(0..i64::from(rounds)).contains(&round) {
            continue;
        }
        let mut freed = 0;
        let mut given = GivenSet::default();
        for g in &step.gives {
            match g {
                Give::Release { from, people, .. } if from == holder => freed += head_count(people),
                _ => {}
            }
            let (from, to) = g.parties();
            if from == demander
                && to == holder
                && let Some(k) = given_of(g)
            {
                given.insert(k);
            }
        }
        if brokered {
            for e in &step.events {
                if let CaseEvent::Pardon { by, people, .. } = e
                    && by == holder
                {
                    freed += head_count(people);
                }
            }
        }
        out.push(RecordDeal {
            round: round as u32,
            date: step.date.clone(),
            label: step.label.clone(),
            freed,
            given: given.iter().collect(),
            step: i,
        });
    }
    Ok(out)
}

/// `Some(brokered)` when `step` is a deal of (`demander`, `holder`):
/// `brokered` when it is so by its `brokered_by`, so that its pardon
/// events count too.
fn deal_of(step: &CaseStep, demander: &str, holder: &str) -> Option<bool> {
    if step.outcome != CaseOutcome::Accepted {
        return None;
    }
    match &step.brokered_by {
        Some(b) => (b.by == demander && b.role == BrokerRole::Demander).then_some(true),
        None => {
            let released = step
                .gives
                .iter()
                .any(|g| matches!(g, Give::Release { .. }) && g.parties() == (holder, demander));
            let paid = step
                .gives
                .iter()
                .any(|g| g.parties() == (demander, holder) && given_of(g).is_some());
            (released && paid).then_some(false)
        }
    }
}

/// The kind of a recorded concession (`None` for a reimposition).
fn given_of(g: &Give) -> Option<Given> {
    Some(match g {
        Give::Release { .. } => Given::Swap,
        Give::Licence { .. } => Given::Licence,
        Give::Delist { .. } => Given::Delist,
        Give::Suspend { .. } => Given::Suspend,
        Give::Ease { .. } => Given::Ease,
        Give::Unfreeze { .. } => Given::Unfreeze,
        Give::Recognition { .. } => Given::Recognition,
        Give::Favour { .. } => Given::Favour,
        Give::Reimpose { .. } => return None,
    })
}

fn head_count(p: &People) -> u32 {
    p.prisoners.len() as u32 + p.count
}

/// The first full `YYYY-MM-DD` date in a recorded date (`2025-11-20/2025-11-22`).
fn first_date(date: &str) -> Option<&str> {
    date.split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .find(|t| t.len() == 10 && days(t).is_some())
}

/// Months since year 0 of a calendar date.
fn month_of(date: &str) -> Option<i64> {
    days(date)?;
    let y: i64 = date.get(0..4)?.parse().ok()?;
    let m: i64 = date.get(5..7)?.parse().ok()?;
    Some(y * 12 + m - 1)
}

/// A count of the stock at a round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockPoint {
    /// The round: the count is the last one dated in the month before it
    /// (the simulated stock at round `k` is the stock after `k` rounds).
    pub round: u32,
    /// Its date.
    pub date: String,
    /// The count.
    pub stock: u32,
}

/// A second reading of "freed in deals": a count the series states.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondReading {
    /// The tally's id.
    pub what: String,
    /// The count.
    pub count: u32,
    /// Its period.
    pub from: String,
    /// Its end.
    pub to: String,
}

/// What a simulation of the pair is compared with over the first `rounds`
/// rounds: every use (tables, calibration, backtests, tests) reads this.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Targets {
    /// The demander.
    pub demander: String,
    /// The holder.
    pub holder: String,
    /// Date of round 0.
    pub start: String,
    /// The horizon.
    pub rounds: u32,
    /// The deals, oldest first.
    pub deals: Vec<RecordDeal>,
    /// Round of the first deal (`None`: no deal in the horizon).
    pub first_deal_round: Option<u32>,
    /// Deals in the horizon.
    pub deal_count: u32,
    /// People freed in them.
    pub freed: u32,
    /// Deals in each round.
    pub deals_by_round: Vec<u32>,
    /// People freed in deals in each round.
    pub freed_by_round: Vec<u32>,
    /// People per deal, oldest first.
    pub people_per_deal: Vec<u32>,
    /// Deals that gave each kind, in [`Given::ALL`] order.
    pub given: Vec<(Given, u32)>,
    /// The stock at each round `0..=rounds` where the series has a count in
    /// the month before it.
    pub stock: Vec<StockPoint>,
    /// The second reading of "freed in deals", when the record names one.
    pub second_reading: Option<SecondReading>,
}

impl Targets {
    /// The targets of `spec` over its horizon, from `case` and the stock
    /// `series`.
    ///
    /// # Errors
    /// As for [`deals`]; [`RecordError::UnknownTally`] when `spec.tally`
    /// names no tally of the series.
    pub fn new(
        case: &Case,
        series: Option<&Series>,
        spec: &RecordRef,
    ) -> Result<Targets, RecordError> {
        let n = spec.rounds;
        let deals = deals(case, &spec.demander, &spec.holder, &spec.start, n)?;
        let mut deals_by_round = vec![0; n as usize];
        let mut freed_by_round = vec![0; n as usize];
        for d in &deals {
            deals_by_round[d.round as usize] += 1;
            freed_by_round[d.round as usize] += d.freed;
        }
        let given = Given::ALL
            .iter()
            .map(|&k| {
                (
                    k,
                    deals.iter().filter(|d| d.given.contains(&k)).count() as u32,
                )
            })
            .collect();
        let origin = month_of(&spec.start).unwrap_or_default();
        let mut stock: Vec<StockPoint> = Vec::new();
        let mut second_reading = None;
        if let Some(s) = series {
            for (i, o) in s.observations.iter().enumerate() {
                let month = month_of(&o.date).ok_or_else(|| RecordError::BadDate {
                    path: format!("$.observations[{i}].date"),
                    date: o.date.clone(),
                })?;
                let round = month - origin + 1;
                if (0..=i64::from(n)).contains(&round) {
                    let point = StockPoint {
                        round: round as u32,
                        date: o.date.clone(),
                        stock: o.stock,
                    };
                    // Counts are in date order: a later one in the same
                    // month replaces the earlier.
                    match stock.last_mut() {
                        Some(last) if last.round == point.round => *last = point,
                        _ => stock.push(point),
                    }
                }
            }
            if let Some(what) = &spec.tally {
                let t = s
                    .tallies
                    .iter()
                    .find(|t| &t.what == what)
                    .ok_or_else(|| RecordError::UnknownTally(what.clone()))?;
                second_reading = Some(SecondReading {
                    what: t.what.clone(),
                    count: t.count,
                    from: t.from.clone(),
                    to: t.to.clone(),
                });
            }
        } else if let Some(what) = &spec.tally {
            return Err(RecordError::UnknownTally(what.clone()));
        }
        Ok(Targets {
            demander: spec.demander.clone(),
            holder: spec.holder.clone(),
            start: spec.start.clone(),
            rounds: n,
            first_deal_round: deals.first().map(|d| d.round),
            deal_count: deals.len() as u32,
            freed: deals.iter().map(|d| d.freed).sum(),
            people_per_deal: deals.iter().map(|d| d.freed).collect(),
            deals,
            deals_by_round,
            freed_by_round,
            given,
            stock,
            second_reading,
        })
    }

    /// Reads the files `spec` names, relative to `base` (the scenario
    /// file's folder), and builds the targets.
    ///
    /// # Errors
    /// A file that cannot be read or is not valid (the case is checked
    /// with [`Case::build`]), or as for [`Targets::new`].
    pub fn load(spec: &RecordRef, base: &Path) -> Result<Targets, RecordError> {
        let case = Case::from_path(base.join(&spec.case))
            .map_err(|e| RecordError::File(format!("{}: {e}", spec.case)))?;
        case.build()
            .map_err(|e| RecordError::File(format!("{}: {e}", spec.case)))?;
        let series = match &spec.series {
            Some(p) => Some(
                Series::from_path(base.join(p))
                    .map_err(|e| RecordError::File(format!("{p}: {e}")))?,
            ),
            None => None,
        };
        Targets::new(&case, series.as_ref(), spec)
    }

    /// The recorded stock at round `k`, if counted.
    pub fn stock_at(&self, k: u32) -> Option<&StockPoint> {
        self.stock.iter().find(|s| s.round == k)
    }
}

/// One target set beside the simulation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetCheck {
    /// What is compared.
    pub name: String,
    /// The record's value (`None`: the record has none, e.g. no stock count).
    pub record: Option<f64>,
    /// Simulated 5th percentile over runs.
    pub p5: f64,
    /// Simulated median.
    pub p50: f64,
    /// Simulated 95th percentile.
    pub p95: f64,
    /// Whether the record lies in `[p5, p95]` (`None` without a record value).
    pub inside: Option<bool>,
    /// Whether this is a sensitivity (the second reading), not a target.
    pub sensitivity: bool,
    /// How to read it.
    pub note: String,
}

impl TargetCheck {
    fn new(name: &str, record: Option<f64>, band: [f64; 3], note: String) -> Self {
        let [p5, p50, p95] = band;
        TargetCheck {
            name: name.to_string(),
            record,
            p5,
            p50,
            p95,
            inside: record.map(|x| p5 <= x && x <= p95),
            sensitivity: false,
            note,
        }
    }
}

/// One month of the record beside the simulation: cumulative deals and
/// people freed in deals by the end of round `round`, and the stock after it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthRow {
    /// The round (0-based).
    pub round: u32,
    /// Deals of the record in rounds `0..=round`.
    pub deals: u32,
    /// Simulated 5th/50th/95th percentiles of the same.
    pub sim_deals: [u32; 3],
    /// People freed in the record's deals in rounds `0..=round`.
    pub freed: u32,
    /// Simulated percentiles of the same.
    pub sim_freed: [u32; 3],
    /// The recorded stock after the round, if counted.
    pub stock: Option<u32>,
    /// Simulated percentiles of the stock after the round.
    pub sim_stock: [u32; 3],
}

const BAND: [f64; 3] = [0.05, 0.5, 0.95];

/// The pair's observations in `results`.
fn pair<'r>(t: &Targets, r: &'r ExperimentResults) -> Result<&'r PairObservations, RecordError> {
    r.pairs
        .iter()
        .position(|(d, h)| *d == t.demander && *h == t.holder)
        .and_then(|i| r.pair_deals.get(i))
        .ok_or_else(|| RecordError::NoPair(t.demander.clone(), t.holder.clone()))
}

/// The record's horizon within the simulated one.
fn horizon(t: &Targets, r: &ExperimentResults) -> u32 {
    t.rounds.min(r.rounds)
}

/// The record month by month beside the simulated percentiles, over the
/// rounds both cover.
///
/// # Errors
/// [`RecordError::NoPair`] when the results have no such pair.
pub fn monthly(t: &Targets, r: &ExperimentResults) -> Result<Vec<MonthRow>, RecordError> {
    let p = pair(t, r)?;
    let band = |c, k| BAND.map(|q| p.quantile(c, k, r.runs, q).unwrap_or(0));
    let (mut deals, mut freed) = (0, 0);
    Ok((0..horizon(t, r))
        .map(|k| {
            deals += t.deals_by_round[k as usize];
            freed += t.freed_by_round[k as usize];
            let stock = r.stock.get(k as usize + 1);
            MonthRow {
                round: k,
                deals,
                sim_deals: band(PairCount::Deals, k as usize),
                freed,
                sim_freed: band(PairCount::Freed, k as usize),
                stock: t.stock_at(k + 1).map(|s| s.stock),
                sim_stock: BAND.map(|q| stock.and_then(|h| h.quantile(q)).unwrap_or(0)),
            }
        })
        .collect())
}

/// Each target beside the simulated 5th–95th percentile band over the
/// record's horizon (cut to the simulated one): the round of the first
/// deal, deals, people freed in deals, the stock at the horizon, each kind
/// of concession the record or the simulation gave (as the share of runs
/// giving it), and the second reading as a sensitivity.
///
/// # Errors
/// [`RecordError::NoPair`] when the results have no such pair.
pub fn compare(t: &Targets, r: &ExperimentResults) -> Result<Vec<TargetCheck>, RecordError> {
    let p = pair(t, r)?;
    let n = horizon(t, r);
    let runs = r.runs;
    let mut out = Vec::new();
    if n == 0 || runs == 0 {
        return Ok(out);
    }
    let last = n as usize - 1;
    // Runs without a deal in the horizon count as "round n" (not yet).
    let first = BAND.map(|q| {
        let rank = ((q * runs as f64).ceil() as u64).clamp(1, runs);
        let mut seen = 0;
        for (v, c) in p.first_deal_round.iter().take_while(|&(v, _)| v < n) {
            seen += c;
            if seen >= rank {
                return f64::from(v);
            }
        }
        f64::from(n)
    });
    out.push(TargetCheck::new(
        "round of the first deal",
        Some(f64::from(t.first_deal_round.unwrap_or(n))),
        first,
        format!("round {n} means none in the first {n} rounds"),
    ));
    let band = |c| BAND.map(|q| f64::from(p.quantile(c, last, runs, q).unwrap_or(0)));
    out.push(TargetCheck::new(
        &format!("deals in the first {n} rounds"),
        Some(f64::from(t.deals_by_round[..=last].iter().sum::<u32>())),
        band(PairCount::Deals),
        String::new(),
    ));
    let freed = t.freed_by_round[..=last].iter().sum::<u32>();
    out.push(TargetCheck::new(
        &format!("freed in deals in the first {n} rounds"),
        Some(f64::from(freed)),
        band(PairCount::Freed),
        format!("people per deal in the record: {:?}", t.people_per_deal),
    ));
    let stock = r
        .stock
        .get(n as usize)
        .map(|h| BAND.map(|q| h.quantile(q).map_or(0.0, f64::from)))
        .unwrap_or_default();
    let at = t.stock_at(n);
    out.push(TargetCheck::new(
        &format!("stock at round {n}"),
        at.map(|s| f64::from(s.stock)),
        stock,
        at.map_or_else(
            || "no count in the month before".into(),
            |s| format!("counted {}", s.date),
        ),
    ));
    for (kind, recorded) in &t.given {
        let share = p.runs_giving(*kind, last) as f64 / runs as f64;
        if *recorded == 0 && share == 0.0 {
            continue;
        }
        // Over runs, giving the kind is 0 or 1: its percentiles are 0 or 1.
        let q = |x: f64| if share >= 1.0 - x { 1.0 } else { 0.0 };
        let given = t
            .deals
            .iter()
            .any(|d| d.round < n && d.given.contains(kind));
        out.push(TargetCheck::new(
            &format!("any {} in the first {n} rounds", kind.name()),
            Some(if given { 1.0 } else { 0.0 }),
            [q(0.05), q(0.5), q(0.95)],
            format!("given in {:.1}% of runs", 100.0 * share),
        ));
    }
    if let Some(s) = &t.second_reading {
        let mut c = TargetCheck::new(
            &format!("freed in deals, second reading ({})", s.what),
            Some(f64::from(s.count)),
            band(PairCount::Freed),
            format!("{} to {}: a sensitivity, not a target", s.from, s.to),
        );
        c.sensitivity = true;
        out.push(c);
    }
    Ok(out)
}
