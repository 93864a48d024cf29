//! The negotiating table: a world, a rulebook and a state, with checked play.
//!
//! Like a chess position, a [`Table`] offers [`legal_deals`](Table::legal_deals),
//! [`is_legal`](Table::is_legal) and [`play`](Table::play); playing an illegal
//! deal returns the typed violations and leaves the state unchanged.

use crate::deal::{Applied, Deal, UndoLog};
use crate::generate::DealGenerator;
use crate::model::{State, World};
use crate::rules::{Rejected, Rulebook};

/// A world, its rulebook and the current state, with the history of deals
/// played so they can be undone.
///
/// ```
/// use detente::prelude::*;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mut b = WorldBuilder::new("toy");
/// let usa = b.government(GovernmentSpec::new("USA"))?;
/// let blr = b.government(GovernmentSpec::new("BLR"))?;
/// let p = b.prisoner(PrisonerSpec::new("znak", blr, blr))?;
/// b.value_prisoner(usa, p, 3.0)?;
/// b.value_recognition(blr, usa, blr, 2.0)?;
/// let world = b.build()?;
/// let rules = Rulebook::standard();
/// let mut table = Table::new(&world, &rules);
/// let deal = Deal::new()
///     .release(blr, usa, p, blr)
///     .recognition(usa, blr, RecognitionLevel::Call);
/// let played = table.play(&deal)?;
/// assert_eq!(played.delta[usa.index()], 3.0);
/// assert_eq!(played.delta[blr.index()], 2.0);
/// // Releasing the same prisoner again is refused and changes nothing.
/// let err = table.play(&deal).unwrap_err();
/// assert!(err.violates("no_double_release"));
/// assert_eq!(table.history().len(), 1);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Table<'w> {
    world: &'w World,
    rules: &'w Rulebook,
    state: State,
    log: UndoLog,
    scratch: UndoLog,
    delta: Vec<f64>,
    history: Vec<Played>,
}

/// A deal that was played, with what it changed.
#[derive(Clone, Debug, PartialEq)]
pub struct Played {
    /// The deal.
    pub deal: Deal,
    /// Round at which it was played.
    pub round: u32,
    /// Each government's discounted payoff change, indexed by government id.
    pub delta: Vec<f64>,
    /// Releases that failed because the prisoner refused exile.
    pub applied: Applied,
}

impl<'w> Table<'w> {
    /// A table at the world's initial state.
    pub fn new(world: &'w World, rules: &'w Rulebook) -> Self {
        Self::at(world, rules, State::initial(world))
    }

    /// A table at a given state (which must come from `world`).
    pub fn at(world: &'w World, rules: &'w Rulebook, state: State) -> Self {
        Self {
            world,
            rules,
            state,
            log: UndoLog::new(),
            scratch: UndoLog::new(),
            delta: Vec::new(),
            history: Vec::new(),
        }
    }

    /// The world.
    pub fn world(&self) -> &'w World {
        self.world
    }

    /// The rulebook.
    pub fn rules(&self) -> &'w Rulebook {
        self.rules
    }

    /// The current state.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// The deals played so far, oldest first.
    pub fn history(&self) -> &[Played] {
        &self.history
    }

    /// Checks `deal` against the rulebook at the current state.
    ///
    /// # Errors
    /// [`Rejected`] with every violation.
    pub fn check(&mut self, deal: &Deal) -> Result<(), Rejected> {
        self.rules.check(
            self.world,
            &mut self.state,
            deal,
            &mut self.scratch,
            &mut self.delta,
        )
    }

    /// Whether `deal` passes every rule at the current state.
    pub fn is_legal(&mut self, deal: &Deal) -> bool {
        self.check(deal).is_ok()
    }

    /// Checks and plays `deal`.
    ///
    /// # Errors
    /// [`Rejected`] with every violation; the state is then unchanged.
    pub fn play(&mut self, deal: &Deal) -> Result<&Played, Rejected> {
        self.check(deal)?;
        let round = self.state.round();
        let mut delta = Vec::new();
        let applied = crate::payoff::apply_with_delta(
            self.world,
            &mut self.state,
            deal,
            &mut self.log,
            &mut delta,
        );
        self.history.push(Played {
            deal: deal.clone(),
            round,
            delta,
            applied,
        });
        Ok(self.history.last().expect("just pushed"))
    }

    /// Undoes the last deal played. Returns it, or `None` when nothing was played.
    pub fn undo(&mut self) -> Option<Played> {
        let played = self.history.pop()?;
        self.state.undo(&mut self.log);
        Some(played)
    }

    /// Each government's total discounted payoff from the deals played.
    pub fn accumulated(&self) -> Vec<f64> {
        let mut total = vec![0.0; self.world.governments().len()];
        for p in &self.history {
            for (t, d) in total.iter_mut().zip(&p.delta) {
                *t += d;
            }
        }
        total
    }

    /// The deals `generator` proposes at the current state that pass every rule.
    pub fn legal_deals(&mut self, generator: &DealGenerator) -> Vec<Deal> {
        let mut candidates = Vec::new();
        generator.candidates(self.world, &self.state, &mut candidates);
        candidates.retain(|d| self.is_legal(d));
        candidates
    }

    /// Moves the clock forward one round.
    pub fn next_round(&mut self) {
        self.state.set_round(self.state.round() + 1);
    }
}
