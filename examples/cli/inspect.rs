//! `inspect`: a scenario's world, or every mistake in the file.

/// Loads a scenario file and prints a summary of its world, or its graph in
/// Graphviz DOT. On a file with mistakes it prints every error (with its
/// JSON path) and exits with status 1.
#[derive(Clone, Debug, PartialEq, clap::Parser)]
#[command(name = "inspect")]
pub struct Args {
    /// Scenario file (.json or .toml)
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Print the world graph in Graphviz DOT instead
    #[arg(long)]
    pub dot: bool,
    /// Also print the K best multilateral packages at the start (distinct
    /// sets of releases, best first), or why there is none
    #[arg(long, value_name = "K")]
    pub packages: Option<usize>,
    /// What the packages maximise: surplus, nash_product, normalised_sum
    /// or normalised_product (the last two do not depend on any
    /// government's unit of value)
    #[arg(long, value_name = "OBJECTIVE", default_value = "surplus", value_parser = objective)]
    pub objective: detente::mediator::Objective,
    /// Candidate concessions the package search weighs (0: all of them)
    #[arg(long, value_name = "N", default_value_t = 24)]
    pub max_candidates: usize,
    /// Budget of the package search of --packages (the only search inspect
    /// runs): a unit of work is a node of its branch and bound [default:
    /// 5000000 nodes and 30 seconds]
    #[command(flatten)]
    pub budget: super::budget::BudgetArgs,
}

/// An objective by its scenario-file name.
fn objective(s: &str) -> Result<detente::mediator::Objective, String> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).map_err(|_| {
        format!("expected surplus, nash_product, normalised_sum or normalised_product, found `{s}`")
    })
}
