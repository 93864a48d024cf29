//! Multilateral exchange clearing: cycles and chains of releases.
