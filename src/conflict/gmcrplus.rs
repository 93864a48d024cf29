//! Import of the GMCR+ JSON layout, and format detection.
//!
//! GMCR+ files hold `options` (`name`, `permittedDirection` of `both`,
//! `fwd` or `back`), `decisionMakers` (`name`, `options` as option indices,
//! `preferences` as prioritization conditions, and `preferenceRanking` when
//! `useManualPreferenceRanking` is true; older files say
//! `useManualPreferenceVectors` and `preferenceVector`), `infeasibles` (lists
//! of `[option, "Y"|"N"]`) and `coalitions` (a decision-maker index or a list
//! of them). A condition is a list of `[option, "Y"|"N"]` pairs, or
//! `{"compound": true, "members": [...]}` for an OR of such lists.
//! A condition is refused, not reinterpreted, when it names an unknown
//! option or one option with both values (it could hold in no state), and
//! so are contradictory duplicates (`useManualPreferenceRanking` against
//! the older `useManualPreferenceVectors`, `preferenceRanking` against
//! `preferenceVector`).
//!
//! Options are kept in file order: GMCR+ writes them grouped by decision
//! maker already, so state numbers (and manual rankings) stay as saved.

use serde::Deserialize;

use super::error::ConflictError;
use super::model::{Condition, Conflict, Direction, DmSpec, OptionSpec, Preferences, RankEntry};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Raw {
    options: Vec<RawOption>,
    decision_makers: Vec<RawDm>,
    #[serde(default)]
    infeasibles: Vec<RawCond>,
    use_manual_preference_ranking: Option<bool>,
    use_manual_preference_vectors: Option<bool>,
    #[serde(default)]
    coalitions: Vec<RawCoalition>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawOption {
    name: String,
    #[serde(default = "both")]
    permitted_direction: String,
}

fn both() -> String {
    "both".into()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawDm {
    name: String,
    options: Vec<usize>,
    #[serde(default)]
    preferences: Vec<RawCond>,
    preference_ranking: Option<Vec<RankEntry>>,
    preference_vector: Option<Vec<RankEntry>>,
    #[serde(default)]
    misperceived: Vec<RawCond>,
}

/// A condition, told apart by its JSON shape so that a mistake inside
/// either shape is reported as itself (an untagged enum would only say
/// that no shape matched).
#[derive(Deserialize)]
#[serde(try_from = "serde_json::Value")]
enum RawCond {
    Simple(Vec<(usize, String)>),
    Compound(RawCompound),
}

impl TryFrom<serde_json::Value> for RawCond {
    type Error = String;

    fn try_from(v: serde_json::Value) -> Result<Self, String> {
        use serde_json::Value;
        match v {
            Value::Array(_) => serde_json::from_value(v).map(RawCond::Simple),
            Value::Object(_) => serde_json::from_value(v).map(RawCond::Compound),
            other => {
                return Err(format!(
                    "expected a list of [option, \"Y\"|\"N\"] pairs or {{\"compound\": true, \"members\": [...]}}, found {other}"
                ));
            }
        }
        .map_err(|e| e.to_string())
    }
}

/// `{"compound": true, "members": [...]}`; a misspelt field would
/// otherwise be dropped and change the condition.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompound {
    #[serde(default = "yes")]
    compound: bool,
    members: Vec<Vec<(usize, String)>>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawCoalition {
    One(usize),
    Many(Vec<usize>),
}

/// Reads a conflict in the GMCR+ JSON layout.
///
/// # Errors
/// [`ConflictError::Json`] with the JSON path of a value of the wrong shape,
/// [`ConflictError::Invalid`] with the path of a bad index, direction or
/// condition, or of an option that no decision maker (or two) controls.
///
/// ```
/// let text = r#"{"options": [{"name": "a", "permittedDirection": "fwd"}],
///   "decisionMakers": [{"name": "A", "options": [0], "preferences": [[[0, "Y"]]]}],
///   "infeasibles": [], "useManualPreferenceRanking": false}"#;
/// let c = detente::conflict::gmcrplus::from_json(text)?;
/// assert_eq!(c.compile()?.states().len(), 2);
/// # Ok::<(), detente::conflict::ConflictError>(())
/// ```
pub fn from_json(text: &str) -> Result<Conflict, ConflictError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let raw: Raw = serde_path_to_error::deserialize(de).map_err(ConflictError::from_serde)?;
    convert(raw)
}

fn convert(raw: Raw) -> Result<Conflict, ConflictError> {
    let n = raw.options.len();
    let mut owner: Vec<Option<usize>> = vec![None; n];
    for (d, dm) in raw.decision_makers.iter().enumerate() {
        for (k, &o) in dm.options.iter().enumerate() {
            let path = format!("decisionMakers[{d}].options[{k}]");
            if o >= n {
                return Err(ConflictError::invalid(
                    path,
                    format!("no option {o} (there are {n})"),
                ));
            }
            if let Some(prev) = owner[o].replace(d)
                && prev != d
            {
                return Err(ConflictError::invalid(
                    path,
                    format!("option {o} is already controlled by decision maker {prev}"),
                ));
            }
        }
    }
    let mut options = Vec::with_capacity(n);
    for (i, o) in raw.options.iter().enumerate() {
        let direction = match o.permitted_direction.as_str() {
            "both" => Direction::Both,
            "fwd" => Direction::Fwd,
            "back" => Direction::Back,
            other => {
                return Err(ConflictError::invalid(
                    format!("options[{i}].permittedDirection"),
                    format!("{other:?} is not both, fwd or back"),
                ));
            }
        };
        let owner = owner[i].ok_or_else(|| {
            ConflictError::invalid(
                format!("options[{i}]"),
                "no decision maker controls this option",
            )
        })?;
        options.push(OptionSpec {
            name: o.name.clone(),
            owner,
            direction,
        });
    }
    let manual = match (
        raw.use_manual_preference_ranking,
        raw.use_manual_preference_vectors,
    ) {
        (Some(a), Some(b)) if a != b => {
            return Err(ConflictError::invalid(
                "useManualPreferenceVectors",
                format!(
                    "{b}, but useManualPreferenceRanking (its newer name) is {a}: which preferences apply is ambiguous"
                ),
            ));
        }
        (a, b) => a.or(b).unwrap_or(false),
    };
    let mut dms = Vec::with_capacity(raw.decision_makers.len());
    for (d, dm) in raw.decision_makers.into_iter().enumerate() {
        let path = format!("decisionMakers[{d}]");
        let preferences = if manual {
            if let (Some(a), Some(b)) = (&dm.preference_ranking, &dm.preference_vector)
                && a != b
            {
                return Err(ConflictError::invalid(
                    format!("{path}.preferenceVector"),
                    "differs from preferenceRanking (its newer name): which ranking applies is ambiguous",
                ));
            }
            let ranking = dm
                .preference_ranking
                .or(dm.preference_vector)
                .ok_or_else(|| {
                    ConflictError::invalid(
                        &path,
                        "useManualPreferenceRanking is set but preferenceRanking is missing",
                    )
                })?;
            Preferences::Ranking(ranking)
        } else {
            let conds = dm
                .preferences
                .iter()
                .enumerate()
                .map(|(k, c)| condition(c, n, &format!("{path}.preferences[{k}]")))
                .collect::<Result<_, _>>()?;
            Preferences::Prioritization(conds)
        };
        let mut misperceived = Vec::new();
        for (k, c) in dm.misperceived.iter().enumerate() {
            match condition(c, n, &format!("{path}.misperceived[{k}]"))? {
                Condition::All(p) => misperceived.push(p),
                Condition::Any(ps) => misperceived.extend(ps),
            }
        }
        dms.push(DmSpec {
            name: dm.name,
            preferences,
            misperceived,
        });
    }
    let mut infeasible = Vec::new();
    for (k, c) in raw.infeasibles.iter().enumerate() {
        match condition(c, n, &format!("infeasibles[{k}]"))? {
            Condition::All(p) => infeasible.push(p),
            Condition::Any(ps) => infeasible.extend(ps),
        }
    }
    let coalitions = raw
        .coalitions
        .into_iter()
        .map(|c| match c {
            RawCoalition::One(d) => vec![d],
            RawCoalition::Many(v) => v,
        })
        .collect();
    Ok(Conflict {
        name: String::new(),
        options,
        decision_makers: dms,
        infeasible,
        coalitions,
        status_quo: None,
    })
}

/// One conjunction as a `Y`/`N`/`-` pattern. An option named twice with
/// opposite values is refused: such a condition can hold in no state, and
/// letting the later pair win would read it as a different condition.
fn pairs_to_yn(pairs: &[(usize, String)], n: usize, path: &str) -> Result<String, ConflictError> {
    let mut yn = vec!['-'; n];
    // Where each option was first required, to name both pairs.
    let mut first: Vec<usize> = vec![0; n];
    for (k, (o, v)) in pairs.iter().enumerate() {
        if *o >= n {
            return Err(ConflictError::invalid(
                format!("{path}[{k}][0]"),
                format!("no option {o} (there are {n})"),
            ));
        }
        let want = match v.as_str() {
            "Y" => 'Y',
            "N" => 'N',
            other => {
                return Err(ConflictError::invalid(
                    format!("{path}[{k}][1]"),
                    format!("{other:?} is not \"Y\" or \"N\""),
                ));
            }
        };
        match yn[*o] {
            '-' => {
                yn[*o] = want;
                first[*o] = k;
            }
            had if had != want => {
                return Err(ConflictError::invalid(
                    format!("{path}[{k}]"),
                    format!(
                        "option {o} must be {want} here but {had} at {path}[{}]: no state satisfies both",
                        first[*o]
                    ),
                ));
            }
            // The same requirement twice is redundant, not contradictory.
            _ => {}
        }
    }
    Ok(yn.into_iter().collect())
}

fn condition(c: &RawCond, n: usize, path: &str) -> Result<Condition, ConflictError> {
    match c {
        RawCond::Simple(p) => Ok(Condition::All(pairs_to_yn(p, n, path)?)),
        RawCond::Compound(RawCompound {
            compound: false, ..
        }) => Err(ConflictError::invalid(
            format!("{path}.compound"),
            "a condition with members is an OR of them: compound must be true",
        )),
        RawCond::Compound(RawCompound { members, .. }) => Ok(Condition::Any(
            members
                .iter()
                .enumerate()
                .map(|(k, m)| pairs_to_yn(m, n, &format!("{path}.members[{k}]")))
                .collect::<Result<_, _>>()?,
        )),
    }
}

/// Reads a conflict in either layout: GMCR+ when the top-level object has a
/// `decisionMakers` key, the crate's own otherwise.
///
/// # Errors
/// As [`from_json`] or [`Conflict::from_json`].
///
/// ```
/// let own = detente::conflict::examples::prisoners_dilemma().to_json();
/// let c = detente::conflict::load_str(&own)?;
/// assert_eq!(c.options.len(), 2);
/// # Ok::<(), detente::conflict::ConflictError>(())
/// ```
pub fn load_str(text: &str) -> Result<Conflict, ConflictError> {
    #[derive(Deserialize)]
    struct Probe {
        #[serde(rename = "decisionMakers")]
        dms: Option<serde::de::IgnoredAny>,
    }
    let probe: Probe = serde_json::from_str(text).map_err(|e| ConflictError::Json {
        path: ".".into(),
        message: e.to_string(),
    })?;
    if probe.dms.is_some() {
        from_json(text)
    } else {
        Conflict::from_json(text)
    }
}

/// Reads a conflict file in either layout (see [`load_str`]).
///
/// # Errors
/// [`ConflictError::Io`] when the file cannot be read, else as [`load_str`].
///
/// ```
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/conflicts/elmira.json");
/// let c = detente::conflict::load_file(path)?;
/// assert_eq!(c.compile()?.states().len(), 12);
/// # Ok::<(), detente::conflict::ConflictError>(())
/// ```
pub fn load_file(path: impl AsRef<std::path::Path>) -> Result<Conflict, ConflictError> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|e| ConflictError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    load_str(&text)
}
