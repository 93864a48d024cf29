//! `--time-limit` and `--max-nodes`: the crate's one `Budget` on every
//! example's command line.

use std::time::Duration;

use detente::Budget;

/// Flags that bound a long computation. What a unit of work is depends on
/// the example (search nodes, feasible states, runs, negotiations); each
/// example's description says.
#[derive(Clone, Copy, Debug, Default, PartialEq, clap::Args)]
pub struct BudgetArgs {
    /// Most wall-clock seconds for the computation; it then stops and
    /// reports what it found, flagged as truncated (not reproducible)
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    pub time_limit: Option<Duration>,
    /// Most units of work (see the description above); the result is then
    /// a reproducible prefix, flagged as truncated
    #[arg(long, value_name = "N", value_parser = max_nodes)]
    pub max_nodes: Option<u64>,
}

impl BudgetArgs {
    /// `default` with the limits given on the command line in place of its
    /// own.
    pub fn over(&self, default: Budget) -> Budget {
        Budget {
            max_nodes: self.max_nodes.or(default.max_nodes),
            max_time: self.time_limit.or(default.max_time),
            ..default
        }
    }
}

/// `--time-limit`: seconds, more than 0 and at most a year.
pub fn seconds(s: &str) -> Result<Duration, String> {
    let x: f64 = s
        .parse()
        .map_err(|_| format!("expected a number of seconds, found `{s}`"))?;
    if !(x > 0.0 && x <= 365.0 * 86_400.0) {
        return Err(format!(
            "expected more than 0 and at most a year (31536000 seconds), found `{s}`"
        ));
    }
    Ok(Duration::from_secs_f64(x))
}

/// `--max-nodes`: a whole number of at least 1 (0 would do no work and
/// report nothing).
pub fn max_nodes(s: &str) -> Result<u64, String> {
    match s.parse::<u64>() {
        Ok(0) => Err("expected at least 1".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("expected a whole number, found `{s}`")),
    }
}
