//! Figures of an experiment: conversions from [`ExperimentResults`] and
//! [`Trajectory`] to the figure data of [`crate::report`], and the
//! one-file HTML report.
//!
//! Rounds on every x axis count from 0 = the start: round `r` is the state
//! after `r` rounds of talks and events, so a deal made in the first round
//! of talks shows at round 1, where the stock it lowered is plotted.
//!
//! ```
//! use detente::simulate::{ExperimentConfig, ExperimentFigures, Simulation};
//! let s = detente::scenario::Scenario::from_path("examples/scenarios/belarus_2025.json")?;
//! let sim = Simulation::from_scenario(&s)?;
//! let results = sim.experiment(&ExperimentConfig { runs: 8, rounds: 6, seed: 1 });
//! let figures = ExperimentFigures::new(&sim, &results, "month")?;
//! assert_eq!(figures.freed.freed.len(), 8);
//! assert_eq!(figures.stock.rounds.len(), 7); // the start and six rounds
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use rayon::prelude::*;

use super::pairs::{IMPOSSIBLE, PairScratch};
use super::results::ExperimentResults;
use super::simulation::Simulation;
use super::trajectory::Trajectory;
use crate::negotiate::Utility;
use crate::report::{
    DealTimeline, FreedHistogram, FrontierPlot, PlotError, ReliefSeries, StockBands, TimelineEvent,
};

/// Runs whose trajectories are recorded for the relief figure and the deal
/// timeline: recording allocates, so only a sample of the experiment's runs.
pub const TRAJECTORY_SAMPLE: u64 = 64;

/// Most outcomes drawn in the frontier figure: beyond that the SVG grows
/// past what a report should carry, and the figure is left out.
pub const FRONTIER_MAX_POINTS: usize = 5_000;

impl ExperimentResults {
    /// Prisoners freed per run, expanded from the exact histogram (one
    /// entry per run, in increasing order).
    pub fn freed_histogram(&self) -> FreedHistogram {
        let mut v = Vec::with_capacity(usize::try_from(self.runs).unwrap_or(0));
        for (x, c) in self.freed.iter() {
            v.extend(std::iter::repeat_n(u64::from(x), c as usize));
        }
        FreedHistogram::new(self.scenario.clone(), v)
    }

    /// The stock's quantile bands per round (nearest rank, exact over all
    /// runs), mean new arrests per round, and mean departures from custody
    /// per round. Departures come from conservation of the exact stock
    /// sums (`held before + arrested - held after`), so they count every
    /// release (deals, sentences, pardons, medical) and the few deaths in
    /// custody, which the aggregates do not split by round.
    ///
    /// # Errors
    /// [`PlotError::Empty`] without runs.
    pub fn stock_bands(&self, round_unit: &str) -> Result<StockBands, PlotError> {
        if self.runs == 0 || self.stock.is_empty() {
            return Err(PlotError::Empty("no runs"));
        }
        let runs = self.runs as f64;
        let mut quantiles: [Vec<f64>; 5] = Default::default();
        for h in &self.stock {
            for (q, out) in [0.05, 0.25, 0.5, 0.75, 0.95].iter().zip(&mut quantiles) {
                out.push(h.quantile(*q).map_or(f64::NAN, f64::from));
            }
        }
        let (mut arrests, mut releases) = (vec![0.0], vec![0.0]);
        for r in 1..self.stock.len() {
            let arrested = self.arrested_per_round.get(r - 1).copied().unwrap_or(0);
            let (before, after) = (self.stock[r - 1].sum(), self.stock[r].sum());
            let left = (before + u128::from(arrested)).saturating_sub(after);
            arrests.push(arrested as f64 / runs);
            releases.push(left as f64 / runs);
        }
        Ok(StockBands {
            scenario: self.scenario.clone(),
            round_unit: round_unit.to_string(),
            rounds: (0..self.stock.len() as u32).collect(),
            quantiles,
            arrests,
            releases,
        })
    }
}

/// Every figure of an experiment, ready to render or serialise.
#[derive(Clone, Debug)]
pub struct ExperimentFigures {
    /// Prisoners freed per run (all runs).
    pub freed: FreedHistogram,
    /// Stock bands and flows (all runs).
    pub stock: StockBands,
    /// Mean relief level per sanction over the sampled runs.
    pub relief: ReliefSeries,
    /// The deals of one sampled run.
    pub timeline: DealTimeline,
    /// The run shown in [`timeline`](Self::timeline): the first sampled run
    /// with a deal (else the first run).
    pub timeline_run: u64,
    /// Deals on the table in the first round of talks between the pair with
    /// the most deals (`None`: no pair, or too many outcomes to draw).
    pub frontier: Option<FrontierPlot>,
}

impl ExperimentFigures {
    /// The figures of `results` (an experiment of `sim`). The relief figure
    /// and the timeline replay the first [`TRAJECTORY_SAMPLE`] runs of the
    /// first block of runs `results` covers, with the same seeds, so they
    /// show runs of this very experiment.
    ///
    /// # Errors
    /// [`PlotError::Empty`] when `results` holds no run.
    pub fn new(
        sim: &Simulation,
        results: &ExperimentResults,
        round_unit: &str,
    ) -> Result<Self, PlotError> {
        let (start, end) = *results.covered.first().ok_or(PlotError::Empty("no runs"))?;
        let sample = start..end.min(start + TRAJECTORY_SAMPLE);
        let trajectories: Vec<(u64, Trajectory)> = sample
            .into_par_iter()
            .map(|i| (i, sim.run_one(results.seed, i, results.rounds).1))
            .collect();
        let (timeline_run, shown) = trajectories
            .iter()
            .find(|(_, t)| t.rounds.iter().any(|r| r.deals.iter().any(|d| d.passed)))
            .unwrap_or(&trajectories[0]);
        let runs: Vec<&Trajectory> = trajectories.iter().map(|(_, t)| t).collect();
        Ok(ExperimentFigures {
            freed: results.freed_histogram(),
            stock: results.stock_bands(round_unit)?,
            relief: sim.relief_series(&runs, round_unit),
            timeline: sim.deal_timeline(shown, round_unit),
            timeline_run: *timeline_run,
            frontier: busiest_pair(results).and_then(|p| sim.opening_frontier(p)),
        })
    }
}

/// The pair with the most deals carried out (lowest index on ties).
fn busiest_pair(results: &ExperimentResults) -> Option<usize> {
    let mut count = vec![0u64; results.pairs.len()];
    for s in &results.deal_shapes {
        if let Some(c) = count.get_mut(s.pair as usize) {
            *c += s.count;
        }
    }
    let best = count.iter().copied().max()?;
    count.iter().position(|&c| c == best)
}

impl Simulation {
    /// Mean relief level (0 = in force, 1 = fully relieved) of each
    /// sanction at the start and after each round, over `runs`. Sanctions
    /// whose level never moves from zero in any of them are left out
    /// (all of them are kept when none moves).
    pub fn relief_series(&self, runs: &[&Trajectory], round_unit: &str) -> ReliefSeries {
        let n_rounds = runs.iter().map(|t| t.rounds.len()).max().unwrap_or(0);
        let sanctions = self.world.sanctions();
        let mut sums = vec![vec![0.0; n_rounds + 1]; sanctions.len()];
        let mut counts = vec![0u32; n_rounds + 1];
        for t in runs {
            counts[0] += 1;
            for (s, row) in sums.iter_mut().enumerate() {
                row[0] += self.initial.relief[s].level;
            }
            for (r, rec) in t.rounds.iter().enumerate() {
                counts[r + 1] += 1;
                for (row, &x) in sums.iter_mut().zip(&rec.relief) {
                    row[r + 1] += x;
                }
            }
        }
        let mut series: Vec<(String, Vec<f64>)> = sanctions
            .iter()
            .zip(sums)
            .map(|(s, row)| {
                let mean = row
                    .iter()
                    .zip(&counts)
                    .map(|(x, &c)| if c == 0 { 0.0 } else { x / f64::from(c) })
                    .collect();
                (s.key.clone(), mean)
            })
            .collect();
        if series.iter().any(|(_, ys)| ys.iter().any(|&y| y != 0.0)) {
            series.retain(|(_, ys)| ys.iter().any(|&y| y != 0.0));
        }
        ReliefSeries {
            scenario: self.world.name().to_string(),
            round_unit: round_unit.to_string(),
            unit: format!("level, mean of {} runs", runs.len()),
            rounds: (0..=n_rounds as u32).collect(),
            sanctions: series,
        }
    }

    /// The deals carried out in one run (those the rulebook passed), at the
    /// round after which they took effect (1 = the first round of talks).
    pub fn deal_timeline(&self, trajectory: &Trajectory, round_unit: &str) -> DealTimeline {
        let mut events = Vec::new();
        for rec in &trajectory.rounds {
            for d in rec.deals.iter().filter(|d| d.passed) {
                let mut label = d.description.clone();
                if let Some(g) = d.defector {
                    label.push_str(&format!(" ({} defected)", self.world.code(g)));
                }
                events.push(TimelineEvent {
                    round: rec.round + 1,
                    label,
                    freed: d.released.len() as u64,
                    relief: d
                        .deal
                        .concessions
                        .iter()
                        .filter(|c| c.kind.relief_kind().is_some())
                        .count() as u32,
                });
            }
        }
        DealTimeline {
            scenario: self.world.name().to_string(),
            round_unit: round_unit.to_string(),
            rounds: trajectory.rounds.len() as u32,
            events,
        }
    }

    /// The deals pair `pair` (an index of [`Simulation::pairs`]) can make
    /// in the first round of talks, as payoff changes to the demander and
    /// the holder (what their strategies bargain over, with the defection
    /// risk of a sequential deal at the initial trust), with the Pareto
    /// frontier and the Nash and Kalai-Smorodinsky points against the
    /// reservation values. `None` when the pair has nothing to trade at the
    /// start or more than [`FRONTIER_MAX_POINTS`] possible deals.
    pub fn opening_frontier(&self, pair: usize) -> Option<FrontierPlot> {
        let p = self.pairs.get(pair)?;
        let mut tables = p.tables();
        let mut scratch = PairScratch {
            trust: self.dynamics.defection.initial_trust,
            ..PairScratch::default()
        };
        let sequential = matches!(
            p.staging,
            super::simulation::PairStaging::HolderFirst
                | super::simulation::PairStaging::DemanderFirst
        );
        let risk = if sequential {
            self.dynamics.defection.probability * (1.0 - scratch.trust)
        } else {
            0.0
        };
        if !p.refresh(&self.initial, &mut scratch, [1.0, 1.0], risk, &mut tables) {
            return None;
        }
        let [td, th] = &tables;
        let mut points = Vec::new();
        for o in p.space().outcomes() {
            let (a, b) = (td.eval(o), th.eval(o));
            // Impossible values sum into the utility: anything near them is
            // not on the table.
            if a > IMPOSSIBLE / 2.0 && b > IMPOSSIBLE / 2.0 {
                points.push([a, b]);
                if points.len() > FRONTIER_MAX_POINTS {
                    return None;
                }
            }
        }
        let (d, h) = (self.world.code(p.demander), self.world.code(p.holder));
        FrontierPlot::from_points(
            format!("Deals on the table in round 1: {d} and {h}"),
            [d, h],
            "payoff change",
            points,
            [td.reserved_value(), th.reserved_value()],
        )
        .ok()
    }
}

#[cfg(feature = "plots")]
mod render {
    use std::path::{Path, PathBuf};

    use super::ExperimentFigures;
    use crate::report::{Figure, HtmlReport, PlotError};
    use crate::simulate::{ExperimentResults, Simulation};

    impl ExperimentFigures {
        /// The figures with their captions, in report order.
        pub fn captioned(&self) -> Vec<(String, &dyn Figure)> {
            let mut out: Vec<(String, &dyn Figure)> = vec![
                ("Prisoners freed per run".into(), &self.freed),
                (
                    "Prisoners held: quantile bands over runs; new arrests and departures from custody per round"
                        .into(),
                    &self.stock,
                ),
                (
                    format!(
                        "Relief per sanction (mean over {})",
                        self.relief.unit.trim_start_matches("level, mean of ")
                    ),
                    &self.relief,
                ),
                (
                    format!("Deals of run {}", self.timeline_run),
                    &self.timeline,
                ),
            ];
            if let Some(f) = &self.frontier {
                out.push((f.title.clone(), f));
            }
            out
        }

        /// Writes every figure as `dir/<stem>.svg` (creating `dir`) and
        /// returns the paths.
        ///
        /// # Errors
        /// [`PlotError::Io`] when `dir` or a file cannot be written, or a
        /// figure's rendering error.
        pub fn write_svgs(&self, dir: &Path) -> Result<Vec<PathBuf>, PlotError> {
            std::fs::create_dir_all(dir).map_err(|source| PlotError::Io {
                path: dir.display().to_string(),
                source,
            })?;
            self.captioned()
                .iter()
                .map(|(_, f)| f.write_to(dir))
                .collect()
        }

        /// The one-file HTML report: scenario summary, key numbers, every
        /// figure and the timeline's deals as a table.
        ///
        /// # Errors
        /// A figure's rendering error.
        pub fn html_report(
            &self,
            sim: &Simulation,
            results: &ExperimentResults,
        ) -> Result<HtmlReport, PlotError> {
            let b = results.brief();
            let w = sim.world();
            let mut r = HtmlReport::new(format!("Experiment: {}", results.scenario));
            let runs = results.runs.max(1) as f64;
            let mut summary = vec![
                ("Scenario".to_string(), results.scenario.clone()),
                (
                    "Experiment".into(),
                    format!(
                        "{} runs of {} {}s, seed {}",
                        results.runs, results.rounds, self.stock.round_unit, results.seed
                    ),
                ),
                (
                    "Governments".into(),
                    results
                        .governments
                        .iter()
                        .zip(&results.strategies)
                        .map(|(g, s)| format!("{g} ({s})"))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                (
                    "Negotiating pairs".into(),
                    results
                        .pairs
                        .iter()
                        .map(|(d, h)| format!("{d} asks {h}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                (
                    "Prisoners".into(),
                    format!(
                        "{} held at the start, {} named or pooled in all",
                        b.initial_held,
                        w.prisoners().len()
                    ),
                ),
            ];
            if !w.sanctions().is_empty() {
                summary.push((
                    "Sanctions".into(),
                    w.sanctions()
                        .iter()
                        .map(|s| s.key.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ));
            }
            r.summary = summary;
            let with_deal = results.runs - results.runs_without_deal;
            r.key_numbers = vec![
                ("median freed per run".into(), format!("{}", b.freed.p50)),
                (
                    "freed in deals (mean)".into(),
                    format!("{:.1}", b.freed_by_deal.mean),
                ),
                (
                    "newly arrested (mean)".into(),
                    format!("{:.1}", b.arrested.mean),
                ),
                (
                    "held at the end (median)".into(),
                    format!("{}", b.held_at_end.p50),
                ),
                (
                    "runs with a deal".into(),
                    format!("{:.0}%", 100.0 * with_deal as f64 / runs),
                ),
                (
                    format!("first deal ({}, median)", self.stock.round_unit),
                    if with_deal > 0 {
                        format!("{}", b.first_deal_round.p50 + 1.0)
                    } else {
                        "none".into()
                    },
                ),
            ];
            for (caption, f) in self.captioned() {
                r.add_figure(&caption, f)?;
            }
            r.timeline = Some(self.timeline.clone());
            Ok(r)
        }
    }
}
