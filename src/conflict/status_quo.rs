//! Status quo analysis: which states can be reached from the current one,
//! at any depth, with the move sequences.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::agents::{Agents, View};
use super::explain::Transition;
use super::model::ConflictModel;
use super::states::StateId;

/// Which moves the status quo analysis follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Moves {
    /// Any legal move by any decision maker.
    #[default]
    All,
    /// Only unilateral improvements of the mover.
    Improving,
}

/// Shortest move sequences from a start state to every reachable state.
#[derive(Debug, Clone)]
pub struct StatusQuo {
    from: StateId,
    moves: Moves,
    depth: Vec<u32>,
    parent: Vec<(u32, u32)>,
}

const UNSEEN: u32 = u32::MAX;

impl ConflictModel {
    /// Breadth-first search from `from` over the decision makers' moves (or
    /// improvements only), to any depth.
    ///
    /// A shortest sequence never has one decision maker move twice in a row
    /// (the two moves compose into one), so the paths returned are legal
    /// GMCR move sequences.
    ///
    /// # Panics
    /// If `from` is not a state of the model.
    ///
    /// # Complexity
    /// O(states × moves per state).
    ///
    /// ```
    /// use detente::conflict::{Moves, StateId};
    /// let model = detente::conflict::examples::elmira().compile()?;
    /// let sq = model.status_quo_analysis(StateId(0), Moves::Improving);
    /// // From the status quo (state 1) only the Local Government improves,
    /// // by insisting (state 7); nobody improves from there.
    /// assert_eq!(sq.depth(StateId(6)), Some(1));
    /// assert_eq!(sq.reachable().len(), 2);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn status_quo_analysis(&self, from: StateId, moves: Moves) -> StatusQuo {
        let agents = Agents::individuals(self);
        let view = View::new(self, &agents);
        let n = self.space.len();
        let mut depth = vec![UNSEEN; n];
        let mut parent = vec![(UNSEEN, UNSEEN); n];
        depth[from.index()] = 0;
        let mut q = VecDeque::from([from]);
        while let Some(x) = q.pop_front() {
            for j in 0..agents.len() {
                view.moves(agents.masks[j], x, |y| {
                    if depth[y.index()] == UNSEEN && (moves == Moves::All || view.better(j, y, x)) {
                        depth[y.index()] = depth[x.index()] + 1;
                        parent[y.index()] = (x.0, j as u32);
                        q.push_back(y);
                    }
                });
            }
        }
        StatusQuo {
            from,
            moves,
            depth,
            parent,
        }
    }
}

impl StatusQuo {
    /// The start state.
    ///
    /// ```
    /// # use detente::conflict::{Moves, StateId};
    /// # let model = detente::conflict::examples::elmira().compile()?;
    /// assert_eq!(model.status_quo_analysis(StateId(0), Moves::All).from(), StateId(0));
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn from(&self) -> StateId {
        self.from
    }

    /// Which moves were followed.
    ///
    /// ```
    /// # use detente::conflict::{Moves, StateId};
    /// # let model = detente::conflict::examples::elmira().compile()?;
    /// assert_eq!(model.status_quo_analysis(StateId(0), Moves::All).moves(), Moves::All);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn moves(&self) -> Moves {
        self.moves
    }

    /// Fewest moves from the start to `s`, or `None` if unreachable.
    ///
    /// # Panics
    /// If `s` is not a state of the model.
    ///
    /// ```
    /// # use detente::conflict::{Moves, StateId};
    /// # let model = detente::conflict::examples::elmira().compile()?;
    /// let sq = model.status_quo_analysis(StateId(4), Moves::All);
    /// // Abandon cannot be undone: from state 5 nothing leads back to 1.
    /// assert_eq!(sq.depth(StateId(0)), None);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn depth(&self, s: StateId) -> Option<usize> {
        let d = self.depth[s.index()];
        (d != UNSEEN).then_some(d as usize)
    }

    /// Every reachable state (the start included), ascending.
    ///
    /// ```
    /// # use detente::conflict::{Moves, StateId};
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// assert_eq!(model.status_quo_analysis(StateId(0), Moves::All).reachable().len(), 4);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn reachable(&self) -> Vec<StateId> {
        (0..self.depth.len() as u32)
            .map(StateId)
            .filter(|&s| self.depth[s.index()] != UNSEEN)
            .collect()
    }

    /// A shortest move sequence from the start to `s` (empty for the start
    /// itself), or `None` if unreachable. Agents are decision-maker indices.
    ///
    /// # Panics
    /// If `s` is not a state of the model.
    ///
    /// ```
    /// # use detente::conflict::{Moves, StateId};
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// let sq = model.status_quo_analysis(StateId(0), Moves::All);
    /// let path = sq.path(StateId(3)).unwrap();
    /// assert_eq!(path.len(), 2);
    /// assert_eq!(path[1].to, StateId(3));
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn path(&self, s: StateId) -> Option<Vec<Transition>> {
        self.depth(s)?;
        let mut out = Vec::new();
        let mut x = s;
        while x != self.from {
            let (p, j) = self.parent[x.index()];
            out.push(Transition {
                agent: j as usize,
                to: x,
            });
            x = StateId(p);
        }
        out.reverse();
        Some(out)
    }
}
