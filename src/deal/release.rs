//! How a release is carried out, as the record states it.

use serde::{Deserialize, Serialize};

/// The legal form of a release.
///
/// The record distinguishes these (Bout's sentence was commuted, Griner was
/// pardoned, the Vienna 2010 ten were expelled) and they matter to a reader:
/// a pardon ends the case, a commutation ends the custody only, an expulsion
/// moves someone not yet or no longer convicted. The engines treat them
/// alike; the form is carried through deals, history replays and reports.
#[derive(
    Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ReleaseKind {
    /// Not stated: what every deal written before release kinds existed says.
    #[default]
    Unstated,
    /// A pardon (the conviction is forgiven).
    Pardon,
    /// A commutation (the sentence is cut to time served; the conviction stands).
    Commutation,
    /// Expulsion or deportation of a foreign national (also `deportation`).
    #[serde(alias = "deportation")]
    Expulsion,
    /// End of a pre-trial detention (charges dropped or custody ended before a verdict).
    PretrialEnd,
}

impl ReleaseKind {
    /// Whether the form is [`ReleaseKind::Unstated`] (serde skips it, so
    /// deals written before release kinds read and write as they did).
    pub fn is_unstated(&self) -> bool {
        *self == Self::Unstated
    }

    /// The form in words (`pardon`, `pretrial end`), `None` when unstated.
    pub fn words(&self) -> Option<&'static str> {
        Some(match self {
            Self::Unstated => return None,
            Self::Pardon => "pardon",
            Self::Commutation => "commutation",
            Self::Expulsion => "expulsion",
            Self::PretrialEnd => "pretrial end",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deportation_reads_as_expulsion() {
        let k: ReleaseKind = serde_json::from_str("\"deportation\"").unwrap();
        assert_eq!(k, ReleaseKind::Expulsion);
        assert_eq!(serde_json::to_string(&k).unwrap(), "\"expulsion\"");
        let k: ReleaseKind = serde_json::from_str("\"pretrial_end\"").unwrap();
        assert_eq!(k, ReleaseKind::PretrialEnd);
    }
}
