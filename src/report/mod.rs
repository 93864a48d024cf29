//! Reports: Graphviz DOT of worlds and deal sequences, figures (plain data
//! structs that render as SVG with the `plots` feature) built from the
//! engines' results, and the one-file HTML report.
//!
//! Arrows point one way: this module reads the results of
//! [`crate::simulate`], [`crate::history`] and the other engines, and no
//! engine imports it. Results themselves are exported as JSON by serde
//! (`serde_json::to_writer(out, &results)`).

mod backtest;
mod compare;
mod dot;
mod figures;
#[cfg(feature = "plots")]
mod html;
mod record;

pub use backtest::backtest_table;
pub use compare::comparison_table;
pub use dot::{DotOptions, deal_sequence_dot, world_dot};
#[cfg(feature = "plots")]
pub use figures::Figure;
pub use figures::{
    BandPanel, BandsKind, BandsPlot, CalibrationPlot, DealTimeline, ExperimentFigures,
    FRONTIER_MAX_POINTS, FreedHistogram, FrontierPlot, PlotError, ReliefSeries, StockBands,
    TRAJECTORY_SAMPLE, TimelineEvent,
};
#[cfg(feature = "plots")]
pub use html::HtmlReport;
pub use record::record_table;
