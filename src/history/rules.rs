//! Rules the historical record needs beyond the built-in rulebook.

use crate::deal::{ConcessionKind, Deal, Staging};
use crate::rules::{ExchangeRule, RuleContext, Violation, ViolationKind};
use serde::{Deserialize, Serialize};

/// An extra rule a case file can add (`{"rule": "escrow_first"}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum HistoryRule {
    /// Funds moved to a third-country escrow must arrive before anyone is
    /// released: a deal that unfreezes funds into an escrow is staged
    /// sequentially with the government releasing the funds moving first
    /// (Iran let the plane leave Tehran in September 2023 only after Qatar
    /// confirmed that the $6bn had arrived).
    EscrowFirst,
}

impl ExchangeRule for HistoryRule {
    fn name(&self) -> &str {
        match self {
            HistoryRule::EscrowFirst => "escrow_first",
        }
    }

    fn check(&self, ctx: &RuleContext<'_>, deal: &Deal, out: &mut Vec<Violation>) {
        match self {
            HistoryRule::EscrowFirst => {
                for (i, c) in deal.concessions.iter().enumerate() {
                    let ConcessionKind::Unfreeze {
                        escrow: Some(escrow),
                        ..
                    } = c.kind
                    else {
                        continue;
                    };
                    let ok =
                        matches!(deal.staging, Staging::Sequential { first } if first == c.from);
                    if !ok {
                        out.push(Violation {
                            rule: self.name().into(),
                            concession: Some(i),
                            kind: ViolationKind::Custom {
                                message: format!(
                                    "funds moved to escrow in {} must be confirmed before any release: the deal must be sequential with {} moving first",
                                    ctx.world.code(escrow),
                                    ctx.world.code(c.from)
                                ),
                            },
                        });
                    }
                }
            }
        }
    }
}
