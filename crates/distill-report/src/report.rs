use serde::Serialize;

use crate::scorecard::Scorecard;
use crate::{Finding, Severity};

/// What a renderer needs to know about a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// Code, `US101`.
    pub code: &'static str,
    /// Name, `runs-as-root`.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One sentence.
    pub summary: &'static str,
    /// The full documentation, Markdown.
    pub doc: &'static str,
}

/// The findings of one file.
#[derive(Clone, Debug, Default)]
pub struct FileResult {
    /// Path relative to the audited folder, with `/` separators.
    pub path: String,
    /// The file's text, for code frames (absent for files that were not
    /// text).
    pub source: Option<String>,
    /// Findings in source order.
    pub findings: Vec<Finding>,
}

/// Everything one run found.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Files that were checked, in path order, with their findings.
    pub files: Vec<FileResult>,
    /// Problems that stopped a file from being checked (unreadable files).
    pub errors: Vec<String>,
    /// What was deliberately not checked, and why (Helm charts, whose
    /// templates are not YAML until rendered).
    pub notices: Vec<String>,
    /// The rules that ran, for renderers that describe them (SARIF).
    pub rules: Vec<RuleInfo>,
    /// The adoption scorecard, when the run computed one.
    pub scorecard: Option<Scorecard>,
    /// Print only the scorecard (human and Markdown output).
    pub scorecard_only: bool,
}

/// Counts for the summary line and the JSON `summary` object.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Files checked.
    pub files: usize,
    /// Files with at least one finding.
    pub files_with_findings: usize,
    /// All findings.
    pub findings: usize,
    /// Findings by severity.
    pub errors: usize,
    /// Findings by severity.
    pub warnings: usize,
    /// Findings by severity.
    pub info: usize,
    /// Findings with a fix `--fix` can apply.
    pub fixable: usize,
}

impl Report {
    /// Count the findings.
    pub fn summary(&self) -> Summary {
        let mut summary = Summary {
            files: self.files.len(),
            ..Summary::default()
        };
        for file in &self.files {
            if !file.findings.is_empty() {
                summary.files_with_findings += 1;
            }
            for finding in &file.findings {
                summary.findings += 1;
                match finding.severity {
                    Severity::Error => summary.errors += 1,
                    Severity::Warning => summary.warnings += 1,
                    Severity::Info => summary.info += 1,
                }
                if finding
                    .fix
                    .as_ref()
                    .is_some_and(|f| f.applicability == distill_source::Applicability::Safe)
                {
                    summary.fixable += 1;
                }
            }
        }
        summary
    }

    /// Every finding with its file.
    pub fn findings(&self) -> impl Iterator<Item = (&FileResult, &Finding)> {
        self.files
            .iter()
            .flat_map(|file| file.findings.iter().map(move |f| (file, f)))
    }

    /// The highest severity found, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings().map(|(_, f)| f.severity).max()
    }
}
