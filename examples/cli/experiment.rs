//! Flags shared by the experiment examples (`belarus_2025`, `simulate`).

use detente::shard::Shard;

/// How many runs, with which seed, and what to print or write.
#[derive(Clone, Debug, PartialEq, clap::Args)]
pub struct ExperimentFlags {
    /// Number of runs (per point with --sweep)
    #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = super::runs)]
    pub runs: u64,
    /// Rounds per run [default: the scenario's dynamics.rounds, else 24]
    #[arg(long, value_name = "R", value_parser = super::rounds)]
    pub rounds: Option<u32>,
    /// Seed; run i draws from rng::derived(S, [i])
    #[arg(long, value_name = "S", default_value_t = 2025)]
    pub seed: u64,
    /// Worker threads [default: one per core]
    #[arg(long, value_name = "T", value_parser = super::threads)]
    pub threads: Option<usize>,
    /// Print one JSON object (headline numbers and full results)
    #[arg(long)]
    pub json: bool,
    /// Write the figures to DIR as SVG files
    #[arg(long, value_name = "DIR", conflicts_with_all = ["sweep", "shard", "merge"])]
    pub plots: Option<String>,
    /// Write a one-file HTML report (summary, key numbers, figures, deals)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["sweep", "shard", "merge"])]
    pub report: Option<String>,
    /// Add a mediator (default dynamics.mediator settings) when the scenario
    /// has none: each round it carries out the best multilateral package,
    /// which bilateral talks cannot reach. In a sweep, set dynamics.mediator
    /// in the file instead
    #[arg(long, conflicts_with_all = ["sweep", "shard", "merge"])]
    pub mediator: bool,
    /// Sweep a scenario parameter (JSON path in the scenario file, values as
    /// JSON); repeat for a grid. --runs is then runs per point, and run i of
    /// point p draws from rng::derived(S, [p, i])
    #[arg(long, value_name = "PATH=V1,V2,...")]
    pub sweep: Vec<String>,
    /// Run only shard K (from 0) of N of the jobs (point x run) and write the
    /// shard file (JSON aggregates) to --out or stdout
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Where the result goes (the shard file with --shard and --merge, else
    /// the summary or JSON) [default: stdout]; checked before the run, and
    /// never the scenario or a merged shard
    #[arg(long, value_name = "FILE")]
    pub out: Option<String>,
    /// Merge shard files (any order) into exactly the unsharded result
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with_all = ["sweep", "shard"])]
    pub merge: Option<Vec<String>>,
    /// Set the run beside a record: a JSON file holding a scenario's
    /// `record` object (its case and series paths relative to the file)
    /// [default: the scenario's `record`, paths relative to the scenario]
    #[arg(long, value_name = "FILE", conflicts_with_all = ["sweep", "shard", "merge"])]
    pub record: Option<String>,
    /// Budget of a plain experiment (no --sweep, --shard or --merge): a
    /// unit of work is a run
    #[command(flatten)]
    pub budget: super::budget::BudgetArgs,
}
