//! distill's rules: the registry, every rule with its documentation, the
//! configuration that selects them, inline suppressions and fixes.

pub mod config;
pub mod dockerfile;
pub mod fix;
pub mod manifest;
pub mod registry;
pub mod rule;
pub mod scorecard;
pub mod suppress;

pub use config::{Config, ConfigError, FailOn, RuleSettings};
pub use rule::{FixKind, RuleMeta, Target};
