//! Code shared by the simulation examples (included with `#[path]`): the
//! readable summary, progress bars, sweeps and shards. Their flags are
//! `crate::cli::experiment`.
#![allow(dead_code)]

pub mod compare;
pub mod output;
pub mod progress;
pub mod run;
pub mod summary;
pub mod sweep;
