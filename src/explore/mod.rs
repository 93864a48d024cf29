//! Search over deal sequences: a game view and generic searchers.
