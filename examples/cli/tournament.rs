//! `tournament`: every strategy against every other.

/// A strategy tournament: every strategy against every other over the
/// built-in textbook domains and the deal spaces of scenario files (each
/// demander-holder pair of a file is one domain), with role rotation and
/// repetitions, then a ranking table with 95% intervals.
#[derive(Clone, Debug, PartialEq, clap::Parser)]
#[command(name = "tournament")]
pub struct Args {
    /// Scenario files [default: the built-in domains plus the shipped
    /// toy_bilateral and belarus_2025 scenarios]
    #[arg(value_name = "FILE")]
    pub files: Vec<String>,
    /// Add the built-in domains when files are given
    #[arg(long)]
    pub builtin: bool,
    /// Strategies by name [default: boulware, linear, conceder, hardliner,
    /// tit-for-tat, random, frequency]; subgame-perfect and lookahead may be
    /// added
    #[arg(long, value_name = "A,B,...", value_delimiter = ',', value_parser = strategy)]
    pub strategies: Option<Vec<String>>,
    /// Repetitions of each meeting
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = super::repetitions)]
    pub reps: usize,
    /// Deadline, in steps
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = super::steps)]
    pub steps: usize,
    /// Seed
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
    /// A strategy also meets itself
    #[arg(long)]
    pub self_play: bool,
    /// Print the ranking as JSON
    #[arg(long)]
    pub json: bool,
    /// With --json: every negotiation too
    #[arg(long)]
    pub meetings: bool,
    /// Write each domain's outcomes with the Pareto frontier and the Nash and
    /// Kalai-Smorodinsky points to DIR, as SVG
    #[arg(long, value_name = "DIR")]
    pub plots: Option<String>,
    /// Write one self-contained HTML page: the ranking and those figures
    #[arg(long, value_name = "FILE")]
    pub report: Option<String>,
    /// Budget: a unit of work is one negotiation
    #[command(flatten)]
    pub budget: super::budget::BudgetArgs,
}

/// A strategy name the tournament knows.
fn strategy(name: &str) -> Result<String, String> {
    let name = name.trim();
    match detente::negotiate::tournament::Entrant::by_name(name) {
        Some(_) => Ok(name.to_string()),
        None => Err(format!(
            "unknown strategy `{name}`: expected boulware, linear, conceder, hardliner, tit-for-tat, random, frequency, subgame-perfect or lookahead"
        )),
    }
}
