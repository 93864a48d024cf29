//! Deals: sets of concessions, applied to and undone on a state.
