//! `peer_negmas`: the NegMAS peer benchmark redone with this crate.

/// The NegMAS peer benchmark redone with this crate's outcome space,
/// utilities, SAO protocol and time-based strategies: Boulware (e = 4)
/// against Conceder (e = 0.25), 100 steps, on random opposed linear-additive
/// instances of 3 and 5 issues of 10 values.
#[derive(Clone, Debug, PartialEq, clap::Parser)]
#[command(name = "peer_negmas")]
pub struct Args {
    /// Print one JSON object
    #[arg(long)]
    pub json: bool,
    /// Negotiations on the 3-issue instances
    #[arg(long, value_name = "N", default_value_t = 200, value_parser = super::runs)]
    pub n_small: u64,
    /// Negotiations on the 5-issue instances
    #[arg(long, value_name = "N", default_value_t = 200, value_parser = super::runs)]
    pub n_large: u64,
    /// Seed of the instances
    #[arg(long, value_name = "S", default_value_t = 42)]
    pub seed: u64,
    /// Warm-up negotiations before timing (not counted)
    #[arg(long, value_name = "W", default_value_t = 3)]
    pub warmup: u64,
    /// The JSON the NegMAS script printed: adds the speed ratio and a check
    /// that the first five agreements are identical
    #[arg(long, value_name = "FILE")]
    pub negmas: Option<String>,
}
