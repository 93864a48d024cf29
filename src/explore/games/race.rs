//! A two-player dice race: a small zero-sum game with chance nodes.

use crate::explore::{ExploreError, Game, Turn};

/// A move in [`Race`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RaceAction {
    /// Advance one square for sure.
    Step,
    /// Toss a coin: advance two squares or none.
    Gamble,
    /// Chance: the coin's result, squares advanced (2 or 0).
    Gain(u8),
}

/// Two players race to square `target`, moving alternately (player 0
/// first). On a turn a player either steps one square or gambles: with
/// probability 1/2 it advances two squares, else none. The first to reach
/// `target` wins (`+1/-1`); after `horizon` turns without a winner the game
/// is a draw (`0, 0`). Zero-sum, so every searcher's value is unambiguous.
///
/// ```
/// use detente::explore::{Game, Race, RaceAction, Turn};
/// let mut g = Race::new(2, 4)?;
/// g.apply(RaceAction::Gamble);
/// assert_eq!(g.current_player(), Turn::Chance);
/// g.apply(RaceAction::Gain(2));
/// assert!(g.is_terminal());
/// # Ok::<(), detente::explore::ExploreError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Race {
    target: u8,
    horizon: u16,
    pos: [u8; 2],
    turns: u16,
    coin_in_air: bool,
}

impl Race {
    /// A race to `target` squares lasting at most `horizon` turns.
    ///
    /// ```
    /// assert!(detente::explore::Race::new(5, 12).is_ok());
    /// assert!(detente::explore::Race::new(0, 12).is_err());
    /// ```
    ///
    /// # Errors
    /// [`ExploreError::InvalidParameter`] if `target` or `horizon` is 0 or
    /// `target` exceeds 100.
    pub fn new(target: u8, horizon: u16) -> Result<Self, ExploreError> {
        if target == 0 || target > 100 {
            return Err(ExploreError::InvalidParameter {
                name: "target",
                reason: "must be in 1..=100".into(),
            });
        }
        if horizon == 0 {
            return Err(ExploreError::InvalidParameter {
                name: "horizon",
                reason: "must be at least 1".into(),
            });
        }
        Ok(Self {
            target,
            horizon,
            pos: [0, 0],
            turns: 0,
            coin_in_air: false,
        })
    }

    fn mover(&self) -> usize {
        usize::from(self.turns & 1)
    }
}

impl Game for Race {
    type Action = RaceAction;

    fn num_players(&self) -> usize {
        2
    }

    fn current_player(&self) -> Turn {
        if self.pos.iter().any(|&p| p >= self.target) || self.turns == self.horizon {
            Turn::Terminal
        } else if self.coin_in_air {
            Turn::Chance
        } else {
            Turn::Player(self.mover())
        }
    }

    fn legal_actions(&self, out: &mut Vec<RaceAction>) {
        out.clear();
        match self.current_player() {
            Turn::Player(_) => out.extend([RaceAction::Step, RaceAction::Gamble]),
            Turn::Chance => out.extend([RaceAction::Gain(2), RaceAction::Gain(0)]),
            Turn::Terminal => {}
        }
    }

    fn chance_outcomes(&self, out: &mut Vec<(RaceAction, f64)>) {
        out.clear();
        if self.current_player() == Turn::Chance {
            out.extend([(RaceAction::Gain(2), 0.5), (RaceAction::Gain(0), 0.5)]);
        }
    }

    fn apply(&mut self, action: RaceAction) {
        let m = self.mover();
        match action {
            RaceAction::Step => {
                self.pos[m] += 1;
                self.turns += 1;
            }
            RaceAction::Gamble => self.coin_in_air = true,
            RaceAction::Gain(g) => {
                self.pos[m] += g;
                self.turns += 1;
                self.coin_in_air = false;
            }
        }
    }

    fn undo(&mut self, action: RaceAction) {
        match action {
            RaceAction::Step => {
                self.turns -= 1;
                let m = self.mover();
                self.pos[m] -= 1;
            }
            RaceAction::Gamble => self.coin_in_air = false,
            RaceAction::Gain(g) => {
                self.turns -= 1;
                let m = self.mover();
                self.pos[m] -= g;
                self.coin_in_air = true;
            }
        }
    }

    fn payoffs(&self, out: &mut [f64]) {
        out[0] = 0.0;
        out[1] = 0.0;
        for p in 0..2 {
            if self.pos[p] >= self.target {
                out[p] = 1.0;
                out[1 - p] = -1.0;
            }
        }
    }

    fn state_key(&self) -> u64 {
        u64::from(self.pos[0])
            | u64::from(self.pos[1]) << 8
            | u64::from(self.turns) << 16
            | u64::from(self.coin_in_air) << 32
    }
}
