//! The default output: findings grouped by file, each with a code frame
//! underlining the span, its help line and its fix, then a summary line.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use distill_source::{Applicability, LineIndex, apply_edits};

use crate::scorecard::{ItemStatus, Scorecard};
use crate::{FileResult, Finding, Fix, Report, Severity};

/// Colours, or none.
#[derive(Clone, Copy, Debug)]
pub struct Styles {
    error: Style,
    warning: Style,
    info: Style,
    bold: Style,
    dim: Style,
    added: Style,
    removed: Style,
}

impl Styles {
    /// Coloured output.
    pub fn colored() -> Self {
        let fg = |c: AnsiColor| Style::new().fg_color(Some(c.into()));
        Styles {
            error: fg(AnsiColor::Red).bold(),
            warning: fg(AnsiColor::Yellow).bold(),
            info: fg(AnsiColor::Cyan).bold(),
            bold: Style::new().bold(),
            dim: fg(AnsiColor::Blue).bold(),
            added: fg(AnsiColor::Green),
            removed: fg(AnsiColor::Red),
        }
    }

    /// Plain text.
    pub fn plain() -> Self {
        let none = Style::new();
        Styles {
            error: none,
            warning: none,
            info: none,
            bold: none,
            dim: none,
            added: none,
            removed: none,
        }
    }

    fn severity(&self, severity: Severity) -> Style {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }
}

/// Write the report for a person to read.
pub fn render(report: &Report, styles: &Styles, out: &mut dyn Write) -> io::Result<()> {
    if !report.scorecard_only {
        render_findings(report, styles, out)?;
    }
    if let Some(card) = &report.scorecard {
        if !report.scorecard_only {
            writeln!(out)?;
        }
        render_scorecard(card, styles, out)?;
    }
    Ok(())
}

fn render_findings(report: &Report, styles: &Styles, out: &mut dyn Write) -> io::Result<()> {
    for file in report.files.iter().filter(|f| !f.findings.is_empty()) {
        let bold = styles.bold;
        writeln!(out, "{bold}{}{bold:#}", file.path)?;
        let index = file.source.as_deref().map(LineIndex::new);
        for finding in &file.findings {
            render_finding(file, index.as_ref(), finding, styles, out)?;
        }
    }
    for error in &report.errors {
        let style = styles.error;
        writeln!(out, "{style}error{style:#}: {error}")?;
    }
    for notice in &report.notices {
        let bold = styles.bold;
        writeln!(out, "{bold}note{bold:#}: {notice}")?;
    }
    render_summary(report, styles, out)
}

fn render_finding(
    file: &FileResult,
    index: Option<&LineIndex>,
    finding: &Finding,
    styles: &Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    let level = styles.severity(finding.severity);
    let bold = styles.bold;
    let dim = styles.dim;
    writeln!(
        out,
        "{level}{}[{}]{level:#} {bold}{}{bold:#}: {}",
        finding.severity, finding.code, finding.name, finding.message
    )?;
    writeln!(
        out,
        "  {dim}-->{dim:#} {}:{}:{}",
        file.path, finding.start.line, finding.start.column
    )?;
    if let Some(context) = &finding.context {
        let container = context
            .container
            .as_deref()
            .map(|c| format!(" container {c}"))
            .unwrap_or_default();
        writeln!(
            out,
            "  {dim}-->{dim:#} {}{container} at {}",
            context.object, context.field_path
        )?;
    }
    if let (Some(source), Some(index)) = (file.source.as_deref(), index) {
        code_frame(source, index, finding, styles, out)?;
    }
    if let Some(help) = &finding.help {
        writeln!(out, "   {dim}={dim:#} {bold}help{bold:#}: {help}")?;
    }
    if let (Some(fix), Some(source), Some(index)) = (&finding.fix, file.source.as_deref(), index) {
        fix_preview(source, index, fix, styles, out)?;
    }
    writeln!(out)
}

fn expand_tabs(line: &str) -> String {
    line.replace('\t', "    ")
}

/// Display width of the first `chars` characters of `line`, with tabs
/// shown as four spaces.
fn width(line: &str, chars: usize) -> usize {
    line.chars()
        .take(chars)
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

fn code_frame(
    source: &str,
    index: &LineIndex,
    finding: &Finding,
    styles: &Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    let first = finding.start.line;
    let mut last = finding.end.line;
    if last > first && finding.end.column == 1 {
        last -= 1;
    }
    let shown_last = last.min(first + 2);
    let gutter = shown_last.to_string().len();
    let dim = styles.dim;
    let level = styles.severity(finding.severity);
    writeln!(out, "{:gutter$} {dim}|{dim:#}", "")?;
    for line_no in first..=shown_last {
        let line = index.line_span(source, line_no).text(source);
        writeln!(
            out,
            "{dim}{line_no:>gutter$} |{dim:#} {}",
            expand_tabs(line)
        )?;
        let chars = line.chars().count();
        let from = if line_no == first {
            finding.start.column - 1
        } else {
            0
        };
        let to = if line_no == last && finding.end.line == last {
            (finding.end.column - 1).min(chars)
        } else {
            chars
        };
        let start = width(line, from);
        let len = width(line, to).saturating_sub(start).max(1);
        writeln!(
            out,
            "{:gutter$} {dim}|{dim:#} {:start$}{level}{}{level:#}",
            "",
            "",
            "^".repeat(len)
        )?;
    }
    if shown_last < last {
        writeln!(out, "{:gutter$} {dim}|{dim:#} ...", "")?;
    }
    Ok(())
}

/// Show the lines a fix changes, before and after.
fn fix_preview(
    source: &str,
    index: &LineIndex,
    fix: &Fix,
    styles: &Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    let dim = styles.dim;
    let bold = styles.bold;
    let label = match fix.applicability {
        Applicability::Safe => "fix",
        Applicability::Unsafe => "fix (unsafe)",
        Applicability::DisplayOnly => "suggestion",
    };
    writeln!(out, "   {dim}={dim:#} {bold}{label}{bold:#}: {}", fix.title)?;

    let Some(first_edit) = fix.edits.iter().map(|e| e.span.start).min() else {
        return Ok(());
    };
    let last_edit = fix
        .edits
        .iter()
        .map(|e| e.span.end)
        .max()
        .unwrap_or(first_edit);
    let first_line = index.line_of(first_edit);
    let last_line = index.line_of(last_edit.saturating_sub(1).max(first_edit));
    let start = index.line_start(first_line);
    let end = index.line_span(source, last_line).end;
    let before = &source[start..end];
    let shifted: Vec<_> = fix
        .edits
        .iter()
        .map(|e| {
            distill_source::Edit::replace(
                distill_source::Span::new(e.span.start - start, e.span.end - start),
                e.replacement.clone(),
            )
        })
        .collect();
    let Ok(after) = apply_edits(before, &shifted) else {
        return Ok(());
    };
    for line in before.lines() {
        let style = styles.removed;
        writeln!(out, "     {style}- {}{style:#}", expand_tabs(line))?;
    }
    for line in after.lines() {
        let style = styles.added;
        writeln!(out, "     {style}+ {}{style:#}", expand_tabs(line))?;
    }
    Ok(())
}

fn render_summary(report: &Report, styles: &Styles, out: &mut dyn Write) -> io::Result<()> {
    let summary = report.summary();
    let bold = styles.bold;
    if summary.findings == 0 {
        let files = plural(summary.files, "file");
        return writeln!(out, "{bold}No findings{bold:#} in {files}.");
    }
    let mut parts = Vec::new();
    for (count, name) in [
        (summary.errors, "error"),
        (summary.warnings, "warning"),
        (summary.info, "info"),
    ] {
        if count > 0 {
            parts.push(if name == "info" {
                format!("{count} info")
            } else {
                plural(count, name)
            });
        }
    }
    write!(
        out,
        "{bold}Found {}{bold:#} ({}) in {} of {}.",
        plural(summary.findings, "finding"),
        parts.join(", "),
        summary.files_with_findings,
        plural(summary.files, "file")
    )?;
    if summary.fixable > 0 {
        write!(out, " {} fixable with --fix.", summary.fixable)?;
    }
    writeln!(out)
}

/// How many pieces of evidence an item shows.
const EVIDENCE_SHOWN: usize = 3;

/// The scorecard as a table: item and status, then the summary, the
/// evidence and the next step beneath.
fn render_scorecard(card: &Scorecard, styles: &Styles, out: &mut dyn Write) -> io::Result<()> {
    let bold = styles.bold;
    writeln!(
        out,
        "{bold}Adoption scorecard{bold:#}: {bold}{}{bold:#} ({:.0}%)",
        card.display_score(),
        card.percent()
    )?;
    for item in &card.items {
        let style = match item.status {
            ItemStatus::Pass => styles.added,
            ItemStatus::Partial => styles.warning,
            ItemStatus::Fail => styles.error,
            ItemStatus::NotApplicable | ItemStatus::Unknown => styles.dim,
        };
        writeln!(
            out,
            "  {} {:<22} {style}{:<14}{style:#} {}",
            item.id,
            item.name,
            item.status.as_str(),
            item.summary
        )?;
        for piece in item.evidence.iter().take(EVIDENCE_SHOWN) {
            let dim = styles.dim;
            writeln!(
                out,
                "{:7}{dim}{}{dim:#} {}",
                "",
                piece.location(),
                piece.note
            )?;
        }
        if item.evidence.len() > EVIDENCE_SHOWN {
            writeln!(
                out,
                "{:7}and {} more",
                "",
                item.evidence.len() - EVIDENCE_SHOWN
            )?;
        }
        if let Some(next) = &item.next_step {
            writeln!(out, "{:7}{bold}next:{bold:#} {next}", "")?;
        }
    }
    Ok(())
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}
