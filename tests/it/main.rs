//! The integration tests, as modules of one test binary: each file of
//! `tests/` used to be its own binary linking the whole crate, and linking
//! 56 of them was most of a clean `cargo test`. A module here is what a file
//! was, under the same name, so `cargo test --test it NAME::` runs one.
//!
//! Only `tests/reliability_limits.rs` stays a binary of its own: it installs
//! a counting global allocator, which in a shared process would also count
//! the allocations of every test running beside it.

mod common;

mod allies;
mod analysis_negmas;
mod analysis_pareto;
mod backtest;
mod bad_inputs;
mod budgets;
mod calibrate;
mod compare;
mod conflict_bad_inputs;
mod conflict_inverse;
mod conflict_properties;
mod conflict_reference;
mod conflict_world;
mod core_perft;
mod core_props;
mod core_rules;
mod core_scenario;
mod core_scenario_roundtrip;
mod deal_space;
mod demands;
mod example_backtest;
mod example_belarus_2025;
mod example_clear_exchange;
mod example_cli;
mod example_conflict;
mod example_custom_strategy;
mod example_explore;
mod example_history;
mod example_inspect;
mod example_outputs;
mod example_peer_negmas;
mod example_simulate;
mod example_soak;
mod example_tournament;
mod exchange_exact;
mod exchange_preflib;
mod exchange_world;
mod explore_bargaining;
mod explore_chance;
mod explore_deal;
mod explore_search;
mod explore_tictactoe;
mod fuzz_deals;
mod fuzz_inputs;
mod fuzz_preflib;
mod fuzz_scenario;
mod golden_outputs;
mod history_bad_inputs;
mod history_calibrate;
mod history_cases;
mod history_implied;
mod ladder;
mod module_deps;
mod negotiate_deadlines;
mod negotiate_lookahead;
mod negotiate_negmas;
mod negotiate_props;
mod negotiate_spe;
mod negotiate_tournament;
mod negotiate_world;
mod no_deal;
mod packages;
mod people;
mod record;
mod reliability_budgets;
mod reliability_harness;
mod reliability_numerics;
mod reliability_sizes;
mod reliability_threads;
mod report_dot;
mod report_html;
mod report_plots;
mod shard_files;
mod shard_sweep;
mod simulate_event_allies;
mod simulate_figures;
mod simulate_limits;
mod simulate_mediator;
mod simulate_properties;
mod simulate_tables;
mod swaps;
mod test_layout;
