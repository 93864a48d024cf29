//! Code shared by the simulation examples (included with `#[path]`):
//! command-line flags, the readable summary, progress bars, sweeps and
//! shards.
#![allow(dead_code)]

pub mod cli;
pub mod progress;
pub mod run;
pub mod summary;
pub mod sweep;
