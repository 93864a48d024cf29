//! Exchange rules: the rulebook and typed violations.
