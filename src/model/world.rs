//! The world: a static graph of governments, prisoners and sanctions, with
//! dense tables beside it for the hot paths. [`WorldBuilder`](super::WorldBuilder) (in
//! `builder.rs`) checks and assembles one.

use super::values::Valuations;
use super::{Government, GovernmentId, Prisoner, PrisonerId, Sanction, SanctionId};
use petgraph::stable_graph::StableDiGraph;
use std::collections::BTreeMap;

/// A node of the world graph.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// A government or bloc.
    Government(GovernmentId),
    /// A prisoner.
    Prisoner(PrisonerId),
    /// A sanction.
    Sanction(SanctionId),
}

/// An edge of the world graph.
#[derive(Copy, Clone, Debug, PartialEq)]
pub enum Edge {
    /// Government → prisoner: has custody.
    Holds,
    /// Government → prisoner: the legal holder, when custody is held on its behalf.
    Claims,
    /// Prisoner → government: a citizenship.
    CitizenOf,
    /// Government → sanction: imposes it.
    Imposes,
    /// Sanction → government: whom it targets.
    Targets,
    /// Government → prisoner or sanction: the value of the release or relief.
    Values {
        /// Signed value.
        weight: f64,
    },
    /// Government → bloc: membership.
    MemberOf,
    /// Government → government: mediates for or hosts exchanges with.
    Mediates,
}

/// A pool of anonymous prisoners, expanded into consecutive ids.
#[derive(Clone, Debug, PartialEq)]
pub struct Pool {
    /// Key from the scenario file.
    pub key: String,
    /// First prisoner id of the pool.
    pub first: PrisonerId,
    /// Members in custody at the start.
    pub held: u32,
    /// Reserve members at large at the start, who may be arrested in a run.
    pub reserve: u32,
    /// The pool's custodian.
    pub custodian: GovernmentId,
}

impl Pool {
    /// All member ids (held first, then reserve).
    pub fn members(&self) -> impl Iterator<Item = PrisonerId> + use<> {
        let a = self.first.0;
        (a..a + self.held + self.reserve).map(PrisonerId)
    }
}

/// The static world. Build one with [`WorldBuilder`](super::WorldBuilder) or from a scenario file
/// ([`crate::scenario`]). `&World` is `Sync` and shared by all runs.
#[derive(Clone, Debug)]
pub struct World {
    pub(crate) name: String,
    pub(crate) graph: StableDiGraph<Node, Edge>,
    pub(crate) governments: Vec<Government>,
    pub(crate) prisoners: Vec<Prisoner>,
    pub(crate) sanctions: Vec<Sanction>,
    pub(crate) pools: Vec<Pool>,
    pub(crate) values: Valuations,
    pub(super) gov_codes: BTreeMap<String, GovernmentId>,
    pub(super) prisoner_keys: BTreeMap<String, PrisonerId>,
    pub(super) sanction_keys: BTreeMap<String, SanctionId>,
}

impl World {
    /// The scenario's name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// All governments and blocs, indexed by [`GovernmentId`].
    pub fn governments(&self) -> &[Government] {
        &self.governments
    }
    /// All prisoners (pools expanded), indexed by [`PrisonerId`].
    pub fn prisoners(&self) -> &[Prisoner] {
        &self.prisoners
    }
    /// All sanctions, indexed by [`SanctionId`].
    pub fn sanctions(&self) -> &[Sanction] {
        &self.sanctions
    }
    /// The pools prisoners were expanded from.
    pub fn pools(&self) -> &[Pool] {
        &self.pools
    }
    /// The valuation tables.
    pub fn valuations(&self) -> &Valuations {
        &self.values
    }
    /// The underlying graph (read-only), for graph algorithms and drawing.
    pub fn graph(&self) -> &StableDiGraph<Node, Edge> {
        &self.graph
    }
    /// Government `g`, if it exists.
    pub fn government(&self, g: GovernmentId) -> Option<&Government> {
        self.governments.get(g.index())
    }
    /// Prisoner `p`, if it exists.
    pub fn prisoner(&self, p: PrisonerId) -> Option<&Prisoner> {
        self.prisoners.get(p.index())
    }
    /// Sanction `s`, if it exists.
    pub fn sanction(&self, s: SanctionId) -> Option<&Sanction> {
        self.sanctions.get(s.index())
    }
    /// The government with code `code` (such as `"USA"`).
    pub fn government_by_code(&self, code: &str) -> Option<GovernmentId> {
        self.gov_codes.get(code).copied()
    }
    /// The prisoner with scenario key `key`.
    pub fn prisoner_by_key(&self, key: &str) -> Option<PrisonerId> {
        self.prisoner_keys.get(key).copied()
    }
    /// The sanction with scenario key `key`.
    pub fn sanction_by_key(&self, key: &str) -> Option<SanctionId> {
        self.sanction_keys.get(key).copied()
    }
    /// Display code of `g` (`"?"` for an unknown id).
    pub fn code(&self, g: GovernmentId) -> &str {
        self.government(g).map_or("?", |g| g.code.as_str())
    }
    /// Whether `member` belongs to `bloc`.
    pub fn is_member(&self, member: GovernmentId, bloc: GovernmentId) -> bool {
        self.government(member)
            .is_some_and(|g| g.blocs.contains(&bloc))
    }
    /// Prisoners initially in custody of `g` (custodian), in id order.
    pub fn held_by(&self, g: GovernmentId) -> impl Iterator<Item = &Prisoner> + '_ {
        self.prisoners
            .iter()
            .filter(move |p| p.custodian == g && !p.starts_at_large)
    }
}
