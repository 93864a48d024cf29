//! Figure data: plain, serialisable structs holding exactly what each plot
//! shows, built from any source (an experiment, an explorer run, a file).
//! With the `plots` feature (on by default) every figure renders itself as
//! SVG through [`Figure`].
//!
//! ```
//! use detente::report::{Figure, FreedHistogram};
//! let h = FreedHistogram::new("belarus_2025", vec![3, 5, 5, 8]);
//! let svg = h.svg()?;
//! assert!(svg.starts_with("<svg"));
//! # Ok::<(), detente::report::PlotError>(())
//! ```

mod backtest;
mod calibration;
#[cfg(feature = "plots")]
mod draw_deals;
#[cfg(feature = "plots")]
mod draw_runs;
mod experiment;
#[cfg(feature = "plots")]
mod style;

use serde::{Deserialize, Serialize};

pub use backtest::{BandPanel, BandsKind, BandsPlot};
pub use calibration::CalibrationPlot;
pub use experiment::{ExperimentFigures, FRONTIER_MAX_POINTS, TRAJECTORY_SAMPLE};

use crate::analysis::{kalai_smorodinsky_point, nash_point, pareto_frontier, quantile};

/// Errors of figure rendering.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlotError {
    /// The figure has nothing to show (no runs, no rounds, no points).
    #[error("nothing to plot: {0}")]
    Empty(&'static str),
    /// Series of one figure differ in length, or a number is not finite.
    #[error("inconsistent figure data: {0}")]
    Data(String),
    /// The plotting backend failed.
    #[error("drawing failed: {0}")]
    Draw(String),
    /// Writing the file failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// A figure that renders as a standalone SVG document.
#[cfg(feature = "plots")]
pub trait Figure {
    /// A file-name stem for the figure (`freed_histogram`, ...).
    fn stem(&self) -> &'static str;

    /// The figure as an SVG document.
    ///
    /// # Errors
    /// [`PlotError::Empty`] or [`PlotError::Data`] for unusable data,
    /// [`PlotError::Draw`] when the backend fails.
    fn svg(&self) -> Result<String, PlotError>;

    /// Writes [`svg`](Self::svg) to `dir/<stem>.svg` and returns the path.
    ///
    /// # Errors
    /// Those of [`svg`](Self::svg), and [`PlotError::Io`].
    fn write_to(&self, dir: &std::path::Path) -> Result<std::path::PathBuf, PlotError> {
        let svg = self.svg()?;
        let path = dir.join(format!("{}.svg", self.stem()));
        std::fs::write(&path, svg).map_err(|source| PlotError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Ok(path)
    }
}

/// How many prisoners each run of an experiment freed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FreedHistogram {
    /// Scenario name (for the title).
    pub scenario: String,
    /// Prisoners freed, one entry per run.
    pub freed: Vec<u64>,
}

impl FreedHistogram {
    /// A histogram of `freed` (one count per run).
    ///
    /// ```
    /// let h = detente::report::FreedHistogram::new("toy", vec![1, 2]);
    /// assert_eq!(h.freed.len(), 2);
    /// ```
    pub fn new(scenario: impl Into<String>, freed: Vec<u64>) -> Self {
        FreedHistogram {
            scenario: scenario.into(),
            freed,
        }
    }

    /// Bins for the histogram: `(start, width, counts)`, integer-aligned,
    /// at most 40 bins.
    ///
    /// ```
    /// let h = detente::report::FreedHistogram::new("toy", vec![0, 1, 1, 3]);
    /// assert_eq!(h.bins(), (0, 1, vec![1, 2, 0, 1]));
    /// ```
    pub fn bins(&self) -> (u64, u64, Vec<usize>) {
        let (Some(&lo), Some(&hi)) = (self.freed.iter().min(), self.freed.iter().max()) else {
            return (0, 1, Vec::new());
        };
        let width = (hi - lo) / 40 + 1;
        let mut counts = vec![0; ((hi - lo) / width + 1) as usize];
        for &x in &self.freed {
            counts[((x - lo) / width) as usize] += 1;
        }
        (lo, width, counts)
    }
}

/// The prisoner stock over time across runs: quantile bands and median,
/// with the mean flows (new arrests, releases) per round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StockBands {
    /// Scenario name.
    pub scenario: String,
    /// What one round is (`month`, `round`).
    pub round_unit: String,
    /// Round numbers (the x axis).
    pub rounds: Vec<u32>,
    /// 5%, 25%, 50%, 75% and 95% quantiles of the stock per round.
    pub quantiles: [Vec<f64>; 5],
    /// Mean new arrests per round.
    pub arrests: Vec<f64>,
    /// Mean releases per round.
    pub releases: Vec<f64>,
}

impl StockBands {
    /// Quantiles of the stock over runs: `stock[run][round]`, and mean
    /// flows from `arrests[run][round]` and `releases[run][round]` (runs
    /// shorter than the longest are not counted in later rounds).
    ///
    /// # Errors
    /// [`PlotError::Empty`] without runs or rounds.
    ///
    /// ```
    /// use detente::report::StockBands;
    /// let stock = vec![vec![10.0, 8.0], vec![10.0, 6.0], vec![10.0, 7.0]];
    /// let zero = vec![vec![0.0; 2]; 3];
    /// let b = StockBands::from_runs("toy", "month", &stock, &zero, &zero)?;
    /// assert_eq!(b.quantiles[2], vec![10.0, 7.0]); // the median
    /// # Ok::<(), detente::report::PlotError>(())
    /// ```
    pub fn from_runs(
        scenario: impl Into<String>,
        round_unit: impl Into<String>,
        stock: &[Vec<f64>],
        arrests: &[Vec<f64>],
        releases: &[Vec<f64>],
    ) -> Result<Self, PlotError> {
        let n = stock.iter().map(Vec::len).max().unwrap_or(0);
        if n == 0 {
            return Err(PlotError::Empty("no runs or no rounds"));
        }
        let mut quantiles: [Vec<f64>; 5] = Default::default();
        let mut col = Vec::with_capacity(stock.len());
        for r in 0..n {
            col.clear();
            col.extend(stock.iter().filter_map(|run| run.get(r).copied()));
            col.sort_by(f64::total_cmp);
            for (q, out) in [0.05, 0.25, 0.5, 0.75, 0.95].iter().zip(&mut quantiles) {
                out.push(quantile(&col, *q).unwrap_or(f64::NAN));
            }
        }
        Ok(StockBands {
            scenario: scenario.into(),
            round_unit: round_unit.into(),
            rounds: (0..n as u32).collect(),
            quantiles,
            arrests: mean_per_round(arrests, n),
            releases: mean_per_round(releases, n),
        })
    }
}

fn mean_per_round(runs: &[Vec<f64>], n: usize) -> Vec<f64> {
    (0..n)
        .map(|r| {
            let (s, k) = runs
                .iter()
                .filter_map(|run| run.get(r))
                .fold((0.0, 0usize), |(s, k), x| (s + x, k + 1));
            if k == 0 { 0.0 } else { s / k as f64 }
        })
        .collect()
}

/// Relief given on each sanction over time (typically the mean over runs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReliefSeries {
    /// Scenario name.
    pub scenario: String,
    /// What one round is.
    pub round_unit: String,
    /// What the relief numbers measure, for the y axis: e.g. `share of
    /// sanction value`.
    pub unit: String,
    /// Round numbers.
    pub rounds: Vec<u32>,
    /// `(sanction name, relief per round)`.
    pub sanctions: Vec<(String, Vec<f64>)>,
}

/// Payoff pairs of a bilateral game with its Pareto frontier and the Nash
/// and Kalai-Smorodinsky bargaining points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FrontierPlot {
    /// Title (scenario and what the points are).
    pub title: String,
    /// The two players' names (x, y).
    pub players: [String; 2],
    /// Payoff unit, for the axes.
    pub unit: String,
    /// Every outcome's payoffs.
    pub points: Vec<[f64; 2]>,
    /// Indices of the Pareto-optimal points.
    pub frontier: Vec<usize>,
    /// The disagreement point.
    pub disagreement: [f64; 2],
    /// Index of the Nash bargaining point, if any point beats disagreement.
    pub nash: Option<usize>,
    /// Index of the Kalai-Smorodinsky point.
    pub kalai_smorodinsky: Option<usize>,
}

impl FrontierPlot {
    /// Computes the frontier and both bargaining points of `points`.
    ///
    /// # Errors
    /// [`PlotError::Data`] for non-finite payoffs.
    ///
    /// ```
    /// use detente::report::FrontierPlot;
    /// let pts = vec![[3.0, 1.0], [2.0, 2.0], [1.0, 1.0], [0.0, 3.0]];
    /// let f = FrontierPlot::from_points("toy", ["A", "B"], "payoff", pts, [0.0, 0.0])?;
    /// assert_eq!(f.frontier, vec![0, 1, 3]);
    /// assert_eq!(f.nash, Some(1));
    /// # Ok::<(), detente::report::PlotError>(())
    /// ```
    pub fn from_points(
        title: impl Into<String>,
        players: [&str; 2],
        unit: impl Into<String>,
        points: Vec<[f64; 2]>,
        disagreement: [f64; 2],
    ) -> Result<Self, PlotError> {
        let bad = |e: crate::analysis::AnalysisError| PlotError::Data(e.to_string());
        let frontier = pareto_frontier(&points).map_err(bad)?;
        let nash = nash_point(&points, &disagreement).map_err(bad)?;
        let kalai_smorodinsky = kalai_smorodinsky_point(&points, &disagreement).map_err(bad)?;
        Ok(FrontierPlot {
            title: title.into(),
            players: players.map(String::from),
            unit: unit.into(),
            points,
            frontier,
            disagreement,
            nash,
            kalai_smorodinsky,
        })
    }
}

/// One deal of a run, for a timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineEvent {
    /// Round in which the deal was played.
    pub round: u32,
    /// Short description (`USA-BLR: 52 freed, licence us_potash`).
    pub label: String,
    /// Prisoners freed by the deal.
    pub freed: u64,
    /// Relief concessions in the deal (licences, delistings, ...).
    pub relief: u32,
}

/// The deals of one run over time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DealTimeline {
    /// Scenario name.
    pub scenario: String,
    /// What one round is.
    pub round_unit: String,
    /// Rounds the run lasted (the x axis spans 0..=rounds).
    pub rounds: u32,
    /// The deals in round order.
    pub events: Vec<TimelineEvent>,
}
