//! The finding model every distill check produces, the report that holds
//! them, and its renderers: `human`, `json`, `sarif`, `github` and
//! `markdown`.

mod finding;
pub mod github;
pub mod human;
pub mod json;
pub mod markdown;
mod report;
pub mod sarif;
pub mod scorecard;

pub use finding::{Finding, FindingContext, Fix, Position, Severity};
pub use report::{FileResult, Report, RuleInfo, Summary};
