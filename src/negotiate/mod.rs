//! Negotiation: outcome spaces, utilities, protocols, strategies, events and experiments.
