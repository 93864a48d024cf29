//! Code shared by the simulation examples (included with `#[path]`):
//! command-line flags and the readable summary.
#![allow(dead_code)]

pub mod cli;
pub mod run;
pub mod summary;
