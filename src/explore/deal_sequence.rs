//! The deals behind a sequence of [`DealAction`]s.
//!
//! A searcher returns actions (`Deal(3)` is "the fourth legal deal at that
//! state"), which mean nothing without the states they were taken in. This
//! replays a sequence on the game and hands back the deals themselves, so
//! callers never rebuild the states by hand.

use crate::deal::Deal;
use crate::explore::{DealAction, DealGame, ExploreError, Game, SequenceOutcome};
use crate::model::State;

/// A sequence of the deal game played out: the deal of each round and the
/// state the sequence ends in.
#[derive(Clone, Debug, PartialEq)]
pub struct DealSequence {
    /// One entry per action: the deal played that round, `None` for a pass.
    pub deals: Vec<Option<Deal>>,
    /// The state after the last action (round counter included).
    pub end: State,
}

impl DealGame<'_> {
    /// Plays `actions` from the game's current state and returns the deals
    /// they stand for and the state they reach; the game is left where it
    /// was.
    ///
    /// # Errors
    /// [`ExploreError::InvalidParameter`] if an action is not legal where it
    /// is played (an index out of range, a package where there is none, a
    /// move past the horizon); the game is still left where it was.
    ///
    /// ```
    /// use detente::explore::{DealAction, DealGame, DealGameConfig};
    /// use detente::prelude::*;
    /// # fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    /// let mut b = WorldBuilder::new("toy");
    /// let usa = b.government(GovernmentSpec::new("USA"))?;
    /// let blr = b.government(GovernmentSpec::new("BLR"))?;
    /// let znak = b.prisoner(PrisonerSpec::new("znak", blr, blr))?;
    /// b.value_prisoner(usa, znak, 3.0)?;
    /// b.value_recognition(blr, usa, blr, 2.0)?;
    /// let world = b.build()?;
    /// let rules = Rulebook::standard();
    /// let config = DealGameConfig {
    ///     generator: DealGenerator::from(DealMenu { batches: vec![1], ..DealMenu::default() }),
    ///     rounds: 2,
    ///     proposers: vec![usa],
    ///     parties: vec![],
    ///     pass: true,
    ///     mediator: None,
    /// };
    /// let mut game = DealGame::new(&world, &rules, State::initial(&world), config)?;
    /// let played = game.replay(&[DealAction::Pass, DealAction::Deal(0)])?;
    /// assert_eq!(played.deals[0], None);
    /// let deal = played.deals[1].as_ref().ok_or("round 1 has a deal")?;
    /// assert_eq!(deal.parties(), vec![usa, blr]);
    /// assert_eq!(played.end.status(znak), PrisonerStatus::Released);
    /// assert_eq!(played.end.round(), 2);
    /// # Ok(()) }
    /// ```
    pub fn replay(&mut self, actions: &[DealAction]) -> Result<DealSequence, ExploreError> {
        let mut deals = Vec::with_capacity(actions.len());
        let mut legal = Vec::new();
        let mut illegal = None;
        for (round, &action) in actions.iter().enumerate() {
            self.legal_actions(&mut legal);
            if !legal.contains(&action) {
                illegal = Some(round);
                break;
            }
            deals.push(self.deal(action));
            self.apply(action);
        }
        let end = self.with_state(State::clone);
        for &action in actions[..deals.len()].iter().rev() {
            self.undo(action);
        }
        match illegal {
            Some(round) => Err(ExploreError::InvalidParameter {
                name: "actions",
                reason: format!("{:?} is not a legal action at step {round}", actions[round]),
            }),
            None => Ok(DealSequence { deals, end }),
        }
    }
}

impl SequenceOutcome<DealAction> {
    /// The deals of this outcome's sequence, one per round (`None` for a
    /// pass), replayed on `game` from its current state, which must be the
    /// state the search started from; the game is left where it was.
    ///
    /// # Errors
    /// As [`DealGame::replay`]: the sequence does not fit the game (it came
    /// from another game or another starting state).
    ///
    /// ```
    /// use detente::explore::{DealGame, DealGameConfig, EnumConfig, enumerate_outcomes};
    /// use detente::prelude::*;
    /// # fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    /// let (_, world, rules) = shipped("toy_bilateral")?;
    /// let players: Vec<GovernmentId> = world.governments().iter().map(|g| g.id).collect();
    /// let config = DealGameConfig {
    ///     generator: DealGenerator::default(),
    ///     rounds: 1,
    ///     proposers: players.clone(),
    ///     parties: players,
    ///     pass: true,
    ///     mediator: None,
    /// };
    /// let mut game = DealGame::new(&world, &rules, State::initial(&world), config)?;
    /// let all = enumerate_outcomes(&mut game, &EnumConfig::default());
    /// for outcome in &all.outcomes {
    ///     let deals = outcome.deals(&mut game)?;
    ///     assert_eq!(deals.len(), outcome.sequence.len());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn deals(&self, game: &mut DealGame<'_>) -> Result<Vec<Option<Deal>>, ExploreError> {
        Ok(game.replay(&self.sequence)?.deals)
    }
}
