//! Prisoners.

use super::{CountryCode, GovernmentId};

/// A prisoner: a named person or one anonymous member of a pool.
#[derive(Clone, Debug, PartialEq)]
pub struct Prisoner {
    /// Dense id.
    pub id: super::PrisonerId,
    /// Key from the scenario file (`pool_id#n` for pool members).
    pub key: String,
    /// Name, when public.
    pub name: Option<String>,
    /// The government that has custody.
    pub custodian: GovernmentId,
    /// The government on whose behalf custody is held, when that differs from
    /// the custodian (El Salvador held Venezuelans for the US in 2025).
    pub on_behalf_of: Option<GovernmentId>,
    /// Citizenships that are governments of the world (a dual national has
    /// two); destination defaults and exile checks use these.
    pub citizenships: Vec<GovernmentId>,
    /// Citizenships of countries that are not governments of the world (a
    /// Swedish-Iranian in a scenario without Sweden), kept as codes. They
    /// give no graph edge and no value: a state that cares about this
    /// prisoner says so through a valuation.
    pub citizenship_codes: Vec<CountryCode>,
    /// Free-form tags: `political`, `journalist`, `dual_national`, ...
    pub tags: Vec<String>,
    /// Rounds of sentence left; `None` for indefinite or unknown.
    pub sentence_rounds: Option<u32>,
    /// Probability per round of a health crisis (death or medical release).
    pub health_hazard: f64,
    /// Whether the prisoner agrees to be sent to a country other than their own.
    /// A release into exile of someone who refuses fails, and they stay in custody.
    pub accepts_exile: bool,
    /// The family unit the prisoner leaves with, whose dependants travel
    /// with it (never traded themselves; see [`Family`](super::Family)).
    pub family: Option<super::FamilyId>,
    /// Where a release sends them unless a deal says otherwise (Belarus sent
    /// most of those freed in December 2025 to Ukraine, some to Lithuania).
    pub release_to: Option<GovernmentId>,
    /// The pool this prisoner was expanded from, if any.
    pub pool: Option<u32>,
    /// Whether the prisoner starts at large: a reserve member of a pool who
    /// can be arrested during a run.
    pub starts_at_large: bool,
}

impl Prisoner {
    /// The government that trades this prisoner: the legal holder when custody
    /// is held on someone's behalf, otherwise the custodian.
    pub fn holder(&self) -> GovernmentId {
        self.on_behalf_of.unwrap_or(self.custodian)
    }

    /// Whether `g` may hand this prisoner over: the custodian or the legal holder.
    pub fn can_be_released_by(&self, g: GovernmentId) -> bool {
        g == self.custodian || Some(g) == self.on_behalf_of
    }

    /// Where a release sends them by default: [`Prisoner::release_to`], else
    /// a country of citizenship other than the custodian, else the custodian's
    /// own country (freed at home).
    pub fn default_destination(&self) -> GovernmentId {
        self.release_to
            .or_else(|| {
                self.citizenships
                    .iter()
                    .copied()
                    .find(|&c| c != self.custodian)
            })
            .unwrap_or(self.custodian)
    }

    /// Whether sending the prisoner to `destination` is exile.
    pub fn is_exile_to(&self, destination: GovernmentId) -> bool {
        !self.citizenships.contains(&destination)
    }
}
