//! `belarus_2025`: the experiment on the shipped Belarus 2025 scenario.

use super::experiment::ExperimentFlags;

/// The main job: an experiment on the shipped Belarus 2025 scenario
/// (default: 10,000 runs of its 24 monthly rounds). Prints what deals happen
/// and when, what they cost, how many prisoners are freed and how many new
/// ones are taken.
#[derive(Clone, Debug, PartialEq, clap::Parser)]
#[command(name = "belarus_2025")]
pub struct Args {
    #[command(flatten)]
    pub flags: ExperimentFlags,
    #[command(flatten)]
    pub compare: super::compare::CompareFlags,
}
