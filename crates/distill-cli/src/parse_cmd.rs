//! `distill parse`: the debugging view of the Dockerfile parser.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use distill_dockerfile::model::BaseImage;
use distill_dockerfile::{Args, Dockerfile, Instruction, Severity};
use serde_json::{Value, json};

use crate::Outcome;
use crate::cli::{ParseArgs, ParseFormat};

/// Parse every file and print the result; unreadable files are reported
/// and the others still printed.
pub fn run(args: &ParseArgs) -> Result<Outcome> {
    let mut documents = Vec::with_capacity(args.files.len());
    let mut unreadable = Vec::new();
    for path in &args.files {
        match std::fs::read(path) {
            Ok(bytes) => documents.push((path.as_path(), Dockerfile::parse_bytes(&bytes))),
            Err(err) => {
                tracing::error!("cannot read {}: {err}", path.display());
                unreadable.push(path.display().to_string());
            }
        }
    }

    let mut out = anstream::stdout().lock();
    match args.format {
        ParseFormat::Json => {
            let array: Vec<Value> = documents.iter().map(|(p, f)| file_json(p, f)).collect();
            serde_json::to_writer_pretty(&mut out, &array).context("writing JSON")?;
            writeln!(out)?;
        }
        ParseFormat::Text => {
            for (path, file) in &documents {
                write_text(&mut out, path, file)?;
            }
        }
    }
    out.flush()?;

    if !unreadable.is_empty() {
        anyhow::bail!("could not read {}", unreadable.join(", "));
    }
    let has_errors = documents.iter().any(|(_, f)| f.errors().next().is_some());
    Ok(if has_errors {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn keyword_name(instruction: &Instruction) -> String {
    let command = &instruction.command;
    match command.keyword {
        distill_dockerfile::Keyword::Unknown => command.keyword_text.to_uppercase(),
        keyword => keyword.as_str().to_string(),
    }
}

fn instruction_json(instruction: &Instruction) -> Value {
    let command = &instruction.command;
    let effective = instruction.effective_command();
    let mut object = json!({
        "keyword": keyword_name(instruction),
        "start_line": instruction.start_line,
        "end_line": instruction.end_line,
        "flags": command.flags.iter().map(|f| f.raw.clone()).collect::<Vec<_>>(),
        "flag_values": command.flags.iter().map(|f| f.text.clone()).collect::<Vec<_>>(),
        "json_form": effective.args.is_exec_form(),
        "args": effective.args.exec_strings(),
        "values": command.args.buildkit_values(),
        "heredocs": instruction.heredocs.iter().map(|h| json!({
            "name": h.name,
            "content": h.content,
            "fd": h.fd,
            "chomp": h.chomp,
            "expand": h.expand,
        })).collect::<Vec<_>>(),
    });
    if let Args::Onbuild(trigger) = &command.args {
        object["trigger"] = json!({
            "keyword": trigger.keyword_text.to_uppercase(),
            "flags": trigger.flags.iter().map(|f| f.raw.clone()).collect::<Vec<_>>(),
            "flag_values": trigger.flags.iter().map(|f| f.text.clone()).collect::<Vec<_>>(),
        });
    }
    object
}

fn base_json(base: &BaseImage) -> Value {
    match base {
        BaseImage::Stage(index) => json!({"kind": "stage", "stage": index}),
        BaseImage::Scratch => json!({"kind": "scratch"}),
        BaseImage::Image(image) => json!({
            "kind": "image",
            "registry": image.registry,
            "repository": image.repository,
            "tag": image.tag,
            "digest": image.digest,
        }),
        BaseImage::Invalid { text, reason } => {
            json!({"kind": "invalid", "text": text, "reason": reason})
        }
    }
}

fn file_json(path: &Path, file: &Dockerfile) -> Value {
    let model = file.model();
    let stages: Vec<Value> = model
        .stages
        .iter()
        .map(|stage| {
            json!({
                "index": stage.index,
                "name": stage.name,
                "line": file.instructions[stage.from_instruction].start_line,
                "base": stage.base_text.text,
                "base_expanded": stage.base_expanded,
                "resolved": base_json(&stage.base),
                "platform": stage.platform,
            })
        })
        .collect();
    let diagnostics: Vec<Value> = file
        .diagnostics
        .iter()
        .map(|d| {
            let start = file.line_col(d.span.start);
            let end = file.line_col(d.span.end);
            json!({
                "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "message": d.message,
                "line": start.line,
                "column": start.column,
                "end_line": end.line,
                "end_column": end.column,
            })
        })
        .collect();
    json!({
        "path": path.display().to_string(),
        "escape": file.escape.to_string(),
        "directives": file.directives.iter().map(|d| json!({
            "name": d.name, "value": d.value, "line": d.line,
        })).collect::<Vec<_>>(),
        "instructions": file.instructions.iter().map(instruction_json).collect::<Vec<_>>(),
        "stages": stages,
        "diagnostics": diagnostics,
    })
}

fn write_text(out: &mut impl Write, path: &Path, file: &Dockerfile) -> Result<()> {
    let bold = anstyle::Style::new().bold();
    let dim = anstyle::Style::new().dimmed();
    writeln!(out, "{bold}{}{bold:#}", path.display())?;
    for directive in &file.directives {
        writeln!(
            out,
            "  {dim}{:>7}{dim:#}  # {}={}",
            directive.line, directive.name, directive.value
        )?;
    }
    for instruction in &file.instructions {
        let lines = if instruction.start_line == instruction.end_line {
            instruction.start_line.to_string()
        } else {
            format!("{}-{}", instruction.start_line, instruction.end_line)
        };
        let command = instruction.effective_command();
        let mut line = keyword_name(instruction);
        if let Args::Onbuild(trigger) = &instruction.command.args {
            line.push(' ');
            line.push_str(&trigger.keyword_text.to_uppercase());
        }
        for flag in &command.flags {
            line.push(' ');
            line.push_str(&flag.text);
        }
        let values = instruction.command.args.buildkit_values();
        let form = if command.args.is_exec_form() {
            "exec"
        } else {
            "words"
        };
        line.push_str(&format!(" {dim}{form}{dim:#} {values:?}"));
        for heredoc in &instruction.heredocs {
            line.push_str(&format!(
                " {dim}heredoc{dim:#} {} ({} bytes)",
                heredoc.name,
                heredoc.content.len()
            ));
        }
        writeln!(out, "  {dim}{lines:>7}{dim:#}  {line}")?;
    }
    for stage in &file.model().stages {
        writeln!(
            out,
            "  {dim}stage {}{dim:#} {} on {}",
            stage.index,
            stage.name.as_deref().unwrap_or("(unnamed)"),
            stage.base_expanded
        )?;
    }
    for diagnostic in &file.diagnostics {
        let at = file.line_col(diagnostic.span.start);
        let (style, label) = match diagnostic.severity {
            Severity::Error => (
                anstyle::Style::new()
                    .bold()
                    .fg_color(Some(anstyle::AnsiColor::Red.into())),
                "error",
            ),
            Severity::Warning => (
                anstyle::Style::new()
                    .bold()
                    .fg_color(Some(anstyle::AnsiColor::Yellow.into())),
                "warning",
            ),
        };
        writeln!(
            out,
            "  {style}{label}{style:#} {}:{}:{}: {}",
            path.display(),
            at.line,
            at.column,
            diagnostic.message
        )?;
    }
    Ok(())
}
