//! `history`: the shipped historical cases and the revolving-door fit.

/// The real cases: replays every shipped case, prints what the record
/// implies about valuations, and calibrates the revolving door on Viasna's
/// counts.
#[derive(Clone, Debug, PartialEq, clap::Parser)]
#[command(name = "history")]
pub struct Args {
    /// Print one JSON object
    #[arg(long)]
    pub json: bool,
    /// Monte Carlo runs of the 2025 projection
    #[arg(long, value_name = "N", default_value_t = 2000, value_parser = super::runs_u32)]
    pub runs: u32,
    /// Write calibration_fit.svg to DIR: Viasna's counts against the fitted
    /// model's one-step predictions and its 2025 projection
    #[arg(long, value_name = "DIR")]
    pub plots: Option<String>,
}
