//! `soak`: a million Belarus runs in batches, memory checked.

/// Soak run: the Belarus experiment for a million runs, in batches, checking
/// that memory stays flat as results accumulate (exit status 1 if resident
/// memory after the last batch exceeds that after the first by more than
/// 16 MiB).
#[derive(Clone, Debug, PartialEq, clap::Parser)]
#[command(name = "soak")]
pub struct Args {
    /// Total runs
    #[arg(long, value_name = "N", default_value_t = 1_000_000, value_parser = super::runs)]
    pub runs: u64,
    /// Runs per batch
    #[arg(long, value_name = "B", default_value_t = 50_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub batch: u64,
    /// Rounds per run [default: the scenario's]
    #[arg(long, value_name = "R", value_parser = super::rounds)]
    pub rounds: Option<u32>,
    /// Seed
    #[arg(long, value_name = "S", default_value_t = 2025)]
    pub seed: u64,
}
