//! `families[]` and `dependants[]`: prisoners who leave as one unit and the
//! people who leave with them.
//!
//! Families are listed at the top level, not as a `family` field on each
//! prisoner, because a family is a relation among prisoners: one entry
//! names the unit once (with its note and sources), two released prisoners
//! of one household share it naturally, and a prisoner in two families is a
//! mistake validation can point at. Members are named prisoners (a pool
//! member has no name to list); families do not nest, so a family can never
//! contain itself. A prisoner belongs to at most one family, which is what
//! makes "the dependants leave with the unit" well defined (see
//! [`Family`](crate::model::Family) for exactly when).

use super::error::{Errors, unknown_id};
use super::schema::Scenario;
use crate::model::{BuildError, Dependant, WorldBuilder};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// `families[]`: prisoners who leave as one unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyEntry {
    /// Key, unique among families.
    pub id: String,
    /// Ids of named prisoners (at least one, each in no other family).
    pub members: Vec<String>,
    /// Why the family is modelled so.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Ids of entries in the scenario's `sources`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// `dependants[]`: a person who is not traded but leaves with a family.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DependantEntry {
    /// Key, unique among dependants.
    pub id: String,
    /// Public name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The family they leave with (required; optional in the schema so a
    /// missing one is reported as a dependant attached to nobody).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
}

/// Checks `families` and `dependants` against the prisoners and pools.
pub(super) fn validate(s: &Scenario, errors: &mut Errors) {
    let families: BTreeMap<&str, usize> = s
        .families
        .iter()
        .enumerate()
        .rev()
        .map(|(i, f)| (f.id.as_str(), i))
        .collect();
    let own_dependants: BTreeSet<&str> = s
        .prisoners
        .iter()
        .filter(|p| !p.dependants.is_empty())
        .map(|p| p.id.as_str())
        .collect();
    let mut seen_family = BTreeSet::new();
    let mut family_of: BTreeMap<&str, &str> = BTreeMap::new();
    for (i, f) in s.families.iter().enumerate() {
        let path = format!("$.families[{i}]");
        if !seen_family.insert(f.id.as_str()) {
            errors.push(
                format!("{path}.id"),
                format!("duplicate family id `{}`", f.id),
            );
        }
        if f.members.is_empty() {
            errors.push(
                format!("{path}.members"),
                format!(
                    "family `{}` has no members: its dependants would be attached to nobody",
                    f.id
                ),
            );
        }
        for (j, m) in f.members.iter().enumerate() {
            let at = format!("{path}.members[{j}]");
            if let Some(message) = member_problem(s, &f.id, m, &families, &own_dependants) {
                errors.push(at, message);
            } else if let Some(other) = family_of.insert(m, &f.id) {
                errors.push(
                    at,
                    format!(
                        "prisoner `{m}` is already in family `{other}`: a prisoner belongs to one family, so its dependants leave with one unit"
                    ),
                );
            }
        }
    }
    let mut seen_dependant = BTreeSet::new();
    for (i, d) in s.dependants.iter().enumerate() {
        let path = format!("$.dependants[{i}]");
        if !seen_dependant.insert(d.id.as_str()) {
            errors.push(
                format!("{path}.id"),
                format!("duplicate dependant id `{}`", d.id),
            );
        }
        match &d.family {
            None => errors.push(
                path,
                format!(
                    "dependant `{}` is attached to nobody: name the `family` they leave with",
                    d.id
                ),
            ),
            Some(f) if !families.contains_key(f.as_str()) => errors.push(
                format!("{path}.family"),
                unknown_id("family", f, families.keys().copied(), "$.families"),
            ),
            Some(_) => {}
        }
    }
}

/// Why `member` cannot be listed in family `family`, if it cannot.
fn member_problem(
    s: &Scenario,
    family: &str,
    member: &str,
    families: &BTreeMap<&str, usize>,
    own_dependants: &BTreeSet<&str>,
) -> Option<String> {
    if member == family {
        return Some(format!(
            "family `{family}` lists itself: a cyclic family (members are prisoners; families do not nest)"
        ));
    }
    if families.contains_key(member) {
        return Some(format!(
            "`{member}` is a family: families do not nest (list its prisoners instead)"
        ));
    }
    if s.pools.iter().any(|p| p.id == member) {
        return Some(format!(
            "`{member}` is a pool: a family's members are named prisoners"
        ));
    }
    if !s.prisoners.iter().any(|p| p.id == member) {
        return Some(unknown_id(
            "prisoner",
            member,
            s.prisoners.iter().map(|p| p.id.as_str()),
            "$.prisoners",
        ));
    }
    if own_dependants.contains(member) {
        return Some(format!(
            "prisoner `{member}` lists its own `dependants` and is in family `{family}`: list them in `dependants` with family `{family}`"
        ));
    }
    None
}

/// Adds the validated families to `b`, after every prisoner.
pub(super) fn build(
    s: &Scenario,
    b: &mut WorldBuilder,
    world_key: impl Fn(&str) -> Option<crate::model::PrisonerId>,
) -> Result<(), BuildError> {
    for f in &s.families {
        let members: Vec<_> = f.members.iter().filter_map(|m| world_key(m)).collect();
        let dependants = s
            .dependants
            .iter()
            .filter(|d| d.family.as_deref() == Some(f.id.as_str()))
            .map(|d| Dependant {
                key: d.id.clone(),
                name: d.name.clone(),
            })
            .collect();
        b.family(&f.id, &members, dependants)?;
    }
    Ok(())
}
