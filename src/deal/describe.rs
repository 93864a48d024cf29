//! Deals in words, for logs, trajectories and reports.

use super::{ConcessionKind, Deal};
use crate::model::{GovernmentId, SanctionId, World};

/// A government's code, or `?` for an id the world does not have (a deal
/// read from a file may name one).
pub(crate) fn code(world: &World, g: GovernmentId) -> &str {
    world.government(g).map_or("?", |x| x.code.as_str())
}

fn sanction(world: &World, s: SanctionId) -> &str {
    world
        .sanctions()
        .get(s.index())
        .map_or("?", |x| x.key.as_str())
}

/// What a concession other than a release gives, in words (`None` for a
/// release: callers group releases by who gives them to whom).
pub(crate) fn kind_words(world: &World, kind: &ConcessionKind) -> Option<String> {
    Some(match *kind {
        ConcessionKind::Release { .. } => return None,
        ConcessionKind::Licence { sanction: s } => format!("licence {}", sanction(world, s)),
        ConcessionKind::Delist { sanction: s } => format!("delist {}", sanction(world, s)),
        ConcessionKind::Suspend {
            sanction: s,
            rounds,
        } => format!("suspend {} for {rounds} rounds", sanction(world, s)),
        ConcessionKind::Ease {
            sanction: s,
            fraction,
        } => format!("ease {} by {fraction}", sanction(world, s)),
        ConcessionKind::Reimpose { sanction: s } => format!("reimpose {}", sanction(world, s)),
        ConcessionKind::Unfreeze {
            sanction: s,
            amount,
            escrow,
        } => match escrow {
            Some(e) => format!(
                "unfreeze {amount} under {} via {}",
                sanction(world, s),
                code(world, e)
            ),
            None => format!("unfreeze {amount} under {}", sanction(world, s)),
        },
        ConcessionKind::Recognition { level } => format!("recognition {level:?}"),
        ConcessionKind::Favour { favour } => format!(
            "favour {}",
            world.favour(favour).map_or("?", |f| f.key.as_str())
        ),
    })
}

impl Deal {
    /// The deal in words: one clause per giver and receiver, releases
    /// grouped (`BLR releases 2 to USA (znak, ...)`), in the order the
    /// concessions first appear; `no deal` for an empty deal.
    ///
    /// ```
    /// use detente::deal::Deal;
    /// use detente::model::*;
    /// let mut b = WorldBuilder::new("toy");
    /// let usa = b.government(GovernmentSpec::new("USA")).unwrap();
    /// let blr = b.government(GovernmentSpec::new("BLR")).unwrap();
    /// let a = b.prisoner(PrisonerSpec::new("a", blr, blr)).unwrap();
    /// let c = b.prisoner(PrisonerSpec::new("c", blr, blr)).unwrap();
    /// let world = b.build().unwrap();
    /// let deal = Deal::new()
    ///     .release(blr, usa, a, blr)
    ///     .recognition(usa, blr, RecognitionLevel::Call)
    ///     .release(blr, usa, c, blr);
    /// assert_eq!(deal.describe(&world), "BLR releases 2 to USA (a, c); USA gives BLR recognition Call");
    /// assert_eq!(Deal::new().describe(&world), "no deal");
    /// ```
    pub fn describe(&self, world: &World) -> String {
        let mut clauses: Vec<((GovernmentId, GovernmentId), Vec<String>, bool)> = Vec::new();
        for c in &self.concessions {
            let (words, release) = match kind_words(world, &c.kind) {
                Some(w) => (w, false),
                None => {
                    let name = c
                        .kind
                        .prisoner()
                        .and_then(|p| world.prisoner(p))
                        .map_or_else(|| "?".to_string(), |p| p.key.clone());
                    (name, true)
                }
            };
            let key = (c.from, c.to);
            match clauses
                .iter_mut()
                .find(|(k, _, r)| *k == key && *r == release)
            {
                Some((_, items, _)) => items.push(words),
                None => clauses.push((key, vec![words], release)),
            }
        }
        if clauses.is_empty() {
            return "no deal".to_string();
        }
        let text: Vec<String> = clauses
            .iter()
            .map(|((from, to), items, release)| {
                let (from, to) = (code(world, *from), code(world, *to));
                if *release {
                    match items.as_slice() {
                        [one] => format!("{from} releases {one} to {to}"),
                        [a, b] => format!("{from} releases 2 to {to} ({a}, {b})"),
                        [a, ..] => format!("{from} releases {} to {to} ({a}, ...)", items.len()),
                        [] => String::new(),
                    }
                } else {
                    format!("{from} gives {to} {}", items.join(", "))
                }
            })
            .collect();
        text.join("; ")
    }
}
