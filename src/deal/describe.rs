//! Deals in words, for logs, trajectories and reports.

use super::{ConcessionKind, Deal};
use crate::model::{CountryCode, GovernmentId, SanctionId, World};

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
    ///
    /// A release that lands somewhere other than its destination says where,
    /// so the landing country is never hidden behind the party released to:
    /// `RUS releases 4 to USA (a, ...; 1 lands in DEU)`.
    pub fn describe(&self, world: &World) -> String {
        let mut clauses: Vec<Clause> = Vec::new();
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
            let landing = landing_elsewhere(world, &c.kind);
            let key = (c.from, c.to);
            let at = match clauses
                .iter()
                .position(|k| k.parties == key && k.release == release)
            {
                Some(at) => at,
                None => {
                    clauses.push(Clause {
                        parties: key,
                        items: Vec::new(),
                        release,
                        landings: Vec::new(),
                    });
                    clauses.len() - 1
                }
            };
            clauses[at].items.push(words);
            if let Some(venue) = landing {
                match clauses[at].landings.iter_mut().find(|(v, _)| *v == venue) {
                    Some((_, n)) => *n += 1,
                    None => clauses[at].landings.push((venue, 1)),
                }
            }
        }
        if clauses.is_empty() {
            return "no deal".to_string();
        }
        let text: Vec<String> = clauses.iter().map(|c| c.words(world)).collect();
        text.join("; ")
    }
}

/// The concessions one government gives another, releases apart.
struct Clause {
    parties: (GovernmentId, GovernmentId),
    items: Vec<String>,
    release: bool,
    /// Releases landing away from their destination, counted by venue in
    /// order of first appearance.
    landings: Vec<(CountryCode, usize)>,
}

impl Clause {
    fn words(&self, world: &World) -> String {
        let (from, to) = (code(world, self.parties.0), code(world, self.parties.1));
        let items = &self.items;
        if !self.release {
            return format!("{from} gives {to} {}", items.join(", "));
        }
        let landings: Vec<String> = match (items.len(), self.landings.as_slice()) {
            (1, [(venue, _)]) => vec![format!("lands in {venue}")],
            _ => self
                .landings
                .iter()
                .map(|(venue, n)| format!("{n} land{} in {venue}", if *n == 1 { "s" } else { "" }))
                .collect(),
        };
        let named = match items.as_slice() {
            [one] => return format!("{from} releases {one} to {to}{}", after(", ", &landings)),
            [a, b] => format!("{a}, {b}"),
            [a, ..] => format!("{a}, ..."),
            [] => String::new(),
        };
        format!(
            "{from} releases {} to {to} ({named}{})",
            items.len(),
            after("; ", &landings)
        )
    }
}

/// `sep` and the parts joined by `, `, or nothing when there are none.
fn after(sep: &str, parts: &[String]) -> String {
    if parts.is_empty() {
        String::new()
    } else {
        format!("{sep}{}", parts.join(", "))
    }
}

/// The venue of a release when it is not the destination's own country.
fn landing_elsewhere(world: &World, kind: &ConcessionKind) -> Option<CountryCode> {
    let ConcessionKind::Release {
        destination,
        venue: Some(venue),
        ..
    } = *kind
    else {
        return None;
    };
    (code(world, destination) != venue.as_str()).then_some(venue)
}
