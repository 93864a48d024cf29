//! The world: a static graph of governments, prisoners and sanctions, with
//! dense tables beside it for the hot paths. [`WorldBuilder`](super::WorldBuilder) (in
//! `builder.rs`) checks and assembles one.

use super::Demands;
use super::values::Valuations;
use super::{
    Alliances, Favour, FavourId, Government, GovernmentId, Prisoner, PrisonerId, Sanction,
    SanctionId,
};
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use std::collections::BTreeMap;

/// The world as a directed graph: what [`World::graph`] shows. Nodes are
/// typed [`Node`]s, edges typed [`Edge`]s; use petgraph's algorithms on it
/// (re-exported as [`crate::petgraph`] so that versions match), and
/// [`World::node_index`] to find where an id sits.
pub type WorldGraph = StableDiGraph<Node, Edge>;

/// A node of the world graph: the typed id of what it stands for.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// A government or bloc.
    Government(GovernmentId),
    /// A prisoner.
    Prisoner(PrisonerId),
    /// A sanction.
    Sanction(SanctionId),
}

/// An edge of the world graph. Its direction is the one of the sentence
/// that names it: a government *holds* a prisoner, a prisoner is a
/// *citizen of* a government, a sanction *targets* a government.
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
    pub(crate) graph: WorldGraph,
    pub(crate) governments: Vec<Government>,
    pub(crate) prisoners: Vec<Prisoner>,
    pub(crate) sanctions: Vec<Sanction>,
    pub(crate) pools: Vec<Pool>,
    pub(crate) families: Vec<super::Family>,
    pub(crate) values: Valuations,
    pub(crate) demands: Demands,
    pub(crate) alliances: Alliances,
    pub(crate) favours: Vec<Favour>,
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
    /// The families: prisoners who leave as one unit, with their
    /// dependants, indexed by [`FamilyId`](super::FamilyId).
    pub fn families(&self) -> &[super::Family] {
        &self.families
    }
    /// The valuation tables.
    pub fn valuations(&self) -> &Valuations {
        &self.values
    }
    /// The hard demands: must-haves, together-groups and red lines.
    pub fn demands(&self) -> &Demands {
        &self.demands
    }
    /// The alliance weights: who gains from whose gains.
    pub fn alliances(&self) -> &Alliances {
        &self.alliances
    }
    /// All favours, indexed by [`FavourId`].
    pub fn favours(&self) -> &[Favour] {
        &self.favours
    }
    /// Favour `f`, if it exists.
    pub fn favour(&self, f: FavourId) -> Option<&Favour> {
        self.favours.get(f.index())
    }
    /// The favour with scenario key `key`.
    pub fn favour_by_key(&self, key: &str) -> Option<FavourId> {
        self.favours.iter().find(|f| f.key == key).map(|f| f.id)
    }
    /// The world as a graph, read-only: one node per government, prisoner
    /// and sanction, and the edges that relate them ([`Edge`]), for
    /// petgraph's algorithms and for drawing. Everything the engines use is
    /// also in the dense tables ([`Self::valuations`], [`Self::prisoners`]
    /// ...), which are faster; the graph is for questions about structure.
    ///
    /// ```
    /// use detente::model::{Edge, Node};
    /// use detente::petgraph::{Direction, algo::has_path_connecting, visit::EdgeRef};
    /// use detente::prelude::*;
    ///
    /// fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    ///     let (_, world, _) = shipped("belarus_2025")?;
    ///     let graph = world.graph();
    ///     let usa = world.government_by_code("USA").ok_or("no USA")?;
    ///     let p = world.prisoner_by_key("tsikhanouski").ok_or("no prisoner")?;
    ///     let prisoner = world.node_index(Node::Prisoner(p)).ok_or("no node")?;
    ///
    ///     // Who values his release: the sources of the Values edges into him.
    ///     let valued_by: Vec<Node> = graph
    ///         .edges_directed(prisoner, Direction::Incoming)
    ///         .filter(|e| matches!(e.weight(), Edge::Values { .. }))
    ///         .map(|e| graph[e.source()])
    ///         .collect();
    ///     assert!(valued_by.contains(&Node::Government(usa)));
    ///
    ///     // Whether any chain of edges leads from the US to him.
    ///     let usa_node = world.node_index(Node::Government(usa)).ok_or("no node")?;
    ///     assert!(has_path_connecting(graph, usa_node, prisoner, None));
    ///     Ok(())
    /// }
    /// ```
    pub fn graph(&self) -> &WorldGraph {
        &self.graph
    }
    /// Where `node` sits in [`Self::graph`] (`None` for an id this world
    /// does not have).
    ///
    /// ```
    /// use detente::model::Node;
    /// use detente::prelude::*;
    ///
    /// fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    ///     let (_, world, _) = shipped("toy_bilateral")?;
    ///     for s in world.sanctions() {
    ///         let node = Node::Sanction(s.id);
    ///         let index = world.node_index(node).ok_or("no node")?;
    ///         assert_eq!(world.graph()[index], node);
    ///     }
    ///     Ok(())
    /// }
    /// ```
    pub fn node_index(&self, node: Node) -> Option<NodeIndex> {
        // The builder adds every government, then every prisoner, then every
        // sanction, each in id order, and nothing is ever removed.
        let (governments, prisoners) = (self.governments.len(), self.prisoners.len());
        let index = match node {
            Node::Government(g) => (g.index() < governments).then_some(g.index()),
            Node::Prisoner(p) => (p.index() < prisoners).then_some(governments + p.index()),
            Node::Sanction(s) => {
                (s.index() < self.sanctions.len()).then_some(governments + prisoners + s.index())
            }
        }?;
        Some(NodeIndex::new(index))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_index_finds_every_node_of_the_graph_and_nothing_else() {
        for name in ["belarus_2025", "toy_bloc"] {
            let (_, world, _) = crate::scenario::shipped(name).unwrap();
            let graph = world.graph();
            assert_eq!(
                graph.node_count(),
                world.governments().len() + world.prisoners().len() + world.sanctions().len()
            );
            for index in graph.node_indices() {
                assert_eq!(world.node_index(graph[index]), Some(index), "{name}");
            }
            assert_eq!(
                world.node_index(Node::Prisoner(PrisonerId::new(world.prisoners().len()))),
                None
            );
            assert_eq!(
                world.node_index(Node::Sanction(SanctionId::new(world.sanctions().len()))),
                None
            );
            assert_eq!(
                world.node_index(Node::Government(GovernmentId::new(
                    world.governments().len()
                ))),
                None
            );
        }
    }
}
