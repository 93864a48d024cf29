//! Simulation over time: events between rounds, the round-by-round runner, Monte Carlo experiments and sweeps.
