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
    /// Sweep axes, `path=v1,v2,...` (values as JSON).
    pub sweep: Vec<String>,
    /// Run only this shard of the sweep's jobs, `k/n`.
    pub shard: Option<detente::shard::Shard>,
    /// Where to write a shard or a merged result (default: stdout).
    pub out: Option<String>,
    /// Shard files to merge (the `--merge` mode).
    pub merge: Option<Vec<String>>,
    /// Add a mediator with default settings when the scenario has none.
    pub mediator: bool,
}

/// The flags, for `--help`.
pub const FLAGS: &str = "  --runs N      number of runs (default 10000)
  --rounds R    rounds per run (default: the scenario's dynamics.rounds, else 24)
  --seed S      seed (default 2025); run i draws from rng::derived(S, [i])
  --threads T   worker threads (default: one per core)
  --json        print one JSON object (headline numbers and full results)
  --plots DIR   write the figures to DIR as SVG files
  --report FILE write a one-file HTML report (summary, key numbers, figures, deals)
  --mediator    add a mediator (default dynamics.mediator settings) when the
                scenario has none: each round it carries out the best
                multilateral package, which bilateral talks cannot reach
  --sweep PATH=V1,V2,...
                sweep a scenario parameter (JSON path in the scenario file, values
                as JSON); repeat for a grid. --runs is then runs per point, and
                run i of point p draws from rng::derived(S, [p, i])
  --shard K/N   run only shard K (from 0) of N of the jobs (point x run) and
                write the shard file (JSON aggregates) to --out or stdout
  --out FILE    where --shard and --merge write (default: stdout)
  --merge FILE...
                merge shard files (any order) into exactly the unsharded result";

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
        sweep: Vec::new(),
        shard: None,
        out: None,
        merge: None,
        mediator: false,
    };
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "-h" | "--help" => return Ok(None),
            "--json" => out.json = true,
            "--mediator" => out.mediator = true,
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
            "--sweep" => out.sweep.push(value("--sweep")?),
            "--shard" => {
                let v = value("--shard")?;
                out.shard = Some(v.parse().map_err(|e| format!("--shard: {e}"))?);
            }
            "--out" => out.out = Some(value("--out")?),
            "--merge" => out.merge = Some(Vec::new()),
            "--seed" => out.seed = number(&value("--seed")?, "--seed")?,
            "--threads" => {
                let t: usize = number(&value("--threads")?, "--threads")?;
                if t == 0 {
                    return Err("--threads must be at least 1".into());
                }
                out.threads = Some(t);
            }
            s if s.starts_with('-') => return Err(format!("unknown flag `{s}`")),
            s if out.merge.is_some() => out.merge.get_or_insert_default().push(s.to_string()),
            s if takes_file && out.file.is_none() => out.file = Some(s.to_string()),
            s => return Err(format!("unexpected argument `{s}`")),
        }
    }
    match &out.merge {
        Some(files) if files.is_empty() => return Err("--merge needs shard files".into()),
        Some(_) if out.file.is_some() || !out.sweep.is_empty() || out.shard.is_some() => {
            return Err("--merge takes only shard files (and --out, --json)".into());
        }
        Some(_) => {}
        None if takes_file && out.file.is_none() => {
            return Err("expected a scenario file".into());
        }
        None => {}
    }
    if out.mediator && (!out.sweep.is_empty() || out.shard.is_some() || out.merge.is_some()) {
        return Err(
            "--mediator changes one experiment's scenario; in a sweep, set dynamics.mediator in the file"
                .into(),
        );
    }
    if (out.plots.is_some() || out.report.is_some())
        && (!out.sweep.is_empty() || out.shard.is_some() || out.merge.is_some())
    {
        return Err(
            "--plots and --report show one experiment, not a sweep, a shard or a merge".into(),
        );
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
