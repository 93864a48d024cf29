//! `conflict`: GMCR analysis of a conflict file.

use detente::conflict::Concept;

/// Analyses a GMCR conflict file (the crate's own JSON layout or GMCR+'s):
/// options, stable states and equilibria under each concept, status quo
/// reachability, coalitions.
#[derive(Clone, Debug, PartialEq, clap::Parser)]
#[command(name = "conflict")]
pub struct Args {
    /// Conflict file, or `belarus`: the conflict derived from the shipped
    /// Belarus 2025 scenario (US, Belarus, EU)
    #[arg(value_name = "FILE", required_unless_present = "scale")]
    pub file: Option<String>,
    /// Print one JSON object
    #[arg(long)]
    pub json: bool,
    /// Opponents answer with one move instead of any legal sequence
    #[arg(long)]
    pub single_step: bool,
    /// SIM sanctions by any set of opponents moving at once
    #[arg(long)]
    pub sim_any: bool,
    /// Explain every verdict at state number N
    #[arg(long, value_name = "N")]
    pub explain: Option<usize>,
    /// Inverse analysis: can state N be an equilibrium if each decision maker
    /// keeps its ranking of every other state and only N moves? Prints where
    /// N must rank, or why it cannot
    #[arg(long, value_name = "N")]
    pub inverse: Option<usize>,
    /// The stability concept for --inverse: nash, gmr, smr, seq, sim or seqsim
    #[arg(long, value_name = "C", default_value = "nash", value_parser = concept)]
    pub concept: Concept,
    /// Analyse a synthetic conflict of N options instead of a file and print
    /// how long each step took
    #[arg(long, value_name = "N", conflicts_with = "file")]
    pub scale: Option<usize>,
    /// Decision makers of the synthetic conflict (--scale)
    #[arg(long, value_name = "K", default_value_t = 4)]
    pub dms: usize,
    /// Infeasible pairs of options in the synthetic conflict (--scale)
    #[arg(long, value_name = "K", default_value_t = 0)]
    pub exclusions: usize,
    /// Seed of the synthetic conflict (--scale)
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Budget: a unit of work is a feasible state of the stability analysis
    /// (past N states only Nash is analysed), and a search node of
    /// --inverse [default: detente::conflict::default_analysis_budget(),
    /// 1048576 states and 30 seconds; --inverse: 1000000 nodes and 30
    /// seconds]
    #[command(flatten)]
    pub budget: super::budget::BudgetArgs,
}

/// A stability concept by its name.
fn concept(name: &str) -> Result<Concept, String> {
    Concept::ALL
        .iter()
        .copied()
        .find(|c| c.name() == name)
        .ok_or_else(|| {
            let names: Vec<&str> = Concept::ALL.iter().map(|c| c.name()).collect();
            format!("expected one of {}", names.join(", "))
        })
}
