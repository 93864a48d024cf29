//! Movers: a decision maker alone, or a coalition acting as one.

use super::model::{ConflictModel, DmId};
use super::states::StateId;

/// Who moves and whose preferences count in an analysis: each agent is a
/// decision maker or a coalition of them.
///
/// A coalition changes any of its members' options in one joint move, and a
/// state is an improvement for it only if *every* member strictly prefers
/// it (so "not better" means some member does not strictly prefer it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agents {
    pub(crate) members: Vec<Vec<DmId>>,
    pub(crate) masks: Vec<u64>,
}

impl Agents {
    /// Every decision maker on its own.
    ///
    /// ```
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// use detente::conflict::Agents;
    /// assert_eq!(Agents::individuals(&model).len(), 2);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn individuals(model: &ConflictModel) -> Agents {
        Agents {
            members: (0..model.n_dms()).map(|d| vec![DmId(d)]).collect(),
            masks: model.dm_masks.clone(),
        }
    }

    /// Coalitions given as a partition of the decision makers.
    ///
    /// # Errors
    /// [`super::ConflictError::Invalid`] unless `groups` is a partition of
    /// all decision makers into non-empty groups.
    ///
    /// ```
    /// # let model = detente::conflict::examples::elmira().compile()?;
    /// use detente::conflict::{Agents, DmId};
    /// let a = Agents::coalitions(&model, &[vec![DmId(0), DmId(2)], vec![DmId(1)]])?;
    /// assert_eq!(a.len(), 2);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn coalitions(
        model: &ConflictModel,
        groups: &[Vec<DmId>],
    ) -> Result<Agents, super::ConflictError> {
        let mut seen = vec![false; model.n_dms()];
        for (g, members) in groups.iter().enumerate() {
            if members.is_empty() {
                return Err(super::ConflictError::invalid(
                    format!("coalitions[{g}]"),
                    "empty coalition",
                ));
            }
            for &m in members {
                if m.0 >= seen.len() || std::mem::replace(&mut seen[m.0], true) {
                    return Err(super::ConflictError::invalid(
                        format!("coalitions[{g}]"),
                        format!("decision maker {} is unknown or in two coalitions", m.0),
                    ));
                }
            }
        }
        if seen.iter().any(|s| !s) {
            return Err(super::ConflictError::invalid(
                "coalitions",
                "not every decision maker is in a coalition",
            ));
        }
        Ok(Agents {
            members: groups.to_vec(),
            masks: groups
                .iter()
                .map(|g| g.iter().fold(0, |m, d| m | model.dm_mask(*d)))
                .collect(),
        })
    }

    /// Number of agents.
    ///
    /// ```
    /// # let model = detente::conflict::examples::elmira().compile()?;
    /// assert_eq!(detente::conflict::Agents::individuals(&model).len(), 3);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Always false for agents built from a model.
    ///
    /// ```
    /// # let model = detente::conflict::examples::elmira().compile()?;
    /// assert!(!detente::conflict::Agents::individuals(&model).is_empty());
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Members of agent `a`.
    ///
    /// # Panics
    /// If `a` is out of range.
    ///
    /// ```
    /// # let model = detente::conflict::examples::elmira().compile()?;
    /// use detente::conflict::DmId;
    /// assert_eq!(detente::conflict::Agents::individuals(&model).members(1), &[DmId(1)]);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn members(&self, a: usize) -> &[DmId] {
        &self.members[a]
    }

    /// Display name of agent `a`: member names joined by `+`.
    ///
    /// # Panics
    /// If `a` is out of range.
    ///
    /// ```
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// let a = detente::conflict::Agents::individuals(&model);
    /// assert_eq!(a.name(&model, 0), "Prisoner One");
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn name(&self, model: &ConflictModel, a: usize) -> String {
        self.members[a]
            .iter()
            .map(|d| model.dm_names[d.0].as_str())
            .collect::<Vec<_>>()
            .join("+")
    }
}

/// Per-analysis helper: moves, preferences and perception for agents.
pub(crate) struct View<'a> {
    pub(crate) model: &'a ConflictModel,
    pub(crate) agents: &'a Agents,
}

impl<'a> View<'a> {
    pub(crate) fn new(model: &'a ConflictModel, agents: &'a Agents) -> Self {
        View { model, agents }
    }

    /// `a` strictly better than `b` for every member of agent `g`.
    #[inline]
    pub(crate) fn better(&self, g: usize, a: StateId, b: StateId) -> bool {
        self.agents.members[g]
            .iter()
            .all(|d| self.model.payoffs[d.0][a.index()] > self.model.payoffs[d.0][b.index()])
    }

    /// Whether agent `g` perceives state `s` (all members do).
    #[inline]
    pub(crate) fn sees(&self, g: usize, s: StateId) -> bool {
        self.agents.members[g]
            .iter()
            .all(|d| self.model.perceives(*d, s))
    }

    /// Calls `f` for every state the mover with options `mask` reaches from
    /// `s` in one move (any non-empty change of its options that the
    /// directions permit and that lands on a feasible state).
    #[inline]
    pub(crate) fn moves(&self, mask: u64, s: StateId, mut f: impl FnMut(StateId)) {
        let space = &self.model.space;
        let code = space.code(s);
        let allowed = self.model.changeable(mask, code);
        let mut t = allowed;
        while t != 0 {
            if let Some(x) = space.lookup(code ^ t) {
                f(x);
            }
            t = (t - 1) & allowed;
        }
    }
}
