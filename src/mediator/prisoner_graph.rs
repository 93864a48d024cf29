//! The prisoner-level exchange graph of a world at a state.
//!
//! A vertex is a prisoner in custody, standing for the government that holds
//! them (the legal holder, [`Prisoner::holder`]). An arc `s -> t` means the
//! holder of `t` wants `s` freed: releasing `s` pays the holder of `t`, who
//! in turn releases `t` to someone else. A cycle is a swap in which every
//! holder gives one prisoner and gets one; a chain starts with a *goodwill*
//! release (a prisoner whose holder gains from releasing them unilaterally)
//! and ends with a holder that receives without giving.
//!
//! The rulebook shapes the graph:
//! * a release needs a legal destination: the prisoner's default destination
//!   if the `exile` rule allows it (a citizen's country, or a country that
//!   accepts exiles; never the custodian under `third_country`), otherwise
//!   the receiving government, otherwise another country of citizenship;
//!   and a prisoner who refuses exile is only sent home;
//! * an arc exists only if the one-for-one swap is individually rational for
//!   the receiving holder: its value for `s`, plus its own (usually
//!   negative) value for releasing `t`, less its audience cost, discounted,
//!   is at least its reservation value;
//! * dependants travel with the prisoner they belong to: they are part of
//!   the vertex, never traded on their own.
//!
//! Arc weights count surplus: `w(s -> t)` is what the holder of `t` gains
//! from `s`, plus what the holder of `s` gains (usually a cost) from
//! releasing `s`, so the weight of a cycle or chain is the total payoff
//! change of the holders taking part.

use crate::deal::{Deal, Staging};
use crate::model::{GovernmentId, Prisoner, PrisonerId, State, World};
use crate::payoff::discount;
use crate::rules::{Rule, Rulebook};

use crate::exchange::{ChosenExchange, ExchangeGraph, ExchangeKind, VertexId};

/// The prisoner-level exchange graph, with the map back to the world.
#[derive(Clone, Debug)]
pub struct PrisonerExchange {
    /// The graph (vertex names are prisoner keys).
    pub graph: ExchangeGraph,
    prisoners: Vec<PrisonerId>,
}

impl PrisonerExchange {
    /// The prisoner behind vertex `v`.
    ///
    /// # Panics
    /// If `v` is not a vertex of [`PrisonerExchange::graph`].
    pub fn prisoner(&self, v: VertexId) -> PrisonerId {
        self.prisoners[v.index()]
    }

    /// The deal that carries out `exchanges`: for each arc `s -> t`, the
    /// holder of `s` releases `s` to the holder of `t`, to a legal
    /// destination. It is staged at a venue when one government mediates
    /// between all parties, otherwise simultaneously.
    pub fn deal(&self, world: &World, rules: &Rulebook, exchanges: &[ChosenExchange]) -> Deal {
        let mut deal = Deal::new();
        for e in exchanges {
            let vs = &e.vertices;
            let arcs = match e.kind {
                ExchangeKind::Cycle => vs.len(),
                ExchangeKind::Chain => vs.len() - 1,
            };
            for i in 0..arcs {
                let s = &world.prisoners()[self.prisoner(vs[i]).index()];
                let t = &world.prisoners()[self.prisoner(vs[(i + 1) % vs.len()]).index()];
                let to = t.holder();
                let dest =
                    destination(world, rules, s, to).unwrap_or_else(|| s.default_destination());
                deal = deal.release(s.holder(), to, s.id, dest);
            }
        }
        let parties = deal.parties();
        let venue = world
            .governments()
            .iter()
            .find(|g| !parties.contains(&g.id) && parties.iter().all(|p| g.mediates.contains(p)));
        match venue {
            Some(v) if !parties.is_empty() => deal.staged(Staging::AtVenue { venue: v.id }),
            _ => deal,
        }
    }
}

/// A legal destination for releasing `p` to `receiver`, if any.
pub(crate) fn destination(
    world: &World,
    rules: &Rulebook,
    p: &Prisoner,
    receiver: GovernmentId,
) -> Option<GovernmentId> {
    let exile_rule = rules.rules().iter().find_map(|r| match r {
        Rule::Exile { third_country } => Some(*third_country),
        _ => None,
    });
    let ok = |d: GovernmentId| {
        let Some(g) = world.government(d) else {
            return false;
        };
        if g.is_bloc() {
            return false;
        }
        let exile = p.is_exile_to(d);
        if exile && !p.accepts_exile {
            return false;
        }
        match exile_rule {
            Some(third) => !(third && d == p.custodian) && (!exile || g.accepts_exiles),
            None => true,
        }
    };
    std::iter::once(p.default_destination())
        .chain(std::iter::once(receiver))
        .chain(p.citizenships.iter().copied())
        .find(|&d| ok(d))
}

/// Builds the prisoner-level exchange graph of `world` at `state` under `rules`.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use detente::exchange::{clear, ClearOptions};
/// use detente::mediator::prisoner_graph;
/// let (_, world, rules) = detente::scenario::load("examples/scenarios/three_way_swap.json")?;
/// let state = detente::model::State::initial(&world);
/// let px = prisoner_graph(&world, &state, &rules);
/// assert_eq!(px.graph.arc_count(), 3);
/// let c = clear(&px.graph, &ClearOptions::default())?;
/// assert_eq!(c.total_weight, 18.0);
/// # Ok(()) }
/// ```
///
/// # Complexity
/// O(held² + governments) for the arc scan over pairs of held prisoners.
pub fn prisoner_graph(world: &World, state: &State, rules: &Rulebook) -> PrisonerExchange {
    let vals = world.valuations();
    let held: Vec<&Prisoner> = state
        .held()
        .map(|p| &world.prisoners()[p.index()])
        .filter(|p| crate::deal::tradable(world, state, p.id))
        .collect();
    let gov = |g: GovernmentId| world.government(g).expect("a holder is a government");
    let disc = |g: GovernmentId| discount(world, g, state.round());
    // What releasing p is worth to its own holder (audience cost included).
    let own = |p: &Prisoner| {
        let h = p.holder();
        disc(h) * (vals.prisoner(h, p.id) - gov(h).audience_cost)
    };
    let goodwill = |p: &Prisoner| {
        let h = p.holder();
        own(p) > 0.0 && own(p) >= gov(h).reservation
    };
    let mut graph = ExchangeGraph::new();
    let mut prisoners = Vec::with_capacity(held.len());
    for p in &held {
        let dependants = p
            .family
            .and_then(|f| world.families().get(f.index()))
            .map_or(0, |f| f.dependants.len());
        let name = if dependants == 0 {
            p.key.clone()
        } else {
            format!("{} (+{dependants} dependants)", p.key)
        };
        graph.add_party(name, goodwill(p));
        prisoners.push(p.id);
    }
    for (i, s) in held.iter().enumerate() {
        for (j, t) in held.iter().enumerate() {
            let to = t.holder();
            if i == j || s.holder() == to || graph.is_altruist(VertexId::new(j)) {
                continue;
            }
            let wanted = vals.prisoner(to, s.id);
            if wanted <= 0.0 || destination(world, rules, s, to).is_none() {
                continue;
            }
            let gain = disc(to) * wanted + own(t);
            if gain < gov(to).reservation {
                continue;
            }
            let weight = disc(to) * wanted + own(s);
            graph
                .add_arc(VertexId::new(i), VertexId::new(j), weight)
                .expect("distinct, non-altruist, finite");
        }
    }
    PrisonerExchange { graph, prisoners }
}
