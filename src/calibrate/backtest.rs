//! Backtests: calibrate on the record up to a cutoff, forecast the months
//! after it, and score the forecast against what happened and against two
//! naive forecasts.
//!
//! The steps, each a function so that a stored fit can stand in for the
//! calibration:
//!
//! 1. [`BacktestRecord::load`]: the record up to the cutoff (what the
//!    calibration sees), over the whole horizon (what the forecast is
//!    scored against) and over the year before (the first baseline).
//! 2. [`cut_calibration`]: the scenario's calibration with every summary
//!    that reads the record cut to the cutoff, so the fit sees nothing after
//!    it.
//! 3. [`ScenarioModel::calibrate`](super::ScenarioModel::calibrate), then
//!    [`Posterior::draws`](super::Posterior::draws): parameter draws from the
//!    posterior (or a [`StoredFit`] written earlier).
//! 4. [`forecast`]: for each draw, runs of the scenario at those parameters;
//!    the posterior predictive pools every run of every draw, so its bands
//!    hold parameter uncertainty and run-to-run noise together.
//!
//! # What is forecast and scored
//! For each round `k` from the cutoff to the horizon: the pair's deals and
//! the people freed in them from the cutoff through round `k`, and the
//! stock after round `k` where the series has a count. Each gets the
//! forecast's 5th/50th/95th percentiles, whether the record lies in that
//! 90% band, the band's width, and the continuous ranked probability score
//! (CRPS, in the quantity's own unit; lower is better; for a point forecast
//! it is the absolute error). The two baselines are point forecasts:
//!
//! * **previous year**: the same months a year earlier repeated (deals and
//!   freed as counted then; the stock as the count at the cutoff plus the
//!   change over the same months a year earlier, interpolated linearly
//!   between that year's counts);
//! * **first-half rate**: the rate per round before the cutoff carried
//!   forward (deals and freed per round; the stock's change per round
//!   between the first count the calibration sees and the count at the
//!   cutoff).
//!
//! The simulation starts at round 0, not from the state at the cutoff: the
//! forecast does not know the cutoff's stock, the baselines do.

use super::{CalibrateError, ScenarioModel, observe};
use crate::history::record::Targets;
use crate::rng;
use crate::scenario::{Calibration, MethodEntry, RecordRef, SummaryKind};
use crate::simulate::Simulation;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

use super::revolving_door::{days, days_in_month};

/// The most runs a forecast may pool (draws x runs per draw): its samples
/// take 12 bytes per run and forecast round.
pub const MAX_FORECAST_RUNS: u64 = 10_000_000;

/// The record a backtest uses, read once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BacktestRecord {
    /// The last date the calibration may see (`YYYY-MM-DD`).
    pub cutoff: String,
    /// The record up to the cutoff: its horizon is the rounds the
    /// calibration sees.
    pub seen: Targets,
    /// The record over the whole horizon.
    pub full: Targets,
    /// The same horizon a year earlier (the first baseline).
    pub previous_year: Targets,
}

/// Rounds (calendar months from `start`) wholly on or before `cutoff`.
fn rounds_seen(start: &str, cutoff: &str) -> Result<u32, CalibrateError> {
    let bad = |field: &str, date: &str| {
        CalibrateError::Scenario(format!(
            "{field}: `{date}` is not a calendar date of the form YYYY-MM-DD"
        ))
    };
    days(start).ok_or_else(|| bad("$.record.start", start))?;
    days(cutoff).ok_or_else(|| bad("--cutoff", cutoff))?;
    let ymd = |d: &str| -> (i64, i64, i64) {
        let mut it = d.split('-').map(|x| x.parse::<i64>().unwrap_or(0));
        (
            it.next().unwrap_or(0),
            it.next().unwrap_or(0),
            it.next().unwrap_or(0),
        )
    };
    let (sy, sm, _) = ymd(start);
    let (cy, cm, cd) = ymd(cutoff);
    // The cutoff's month counts only when the cutoff is its last day.
    let whole = i64::from(cd == days_in_month(cy, cm));
    let seen = (cy * 12 + cm) - (sy * 12 + sm) + whole;
    u32::try_from(seen).map_err(|_| {
        CalibrateError::Scenario(format!(
            "--cutoff: {cutoff} is before the record's start {start}"
        ))
    })
}

/// `date` a year earlier (29 February becomes 28 February).
fn year_before(date: &str) -> String {
    let (y, rest) = date.split_at(4.min(date.len()));
    let y: i64 = y.parse().unwrap_or(0);
    if rest == "-02-29" {
        format!("{:04}-02-28", y - 1)
    } else {
        format!("{:04}{rest}", y - 1)
    }
}

impl BacktestRecord {
    /// Reads the record `spec` names (files relative to `base`, the scenario
    /// file's folder) as seen at `cutoff`, over its whole horizon, and a
    /// year earlier.
    ///
    /// # Errors
    /// [`CalibrateError::Scenario`] for a cutoff that is not a date, leaves
    /// no whole round before it or none after it within the record's
    /// horizon, or a record that cannot be read.
    pub fn load(spec: &RecordRef, cutoff: &str, base: &Path) -> Result<Self, CalibrateError> {
        let seen = rounds_seen(&spec.start, cutoff)?;
        if seen == 0 || seen >= spec.rounds {
            return Err(CalibrateError::Scenario(format!(
                "--cutoff: {cutoff} leaves {seen} whole rounds of the record's {} (from {}) to calibrate on; \
                 a backtest needs at least one before the cutoff and one after it",
                spec.rounds, spec.start
            )));
        }
        let read = |spec: &RecordRef| {
            Targets::load(spec, base).map_err(|e| CalibrateError::Scenario(format!("record: {e}")))
        };
        let full = read(spec)?;
        let seen = read(&RecordRef {
            rounds: seen,
            ..spec.clone()
        })?;
        let previous_year = read(&RecordRef {
            start: year_before(&spec.start),
            tally: None,
            ..spec.clone()
        })?;
        Ok(BacktestRecord {
            cutoff: cutoff.to_string(),
            seen,
            full,
            previous_year,
        })
    }

    /// Rounds before the cutoff.
    pub fn cutoff_round(&self) -> u32 {
        self.seen.rounds
    }
}

/// `calibration` as a backtest at the record's cutoff fits it: every summary
/// that reads the record (no `observed` of its own) is cut to the rounds
/// before the cutoff (a stock summary to the last count among them) and
/// re-read from `record.seen`; summaries the cut makes identical are kept
/// once (the first), and the method's `data_cutoff` is the cutoff.
///
/// # Errors
/// [`CalibrateError::Scenario`] naming the summary when it gives its own
/// recorded value over rounds past the cutoff (or over unstated rounds):
/// that value may hold what the backtest must not see.
pub fn cut_calibration(
    calibration: &Calibration,
    record: &BacktestRecord,
) -> Result<Calibration, CalibrateError> {
    let seen = record.cutoff_round();
    let mut cut = calibration.clone();
    for (i, s) in cut.summaries.iter_mut().enumerate() {
        if s.observed.is_some() {
            if s.rounds.is_none_or(|r| r > seen) {
                return Err(CalibrateError::Scenario(format!(
                    "$.calibration.summaries[{i}].observed: a value given in the file over {} cannot be cut \
                     at the cutoff ({seen} rounds); leave `observed` out so the record gives it",
                    s.rounds
                        .map_or("unstated rounds".to_string(), |r| format!("{r} rounds"))
                )));
            }
            continue;
        }
        let mut rounds = s.rounds.unwrap_or(seen).min(seen);
        if s.kind == SummaryKind::Stock {
            // The last count the cutoff leaves, when its own month has none
            // (round 0's count is the scenario's own starting stock, which
            // nothing fitted can move).
            let counted = |p: &&crate::history::record::StockPoint| (1..=rounds).contains(&p.round);
            if let Some(p) = record.seen.stock.iter().rev().find(counted) {
                rounds = p.round;
            }
        }
        s.rounds = Some(rounds);
        s.source.clear();
    }
    // Summaries at mid-year and at year-end are one summary once both are
    // cut to a mid-year cutoff: counted twice, it would weigh double.
    let mut seen_names = std::collections::BTreeSet::new();
    cut.summaries.retain(|s| seen_names.insert(s.name()));
    cut.method.data_cutoff = Some(record.cutoff.clone());
    observe(&mut cut, &record.seen)?;
    Ok(cut)
}

/// Parameter draws from a calibration at a cutoff, stored so that a
/// backtest (or a test) can forecast without calibrating again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredFit {
    /// The cutoff the calibration saw the record up to.
    pub cutoff: String,
    /// The calibration's settings.
    pub method: MethodEntry,
    /// How it was made.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The draws, each a map from parameter path to value.
    pub draws: Vec<BTreeMap<String, f64>>,
}

/// How much a forecast simulates.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastSettings {
    /// Runs per parameter draw.
    pub runs_per_draw: u32,
    /// Rounds per run (the scenario's horizon: a ladder's value of relief
    /// depends on the rounds left, so a forecast runs as the main job does).
    pub rounds: u32,
    /// Seed; draw `d`'s runs are those of an experiment seeded with
    /// `rng::splitmix(seed ^ rng::splitmix(d))`.
    pub seed: u64,
}

/// What is forecast.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    /// The pair's deals from the cutoff through the round.
    Deals,
    /// People freed in those deals.
    FreedInDeals,
    /// Prisoners held after the round.
    Stock,
}

impl Quantity {
    /// All three, in table order.
    pub const ALL: [Quantity; 3] = [Quantity::Deals, Quantity::FreedInDeals, Quantity::Stock];

    /// A short name.
    pub fn name(self) -> &'static str {
        match self {
            Quantity::Deals => "deals since the cutoff",
            Quantity::FreedInDeals => "freed in deals since the cutoff",
            Quantity::Stock => "stock after the round",
        }
    }
}

/// One quantity in one round: the forecast beside the record and the
/// baselines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForecastCell {
    /// The record's value (`None`: the series has no count for the round).
    pub record: Option<f64>,
    /// The forecast's 5th, 50th and 95th percentiles.
    pub band: [f64; 3],
    /// The previous-year baseline (`None`: that year has no count to build
    /// it from).
    pub previous_year: Option<f64>,
    /// The first-half-rate baseline.
    pub first_half: Option<f64>,
    /// The forecast's CRPS against the record.
    pub crps: Option<f64>,
}

impl ForecastCell {
    /// Whether the record lies inside the 90% band.
    pub fn covered(&self) -> Option<bool> {
        self.record.map(|y| self.band[0] <= y && y <= self.band[2])
    }
}

/// One forecast round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForecastMonth {
    /// The round (0-based from the record's start).
    pub round: u32,
    /// Deals since the cutoff, freed in them, stock: [`Quantity::ALL`] order.
    pub cells: [ForecastCell; 3],
}

/// One quantity's score over the forecast rounds the record counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// What is scored.
    pub quantity: Quantity,
    /// Rounds scored (those with a record value).
    pub rounds: u32,
    /// Rounds whose record lies inside the forecast's 90% band.
    pub covered: u32,
    /// Mean width of the 90% band (95th minus 5th percentile) over those
    /// rounds: wide bands cover easily, and this says how wide.
    pub mean_width: f64,
    /// The forecast's CRPS summed over those rounds.
    pub crps: f64,
    /// The previous-year baseline's (`None` when it cannot be built for
    /// every round scored).
    pub previous_year: Option<f64>,
    /// The first-half-rate baseline's.
    pub first_half: Option<f64>,
}

impl Score {
    /// Whether the forecast's CRPS is below both baselines' (a baseline
    /// that cannot be built is not beaten).
    pub fn beats_baselines(&self) -> bool {
        [self.previous_year, self.first_half]
            .iter()
            .all(|b| b.is_some_and(|b| self.crps < b))
    }
}

/// A backtest's forecast, scored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Backtest {
    /// The pair: demander and holder.
    pub pair: [String; 2],
    /// Calendar date of round 0.
    pub start: String,
    /// The cutoff.
    pub cutoff: String,
    /// Rounds before it.
    pub cutoff_round: u32,
    /// The record's horizon.
    pub horizon: u32,
    /// Parameter draws.
    pub draws: usize,
    /// How they were simulated.
    pub settings: ForecastSettings,
    /// Rounds `cutoff_round..horizon`.
    pub months: Vec<ForecastMonth>,
    /// Per quantity.
    pub scores: Vec<Score>,
}

impl Backtest {
    /// The last forecast round: what the second half came to.
    pub fn at_horizon(&self) -> Option<&ForecastMonth> {
        self.months.last()
    }

    /// The score of `q`.
    pub fn score(&self, q: Quantity) -> Option<&Score> {
        self.scores.iter().find(|s| s.quantity == q)
    }
}

/// CRPS of the sample `sorted` (ascending) against `y`:
/// `E|X - y| - E|X - X'| / 2`, exact for the empirical distribution.
///
/// ```
/// use detente::calibrate::backtest::crps;
/// assert_eq!(crps(&[5], 3.0), 2.0); // a point forecast: the absolute error
/// assert!((crps(&[0, 1], 0.0) - 0.25).abs() < 1e-12);
/// ```
pub fn crps(sorted: &[u32], y: f64) -> f64 {
    let n = sorted.len() as f64;
    if sorted.is_empty() {
        return f64::NAN;
    }
    let mut abs = 0.0;
    let mut spread = 0.0;
    for (i, &x) in sorted.iter().enumerate() {
        let x = f64::from(x);
        abs += (x - y).abs();
        // Sum over pairs of |x_i - x_j| = sum_i (2i - n + 1) x_(i), 0-based.
        spread += (2.0 * i as f64 - n + 1.0) * x;
    }
    abs / n - spread / (n * n)
}

fn quantile(sorted: &[u32], q: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    let rank = ((q * n as f64).ceil() as usize).clamp(1, n);
    f64::from(sorted[rank - 1])
}

/// The stock of `t` at round `k`, interpolated linearly between its counts
/// (`None` outside them).
fn stock_between(t: &Targets, k: u32) -> Option<f64> {
    if let Some(p) = t.stock_at(k) {
        return Some(f64::from(p.stock));
    }
    let before = t.stock.iter().rev().find(|p| p.round < k)?;
    let after = t.stock.iter().find(|p| p.round > k)?;
    let w = f64::from(k - before.round) / f64::from(after.round - before.round);
    Some(f64::from(before.stock) + w * (f64::from(after.stock) - f64::from(before.stock)))
}

/// The sum of a per-round count over rounds `c..=k` (`None` beyond the
/// record): deals or people freed since the cutoff.
fn since(by: &[u32], c: u32, k: u32) -> Option<f64> {
    by.get(c as usize..=k as usize)
        .map(|s| s.iter().map(|&x| f64::from(x)).sum())
}

/// The two baselines for quantity `q` at round `k` (`k >= cutoff`).
fn baselines(r: &BacktestRecord, q: Quantity, k: u32) -> [Option<f64>; 2] {
    let c = r.cutoff_round();
    let rate = |by: &[u32]| {
        let before: u32 = by.iter().take(c as usize).sum();
        f64::from(before) / f64::from(c) * f64::from(k + 1 - c)
    };
    let at_cutoff = r.seen.stock_at(c).map(|p| f64::from(p.stock));
    match q {
        Quantity::Deals => [
            since(&r.previous_year.deals_by_round, c, k),
            Some(rate(&r.seen.deals_by_round)),
        ],
        Quantity::FreedInDeals => [
            since(&r.previous_year.freed_by_round, c, k),
            Some(rate(&r.seen.freed_by_round)),
        ],
        Quantity::Stock => {
            let py = &r.previous_year;
            let previous = at_cutoff
                .and_then(|s0| Some(s0 + stock_between(py, k + 1)? - stock_between(py, c)?));
            let first = r.seen.stock.iter().find(|p| p.round < c);
            let carried = at_cutoff.zip(first).map(|(s0, p)| {
                let slope = (s0 - f64::from(p.stock)) / f64::from(c - p.round);
                s0 + slope * f64::from(k + 1 - c)
            });
            [previous, carried]
        }
    }
}

/// Forecasts the rounds after the cutoff from `draws` (parameter path to
/// value, as [`Posterior::draws`](super::Posterior::draws) gives) with
/// `model`'s scenario, and scores the forecast against `record`.
///
/// Draws run in parallel (rayon) and are pooled in draw order, so the
/// result is the same for any number of threads.
///
/// # Errors
/// [`CalibrateError::Scenario`] when a draw lacks a parameter of the model
/// or its value does not fit the field, the record's pair does not
/// negotiate in the scenario, there are no draws, or draws x runs exceeds
/// [`MAX_FORECAST_RUNS`].
pub fn forecast(
    model: &ScenarioModel,
    draws: &[BTreeMap<String, f64>],
    record: &BacktestRecord,
    settings: &ForecastSettings,
) -> Result<Backtest, CalibrateError> {
    let c = record.cutoff_round();
    let horizon = record.full.rounds.min(settings.rounds);
    if horizon <= c {
        return Err(CalibrateError::Scenario(format!(
            "the forecast runs {} rounds, none after the cutoff's {c}",
            settings.rounds
        )));
    }
    let runs = u64::from(settings.runs_per_draw.max(1));
    if draws.is_empty() || (draws.len() as u64).saturating_mul(runs) > MAX_FORECAST_RUNS {
        return Err(CalibrateError::Scenario(format!(
            "a forecast pools 1 to {MAX_FORECAST_RUNS} runs; {} draws x {runs} runs is not",
            draws.len()
        )));
    }
    let thetas = draws
        .iter()
        .enumerate()
        .map(|(d, draw)| {
            model
                .parameters()
                .iter()
                .map(|(path, _)| {
                    draw.get(path).copied().ok_or_else(|| {
                        CalibrateError::Scenario(format!("draws[{d}]: no value for `{path}`"))
                    })
                })
                .collect::<Result<Vec<f64>, _>>()
        })
        .collect::<Result<Vec<_>, _>>()?;
    let n_months = (horizon - c) as usize;
    // samples[m][q]: one value per run of the draw.
    let per_draw: Vec<Vec<[Vec<u32>; 3]>> = thetas
        .par_iter()
        .enumerate()
        .map(|(d, theta)| {
            let scenario = model.scenario_at(theta)?;
            let sim = Simulation::from_scenario(&scenario)
                .map_err(|e| CalibrateError::Scenario(format!("draws[{d}]: {e}")))?;
            let pair = pair_of(&sim, &record.full)?;
            let mut out: Vec<[Vec<u32>; 3]> = (0..n_months)
                .map(|_| std::array::from_fn(|_| Vec::with_capacity(runs as usize)))
                .collect();
            let seed = rng::splitmix(settings.seed ^ rng::splitmix(d as u64));
            sim.for_each_run(settings.rounds, seed, 0..runs, |run| {
                let (mut deals, mut freed) = (0, 0);
                let mut log = run.deal_log.iter().filter(|n| n.pair == pair).peekable();
                while log.next_if(|n| n.round < c).is_some() {}
                for (k, [d, f, s]) in (c..).zip(out.iter_mut()) {
                    while let Some(n) = log.next_if(|n| n.round == k) {
                        deals += 1;
                        freed += n.released;
                    }
                    d.push(deals);
                    f.push(freed);
                    let i = (k as usize + 1).min(run.stock.len().saturating_sub(1));
                    s.push(run.stock.get(i).copied().unwrap_or(0));
                }
            });
            Ok(out)
        })
        .collect::<Result<_, CalibrateError>>()?;
    let mut months = Vec::with_capacity(n_months);
    let mut pooled = Vec::new();
    for m in 0..n_months {
        let k = c + m as u32;
        let cells = std::array::from_fn(|qi| {
            let q = Quantity::ALL[qi];
            pooled.clear();
            for d in &per_draw {
                pooled.extend_from_slice(&d[m][qi]);
            }
            pooled.sort_unstable();
            let record_value = match q {
                Quantity::Deals => since(&record.full.deals_by_round, c, k),
                Quantity::FreedInDeals => since(&record.full.freed_by_round, c, k),
                Quantity::Stock => record.full.stock_at(k + 1).map(|p| f64::from(p.stock)),
            };
            let [previous_year, first_half] = baselines(record, q, k);
            ForecastCell {
                record: record_value,
                band: [0.05, 0.5, 0.95].map(|p| quantile(&pooled, p)),
                previous_year,
                first_half,
                crps: record_value.map(|y| crps(&pooled, y)),
            }
        });
        months.push(ForecastMonth { round: k, cells });
    }
    let scores = Quantity::ALL
        .iter()
        .enumerate()
        .map(|(qi, &quantity)| score(quantity, months.iter().map(|m| &m.cells[qi])))
        .collect();
    Ok(Backtest {
        pair: [record.full.demander.clone(), record.full.holder.clone()],
        start: record.full.start.clone(),
        cutoff: record.cutoff.clone(),
        cutoff_round: c,
        horizon,
        draws: draws.len(),
        settings: *settings,
        months,
        scores,
    })
}

fn pair_of(sim: &Simulation, t: &Targets) -> Result<u32, CalibrateError> {
    let w = sim.world();
    let (d, h) = (
        w.government_by_code(&t.demander),
        w.government_by_code(&t.holder),
    );
    d.zip(h)
        .and_then(|(d, h)| sim.pairs().iter().position(|&p| p == (d, h)))
        .and_then(|i| u32::try_from(i).ok())
        .ok_or_else(|| {
            CalibrateError::Scenario(format!(
                "$.record: {} and {} do not negotiate in this scenario",
                t.demander, t.holder
            ))
        })
}

fn score<'a>(quantity: Quantity, cells: impl Iterator<Item = &'a ForecastCell>) -> Score {
    let mut s = Score {
        quantity,
        rounds: 0,
        covered: 0,
        mean_width: 0.0,
        crps: 0.0,
        previous_year: Some(0.0),
        first_half: Some(0.0),
    };
    for cell in cells {
        let (Some(y), Some(crps)) = (cell.record, cell.crps) else {
            continue;
        };
        s.rounds += 1;
        s.covered += u32::from(cell.covered() == Some(true));
        s.mean_width += cell.band[2] - cell.band[0];
        s.crps += crps;
        s.previous_year = s
            .previous_year
            .zip(cell.previous_year)
            .map(|(a, b)| a + (b - y).abs());
        s.first_half = s
            .first_half
            .zip(cell.first_half)
            .map(|(a, b)| a + (b - y).abs());
    }
    if s.rounds > 0 {
        s.mean_width /= f64::from(s.rounds);
    } else {
        s.previous_year = None;
        s.first_half = None;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crps_matches_the_pairwise_definition() {
        let xs = [1u32, 4, 4, 9, 12];
        for y in [0.0, 4.0, 7.5, 20.0] {
            let n = xs.len() as f64;
            let a: f64 = xs.iter().map(|&x| (f64::from(x) - y).abs()).sum::<f64>() / n;
            let b: f64 = xs
                .iter()
                .flat_map(|&x| xs.iter().map(move |&z| (f64::from(x) - f64::from(z)).abs()))
                .sum::<f64>()
                / (n * n);
            assert!((crps(&xs, y) - (a - b / 2.0)).abs() < 1e-12);
        }
    }

    #[test]
    fn the_cutoff_counts_whole_months_only() {
        assert_eq!(rounds_seen("2025-01-01", "2025-06-30").unwrap(), 6);
        assert_eq!(rounds_seen("2025-01-01", "2025-06-29").unwrap(), 5);
        assert_eq!(rounds_seen("2024-01-01", "2024-02-29").unwrap(), 2);
        assert_eq!(rounds_seen("2025-01-01", "2024-12-31").unwrap(), 0);
        assert!(rounds_seen("2025-01-01", "2024-12-30").is_err());
        assert!(rounds_seen("2025-01-01", "2024-11-30").is_err());
        assert!(rounds_seen("2025-01-01", "2025-02-30").is_err());
        assert_eq!(year_before("2025-01-01"), "2024-01-01");
        assert_eq!(year_before("2024-02-29"), "2023-02-28");
    }
}
