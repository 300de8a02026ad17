use std::fmt;
use std::str::FromStr;

use distill_source::{Applicability, Edit, LineIndex, Span};
use serde::Serialize;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run unless asked.
    Info,
    /// Should be fixed.
    Warning,
    /// Breaks the build or the strategy.
    Error,
}

impl Severity {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!(
                "unknown severity {other:?}: use error, warning or info"
            )),
        }
    }
}

/// A 1-based line and column pair in a file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

/// A fix: text edits that resolve a finding, and how safe they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, in the imperative ("pin the base image by
    /// digest").
    pub title: String,
    /// Whether it may be applied without review.
    pub applicability: Applicability,
    /// The edits, in any order; they never overlap.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix made of one edit.
    pub fn new(title: impl Into<String>, applicability: Applicability, edit: Edit) -> Self {
        Fix {
            title: title.into(),
            applicability,
            edits: vec![edit],
        }
    }
}

/// Where in a Kubernetes or Compose object a finding is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FindingContext {
    /// `Kind/name`, with `namespace/` before the name when one is given.
    pub object: String,
    /// The container or service name.
    pub container: Option<String>,
    /// The path of the field, as in `spec.template.spec.containers[0].securityContext`.
    pub field_path: String,
}

/// One thing distill found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The stable rule code (`US101`).
    pub code: &'static str,
    /// The rule's kebab-case name (`runs-as-root`).
    pub name: &'static str,
    /// The severity after configuration.
    pub severity: Severity,
    /// The bytes the finding is about.
    pub span: Span,
    /// First position of `span`.
    pub start: Position,
    /// Position just after `span`.
    pub end: Position,
    /// What is wrong and why it matters, in one sentence, lowercase first.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// Text edits that resolve it, if any.
    pub fix: Option<Fix>,
    /// The Kubernetes or Compose object and field, for manifest findings.
    pub context: Option<FindingContext>,
}

impl Finding {
    /// A finding at `span` of `source`; the positions are computed from
    /// `index`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        code: &'static str,
        name: &'static str,
        severity: Severity,
        source: &str,
        index: &LineIndex,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        let start = index.line_col(source, span.start);
        let end = index.line_col(source, span.end);
        Finding {
            code,
            name,
            severity,
            span,
            start: Position {
                line: start.line,
                column: start.column,
            },
            end: Position {
                line: end.line,
                column: end.column,
            },
            message: message.into(),
            help: None,
            fix: None,
            context: None,
        }
    }

    /// Add the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Add a fix.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// Add the object context of a manifest finding.
    pub fn with_context(mut self, context: FindingContext) -> Self {
        self.context = Some(context);
        self
    }
}
