//! Reports: Graphviz DOT of worlds (more formats as they land).

mod dot;

pub use dot::{DotOptions, world_dot};
