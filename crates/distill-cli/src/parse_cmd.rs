//! `distill parse`: the debugging view of the Dockerfile parser.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use distill_dockerfile::model::BaseImage;
use distill_dockerfile::{Args, Dockerfile, Instruction, Severity};
use serde::Serialize;
use serde_json::{Value, json};

use crate::Outcome;
use crate::cli::{ParseArgs, ParseFormat};

/// Parse every file and print the result, one file at a time; unreadable
/// files are reported and the others still printed.
pub fn run(args: &ParseArgs) -> Result<Outcome> {
    let mut unreadable = Vec::new();
    let mut has_errors = false;
    let mut parse_time = Duration::ZERO;
    let mut bytes_parsed = 0usize;
    let mut files_parsed = 0usize;

    let stdout = std::io::stdout();
    let mut json_out = std::io::BufWriter::new(stdout.lock());
    let mut text_out = std::io::BufWriter::new(anstream::stdout());
    if args.format == ParseFormat::Json {
        json_out.write_all(b"[")?;
    }
    for path in &args.files {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(err) => {
                tracing::error!("cannot read {}: {err}", path.display());
                unreadable.push(path.display().to_string());
                continue;
            }
        };
        let started = Instant::now();
        let file = Dockerfile::parse_bytes(&bytes);
        parse_time += started.elapsed();
        bytes_parsed += bytes.len();
        has_errors |= file.errors().next().is_some();

        match args.format {
            ParseFormat::Json => {
                json_out.write_all(if files_parsed == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer_pretty(&mut json_out, &FileJson::new(path, &file))
                    .context("writing JSON")?;
            }
            ParseFormat::Text => write_text(&mut text_out, path, &file)?,
        }
        files_parsed += 1;
    }
    if args.format == ParseFormat::Json {
        json_out.write_all(b"\n]\n")?;
    }
    json_out.flush()?;
    text_out.flush()?;

    tracing::info!(
        files = files_parsed,
        bytes = bytes_parsed,
        "parsed {} files ({:.2} MB) in {:.1} ms: {:.1} MB/s",
        files_parsed,
        bytes_parsed as f64 / 1e6,
        parse_time.as_secs_f64() * 1e3,
        bytes_parsed as f64 / 1e6 / parse_time.as_secs_f64().max(1e-9)
    );
    if !unreadable.is_empty() {
        anyhow::bail!("could not read {}", unreadable.join(", "));
    }
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

/// One file of `distill parse --format json` (docs/parse-json.md).
#[derive(Serialize)]
struct FileJson<'a> {
    path: String,
    escape: String,
    directives: Vec<DirectiveJson<'a>>,
    instructions: Vec<InstructionJson<'a>>,
    stages: Vec<StageJson>,
    diagnostics: Vec<DiagnosticJson<'a>>,
}

#[derive(Serialize)]
struct DirectiveJson<'a> {
    name: &'a str,
    value: &'a str,
    line: usize,
}

#[derive(Serialize)]
struct InstructionJson<'a> {
    keyword: String,
    start_line: usize,
    end_line: usize,
    flags: Vec<&'a str>,
    flag_values: Vec<&'a str>,
    json_form: bool,
    args: Vec<String>,
    values: Vec<String>,
    heredocs: Vec<HeredocJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trigger: Option<TriggerJson<'a>>,
}

#[derive(Serialize)]
struct HeredocJson<'a> {
    name: &'a str,
    content: &'a str,
    fd: u64,
    chomp: bool,
    expand: bool,
}

#[derive(Serialize)]
struct TriggerJson<'a> {
    keyword: String,
    flags: Vec<&'a str>,
    flag_values: Vec<&'a str>,
}

#[derive(Serialize)]
struct StageJson {
    index: usize,
    name: Option<String>,
    line: usize,
    base: String,
    base_expanded: String,
    resolved: Value,
    platform: Option<String>,
}

#[derive(Serialize)]
struct DiagnosticJson<'a> {
    severity: &'static str,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

fn raw_flags(flags: &[distill_dockerfile::Flag]) -> Vec<&str> {
    flags.iter().map(|f| f.raw.as_str()).collect()
}

fn flag_values(flags: &[distill_dockerfile::Flag]) -> Vec<&str> {
    flags.iter().map(|f| f.text.as_str()).collect()
}

impl<'a> InstructionJson<'a> {
    fn new(instruction: &'a Instruction) -> Self {
        let command = &instruction.command;
        let effective = instruction.effective_command();
        InstructionJson {
            keyword: keyword_name(instruction),
            start_line: instruction.start_line,
            end_line: instruction.end_line,
            flags: raw_flags(&command.flags),
            flag_values: flag_values(&command.flags),
            json_form: effective.args.is_exec_form(),
            args: effective.args.exec_strings(),
            values: command.args.buildkit_values(),
            heredocs: instruction
                .heredocs
                .iter()
                .map(|h| HeredocJson {
                    name: &h.name,
                    content: &h.content,
                    fd: h.fd,
                    chomp: h.chomp,
                    expand: h.expand,
                })
                .collect(),
            trigger: match &command.args {
                Args::Onbuild(trigger) => Some(TriggerJson {
                    keyword: trigger.keyword_text.to_uppercase(),
                    flags: raw_flags(&trigger.flags),
                    flag_values: flag_values(&trigger.flags),
                }),
                _ => None,
            },
        }
    }
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

impl<'a> FileJson<'a> {
    fn new(path: &Path, file: &'a Dockerfile) -> Self {
        let model = file.model();
        let stages = model
            .stages
            .iter()
            .map(|stage| StageJson {
                index: stage.index,
                name: stage.name.clone(),
                line: file.instructions[stage.from_instruction].start_line,
                base: stage.base_text.text.to_string(),
                base_expanded: stage.base_expanded.clone(),
                resolved: base_json(&stage.base),
                platform: stage.platform.clone(),
            })
            .collect();
        let diagnostics = file
            .diagnostics
            .iter()
            .map(|d| {
                let start = file.line_col(d.span.start);
                let end = file.line_col(d.span.end);
                DiagnosticJson {
                    severity: match d.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    },
                    message: &d.message,
                    line: start.line,
                    column: start.column,
                    end_line: end.line,
                    end_column: end.column,
                }
            })
            .collect();
        FileJson {
            path: path.display().to_string(),
            escape: file.escape.to_string(),
            directives: file
                .directives
                .iter()
                .map(|d| DirectiveJson {
                    name: &d.name,
                    value: &d.value,
                    line: d.line,
                })
                .collect(),
            instructions: file.instructions.iter().map(InstructionJson::new).collect(),
            stages,
            diagnostics,
        }
    }
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
