//! Exchange rules: a [`Rulebook`] of built-in [`Rule`]s (data, serde) and
//! user rules (the [`ExchangeRule`] trait). Checking a deal returns every
//! typed [`Violation`] at once.
//!
//! ```
//! use detente::rules::{Rule, Rulebook};
//! let book: Rulebook = serde_json::from_str(
//!     r#"[{"rule": "holder_releases"}, {"rule": "max_parties", "max": 3}]"#,
//! ).unwrap();
//! assert_eq!(book.rules().len(), 2);
//! assert_eq!(book.rules()[1], Rule::MaxParties { max: 3 });
//! ```

mod builtin;
mod demands;
mod favours;
mod violation;

pub use builtin::{FirstMover, Rule};
pub use demands::DEMANDS;
pub use violation::{Rejected, Violation, ViolationKind};

use crate::deal::{ConcessionKind, Deal, UndoLog};
use crate::model::{State, World};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// What a rule sees when it checks a deal.
#[derive(Copy, Clone, Debug)]
pub struct RuleContext<'a> {
    /// The world.
    pub world: &'a World,
    /// The state before the deal.
    pub state: &'a State,
    /// Each government's discounted payoff change from the deal (indexed by
    /// government id), net of audience costs.
    pub delta: &'a [f64],
}

/// A rule a user adds to a rulebook.
///
/// ```
/// use detente::rules::{ExchangeRule, RuleContext, Violation, ViolationKind};
/// use detente::deal::Deal;
/// /// No deal may release more than ten people.
/// struct AtMostTen;
/// impl ExchangeRule for AtMostTen {
///     fn name(&self) -> &str { "at_most_ten" }
///     fn check(&self, _: &RuleContext<'_>, deal: &Deal, out: &mut Vec<Violation>) {
///         let n = deal.concessions.iter().filter(|c| c.kind.prisoner().is_some()).count();
///         if n > 10 {
///             out.push(Violation { rule: self.name().into(), concession: None,
///                 kind: ViolationKind::Custom { message: format!("{n} releases") } });
///         }
///     }
/// }
/// let book = detente::rules::Rulebook::standard().with_custom(AtMostTen);
/// assert_eq!(book.len(), detente::rules::Rule::all().len() + 1);
/// ```
pub trait ExchangeRule: Send + Sync {
    /// The rule's name, used in violations.
    fn name(&self) -> &str;
    /// Pushes every violation of this rule by `deal` into `out`.
    fn check(&self, ctx: &RuleContext<'_>, deal: &Deal, out: &mut Vec<Violation>);
}

impl ExchangeRule for Rule {
    fn name(&self) -> &str {
        Rule::name(self)
    }
    fn check(&self, ctx: &RuleContext<'_>, deal: &Deal, out: &mut Vec<Violation>) {
        Rule::check(self, ctx, deal, out)
    }
}

/// An ordered set of rules. Serializes as the list of its built-in rules
/// (custom rules are code and are not serialized).
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(from = "Vec<Rule>", into = "Vec<Rule>")]
pub struct Rulebook {
    rules: Vec<Rule>,
    custom: Vec<Arc<dyn ExchangeRule>>,
}

impl std::fmt::Debug for Rulebook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rulebook")
            .field("rules", &self.rules)
            .field(
                "custom",
                &self
                    .custom
                    .iter()
                    .map(|r| r.name().to_string())
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl PartialEq for Rulebook {
    fn eq(&self, other: &Self) -> bool {
        self.rules == other.rules && self.custom.len() == other.custom.len()
    }
}

impl From<Vec<Rule>> for Rulebook {
    fn from(rules: Vec<Rule>) -> Self {
        Self {
            rules,
            custom: Vec::new(),
        }
    }
}

impl From<Rulebook> for Vec<Rule> {
    fn from(b: Rulebook) -> Self {
        b.rules
    }
}

impl Rulebook {
    /// A rulebook with no rules: every well-formed deal that keeps the
    /// world's demands passes.
    pub fn empty() -> Self {
        Self::default()
    }

    /// Every built-in rule with default settings ([`Rule::all`]).
    pub fn standard() -> Self {
        Rule::all().into()
    }

    /// Adds a built-in rule.
    pub fn with(mut self, rule: Rule) -> Self {
        self.rules.push(rule);
        self
    }

    /// Adds a user rule.
    pub fn with_custom(mut self, rule: impl ExchangeRule + 'static) -> Self {
        self.custom.push(Arc::new(rule));
        self
    }

    /// The built-in rules, in order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Number of rules, built-in and custom.
    pub fn len(&self) -> usize {
        self.rules.len() + self.custom.len()
    }

    /// The names every violation of a deal checked by this rulebook can
    /// carry: `known_ids` (the structural check), then each rule's name,
    /// built-in rules first, without repeats.
    ///
    /// ```
    /// use detente::rules::{Rule, Rulebook};
    /// let book = Rulebook::empty().with(Rule::MaxParties { max: 2 });
    /// assert_eq!(book.violation_rules(), ["known_ids", "max_parties"]);
    /// ```
    pub fn violation_rules(&self) -> Vec<&str> {
        let mut names: Vec<&str> = vec!["known_ids"];
        let builtin = self.rules.iter().map(|r| -> &str { r.name() });
        for name in builtin.chain(self.custom.iter().map(|r| r.name())) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Checks `deal` at `state`: first that every id exists, then the
    /// world's hard demands (always, whatever the rules: see [`DEMANDS`]),
    /// then every rule.
    /// `state` is used to compute payoff changes (the deal is applied and
    /// undone through `log`) and is left exactly as it was.
    ///
    /// # Errors
    /// [`Rejected`] with every violation found.
    pub fn check(
        &self,
        world: &World,
        state: &mut State,
        deal: &Deal,
        log: &mut UndoLog,
        delta: &mut Vec<f64>,
    ) -> Result<(), Rejected> {
        let mut violations = Vec::new();
        check_ids(world, deal, &mut violations);
        if violations.is_empty() {
            favours::check(world, state, deal, &mut violations);
        }
        if violations.is_empty() {
            demands::check(world, state, deal, &mut violations);
            crate::payoff::delta(world, state, deal, log, delta);
            let ctx = RuleContext {
                world,
                state,
                delta,
            };
            for r in &self.rules {
                r.check(&ctx, deal, &mut violations);
            }
            for r in &self.custom {
                r.check(&ctx, deal, &mut violations);
            }
        }
        if violations.is_empty() {
            Ok(())
        } else {
            Err(Rejected { violations })
        }
    }
}

/// Structural check that holds whatever the rulebook: every id names
/// something in the world, and no government concedes to itself.
fn check_ids(world: &World, deal: &Deal, out: &mut Vec<Violation>) {
    let mut bad = |i: usize, what: &str, id: u32| {
        out.push(Violation {
            rule: "known_ids".into(),
            concession: Some(i),
            kind: ViolationKind::UnknownId {
                what: what.into(),
                id,
            },
        })
    };
    let n_gov = world.governments().len();
    let mut self_concessions = Vec::new();
    for (i, c) in deal.concessions.iter().enumerate() {
        for g in [c.from, c.to] {
            if g.index() >= n_gov {
                bad(i, "government", g.0);
            }
        }
        match c.kind {
            ConcessionKind::Release {
                prisoner,
                destination,
                ..
            } => {
                if prisoner.index() >= world.prisoners().len() {
                    bad(i, "prisoner", prisoner.0);
                }
                if destination.index() >= n_gov {
                    bad(i, "government", destination.0);
                }
            }
            ConcessionKind::Unfreeze {
                escrow: Some(e), ..
            } if e.index() >= n_gov => bad(i, "government", e.0),
            ConcessionKind::Favour { favour } if favour.index() >= world.favours().len() => {
                bad(i, "favour", favour.0)
            }
            _ => {}
        }
        if let Some(s) = c.kind.sanction()
            && s.index() >= world.sanctions().len()
        {
            bad(i, "sanction", s.0);
        }
        if c.from == c.to {
            self_concessions.push((i, c.from));
        }
    }
    for (i, government) in self_concessions {
        out.push(Violation {
            rule: "known_ids".into(),
            concession: Some(i),
            kind: ViolationKind::SelfConcession { government },
        });
    }
    let staging_gov = match deal.staging {
        crate::deal::Staging::AtVenue { venue } => Some(venue),
        crate::deal::Staging::Sequential { first } => Some(first),
        crate::deal::Staging::Simultaneous => None,
    };
    if let Some(g) = staging_gov
        && g.index() >= n_gov
    {
        out.push(Violation {
            rule: "known_ids".into(),
            concession: None,
            kind: ViolationKind::UnknownId {
                what: "government".into(),
                id: g.0,
            },
        });
    }
}
