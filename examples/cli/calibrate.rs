//! `calibrate`: simulation-based calibration of a scenario's parameters.

use super::budget::BudgetArgs;

/// Fits the parameters a scenario's `calibration` section declares to the
/// recorded summaries it lists, by ABC-SMC; prints the posterior per
/// parameter (prior, median, 90% interval, width relative to the prior,
/// whether it is still a guess), the effective sample size, the tolerance
/// and the fit to every summary. Defaults come from the section's `method`.
/// A unit of work for --max-nodes is one particle's simulation (its --runs
/// runs). Without --time-limit a fit stops after 45 seconds and says so
/// (so that a default run ends within a minute); the shipped scenario's
/// full fit takes about 6 minutes: give it --time-limit 900.
#[derive(Clone, Debug, PartialEq, clap::Parser)]
#[command(name = "calibrate")]
pub struct Args {
    /// Scenario file (.json or .toml)
    #[arg(value_name = "SCENARIO")]
    pub file: String,
    /// A JSON file holding a `calibration` section to use in place of the
    /// scenario's own
    #[arg(long, value_name = "FILE")]
    pub calibration: Option<String>,
    /// Particles per generation (default: the section's)
    #[arg(long, value_name = "N", value_parser = particles)]
    pub particles: Option<usize>,
    /// Generations after the draws from the prior (default: the section's)
    #[arg(long, value_name = "G")]
    pub generations: Option<u32>,
    /// Simulation runs per particle (default: the section's)
    #[arg(long, value_name = "R", value_parser = super::runs_u32)]
    pub runs: Option<u32>,
    /// Seed (default: the section's)
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    #[command(flatten)]
    pub budget: BudgetArgs,
    /// Write the scenario with the fitted values (posterior medians) and a
    /// note of the fit to FILE
    #[arg(long, value_name = "FILE")]
    pub write: Option<String>,
    /// Write N posterior draws (systematic resampling, deterministic) to
    /// FILE as a list of {"PATH": value} objects, for `--compare ...
    /// --draws FILE` in simulate and belarus_2025
    #[arg(long, value_names = ["FILE", "N"], num_args = 2)]
    pub write_draws: Option<Vec<String>>,
    /// Instead of fitting the record, check the method: fit N synthetic
    /// records simulated from parameters drawn from the prior and count how
    /// often each 90% interval covers the truth
    #[arg(long, value_name = "N", value_parser = super::at_least_one)]
    pub sbc: Option<usize>,
    /// Print one JSON object
    #[arg(long)]
    pub json: bool,
}

/// `--particles`: from 2 (a covariance needs two) to the crate's limit.
pub fn particles(s: &str) -> Result<usize, String> {
    let n: usize = s
        .parse()
        .map_err(|_| format!("expected a whole number, found `{s}`"))?;
    let max = detente::scenario::MAX_PARTICLES;
    if !(2..=max).contains(&n) {
        return Err(format!("expected from 2 to {max}"));
    }
    Ok(n)
}
