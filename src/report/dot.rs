//! Graphviz DOT of a world and of a sequence of deals.

use crate::deal::{ConcessionKind, Deal, kind_words};
use crate::model::{Edge, Node, World};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use std::fmt::Write;

/// Options for [`world_dot`].
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct DotOptions {
    /// Draw at most this many prisoners per pool (the rest are summarised in
    /// one node), so a world with a pool of 1,100 stays readable.
    pub pool_members_shown: usize,
    /// Draw valuation edges.
    pub values: bool,
}

impl Default for DotOptions {
    fn default() -> Self {
        Self {
            pool_members_shown: 3,
            values: true,
        }
    }
}

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The world graph in Graphviz DOT: governments as boxes (blocs double),
/// prisoners as ellipses, sanctions as diamonds.
///
/// Node ids are prefixed by kind (`g:USA`, `p:znak`, `s:potash`, and
/// `pool:KEY` for the summary of a pool's undrawn members) and the plain
/// id is the label: the scenario format lets a government, a prisoner and
/// a sanction share an id, and DOT merges nodes with equal ids, so without
/// the prefix they would be drawn as one node with the edges of all three.
///
/// ```
/// use detente::model::*;
/// let mut b = WorldBuilder::new("toy");
/// let usa = b.government(GovernmentSpec::new("USA")).unwrap();
/// let blr = b.government(GovernmentSpec::new("BLR")).unwrap();
/// b.prisoner(PrisonerSpec::new("znak", blr, blr)).unwrap();
/// let dot = detente::report::world_dot(&b.build().unwrap(), &Default::default());
/// assert!(dot.starts_with("digraph"));
/// assert!(dot.contains("\"g:BLR\" -> \"p:znak\""));
/// ```
pub fn world_dot(world: &World, opts: &DotOptions) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph \"{}\" {{\n  rankdir=LR;", esc(world.name()));
    let shown = |node: Node| -> bool {
        match node {
            Node::Prisoner(p) => world.prisoner(p).is_none_or(|pr| match pr.pool {
                None => true,
                Some(k) => {
                    let pool = &world.pools()[k as usize];
                    (p.0 - pool.first.0) < opts.pool_members_shown as u32
                }
            }),
            _ => true,
        }
    };
    let id = |node: Node| node_id(world, node);
    for n in world.graph().node_indices() {
        let node = world.graph()[n];
        if !shown(node) {
            continue;
        }
        let attrs = match node {
            Node::Government(g) => format!(
                "shape=box,{} label=\"{}\"",
                if world.governments()[g.index()].is_bloc() {
                    " peripheries=2,"
                } else {
                    ""
                },
                esc(world.code(g))
            ),
            Node::Prisoner(p) => {
                let pr = &world.prisoners()[p.index()];
                format!(
                    "shape=ellipse, label=\"{}\"",
                    esc(pr.name.as_deref().unwrap_or(&pr.key))
                )
            }
            Node::Sanction(s) => format!(
                "shape=diamond, label=\"{}\"",
                esc(&world.sanctions()[s.index()].name)
            ),
        };
        let _ = writeln!(out, "  \"{}\" [{attrs}];", esc(&id(node)));
    }
    for pool in world.pools() {
        let hidden = (pool.held + pool.reserve) as usize;
        if hidden > opts.pool_members_shown {
            let _ = writeln!(
                out,
                "  \"pool:{k}\" [shape=ellipse, style=dashed, label=\"{k}: {} more\"];\n  \"{c}\" -> \"pool:{k}\" [label=\"holds\"];",
                hidden - opts.pool_members_shown,
                k = esc(&pool.key),
                c = esc(&id(Node::Government(pool.custodian))),
            );
        }
    }
    for e in world.graph().edge_references() {
        let (a, b) = (world.graph()[e.source()], world.graph()[e.target()]);
        if !shown(a) || !shown(b) {
            continue;
        }
        let style = match *e.weight() {
            Edge::Holds => "label=\"holds\"".to_string(),
            Edge::Claims => "label=\"claims\", style=dashed".to_string(),
            Edge::CitizenOf => "label=\"citizen of\", color=gray".to_string(),
            Edge::Imposes => "label=\"imposes\"".to_string(),
            Edge::Targets => "label=\"targets\"".to_string(),
            Edge::Values { weight } if opts.values => {
                format!("label=\"values {weight}\", color=blue, style=dotted")
            }
            Edge::Values { .. } => continue,
            Edge::MemberOf => "label=\"member of\"".to_string(),
            Edge::Mediates => "label=\"mediates\", style=dashed".to_string(),
        };
        let _ = writeln!(
            out,
            "  \"{}\" -> \"{}\" [{style}];",
            esc(&id(a)),
            esc(&id(b))
        );
    }
    out.push_str("}\n");
    out
}

/// The DOT id of a world node: its scenario id behind a prefix naming its
/// kind, so that ids of different kinds never collide.
fn node_id(world: &World, node: Node) -> String {
    match node {
        Node::Government(g) => format!("g:{}", world.code(g)),
        Node::Prisoner(p) => format!("p:{}", world.prisoners()[p.index()].key),
        Node::Sanction(s) => format!("s:{}", world.sanctions()[s.index()].key),
    }
}

/// A sequence of deals in Graphviz DOT: the governments involved as boxes,
/// and one arrow per concession from the government that gives to the one
/// it is given to, labelled with the step (1-based) and what is given.
/// Releases of several prisoners between the same two governments in one
/// step are drawn as one arrow with their count, so a 123-person release
/// stays one arrow. An arrow that frees a family's last member says how
/// many dependants leave with it (`release 2 (a, ...) + 3 dependants`),
/// reading the sequence from a start where everyone is held. Ids outside
/// the world are labelled `?` rather than
/// rejected: the picture is for looking at, the rulebook checks deals.
/// Only governments are nodes here, so their plain ids are the node ids
/// (unlike [`world_dot`], where kinds share one id space).
///
/// ```
/// use detente::deal::Deal;
/// use detente::model::*;
/// let mut b = WorldBuilder::new("toy");
/// let usa = b.government(GovernmentSpec::new("USA")).unwrap();
/// let blr = b.government(GovernmentSpec::new("BLR")).unwrap();
/// let znak = b.prisoner(PrisonerSpec::new("znak", blr, blr)).unwrap();
/// let world = b.build().unwrap();
/// let deal = Deal::new().release(blr, usa, znak, usa).recognition(usa, blr, RecognitionLevel::Call);
/// let dot = detente::report::deal_sequence_dot(&world, &[deal]);
/// assert!(dot.contains("\"BLR\" -> \"USA\" [label=\"1: release znak\""));
/// assert!(dot.contains("\"USA\" -> \"BLR\" [label=\"1: recognition"));
/// ```
pub fn deal_sequence_dot(world: &World, deals: &[Deal]) -> String {
    let code = |g: crate::model::GovernmentId| crate::deal::code(world, g).to_string();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "digraph \"{} deals\" {{\n  rankdir=LR;",
        esc(world.name())
    );
    let mut govs: Vec<crate::model::GovernmentId> = deals
        .iter()
        .flat_map(|d| d.concessions.iter().flat_map(|c| [c.from, c.to]))
        .collect();
    govs.sort_unstable();
    govs.dedup();
    for g in govs {
        let _ = writeln!(out, "  \"{}\" [shape=box];", esc(&code(g)));
    }
    let mut freed = vec![false; world.prisoners().len()];
    let mut left = vec![false; world.families().len()];
    for (step, deal) in deals.iter().enumerate() {
        let step = step + 1;
        // Releases between one pair in one step become one arrow.
        let mut releases: Vec<((usize, usize), Vec<String>)> = Vec::new();
        let mut arrow_of_family: Vec<(usize, (usize, usize))> = Vec::new();
        for c in &deal.concessions {
            let Some(what) = kind_words(world, &c.kind) else {
                let ConcessionKind::Release { prisoner, .. } = c.kind else {
                    continue;
                };
                let name = world
                    .prisoner(prisoner)
                    .map_or_else(|| "?".to_string(), |p| p.key.clone());
                let key = (c.from.index(), c.to.index());
                if let Some(p) = world.prisoner(prisoner) {
                    freed[p.id.index()] = true;
                    if let Some(f) = p.family {
                        arrow_of_family.push((f.index(), key));
                    }
                }
                match releases.iter_mut().find(|r| r.0 == key) {
                    Some(r) => r.1.push(name),
                    None => releases.push((key, vec![name])),
                }
                continue;
            };
            let _ = writeln!(
                out,
                "  \"{}\" -> \"{}\" [label=\"{step}: {}\"];",
                esc(&code(c.from)),
                esc(&code(c.to)),
                esc(&what)
            );
        }
        // A unit leaves on the arrow that frees its last member.
        let mut dependants = vec![0usize; releases.len()];
        for &(f, key) in arrow_of_family.iter().rev() {
            let family = &world.families()[f];
            if !left[f] && family.members.iter().all(|m| freed[m.index()]) {
                left[f] = true;
                if let Some(i) = releases.iter().position(|r| r.0 == key) {
                    dependants[i] += family.dependants.len();
                }
            }
        }
        for (((from, to), names), dependants) in releases.into_iter().zip(dependants) {
            let mut what = match names.as_slice() {
                [one] => format!("release {one}"),
                [first, ..] => format!("release {} ({first}, ...)", names.len()),
                [] => continue,
            };
            if dependants > 0 {
                what.push_str(&format!(" + {dependants} dependants"));
            }
            let _ = writeln!(
                out,
                "  \"{}\" -> \"{}\" [label=\"{step}: {}\", penwidth=2];",
                esc(&code(crate::model::GovernmentId::new(from))),
                esc(&code(crate::model::GovernmentId::new(to))),
                esc(&what)
            );
        }
    }
    out.push_str("}\n");
    out
}
