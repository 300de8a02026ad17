//! `distill audit`: find the files, run the rules in parallel, fix what may
//! be fixed, render the report, and choose the exit code.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use distill_catalog::Catalog;
use distill_dockerfile::Dockerfile;
use distill_report::{FileResult, Report};
use distill_rules::dockerfile::{DockerfileFacts, DockerfileOptions, audit_dockerfile};
use distill_rules::fix::{FixMode, fix_until_stable};
use distill_rules::registry::all_rules;
use distill_rules::scorecard;
use distill_rules::scorecard::evidence::{EvidenceFile, read_evidence};
use distill_rules::{Config, FailOn};
use rayon::prelude::*;

use crate::Outcome;
use crate::cli::{AuditArgs, AuditFormat};
use crate::discover::{Input, Kind, base_dir, find_inputs};

/// Everything a file's check needs, shared by the worker threads.
struct Run<'a> {
    config: &'a Config,
    catalog: &'a Catalog,
    options: DockerfileOptions,
    fix: Option<FixMode>,
}

/// Run the audit.
pub fn run(args: &AuditArgs) -> Result<Outcome> {
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let base = base_dir(&roots);
    let mut config = load_config(args, &roots)?;
    config.restrict(&args.select, &args.ignore);
    let fail_on = match &args.fail_on {
        Some(level) => FailOn::parse(level).map_err(anyhow::Error::msg)?,
        None => config.fail_on,
    };
    let catalog = load_catalog(&config)?;

    let started = std::time::Instant::now();
    let inputs = find_inputs(&roots, &args.dockerfiles, &base)?;
    tracing::info!(
        files = inputs.len(),
        "found {} files in {:.1} ms",
        inputs.len(),
        started.elapsed().as_secs_f64() * 1e3
    );

    let run = Run {
        config: &config,
        catalog: &catalog,
        options: DockerfileOptions {
            target: args.target.clone(),
            build_args: args.build_args.clone(),
            trusted_registries: config.trusted_registries.clone(),
        },
        fix: match (args.fix, args.unsafe_fixes) {
            (false, _) => None,
            (true, false) => Some(FixMode::Safe),
            (true, true) => Some(FixMode::Unsafe),
        },
    };
    let checked = std::time::Instant::now();
    let results: Vec<Result<Audited, String>> = inputs
        .par_iter()
        .map(|input| audit_file(&run, input))
        .collect();
    let mut report = Report {
        rules: all_rules().iter().map(|r| r.info()).collect(),
        scorecard_only: args.scorecard_only,
        ..Report::default()
    };
    let mut evidence = scorecard::Inputs::default();
    for result in results {
        match result {
            Ok(audited) => {
                evidence.dockerfiles.extend(audited.dockerfile);
                evidence.signals.extend(audited.signals);
                evidence.ci_files.extend(audited.ci);
                report.files.extend(audited.file);
            }
            Err(error) => report.errors.push(error),
        }
    }
    tracing::info!(
        "checked {} files in {:.1} ms",
        report.files.len(),
        checked.elapsed().as_secs_f64() * 1e3
    );

    if !args.no_scorecard {
        evidence.findings = report
            .findings()
            .map(|(file, finding)| (file.path.clone(), finding.clone()))
            .collect();
        report.scorecard = Some(scorecard::compute(&evidence));
    }

    write_report(args, &report)?;

    if !report.errors.is_empty() {
        bail!(
            "{} of {} files could not be audited",
            report.errors.len(),
            inputs.len()
        );
    }
    let below = match (args.fail_under, &report.scorecard) {
        (Some(threshold), Some(card)) => card.score() < threshold,
        _ => false,
    };
    let fails = below
        || report
            .findings()
            .any(|(_, finding)| fail_on.fails(finding.severity));
    Ok(if fails {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn load_config(args: &AuditArgs, roots: &[PathBuf]) -> Result<Config> {
    if args.isolated {
        return Ok(Config::default());
    }
    let path = match &args.config {
        Some(path) => Some(path.clone()),
        None => roots.first().and_then(|r| Config::discover(r)),
    };
    match path {
        Some(path) => {
            tracing::info!("configuration: {}", path.display());
            Config::load(&path).map_err(|err| anyhow::anyhow!("invalid configuration: {err}"))
        }
        None => Ok(Config::default()),
    }
}

fn load_catalog(config: &Config) -> Result<Catalog> {
    let mut catalog = Catalog::builtin().clone();
    for path in &config.catalog_files {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading the catalog file {}", path.display()))?;
        let extra = Catalog::from_toml(&text)
            .map_err(|err| anyhow::anyhow!("invalid catalog file {}: {err}", path.display()))?;
        catalog.extend(extra);
    }
    Ok(catalog)
}

/// What auditing one file gives: its findings, and what the scorecard
/// reads from it.
#[derive(Default)]
struct Audited {
    /// The findings, for files that are reported on.
    file: Option<FileResult>,
    dockerfile: Option<DockerfileFacts>,
    signals: Vec<scorecard::Signal>,
    /// The path, when the file is CI configuration.
    ci: Option<String>,
}

fn audit_file(run: &Run<'_>, input: &Input) -> Result<Audited, String> {
    match input.kind {
        Kind::Dockerfile => audit_one_dockerfile(run, input),
        Kind::Evidence(kind) => read_evidence_file(input, kind),
    }
}

/// A CI, bot or documentation file: read for the scorecard only. One that
/// is not text is skipped, since it cannot hold what the readers look for.
fn read_evidence_file(input: &Input, kind: EvidenceFile) -> Result<Audited, String> {
    let bytes = std::fs::read(&input.path)
        .map_err(|err| format!("{}: cannot read: {err}", input.display))?;
    let Ok(text) = std::str::from_utf8(&bytes) else {
        tracing::debug!("{}: not UTF-8, skipped", input.display);
        return Ok(Audited::default());
    };
    Ok(Audited {
        signals: read_evidence(kind, &input.display, text),
        ci: kind.is_ci().then(|| input.display.clone()),
        ..Audited::default()
    })
}

fn audit_one_dockerfile(run: &Run<'_>, input: &Input) -> Result<Audited, String> {
    let bytes = std::fs::read(&input.path)
        .map_err(|err| format!("{}: cannot read: {err}", input.display))?;
    let file = Dockerfile::parse_bytes(&bytes);
    let settings = run.config.settings_for(&input.display);
    let check = |file: &Dockerfile| {
        audit_dockerfile(&input.display, file, run.catalog, &run.options, &settings)
    };
    let (mut findings, mut facts) = check(&file);
    let mut source = file.source.clone();

    let fixable = |f: &distill_report::Finding| {
        f.fix.as_ref().is_some_and(|fix| match run.fix {
            Some(FixMode::Safe) => fix.applicability == distill_source::Applicability::Safe,
            Some(FixMode::Unsafe) => {
                fix.applicability != distill_source::Applicability::DisplayOnly
            }
            None => false,
        })
    };
    // A file read with replacement characters is never written back.
    if let Some(mode) = run
        .fix
        .filter(|_| !file.lossy && findings.iter().any(fixable))
    {
        let fixed = fix_until_stable(&file.source, mode, 10, |text| {
            check(&Dockerfile::parse(text)).0
        });
        if fixed.applied > 0 {
            write_atomically(&input.path, fixed.text.as_bytes())
                .map_err(|err| format!("{}: cannot write the fixes: {err}", input.display))?;
            tracing::info!("{}: applied {} fixes", input.display, fixed.applied);
            (findings, facts) = check(&Dockerfile::parse(&fixed.text));
            source = fixed.text;
        }
    }
    Ok(Audited {
        file: Some(FileResult {
            path: input.display.clone(),
            source: Some(source),
            findings,
        }),
        dockerfile: Some(facts),
        ..Audited::default()
    })
}

/// Replace `path` with `contents` so that readers see the old or the new
/// file, never half of one; the file's permissions are kept.
pub fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    if let Ok(metadata) = std::fs::metadata(path) {
        std::fs::set_permissions(temp.path(), metadata.permissions())?;
    }
    temp.persist(path).map_err(|err| err.error)?;
    Ok(())
}

fn render(args: &AuditArgs, report: &Report, colored: bool, out: &mut dyn Write) -> Result<()> {
    match args.format {
        AuditFormat::Human => {
            let styles = if colored {
                distill_report::human::Styles::colored()
            } else {
                distill_report::human::Styles::plain()
            };
            distill_report::human::render(report, &styles, out)?;
        }
        AuditFormat::Json => distill_report::json::render(report, out)?,
        AuditFormat::Sarif => distill_report::sarif::render(report, out)?,
        AuditFormat::Github => distill_report::github::render(report, out)?,
        AuditFormat::Markdown => distill_report::markdown::render(report, out)?,
    }
    Ok(())
}

fn write_report(args: &AuditArgs, report: &Report) -> Result<()> {
    match &args.output {
        Some(path) => {
            let mut buffer = Vec::new();
            render(args, report, false, &mut buffer)?;
            write_atomically(path, &buffer)
                .with_context(|| format!("writing the report to {}", path.display()))?;
        }
        None => {
            // anstream drops the colour codes when the terminal, NO_COLOR
            // or --color says so.
            let mut out = std::io::BufWriter::new(anstream::stdout().lock());
            render(args, report, true, &mut out)?;
            out.flush()?;
        }
    }
    Ok(())
}
