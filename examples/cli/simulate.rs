//! `simulate`: an experiment on any scenario file.

use super::experiment::ExperimentFlags;

/// An experiment on any scenario file: many seeded runs, then what deals
/// happen and when, what they cost, how many prisoners are freed and how
/// many new ones are taken.
#[derive(Clone, Debug, PartialEq, clap::Parser)]
#[command(name = "simulate")]
pub struct Args {
    /// Scenario file (.json or .toml); not with --merge
    #[arg(
        value_name = "FILE",
        required_unless_present = "merge",
        conflicts_with = "merge"
    )]
    pub file: Option<String>,
    #[command(flatten)]
    pub flags: ExperimentFlags,
    #[command(flatten)]
    pub compare: super::compare::CompareFlags,
}
