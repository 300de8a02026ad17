//! Markdown for a pull-request comment: a summary, then a table of
//! findings.

use std::io::{self, Write};

use crate::Report;

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Write the report as Markdown; `extra` (the scorecard) is appended.
pub fn render(report: &Report, extra: Option<&str>, out: &mut dyn Write) -> io::Result<()> {
    let summary = report.summary();
    writeln!(out, "## distill audit\n")?;
    if summary.findings == 0 {
        writeln!(out, "No findings in {} files.\n", summary.files)?;
    } else {
        writeln!(
            out,
            "**{} findings** ({} errors, {} warnings, {} info) in {} of {} files.\n",
            summary.findings,
            summary.errors,
            summary.warnings,
            summary.info,
            summary.files_with_findings,
            summary.files
        )?;
        writeln!(out, "| Severity | Rule | Location | Finding |")?;
        writeln!(out, "| --- | --- | --- | --- |")?;
        for (file, finding) in report.findings() {
            let mut text = cell(&finding.message);
            if let Some(help) = &finding.help {
                text.push_str("<br>");
                text.push_str(&cell(help));
            }
            writeln!(
                out,
                "| {} | `{}` {} | `{}:{}` | {} |",
                finding.severity,
                finding.code,
                finding.name,
                cell(&file.path),
                finding.start.line,
                text
            )?;
        }
        writeln!(out)?;
    }
    for error in &report.errors {
        writeln!(out, "> **error**: {}\n", cell(error))?;
    }
    if let Some(extra) = extra {
        writeln!(out, "{extra}")?;
    }
    Ok(())
}
