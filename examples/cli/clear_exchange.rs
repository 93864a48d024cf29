//! `clear_exchange`: exact multilateral exchange clearing of a file.

/// Clears a multilateral exchange exactly: the maximum-weight set of
/// vertex-disjoint cycles (and chains started by an altruist) of bounded
/// length, with the LP bound that certifies it.
#[derive(Clone, Debug, PartialEq, clap::Parser)]
#[command(name = "clear_exchange")]
pub struct Args {
    /// A PrefLib `.wmd` file (vertices printed with their 1-based PrefLib
    /// ids) or a scenario file (`.json`/`.toml`: vertices printed as prisoner
    /// keys, cleared over the prisoner-level exchange graph of its initial
    /// state)
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Longest cycle, in vertices
    #[arg(long, value_name = "L", default_value_t = 3)]
    pub max_cycle: usize,
    /// Longest chain, in gifts after the altruist
    #[arg(long, value_name = "K", default_value_t = 3)]
    pub max_chain: usize,
    /// Print one JSON object (total_weight, cycles, chains, optimal, bound,
    /// timings)
    #[arg(long)]
    pub json: bool,
    /// Budget of the branch and bound: a unit of work is a node (an LP
    /// solve) [default: 100000 nodes and 30 seconds]
    #[command(flatten)]
    pub budget: super::budget::BudgetArgs,
}
