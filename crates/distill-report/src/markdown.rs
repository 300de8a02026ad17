//! Markdown for a pull-request comment: a summary, then a table of
//! findings.

use std::io::{self, Write};

use crate::Report;
use crate::scorecard::{ItemStatus, Scorecard};

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// How many pieces of evidence a table cell shows.
const EVIDENCE_SHOWN: usize = 3;

/// Write the report as Markdown, with the scorecard when the report has
/// one.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## distill audit\n")?;
    if !report.scorecard_only {
        render_findings(report, out)?;
    }
    if let Some(card) = &report.scorecard {
        render_scorecard(card, out)?;
    }
    Ok(())
}

fn render_findings(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let summary = report.summary();
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
    for notice in &report.notices {
        writeln!(out, "> **note**: {}\n", cell(notice))?;
    }
    Ok(())
}

fn render_scorecard(card: &Scorecard, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "### Adoption scorecard: {}\n", card.display_score())?;
    writeln!(out, "| Item | Status | Evidence | Next step |")?;
    writeln!(out, "| --- | --- | --- | --- |")?;
    for item in &card.items {
        let mut evidence: Vec<String> = vec![cell(&item.summary)];
        for piece in item.evidence.iter().take(EVIDENCE_SHOWN) {
            evidence.push(format!(
                "`{}` {}",
                cell(&piece.location()),
                cell(&piece.note)
            ));
        }
        if item.evidence.len() > EVIDENCE_SHOWN {
            evidence.push(format!("and {} more", item.evidence.len() - EVIDENCE_SHOWN));
        }
        writeln!(
            out,
            "| {} {} | {} | {} | {} |",
            item.id,
            item.name,
            status_badge(item.status),
            evidence.join("<br>"),
            item.next_step.as_deref().map(cell).unwrap_or_default()
        )?;
    }
    writeln!(out)
}

fn status_badge(status: ItemStatus) -> &'static str {
    match status {
        ItemStatus::Pass => "pass",
        ItemStatus::Partial => "**partial**",
        ItemStatus::Fail => "**fail**",
        ItemStatus::NotApplicable => "n/a",
        ItemStatus::Unknown => "unknown",
    }
}
