//! GitHub Actions workflow commands: each finding becomes an annotation on
//! the pull request's diff.

use std::io::{self, Write};

use crate::{Report, Severity};

/// Escape a message as GitHub's workflow command parser expects.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value (file, title), where `:` and `,` also matter.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Write one `::error`/`::warning`/`::notice` line per finding.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for (file, finding) in report.findings() {
        let command = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = finding.message.clone();
        if let Some(help) = &finding.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&file.path),
            finding.start.line,
            finding.start.column,
            finding.end.line,
            finding.end.column,
            escape_property(&format!("{} {}", finding.code, finding.name)),
            escape_data(&message)
        )?;
    }
    for error in &report.errors {
        writeln!(out, "::error::{}", escape_data(error))?;
    }
    for notice in &report.notices {
        writeln!(out, "::notice::{}", escape_data(notice))?;
    }
    Ok(())
}
