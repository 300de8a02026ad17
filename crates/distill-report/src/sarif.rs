//! SARIF 2.1.0, the format code-scanning services read. Built with the
//! `serde-sarif` types, which are generated from the official schema.

use std::collections::BTreeMap;
use std::io::{self, Write};

use distill_source::LineIndex;
use serde_sarif::sarif::{
    self, ArtifactChange, ArtifactLocation, Location, Message, MultiformatMessageString,
    PhysicalLocation, Region, Replacement, ReportingConfiguration, ReportingDescriptor, Run, Sarif,
    Tool, ToolComponent,
};

use crate::{FileResult, Finding, Report, Severity};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn artifact(path: &str) -> ArtifactLocation {
    ArtifactLocation::builder()
        .uri(path.to_string())
        .uri_base_id("%SRCROOT%".to_string())
        .build()
}

fn region(source: &str, index: &LineIndex, start: usize, end: usize) -> Region {
    let from = index.line_col(source, start);
    let to = index.line_col(source, end);
    Region::builder()
        .start_line(from.line as i64)
        .start_column(from.column as i64)
        .end_line(to.line as i64)
        .end_column(to.column as i64)
        .build()
}

fn rule_descriptor(rule: &crate::RuleInfo) -> ReportingDescriptor {
    ReportingDescriptor::builder()
        .id(rule.code.to_string())
        .name(rule.name.to_string())
        .short_description(
            MultiformatMessageString::builder()
                .text(rule.summary.to_string())
                .build(),
        )
        .full_description(
            MultiformatMessageString::builder()
                .text(rule.summary.to_string())
                .build(),
        )
        .help(
            MultiformatMessageString::builder()
                .text(rule.doc.to_string())
                .markdown(rule.doc.to_string())
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(serde_json::Value::from(level(rule.severity)))
                .build(),
        )
        .build()
}

fn result(
    file: &FileResult,
    index: Option<&LineIndex>,
    finding: &Finding,
    rule_index: Option<usize>,
) -> sarif::Result {
    let mut text = finding.message.clone();
    if let Some(help) = &finding.help {
        text.push_str(" Help: ");
        text.push_str(help);
    }
    let finding_region = Region::builder()
        .start_line(finding.start.line as i64)
        .start_column(finding.start.column as i64)
        .end_line(finding.end.line as i64)
        .end_column(finding.end.column as i64)
        .build();
    let location = Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(artifact(&file.path))
                .region(finding_region)
                .build(),
        )
        .build();

    let fixes = match (&finding.fix, file.source.as_deref(), index) {
        (Some(fix), Some(source), Some(index)) => {
            let replacements = fix
                .edits
                .iter()
                .map(|edit| {
                    let deleted = region(source, index, edit.span.start, edit.span.end);
                    Replacement::builder()
                        .deleted_region(deleted)
                        .inserted_content(
                            sarif::ArtifactContent::builder()
                                .text(edit.replacement.clone())
                                .build(),
                        )
                        .build()
                })
                .collect::<Vec<_>>();
            Some(vec![
                sarif::Fix::builder()
                    .description(Message::builder().text(fix.title.clone()).build())
                    .artifact_changes(vec![
                        ArtifactChange::builder()
                            .artifact_location(artifact(&file.path))
                            .replacements(replacements)
                            .build(),
                    ])
                    .build(),
            ])
        }
        _ => None,
    };

    let mut properties = BTreeMap::new();
    if let Some(context) = &finding.context {
        properties.insert("object".to_string(), serde_json::json!(context.object));
        if let Some(container) = &context.container {
            properties.insert("container".to_string(), serde_json::json!(container));
        }
        properties.insert(
            "field_path".to_string(),
            serde_json::json!(context.field_path),
        );
    }

    let mut result = sarif::Result::builder()
        .rule_id(finding.code.to_string())
        .level(
            serde_json::from_value::<sarif::ResultLevel>(serde_json::Value::from(level(
                finding.severity,
            )))
            .unwrap_or(sarif::ResultLevel::Warning),
        )
        .message(Message::builder().text(text).build())
        .locations(vec![location])
        .build();
    result.rule_index = rule_index.map(|i| i as i64);
    result.fixes = fixes;
    if !properties.is_empty() {
        result.properties = Some(
            sarif::PropertyBag::builder()
                .additional_properties(properties)
                .build(),
        );
    }
    result
}

/// Write the report as a SARIF 2.1.0 log with one run.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let rule_position: BTreeMap<&str, usize> = report
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.code, i))
        .collect();
    let mut results = Vec::new();
    for file in &report.files {
        let index = file.source.as_deref().map(LineIndex::new);
        for finding in &file.findings {
            let rule_index = rule_position.get(finding.code).copied();
            results.push(result(file, index.as_ref(), finding, rule_index));
        }
    }

    let driver = ToolComponent::builder()
        .name("distill".to_string())
        .version(env!("CARGO_PKG_VERSION").to_string())
        .semantic_version(env!("CARGO_PKG_VERSION").to_string())
        .information_uri("https://example.invalid/distill".to_string())
        .rules(report.rules.iter().map(rule_descriptor).collect::<Vec<_>>())
        .build();
    let mut base_ids = BTreeMap::new();
    base_ids.insert(
        "%SRCROOT%".to_string(),
        ArtifactLocation::builder().uri("./".to_string()).build(),
    );
    let mut run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .build();
    run.column_kind = Some(serde_json::Value::from("unicodeCodePoints"));
    run.original_uri_base_ids = Some(base_ids);

    let log = Sarif::builder()
        .version(serde_json::Value::from("2.1.0"))
        .schema(SCHEMA.to_string())
        .runs(vec![run])
        .build();
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}
