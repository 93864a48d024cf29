//! Reports: Graphviz DOT of worlds, figures (plain data structs that
//! render as SVG with the `plots` feature), and the versioned JSON schema
//! and CSV export of results ([`ExperimentReport`], [`ExplorerReport`]).

mod dot;
mod figures;
#[cfg(feature = "plots")]
mod html;
mod schema;

pub use dot::{DotOptions, deal_sequence_dot, world_dot};
#[cfg(feature = "plots")]
pub use figures::Figure;
pub use figures::{
    CalibrationPlot, DealTimeline, FreedHistogram, FrontierPlot, PlotError, ReliefSeries,
    StockBands, TimelineEvent,
};
#[cfg(feature = "plots")]
pub use html::HtmlReport;
pub use schema::{
    ExperimentReport, ExplorerReport, FrontierEntry, RoundRecord, RunSummary, SCHEMA_VERSION,
    SchemaError,
};
