//! `--compare` and `--draws`: paired counterfactuals (`simulate`,
//! `belarus_2025`).

/// Counterfactuals on common random numbers.
#[derive(Clone, Debug, Default, PartialEq, clap::Args)]
pub struct CompareFlags {
    /// Compare the scenario with a variant of it: a JSON path in the scenario
    /// file and a value (JSON, or a bare string), such as
    /// dynamics.holders[0].elasticity=0. Each flag is one variant; join
    /// settings with `;` for one variant that changes several
    /// (PATH=V;PATH2=V2). Run i of the baseline and of every variant draws
    /// from the same stream rng::derived(S, [i]); prints, per outcome, both
    /// means and the 5th/50th/95th percentiles of the per-run difference
    #[arg(long, value_name = "PATH=VALUE", conflicts_with_all = ["sweep", "shard", "merge", "plots", "report"])]
    pub compare: Vec<String>,
    /// With --compare: a JSON file of parameter draws (such as posterior
    /// draws), a list of objects {"PATH": value, ...}; every draw is applied
    /// to the baseline and the variants, --runs runs each (run i of draw d
    /// draws from rng::derived(S, [d, i])), and each outcome gets the 90%
    /// interval over draws of the mean difference
    #[arg(long, value_name = "FILE", requires = "compare")]
    pub draws: Option<String>,
}
