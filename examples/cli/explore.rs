//! `explore`: the deal sequences between two governments of a scenario.

/// Explores the deal sequences of a scenario between two governments: which
/// sequences free the most prisoners while every step passes the rulebook,
/// the frontier between prisoners freed and relief given, the Pareto
/// frontier of the two sides' payoffs with its Nash bargaining point, and
/// the subgame-perfect plan under the scenario's discount factors.
#[derive(Clone, Debug, PartialEq, clap::Parser)]
#[command(name = "explore")]
pub struct Args {
    /// Scenario file (.json or .toml)
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Rounds to search
    #[arg(long, value_name = "D", default_value_t = 3)]
    pub depth: u32,
    /// The two governments, by id; A proposes first [default: the first
    /// government that sanctions another which holds prisoners it values,
    /// and that other]
    #[arg(long, value_name = "A,B", value_parser = players)]
    pub players: Option<[String; 2]>,
    /// Release batch sizes
    #[arg(long, value_name = "N,...", value_delimiter = ',', default_values_t = [1, 10, 50])]
    pub batches: Vec<u32>,
    /// Budget of the exploration: a unit of work is a state visited, and
    /// each of the two searches (all outcomes, subgame-perfect plan) may
    /// visit N; the time limit bounds the whole exploration, searches and
    /// replays together [default: 1000000 nodes each, 10 seconds in all]
    #[command(flatten)]
    pub budget: super::budget::BudgetArgs,
    /// The mediator's best multilateral package at each state is one more
    /// move (it may bring in other governments)
    #[arg(long)]
    pub mediator: bool,
    /// Print one JSON object
    #[arg(long)]
    pub json: bool,
}

/// `A,B`: two non-empty government ids.
fn players(s: &str) -> Result<[String; 2], String> {
    match s.split(',').map(str::trim).collect::<Vec<_>>()[..] {
        [a, b] if !a.is_empty() && !b.is_empty() => Ok([a.to_string(), b.to_string()]),
        _ => Err("expected two government ids, e.g. USA,BLR".into()),
    }
}

/// The budget when the command line sets none: a million nodes per search
/// finishes small scenarios exactly; the 10 seconds (for the whole
/// exploration) bound the large ones.
pub fn default_budget() -> detente::Budget {
    detente::explore::ExploreOptions::default().budget
}
