//! Families: prisoners who leave as one unit, and the dependants (spouses,
//! children) who are never traded but leave with them.
//!
//! # When dependants leave
//! A family's dependants leave with the release of its **last member still
//! in custody**: while any member is held they stay (the unit is not split),
//! and once none is held and at least one has been released, they have left
//! with the unit. When two members are freed in different deals, the
//! dependants are counted with the second deal. A member who died or was
//! never arrested holds nobody back. No concession names a dependant, so
//! they are never released on their own.

use super::{PrisonerId, PrisonerStatus, State};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Dense id of a family in a [`World`](super::World).
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FamilyId(pub u32);

impl FamilyId {
    /// As an index into dense arrays.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A person who is not a prisoner but leaves with a family's prisoners.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependant {
    /// Key from the scenario file.
    pub key: String,
    /// Name, when public.
    pub name: Option<String>,
}

/// Prisoners who leave as one unit, with their dependants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Family {
    /// Dense id.
    pub id: FamilyId,
    /// Key from the scenario file (a prisoner's key for the family a
    /// prisoner's own `dependants` list makes).
    pub key: String,
    /// The prisoners of the unit (one or more; each in no other family).
    pub members: Vec<PrisonerId>,
    /// Who leaves with them.
    pub dependants: Vec<Dependant>,
}

impl Family {
    /// Whether the unit has left custody with its dependants at `state`: no
    /// member is held and at least one has been released (see the module
    /// docs).
    pub fn has_left(&self, state: &State) -> bool {
        let mut released = false;
        for &p in &self.members {
            match state.status(p) {
                PrisonerStatus::Held => return false,
                PrisonerStatus::Released => released = true,
                _ => {}
            }
        }
        released
    }
}

/// How many people a deal, a run or a case freed: prisoners released and the
/// dependants who left with them.
///
/// ```
/// use detente::model::PeopleCount;
/// let n = PeopleCount { released: 4, dependants: 3 };
/// assert_eq!(n.to_string(), "4 released + 3 dependants");
/// ```
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeopleCount {
    /// Prisoners released.
    pub released: u32,
    /// Dependants who left with them.
    pub dependants: u32,
}

impl PeopleCount {
    /// Everyone freed between `before` and `after` (two states of one run):
    /// prisoners whose status became released, and dependants of units that
    /// left in between.
    ///
    /// # Complexity
    /// O(prisoners + family members).
    pub fn between(world: &super::World, before: &State, after: &State) -> Self {
        let released = (0..world.prisoners().len())
            .filter(|&i| {
                let p = PrisonerId(i as u32);
                before.status(p) != PrisonerStatus::Released
                    && after.status(p) == PrisonerStatus::Released
            })
            .count() as u32;
        let dependants = world
            .families()
            .iter()
            .filter(|f| !f.has_left(before) && f.has_left(after))
            .map(|f| f.dependants.len() as u32)
            .sum();
        Self {
            released,
            dependants,
        }
    }
}

impl fmt::Display for PeopleCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} released + {} dependants",
            self.released, self.dependants
        )
    }
}

impl super::WorldBuilder {
    /// Adds a family of `members` (prisoners already added, in no other
    /// family) with its `dependants`.
    ///
    /// ```
    /// use detente::model::*;
    /// # fn main() -> Result<(), BuildError> {
    /// let mut b = WorldBuilder::new("toy");
    /// let blr = b.government(GovernmentSpec::new("BLR"))?;
    /// let a = b.prisoner(PrisonerSpec::new("a", blr, blr))?;
    /// let c = b.prisoner(PrisonerSpec::new("c", blr, blr))?;
    /// let kid = Dependant { key: "kid".into(), name: None };
    /// let f = b.family("ac", &[a, c], vec![kid])?;
    /// let world = b.build()?;
    /// assert_eq!(world.prisoners()[c.index()].family, Some(f));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`BuildError::UnknownId`](super::BuildError::UnknownId) for a member not in the world,
    /// [`BuildError::Duplicate`](super::BuildError::Duplicate) for a family key used twice,
    /// [`BuildError::Invalid`](super::BuildError::Invalid) for no members or a member already in a family.
    pub fn family(
        &mut self,
        key: &str,
        members: &[PrisonerId],
        dependants: Vec<Dependant>,
    ) -> Result<FamilyId, super::BuildError> {
        use super::BuildError;
        if self.families.iter().any(|f| f.key == key) {
            return Err(BuildError::Duplicate {
                kind: "family",
                key: key.to_string(),
            });
        }
        if members.is_empty() {
            return Err(BuildError::Invalid(format!(
                "family `{key}` has no members"
            )));
        }
        let id = FamilyId(
            u32::try_from(self.families.len()).map_err(|_| BuildError::TooMany("families"))?,
        );
        for &m in members {
            let p = self.prisoners.get(m.index()).ok_or(BuildError::UnknownId {
                kind: "prisoner",
                id: m.0,
            })?;
            if let Some(other) = p.family {
                return Err(BuildError::Invalid(format!(
                    "prisoner `{}` is in family `{}` and `{key}`",
                    p.key,
                    self.families[other.index()].key
                )));
            }
        }
        for &m in members {
            self.prisoners[m.index()].family = Some(id);
        }
        self.families.push(Family {
            id,
            key: key.to_string(),
            members: members.to_vec(),
            dependants,
        });
        Ok(id)
    }
}
