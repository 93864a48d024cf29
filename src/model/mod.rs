//! The world: governments, prisoners and sanctions as a graph, and the dynamic state.
