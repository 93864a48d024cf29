//! Reports: Graphviz DOT of worlds, and figures (plain data structs that
//! render as SVG with the `plots` feature).

mod dot;
mod figures;

pub use dot::{DotOptions, world_dot};
#[cfg(feature = "plots")]
pub use figures::Figure;
pub use figures::{
    DealTimeline, FreedHistogram, FrontierPlot, PlotError, ReliefSeries, StockBands, TimelineEvent,
};
