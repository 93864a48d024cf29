//! `demands[]`: hard demands in a scenario file, and their validation.
//!
//! ```
//! let s = detente::scenario::Scenario::from_json_str(r#"{
//!   "name": "griner-bout",
//!   "governments": [{"id": "USA"}, {"id": "RUS"}],
//!   "prisoners": [
//!     {"id": "griner", "held_by": "RUS", "citizenship": ["USA"], "valued_by": {"USA": 10}},
//!     {"id": "whelan", "held_by": "RUS", "citizenship": ["USA"], "valued_by": {"USA": 8}}
//!   ],
//!   "demands": [
//!     {"kind": "must_have", "by": "USA", "prisoners": ["griner"]},
//!     {"kind": "red_line", "by": "RUS", "prisoners": ["whelan"]}
//!   ]
//! }"#).unwrap();
//! let world = s.build().unwrap();
//! let whelan = world.prisoner_by_key("whelan").unwrap();
//! assert!(world.demands().red_line(whelan).is_some());
//! ```

use super::error::{Errors, unknown_id};
use super::schema::{Scenario, is_default};
use crate::model::{BuildError, Demand, GovernmentId, PrisonerId, WorldBuilder};
use serde::{Deserialize, Serialize};

/// `demands[]`: one hard demand, by `kind`. Prisoners are named prisoners'
/// ids (pools hold no one a demand can name).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum DemandEntry {
    /// `by` takes part in no deal that leaves any of `prisoners` in custody
    /// ([`Demand::MustHave`]).
    MustHave {
        /// The demanding government's id.
        by: String,
        /// Prisoner ids.
        prisoners: Vec<String>,
        /// Free text.
        #[serde(default, skip_serializing_if = "is_default")]
        note: String,
        /// Ids into the scenario's `sources`.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        sources: Vec<String>,
    },
    /// `prisoners` are released only in the same deal ([`Demand::Together`]).
    Together {
        /// Prisoner ids (at least two).
        prisoners: Vec<String>,
        /// Free text.
        #[serde(default, skip_serializing_if = "is_default")]
        note: String,
        /// Ids into the scenario's `sources`.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        sources: Vec<String>,
    },
    /// `prisoners` are never released, by anyone; `by` draws the line
    /// ([`Demand::RedLine`]).
    RedLine {
        /// The government drawing the line.
        by: String,
        /// Prisoner ids.
        prisoners: Vec<String>,
        /// Free text.
        #[serde(default, skip_serializing_if = "is_default")]
        note: String,
        /// Ids into the scenario's `sources`.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        sources: Vec<String>,
    },
}

impl DemandEntry {
    fn by(&self) -> Option<&str> {
        match self {
            DemandEntry::MustHave { by, .. } | DemandEntry::RedLine { by, .. } => Some(by),
            DemandEntry::Together { .. } => None,
        }
    }

    fn prisoners(&self) -> &[String] {
        match self {
            DemandEntry::MustHave { prisoners, .. }
            | DemandEntry::Together { prisoners, .. }
            | DemandEntry::RedLine { prisoners, .. } => prisoners,
        }
    }

    fn sources(&self) -> &[String] {
        match self {
            DemandEntry::MustHave { sources, .. }
            | DemandEntry::Together { sources, .. }
            | DemandEntry::RedLine { sources, .. } => sources,
        }
    }
}

/// Checks every entry of `s.demands`, pushing each mistake with its path.
pub(super) fn validate(s: &Scenario, errors: &mut Errors) {
    let governments = || s.governments.iter().map(|g| g.id.as_str());
    let named = || s.prisoners.iter().map(|p| p.id.as_str());
    // (government, prisoner, demand index) of every must-have and red line
    // seen so far, to find a government that asks for both.
    let mut must: Vec<(&str, &str, usize)> = Vec::new();
    let mut red: Vec<(&str, &str, usize)> = Vec::new();
    for (i, d) in s.demands.iter().enumerate() {
        let p = format!("$.demands[{i}]");
        let by = d.by().filter(|by| {
            let known = governments().any(|g| g == *by);
            if !known {
                errors.push(
                    format!("{p}.by"),
                    unknown_id("government", by, governments(), "$.governments"),
                );
            }
            known
        });
        let list = d.prisoners();
        let least = if matches!(d, DemandEntry::Together { .. }) {
            2
        } else {
            1
        };
        if list.is_empty() {
            errors.push(format!("{p}.prisoners"), "expected at least one prisoner");
        } else if list.len() < least {
            errors.push(
                format!("{p}.prisoners"),
                format!(
                    "a together demand needs at least two prisoners, found {}",
                    list.len()
                ),
            );
        }
        for (j, key) in list.iter().enumerate() {
            let at = format!("{p}.prisoners[{j}]");
            if list[..j].contains(key) {
                errors.push(at, format!("`{key}` is listed twice"));
            } else if s.pools.iter().any(|pool| &pool.id == key) {
                errors.push(
                    at,
                    format!("`{key}` is a pool; a demand names prisoners from `prisoners`"),
                );
            } else if !named().any(|n| n == key) {
                errors.push(at, unknown_id("prisoner", key, named(), "$.prisoners"));
            } else if let Some(by) = by {
                let (mine, other, what) = match d {
                    DemandEntry::MustHave { .. } => (&mut must, &red, "red line"),
                    _ => (&mut red, &must, "must-have"),
                };
                if let Some(&(_, _, k)) = other.iter().find(|e| e.0 == by && e.1 == key) {
                    errors.push(
                        at,
                        format!(
                            "`{key}` is already a {what} of `{by}` ($.demands[{k}]); a government cannot both demand and refuse a release"
                        ),
                    );
                }
                mine.push((by, key, i));
            }
        }
        for (j, r) in d.sources().iter().enumerate() {
            if !s.sources.iter().any(|x| &x.id == r) {
                errors.push(
                    format!("{p}.sources[{j}]"),
                    unknown_id(
                        "source",
                        r,
                        s.sources.iter().map(|x| x.id.as_str()),
                        "$.sources",
                    ),
                );
            }
        }
    }
}

/// Adds the (validated) demands of `s` to `b`.
pub(super) fn add(
    s: &Scenario,
    b: &mut WorldBuilder,
    gov: &impl Fn(&str) -> GovernmentId,
) -> Result<(), BuildError> {
    for d in &s.demands {
        let prisoners = d
            .prisoners()
            .iter()
            .map(|k| {
                b.prisoner_by_key(k)
                    .ok_or_else(|| BuildError::Invalid(format!("unknown prisoner `{k}`")))
            })
            .collect::<Result<Vec<PrisonerId>, _>>()?;
        b.demand(match d {
            DemandEntry::MustHave { by, .. } => Demand::MustHave {
                by: gov(by),
                prisoners,
            },
            DemandEntry::Together { .. } => Demand::Together { prisoners },
            DemandEntry::RedLine { by, .. } => Demand::RedLine {
                by: gov(by),
                prisoners,
            },
        })?;
    }
    Ok(())
}
