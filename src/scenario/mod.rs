//! Scenario files: format, pools, validation.
