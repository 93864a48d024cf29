//! `backtest`: calibrate on the record up to a cutoff, forecast the rest.

use super::budget::BudgetArgs;

/// Calibrates the scenario's parameters on its record up to --cutoff (its
/// `calibration` section, every summary cut to the rounds before the
/// cutoff), forecasts the rounds after it with runs at posterior draws
/// (parameter uncertainty and run-to-run noise together), and prints the
/// record beside the forecast month by month, the coverage of the 90%
/// bands with their widths, and the CRPS of the forecast and of two naive
/// forecasts: the previous year repeated, and the rate before the cutoff
/// carried forward. With --fit it forecasts from stored draws and does not
/// calibrate. A unit of work for --max-nodes is one particle's simulation.
/// Without --time-limit the fit stops after 45 seconds and says so.
#[derive(Clone, Debug, PartialEq, clap::Parser)]
#[command(name = "backtest")]
pub struct Args {
    /// Scenario file (.json or .toml) with a `record` and a `calibration`
    #[arg(value_name = "SCENARIO")]
    pub file: String,
    /// The last date the calibration may see, YYYY-MM-DD (its month counts
    /// when it is the month's last day)
    #[arg(long, value_name = "DATE")]
    pub cutoff: String,
    /// The stock series to score against, by its id: the record's own
    /// series (default) or `ID.json` beside it
    #[arg(long, value_name = "ID")]
    pub series: Option<String>,
    /// Forecast from the draws in FILE (written by --write-fit at the same
    /// cutoff) instead of calibrating
    #[arg(long, value_name = "FILE", conflicts_with = "write_fit")]
    pub fit: Option<String>,
    /// Write the calibration's draws to FILE, for --fit
    #[arg(long, value_name = "FILE")]
    pub write_fit: Option<String>,
    /// Particles per generation of the calibration
    #[arg(long, value_name = "N", default_value_t = 200, value_parser = super::calibrate::particles)]
    pub particles: usize,
    /// Generations after the draws from the prior
    #[arg(long, value_name = "G", default_value_t = 5)]
    pub generations: u32,
    /// Simulation runs per particle
    #[arg(long, value_name = "R", default_value_t = 50, value_parser = super::runs_u32)]
    pub runs: u32,
    /// Seed of the calibration and the forecast (default: the section's)
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Posterior draws the forecast simulates (with --fit, the stored
    /// draws, all of them)
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = draws)]
    pub draws: usize,
    /// Runs per draw
    #[arg(long, value_name = "R", default_value_t = 100, value_parser = super::runs_u32)]
    pub runs_per_draw: u32,
    #[command(flatten)]
    pub budget: BudgetArgs,
    /// Write the forecast figure (backtest_forecast.svg) into DIR
    #[arg(long, value_name = "DIR")]
    pub plots: Option<String>,
    /// Print one JSON object
    #[arg(long)]
    pub json: bool,
}

/// Most posterior draws a forecast or a draws file holds: each is a map of
/// every fitted parameter, and a forecast runs every draw.
pub const MAX_DRAWS: usize = 100_000;

/// `--draws` (and `calibrate --write-draws`'s N): from 1 to [`MAX_DRAWS`].
pub fn draws(s: &str) -> Result<usize, String> {
    match super::at_least_one(s)? {
        n if n > MAX_DRAWS => Err(format!("expected at most {MAX_DRAWS} draws, found {n}")),
        n => Ok(n),
    }
}
