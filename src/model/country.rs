//! Country codes: nationalities and release venues that need not be
//! governments of the world.
//!
//! A scenario about Iran and Belgium still has to say that a prisoner is
//! also Swedish, or that an exchange happened in Oman, without modelling
//! Sweden or Oman as negotiating governments. A [`CountryCode`] carries such
//! a name; where it equals a government's code, the two are the same country.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// An ISO 3166-1 style country code: two (alpha-2, `DE`) or three (alpha-3,
/// `DEU`) uppercase ASCII letters.
///
/// The form is checked, not membership in the ISO list: user-assigned codes
/// such as `XK` (Kosovo) are in use and a file may need them.
///
/// ```
/// use detente::model::CountryCode;
/// let deu: CountryCode = "DEU".parse().unwrap();
/// assert_eq!(deu.as_str(), "DEU");
/// assert!("de".parse::<CountryCode>().is_err());
/// assert!("GERM".parse::<CountryCode>().is_err());
/// ```
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode {
    letters: [u8; 3],
    len: u8,
}

/// Why a string is not a [`CountryCode`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a country code (2 or 3 uppercase letters, ISO 3166-1 alpha-2 or alpha-3)")]
pub struct BadCountryCode(pub String);

impl CountryCode {
    /// The code as text.
    pub fn as_str(&self) -> &str {
        // Only ASCII letters are ever stored (see `from_str`).
        std::str::from_utf8(&self.letters[..self.len as usize]).unwrap_or("?")
    }
}

impl std::str::FromStr for CountryCode {
    type Err = BadCountryCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bytes = s.as_bytes();
        if !(2..=3).contains(&bytes.len()) || !bytes.iter().all(u8::is_ascii_uppercase) {
            return Err(BadCountryCode(s.to_string()));
        }
        let mut letters = [0; 3];
        letters[..bytes.len()].copy_from_slice(bytes);
        Ok(Self {
            letters,
            len: bytes.len() as u8,
        })
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for CountryCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_and_three_uppercase_letters_only() {
        for ok in ["DE", "DEU", "XK"] {
            assert_eq!(ok.parse::<CountryCode>().unwrap().as_str(), ok);
        }
        for bad in ["", "D", "DEUT", "De", "D1", "ÄÖ"] {
            assert!(bad.parse::<CountryCode>().is_err(), "{bad}");
        }
    }

    #[test]
    fn serde_is_the_plain_string() {
        let c: CountryCode = serde_json::from_str("\"OMN\"").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"OMN\"");
        assert!(serde_json::from_str::<CountryCode>("\"oman\"").is_err());
    }
}
