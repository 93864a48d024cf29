//! Hard demands: what a government will never trade without, what travels
//! only together, and what is never released.
//!
//! Valuations say how much a release is worth; a [`Demand`] says what no
//! amount of value buys. Demands belong to the world, not to the rulebook:
//! a red line is a fact about a government, like who holds whom, so every
//! engine respects it whatever rules a user switches on or off (the
//! rulebook checks them always, under the name `demands`).
//!
//! The dense per-prisoner tables of [`Demands`] are allocated only when the
//! world has demands, so the hot paths of a world without any (every
//! shipped one so far) pay one length check.

use super::{GovernmentId, PrisonerId};
use serde::{Deserialize, Serialize};

/// One hard demand, as written in a scenario's `demands` list.
///
/// ```
/// use detente::model::{Demand, GovernmentId, PrisonerId};
/// let d: Demand = serde_json::from_str(r#"{"kind": "together", "prisoners": [3, 4]}"#).unwrap();
/// assert_eq!(d, Demand::Together { prisoners: vec![PrisonerId(3), PrisonerId(4)] });
/// assert_eq!(d.by(), None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Demand {
    /// `by` takes part in no deal unless each of `prisoners` still in
    /// custody is released in that same deal ("no deal without Griner").
    /// A prisoner no longer held (released, deceased, at large) no longer
    /// binds: there is nobody left to ask for.
    MustHave {
        /// The government that demands them.
        by: GovernmentId,
        /// Who must be released.
        prisoners: Vec<PrisonerId>,
    },
    /// `prisoners` are released only in the same deal: a deal that releases
    /// one of them releases every one still in custody. Groups that share a
    /// prisoner merge (a with b and b with c puts a, b and c together).
    Together {
        /// Who travels together.
        prisoners: Vec<PrisonerId>,
    },
    /// `prisoners` are never released, in any deal, by anyone: `by` (the
    /// government that draws the line, usually their holder) refuses, and
    /// the line is absolute rather than "not in a deal `by` signs" because a
    /// holder is party to every release of its own prisoners anyway.
    RedLine {
        /// The government that draws the line.
        by: GovernmentId,
        /// Who is never released.
        prisoners: Vec<PrisonerId>,
    },
}

impl Demand {
    /// The prisoners the demand names.
    pub fn prisoners(&self) -> &[PrisonerId] {
        match self {
            Demand::MustHave { prisoners, .. }
            | Demand::Together { prisoners }
            | Demand::RedLine { prisoners, .. } => prisoners,
        }
    }

    /// The government that makes the demand (`None` for [`Demand::Together`],
    /// which binds every party).
    pub fn by(&self) -> Option<GovernmentId> {
        match self {
            Demand::MustHave { by, .. } | Demand::RedLine { by, .. } => Some(*by),
            Demand::Together { .. } => None,
        }
    }
}

/// Marks a prisoner in no together-group in [`Demands::group`].
const NO_GROUP: u32 = u32::MAX;

/// A world's demands, indexed for the engines: dense per-prisoner tables of
/// red lines and together-groups, and the must-haves sorted by government.
/// Read it through [`World::demands`](super::World::demands).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Demands {
    list: Vec<Demand>,
    /// Per prisoner: who drew a red line on them (empty without red lines).
    red_line: Vec<Option<GovernmentId>>,
    /// Per prisoner: index into `groups` (empty without together-groups).
    group: Vec<u32>,
    groups: Vec<Vec<PrisonerId>>,
    /// (government, prisoner), sorted and without repeats.
    must: Vec<(GovernmentId, PrisonerId)>,
}

impl Demands {
    /// Indexes `list` for a world of `n_prisoners` prisoners. Ids are
    /// assumed valid ([`WorldBuilder::demand`](super::WorldBuilder::demand)
    /// checks them).
    pub(crate) fn new(list: Vec<Demand>, n_prisoners: usize) -> Self {
        let mut red_line = Vec::new();
        let mut must = Vec::new();
        // Union-find over prisoners that share a together-demand.
        let mut parent: Vec<u32> = Vec::new();
        for d in &list {
            match d {
                Demand::RedLine { by, prisoners } => {
                    red_line.resize(n_prisoners, None);
                    for p in prisoners {
                        red_line[p.index()].get_or_insert(*by);
                    }
                }
                Demand::MustHave { by, prisoners } => {
                    must.extend(prisoners.iter().map(|&p| (*by, p)));
                }
                Demand::Together { prisoners } => {
                    if parent.is_empty() {
                        parent = (0..n_prisoners as u32).collect();
                    }
                    for w in prisoners.windows(2) {
                        let (a, b) = (root(&mut parent, w[0].0), root(&mut parent, w[1].0));
                        parent[a.max(b) as usize] = a.min(b);
                    }
                }
            }
        }
        must.sort_unstable();
        must.dedup();
        let (group, groups) = groups_of(&list, &mut parent);
        Self {
            list,
            red_line,
            group,
            groups,
            must,
        }
    }

    /// The demands, in the order they were given.
    pub fn list(&self) -> &[Demand] {
        &self.list
    }

    /// Whether the world has no demands.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Who drew a red line on `p`, if anyone (the first, when several did).
    #[inline]
    pub fn red_line(&self, p: PrisonerId) -> Option<GovernmentId> {
        self.red_line.get(p.index()).copied().flatten()
    }

    /// The together-group `p` belongs to, `p` included, in id order (empty
    /// when `p` is in none).
    #[inline]
    pub fn together(&self, p: PrisonerId) -> &[PrisonerId] {
        match self.group.get(p.index()) {
            Some(&g) if g != NO_GROUP => &self.groups[g as usize],
            _ => &[],
        }
    }

    /// Every together-group (merged where demands share a prisoner), each in
    /// id order.
    pub fn groups(&self) -> &[Vec<PrisonerId>] {
        &self.groups
    }

    /// The prisoners `g` must see released in any deal it takes part in,
    /// in id order.
    pub fn must_haves(&self, g: GovernmentId) -> impl Iterator<Item = PrisonerId> + '_ {
        let start = self.must.partition_point(|e| e.0 < g);
        self.must[start..]
            .iter()
            .take_while(move |e| e.0 == g)
            .map(|e| e.1)
    }

    /// Whether `p` is a must-have of `g`.
    pub fn is_must_have(&self, g: GovernmentId, p: PrisonerId) -> bool {
        self.must.binary_search(&(g, p)).is_ok()
    }

    /// Every government with a must-have, in id order, without repeats.
    pub fn demanders(&self) -> impl Iterator<Item = GovernmentId> + '_ {
        self.must
            .iter()
            .enumerate()
            .filter(|(i, e)| *i == 0 || self.must[i - 1].0 != e.0)
            .map(|(_, e)| e.0)
    }
}

fn root(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let up = parent[parent[x as usize] as usize];
        parent[x as usize] = up;
        x = up;
    }
    x
}

/// The dense group table and the groups (numbered by their least member,
/// members in id order) from the union-find `parent` (empty: no groups).
fn groups_of(list: &[Demand], parent: &mut [u32]) -> (Vec<u32>, Vec<Vec<PrisonerId>>) {
    if parent.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut members: Vec<u32> = list
        .iter()
        .filter(|d| matches!(d, Demand::Together { .. }))
        .flat_map(|d| d.prisoners().iter().map(|p| p.0))
        .collect();
    members.sort_unstable();
    members.dedup();
    let mut group = vec![NO_GROUP; parent.len()];
    let mut groups: Vec<Vec<PrisonerId>> = Vec::new();
    for p in members {
        let r = root(parent, p);
        if group[r as usize] == NO_GROUP {
            // The root is the least member, so it is met first.
            group[r as usize] = groups.len() as u32;
            groups.push(Vec::new());
        }
        let g = group[r as usize];
        group[p as usize] = g;
        groups[g as usize].push(PrisonerId(p));
    }
    (group, groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(i: u32) -> PrisonerId {
        PrisonerId(i)
    }

    #[test]
    fn together_demands_sharing_a_prisoner_merge_into_one_group() {
        let d = Demands::new(
            vec![
                Demand::Together {
                    prisoners: vec![p(4), p(1)],
                },
                Demand::Together {
                    prisoners: vec![p(6), p(4)],
                },
                Demand::Together {
                    prisoners: vec![p(2), p(3)],
                },
            ],
            8,
        );
        assert_eq!(d.groups(), [vec![p(1), p(4), p(6)], vec![p(2), p(3)]]);
        assert_eq!(d.together(p(6)), [p(1), p(4), p(6)]);
        assert_eq!(d.together(p(3)), [p(2), p(3)]);
        assert!(d.together(p(0)).is_empty());
    }

    #[test]
    fn must_haves_are_found_per_government_and_red_lines_per_prisoner() {
        let (usa, rus) = (GovernmentId(0), GovernmentId(2));
        let d = Demands::new(
            vec![
                Demand::MustHave {
                    by: rus,
                    prisoners: vec![p(5)],
                },
                Demand::MustHave {
                    by: usa,
                    prisoners: vec![p(3), p(1)],
                },
                Demand::RedLine {
                    by: rus,
                    prisoners: vec![p(2)],
                },
            ],
            6,
        );
        assert_eq!(d.must_haves(usa).collect::<Vec<_>>(), [p(1), p(3)]);
        assert_eq!(d.must_haves(GovernmentId(1)).count(), 0);
        assert_eq!(d.demanders().collect::<Vec<_>>(), [usa, rus]);
        assert!(d.is_must_have(rus, p(5)) && !d.is_must_have(usa, p(5)));
        assert_eq!(d.red_line(p(2)), Some(rus));
        assert_eq!(d.red_line(p(3)), None);
        assert!(Demands::default().red_line(p(0)).is_none());
    }
}
