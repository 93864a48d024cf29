//! Outcome analysis: Pareto frontiers and bargaining solutions (Nash,
//! Kalai-Smorodinsky, utilitarian) over payoff vectors.
