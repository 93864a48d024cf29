//! The versioned JSON schema of experiment and explorer results, and CSV
//! export for pandas, R or a spreadsheet.
//!
//! Every document carries `schema_version` ([`SCHEMA_VERSION`]); readers
//! refuse other versions with [`SchemaError::Version`] rather than guess.
//! Fields are only ever added in a new version, never renamed silently.
//!
//! An experiment result (version 1):
//!
//! ```json
//! {
//!   "schema_version": 1,
//!   "kind": "experiment",
//!   "scenario": "belarus_2025",
//!   "round_unit": "month",
//!   "seed": 7,
//!   "governments": ["USA", "BLR"],
//!   "runs": [
//!     {"run": 0, "rounds": 12, "freed": 52, "arrested": 40, "deals": 2,
//!      "relief": 1.5, "payoffs": [3.0, 1.25]}
//!   ],
//!   "trajectories": [
//!     {"run": 0, "round": 0, "held": 1265, "arrests": 3, "releases": 0,
//!      "relief": 0.0, "deals": 0}
//!   ]
//! }
//! ```
//!
//! ```
//! use detente::report::{ExperimentReport, RunSummary};
//! let mut r = ExperimentReport::new("toy", "round", 7, vec!["A".into(), "H".into()]);
//! r.runs.push(RunSummary { run: 0, rounds: 3, freed: 2, arrested: 0, deals: 1,
//!     relief: 0.5, payoffs: vec![4.0, 1.0] });
//! let json = r.to_json();
//! assert!(json.contains("\"schema_version\":1"));
//! assert_eq!(ExperimentReport::from_json(&json)?, r);
//! let mut csv = Vec::new();
//! r.write_runs_csv(&mut csv)?;
//! assert!(String::from_utf8(csv).unwrap().starts_with("run,rounds,freed,arrested,deals,relief,payoff_A,payoff_H\n"));
//! # Ok::<(), detente::report::SchemaError>(())
//! ```

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The schema version this crate writes and reads.
pub const SCHEMA_VERSION: u32 = 1;

/// Errors reading or writing result documents.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SchemaError {
    /// The document has another `schema_version` (or none).
    #[error("schema_version {found:?} is not supported (this crate reads {SCHEMA_VERSION})")]
    Version {
        /// What the document says.
        found: Option<u64>,
    },
    /// The JSON does not fit the schema.
    #[error("at {path}: {message}")]
    Json {
        /// JSON path of the problem (`runs[3].freed`).
        path: String,
        /// What is wrong.
        message: String,
    },
    /// CSV output failed.
    #[error("csv: {0}")]
    Csv(#[from] csv::Error),
    /// A row does not fit its header (a payoff count differs).
    #[error("run {run} has {found} payoffs for {expected} governments")]
    Ragged {
        /// The run.
        run: u64,
        /// Governments in the header.
        expected: usize,
        /// Payoffs in the row.
        found: usize,
    },
}

/// Checks the version, then deserialises with JSON-path errors.
fn read<T: DeserializeOwned>(json: &str) -> Result<T, SchemaError> {
    let v: serde_json::Value = serde_json::from_str(json).map_err(|e| SchemaError::Json {
        path: "$".into(),
        message: e.to_string(),
    })?;
    let found = v.get("schema_version").and_then(serde_json::Value::as_u64);
    if found != Some(u64::from(SCHEMA_VERSION)) {
        return Err(SchemaError::Version { found });
    }
    serde_path_to_error::deserialize(v).map_err(|e| SchemaError::Json {
        path: e.path().to_string(),
        message: e.inner().to_string(),
    })
}

/// One run of an experiment, summarised.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunSummary {
    /// Run index (its random stream is `rng::derived(seed, &[run])`).
    pub run: u64,
    /// Rounds simulated.
    pub rounds: u32,
    /// Prisoners freed (persons).
    pub freed: u64,
    /// New arrests (persons).
    pub arrested: u64,
    /// Deals concluded.
    pub deals: u32,
    /// Relief given, summed over sanctions (share of sanction value).
    pub relief: f64,
    /// Discounted payoff per government, in the order of
    /// [`ExperimentReport::governments`].
    pub payoffs: Vec<f64>,
}

/// One round of one run: a trajectory row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundRecord {
    /// Run index.
    pub run: u64,
    /// Round index.
    pub round: u32,
    /// Prisoners held at the end of the round (persons).
    pub held: u64,
    /// New arrests in the round (persons).
    pub arrests: u64,
    /// Releases in the round (persons).
    pub releases: u64,
    /// Relief in force at the end of the round, summed over sanctions.
    pub relief: f64,
    /// Deals concluded in the round.
    pub deals: u32,
}

/// The result document of an experiment (Monte Carlo runs of a scenario).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExperimentReport {
    /// Always [`SCHEMA_VERSION`] when written by this crate.
    pub schema_version: u32,
    /// Always `"experiment"`.
    pub kind: String,
    /// Scenario name.
    pub scenario: String,
    /// What one round is (`month`).
    pub round_unit: String,
    /// The experiment's seed.
    pub seed: u64,
    /// Government codes: the columns of every `payoffs`.
    pub governments: Vec<String>,
    /// One summary per run, in run order.
    pub runs: Vec<RunSummary>,
    /// Per-round rows, by run then round (may be empty).
    #[serde(default)]
    pub trajectories: Vec<RoundRecord>,
}

impl ExperimentReport {
    /// An empty report.
    pub fn new(
        scenario: impl Into<String>,
        round_unit: impl Into<String>,
        seed: u64,
        governments: Vec<String>,
    ) -> Self {
        ExperimentReport {
            schema_version: SCHEMA_VERSION,
            kind: "experiment".into(),
            scenario: scenario.into(),
            round_unit: round_unit.into(),
            seed,
            governments,
            runs: Vec::new(),
            trajectories: Vec::new(),
        }
    }

    /// The document as compact JSON (floats round-trip exactly).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("plain data serialises")
    }

    /// Reads a document.
    ///
    /// # Errors
    /// [`SchemaError::Version`] for another version, [`SchemaError::Json`]
    /// with the JSON path of anything else.
    pub fn from_json(json: &str) -> Result<Self, SchemaError> {
        read(json)
    }

    /// Per-run summaries as CSV: `run,rounds,freed,arrested,deals,relief`
    /// then `payoff_<CODE>` per government.
    ///
    /// # Errors
    /// [`SchemaError::Ragged`] when a run's payoffs do not match the
    /// governments; [`SchemaError::Csv`] on write errors.
    pub fn write_runs_csv<W: std::io::Write>(&self, w: W) -> Result<(), SchemaError> {
        let mut out = csv::Writer::from_writer(w);
        let mut header: Vec<String> = ["run", "rounds", "freed", "arrested", "deals", "relief"]
            .map(String::from)
            .to_vec();
        header.extend(self.governments.iter().map(|g| format!("payoff_{g}")));
        out.write_record(&header)?;
        for r in &self.runs {
            if r.payoffs.len() != self.governments.len() {
                return Err(SchemaError::Ragged {
                    run: r.run,
                    expected: self.governments.len(),
                    found: r.payoffs.len(),
                });
            }
            let mut row = vec![
                r.run.to_string(),
                r.rounds.to_string(),
                r.freed.to_string(),
                r.arrested.to_string(),
                r.deals.to_string(),
                r.relief.to_string(),
            ];
            row.extend(r.payoffs.iter().map(f64::to_string));
            out.write_record(&row)?;
        }
        out.flush().map_err(csv::Error::from)?;
        Ok(())
    }

    /// Per-round trajectories as CSV, one row per run and round, columns
    /// as the fields of [`RoundRecord`].
    ///
    /// # Errors
    /// [`SchemaError::Csv`] on write errors.
    pub fn write_trajectories_csv<W: std::io::Write>(&self, w: W) -> Result<(), SchemaError> {
        let mut out = csv::Writer::from_writer(w);
        if self.trajectories.is_empty() {
            out.write_record([
                "run", "round", "held", "arrests", "releases", "relief", "deals",
            ])?;
        }
        for r in &self.trajectories {
            out.serialize(r)?;
        }
        out.flush().map_err(csv::Error::from)?;
        Ok(())
    }
}

/// One point of an explorer's frontier: a deal sequence and its payoffs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontierEntry {
    /// The deals, in order, as readable descriptions.
    pub sequence: Vec<String>,
    /// The two players' payoffs.
    pub payoffs: [f64; 2],
    /// Prisoners freed by the sequence.
    pub freed: u64,
    /// Relief given by the sequence (share of sanction value, summed).
    pub relief: f64,
}

/// The result document of a deal-sequence exploration between two players.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExplorerReport {
    /// Always [`SCHEMA_VERSION`] when written by this crate.
    pub schema_version: u32,
    /// Always `"explorer"`.
    pub kind: String,
    /// Scenario name.
    pub scenario: String,
    /// The two players' codes (the first proposes first).
    pub players: [String; 2],
    /// Search depth in rounds.
    pub depth: u32,
    /// Nodes visited.
    pub nodes: u64,
    /// Whether the search covered every sequence.
    pub exhausted: bool,
    /// The Pareto-optimal sequences.
    pub frontier: Vec<FrontierEntry>,
    /// Index into `frontier` of the Nash bargaining point.
    pub nash: Option<usize>,
    /// Index into `frontier` of the Kalai-Smorodinsky point.
    pub kalai_smorodinsky: Option<usize>,
}

impl ExplorerReport {
    /// An empty report.
    pub fn new(scenario: impl Into<String>, players: [String; 2], depth: u32) -> Self {
        ExplorerReport {
            schema_version: SCHEMA_VERSION,
            kind: "explorer".into(),
            scenario: scenario.into(),
            players,
            depth,
            nodes: 0,
            exhausted: false,
            frontier: Vec::new(),
            nash: None,
            kalai_smorodinsky: None,
        }
    }

    /// The document as compact JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("plain data serialises")
    }

    /// Reads a document.
    ///
    /// # Errors
    /// As [`ExperimentReport::from_json`].
    pub fn from_json(json: &str) -> Result<Self, SchemaError> {
        read(json)
    }
}
