//! Shard files: the self-certifying JSON text a shard writes and a merge
//! reads.
//!
//! A shard file is one line of [canonical JSON](super::canonical_json): an
//! object with `kind` (`"experiment"` or `"sweep"`), the fields of a
//! [`ShardPart`] (`shard`, `total`, `start`, `end`, `fingerprint`,
//! `results`) and `checksum`, the SHA-256 of the canonical JSON of the same
//! object without `checksum`. Reading one checks, in order: its size
//! against [`MAX_SHARD_FILE_BYTES`], the JSON, the checksum (so an edited
//! or truncated file is refused before anything else), no unknown field
//! anywhere, and every invariant of [`ShardPart::check`].

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::canonical::{canonical_json, sha256_hex};
use super::{Aggregate, ShardError, ShardPart, merge_parts};
use crate::simulate::{ExperimentResults, SweepResults};

/// Largest shard file read, in bytes (256 MiB). A shard file holds
/// aggregates, whose size does not grow with the number of runs: a few
/// kilobytes per sweep point. Parsing needs a few times the file's size.
pub const MAX_SHARD_FILE_BYTES: usize = 256 << 20;

/// What a shard file holds.
#[derive(Clone, Debug, PartialEq)]
pub enum ShardFile {
    /// Runs of one experiment.
    Experiment(Box<ShardPart<ExperimentResults>>),
    /// Jobs of a sweep.
    Sweep(Box<ShardPart<SweepResults>>),
}

impl ShardFile {
    /// The file's text: one line of canonical JSON with its checksum (no
    /// trailing newline).
    ///
    /// # Errors
    /// [`ShardError::Format`] when the results do not serialize.
    pub fn to_json(&self) -> Result<String, ShardError> {
        let mut object = match self {
            ShardFile::Experiment(p) => tagged("experiment", p.as_ref()),
            ShardFile::Sweep(p) => tagged("sweep", p.as_ref()),
        }?;
        let checksum = checksum(&object)?;
        object.insert("checksum".into(), Value::String(checksum));
        canonical_json(&object).map_err(format_error)
    }

    /// Reads and checks a shard file's text (the format and its checks are described in `shard/file.rs`).
    ///
    /// ```
    /// use detente::shard::{ShardError, ShardFile};
    /// assert!(matches!(ShardFile::from_json("{}"), Err(ShardError::Format(_))));
    /// ```
    ///
    /// # Errors
    /// [`ShardError::Format`] for text that is too long, not JSON, without
    /// a checksum, of an unknown kind or with an unknown or missing field;
    /// [`ShardError::Checksum`] when the content does not match its
    /// checksum; [`ShardError::Invalid`] for a broken invariant.
    pub fn from_json(text: &str) -> Result<ShardFile, ShardError> {
        if text.len() > MAX_SHARD_FILE_BYTES {
            return Err(ShardError::Format(format!(
                "{} bytes, more than the limit of {MAX_SHARD_FILE_BYTES}",
                text.len()
            )));
        }
        let value: Value = serde_json::from_str(text).map_err(format_error)?;
        let Value::Object(mut object) = value else {
            return Err(ShardError::Format("not a JSON object".into()));
        };
        let claimed = match object.remove("checksum") {
            Some(Value::String(s)) => s,
            _ => return Err(ShardError::Format("no `checksum` string".into())),
        };
        let actual = checksum(&object)?;
        if claimed != actual {
            return Err(ShardError::Checksum { claimed, actual });
        }
        let kind = match object.remove("kind") {
            Some(Value::String(s)) => s,
            _ => return Err(ShardError::Format("no `kind` string".into())),
        };
        let file = match kind.as_str() {
            "experiment" => ShardFile::Experiment(Box::new(typed(object)?)),
            "sweep" => ShardFile::Sweep(Box::new(typed(object)?)),
            other => {
                return Err(ShardError::Format(format!(
                    "unknown kind {other:?}: expected \"experiment\" or \"sweep\""
                )));
            }
        };
        match &file {
            ShardFile::Experiment(p) => p.check()?,
            ShardFile::Sweep(p) => p.check()?,
        }
        Ok(file)
    }

    /// Merges shard files (any order) of one experiment or sweep into the
    /// file of the whole job list, as [`merge_parts`] does.
    ///
    /// # Errors
    /// As for [`merge_parts`], or [`ShardError::Merge`] when experiment
    /// and sweep files are mixed.
    pub fn merge(files: Vec<ShardFile>) -> Result<ShardFile, ShardError> {
        let mut experiments = Vec::new();
        let mut sweeps = Vec::new();
        for f in files {
            match f {
                ShardFile::Experiment(p) => experiments.push(*p),
                ShardFile::Sweep(p) => sweeps.push(*p),
            }
        }
        match (experiments.is_empty(), sweeps.is_empty()) {
            (false, true) => Ok(ShardFile::Experiment(Box::new(merge_parts(experiments)?))),
            (true, false) => Ok(ShardFile::Sweep(Box::new(merge_parts(sweeps)?))),
            (true, true) => Err(ShardError::NoParts),
            (false, false) => Err(ShardError::Merge(
                "cannot merge experiment shards with sweep shards".into(),
            )),
        }
    }
}

fn tagged<T: Serialize + Aggregate>(
    kind: &str,
    part: &ShardPart<T>,
) -> Result<serde_json::Map<String, Value>, ShardError> {
    match serde_json::to_value(part).map_err(format_error)? {
        Value::Object(mut object) => {
            object.insert("kind".into(), Value::String(kind.into()));
            Ok(object)
        }
        _ => Err(ShardError::Format("a shard part is not an object".into())),
    }
}

fn checksum(object: &serde_json::Map<String, Value>) -> Result<String, ShardError> {
    Ok(sha256_hex(
        canonical_json(object).map_err(format_error)?.as_bytes(),
    ))
}

/// Deserializes with the JSON path of the first error in its message.
fn typed<T: DeserializeOwned>(object: serde_json::Map<String, Value>) -> Result<T, ShardError> {
    serde_path_to_error::deserialize(Value::Object(object))
        .map_err(|e| ShardError::Format(format!("at {}: {}", e.path(), e.inner())))
}

fn format_error(e: serde_json::Error) -> ShardError {
    ShardError::Format(e.to_string())
}
