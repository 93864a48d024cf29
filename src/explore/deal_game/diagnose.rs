//! Why the deal game offers no deal at a state: the pairs of players with a
//! demand, and what became of every deal the generator proposed there.

use std::collections::BTreeSet;

use crate::analysis::{NoDeal, PairNote};
use crate::explore::DealGame;
use crate::model::GovernmentId;

impl DealGame<'_> {
    /// Why the current state offers the proposer no deal (or so few), as
    /// data: the ordered pairs of players where the first values a
    /// prisoner the second holds (the explorer forms no pairs of its own:
    /// every pair listed is formed), every non-empty deal the generator
    /// proposes here, those left out because the proposer is no party or a
    /// party is not a player, and the rulebook's verdict on the rest,
    /// counted per rule and per government whose individual rationality
    /// fails. The mediator's package is not counted (it is checked by the
    /// package search).
    ///
    /// ```
    /// use detente::explore::{DealGame, DealGameConfig};
    /// use detente::prelude::*;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let mut b = WorldBuilder::new("toy");
    /// let usa = b.government(GovernmentSpec::new("USA"))?;
    /// let blr = b.government(GovernmentSpec::new("BLR"))?;
    /// let p = b.prisoner(PrisonerSpec::new("znak", blr, blr))?;
    /// b.value_prisoner(usa, p, 3.0)?;
    /// b.value_prisoner(blr, p, -1.0)?; // freeing him costs Minsk 1
    /// let world = b.build()?;
    /// let rules = Rulebook::standard();
    /// let config = DealGameConfig {
    ///     generator: DealGenerator::from(DealMenu { batches: vec![1], ..DealMenu::default() }),
    ///     rounds: 1, proposers: vec![usa], parties: vec![], pass: true, mediator: None,
    /// };
    /// let game = DealGame::new(&world, &rules, State::initial(&world), config)?;
    /// let why = game.diagnose();
    /// assert_eq!(why.legal(), 0); // USA has nothing Minsk values
    /// assert_eq!(why.pairs[0].demander, "USA");
    /// assert_eq!(why.refused.refused, why.candidates - why.off_table);
    /// # Ok(()) }
    /// ```
    pub fn diagnose(&self) -> NoDeal {
        let world = self.world;
        let config = &self.config;
        let player = |g: GovernmentId| config.parties.is_empty() || config.parties.contains(&g);
        let mut inner = self.inner.borrow_mut();
        let inner = &mut *inner;
        let mut pairs = BTreeSet::new();
        for p in inner.state.held() {
            let holder = inner.state.location(p);
            for &(g, v) in world.valuations().prisoners.row(p.index()) {
                if v > 0.0 && g != holder && player(g) && player(holder) {
                    pairs.insert((g, holder));
                }
            }
        }
        let mut why = NoDeal {
            pairs: pairs
                .into_iter()
                .map(|(d, h)| PairNote {
                    demander: world.code(d).to_string(),
                    holder: world.code(h).to_string(),
                    unformed: None,
                })
                .collect(),
            ..NoDeal::default()
        };
        let mut candidates = Vec::new();
        config
            .generator
            .candidates(world, &inner.state, &mut candidates);
        let proposer = self.proposer();
        for deal in candidates.iter().filter(|d| !d.is_empty()) {
            why.candidates += 1;
            let parties = deal.parties();
            if !parties.contains(&proposer) || !parties.iter().all(|&g| player(g)) {
                why.off_table += 1;
                continue;
            }
            let checked = self.rules.check(
                world,
                &mut inner.state,
                deal,
                &mut inner.scratch,
                &mut inner.delta,
            );
            if let Err(rejected) = checked {
                why.refused.record(world, &rejected.violations);
            }
        }
        why
    }
}
