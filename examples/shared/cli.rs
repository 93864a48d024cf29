//! Flags shared by the simulation examples. Add a flag here and every
//! example that includes this module accepts it.

/// Parsed command line.
#[derive(Clone, Debug, PartialEq)]
pub struct Args {
    /// Scenario file (examples that take one).
    pub file: Option<String>,
    /// Number of runs.
    pub runs: u64,
    /// Rounds per run (default: the scenario's).
    pub rounds: Option<u32>,
    /// Seed.
    pub seed: u64,
    /// Worker threads (default: rayon's, one per core).
    pub threads: Option<usize>,
    /// Print one JSON object instead of the summary.
    pub json: bool,
    /// Directory to write the SVG figures to.
    pub plots: Option<String>,
    /// File to write the one-file HTML report to.
    pub report: Option<String>,
}

/// The flags, for `--help`.
pub const FLAGS: &str = "  --runs N      number of runs (default 10000)
  --rounds R    rounds per run (default: the scenario's dynamics.rounds, else 24)
  --seed S      seed (default 2025); run i draws from rng::derived(S, [i])
  --threads T   worker threads (default: one per core)
  --json        print one JSON object (headline numbers and full results)
  --plots DIR   write the figures to DIR as SVG files
  --report FILE write a one-file HTML report (summary, key numbers, figures, deals)";

/// Parses `args` (without the program name). `takes_file`: whether a
/// positional scenario file is expected.
///
/// Returns `Ok(None)` for `--help`.
pub fn parse(
    args: impl IntoIterator<Item = String>,
    takes_file: bool,
) -> Result<Option<Args>, String> {
    let mut out = Args {
        file: None,
        runs: 10_000,
        rounds: None,
        seed: 2025,
        threads: None,
        json: false,
        plots: None,
        report: None,
    };
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "-h" | "--help" => return Ok(None),
            "--json" => out.json = true,
            "--runs" => out.runs = number(&value("--runs")?, "--runs")?,
            "--rounds" => {
                let r: u32 = number(&value("--rounds")?, "--rounds")?;
                if r == 0 {
                    return Err("--rounds must be at least 1".into());
                }
                out.rounds = Some(r);
            }
            "--plots" => out.plots = Some(value("--plots")?),
            "--report" => out.report = Some(value("--report")?),
            "--seed" => out.seed = number(&value("--seed")?, "--seed")?,
            "--threads" => {
                let t: usize = number(&value("--threads")?, "--threads")?;
                if t == 0 {
                    return Err("--threads must be at least 1".into());
                }
                out.threads = Some(t);
            }
            s if s.starts_with('-') => return Err(format!("unknown flag `{s}`")),
            s if takes_file && out.file.is_none() => out.file = Some(s.to_string()),
            s => return Err(format!("unexpected argument `{s}`")),
        }
    }
    if takes_file && out.file.is_none() {
        return Err("expected a scenario file".into());
    }
    Ok(Some(out))
}

fn number<T: std::str::FromStr>(s: &str, flag: &str) -> Result<T, String> {
    s.parse()
        .map_err(|_| format!("{flag} expects a whole number, found `{s}`"))
}

/// Runs `f` on a pool of `threads` threads (rayon's global pool when `None`).
pub fn with_threads<T: Send>(
    threads: Option<usize>,
    f: impl FnOnce() -> T + Send,
) -> Result<T, String> {
    match threads {
        None => Ok(f()),
        Some(t) => rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build()
            .map(|pool| pool.install(f))
            .map_err(|e| format!("cannot start {t} threads: {e}")),
    }
}
