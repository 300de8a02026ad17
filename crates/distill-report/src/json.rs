//! The JSON report: a stable, documented contract (docs/audit-json.md).

use std::io::{self, Write};

use distill_source::LineIndex;
use serde::Serialize;

use crate::scorecard::ScoreItem;
use crate::{FileResult, Finding, FindingContext, Position, Report, Summary};

/// The version of the JSON shape; it changes only when a field changes
/// meaning or disappears.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    findings: Vec<FindingJson<'a>>,
    summary: Summary,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: &'a Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notices: &'a Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scorecard: Option<ScorecardJson<'a>>,
}

#[derive(Serialize)]
struct ScorecardJson<'a> {
    score: f64,
    max: usize,
    items: &'a [ScoreItem],
}

#[derive(Serialize)]
struct FindingJson<'a> {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    help: Option<&'a str>,
    fix: Option<FixJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    object: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    container: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    field_path: Option<&'a str>,
}

#[derive(Serialize)]
struct FixJson<'a> {
    title: &'a str,
    applicability: &'static str,
    edits: Vec<EditJson<'a>>,
}

#[derive(Serialize)]
struct EditJson<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    content: &'a str,
}

fn position(source: &str, index: &LineIndex, offset: usize) -> Position {
    let at = index.line_col(source, offset);
    Position {
        line: at.line,
        column: at.column,
    }
}

fn finding_json<'a>(
    file: &'a FileResult,
    index: Option<&LineIndex>,
    finding: &'a Finding,
) -> FindingJson<'a> {
    let fix = finding.fix.as_ref().map(|fix| FixJson {
        title: &fix.title,
        applicability: fix.applicability.as_str(),
        edits: fix
            .edits
            .iter()
            .filter_map(|edit| {
                let source = file.source.as_deref()?;
                let index = index?;
                let start = position(source, index, edit.span.start);
                let end = position(source, index, edit.span.end);
                Some(EditJson {
                    line: start.line,
                    column: start.column,
                    end_line: end.line,
                    end_column: end.column,
                    content: &edit.replacement,
                })
            })
            .collect(),
    });
    let context: Option<&FindingContext> = finding.context.as_ref();
    FindingJson {
        code: finding.code,
        name: finding.name,
        severity: finding.severity.as_str(),
        path: &file.path,
        line: finding.start.line,
        column: finding.start.column,
        end_line: finding.end.line,
        end_column: finding.end.column,
        message: &finding.message,
        help: finding.help.as_deref(),
        fix,
        object: context.map(|c| c.object.as_str()),
        container: context.and_then(|c| c.container.as_deref()),
        field_path: context.map(|c| c.field_path.as_str()),
    }
}

/// Write the report as JSON, with the scorecard when the report has one.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut findings = Vec::new();
    for file in &report.files {
        let index = file.source.as_deref().map(LineIndex::new);
        for finding in &file.findings {
            findings.push(finding_json(file, index.as_ref(), finding));
        }
    }
    let document = Document {
        version: VERSION,
        findings,
        summary: report.summary(),
        errors: &report.errors,
        notices: &report.notices,
        scorecard: report.scorecard.as_ref().map(|card| ScorecardJson {
            score: card.score(),
            max: card.max(),
            items: &card.items,
        }),
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}
