//! Reports: JSON summaries, Graphviz DOT, SVG plots.
