//! `distill audit`: find the files, run the rules in parallel, fix what may
//! be fixed, render the report, and choose the exit code.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use distill_catalog::Catalog;
use distill_dockerfile::Dockerfile;
use distill_manifest::compose::{ComposeRole, compose_role};
use distill_report::{FileResult, Report};
use distill_rules::dockerfile::{DockerfileFacts, DockerfileOptions, audit_dockerfile};
use distill_rules::fix::{FixMode, fix_until_stable};
use distill_rules::manifest::{
    ComposeFile, ManifestOptions, Profile, check_compose, check_manifest,
};
use distill_rules::registry::all_rules;
use distill_rules::scorecard;
use distill_rules::scorecard::evidence::{
    EvidenceFile, ScriptRef, follow_scripts, read_evidence, read_policies, script_references,
};
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
    manifest_options: ManifestOptions,
    fix: Option<FixMode>,
    /// Files that Kustomizations apply as patches.
    patches: HashSet<PathBuf>,
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
        manifest_options: ManifestOptions {
            profile: match &args.profile {
                Some(profile) => Profile::parse(profile).map_err(anyhow::Error::msg)?,
                None => config.kubernetes_profile.unwrap_or_default(),
            },
            trusted_registries: config.trusted_registries.clone(),
        },
        fix: match (args.fix, args.unsafe_fixes) {
            (false, _) => None,
            (true, false) => Some(FixMode::Safe),
            (true, true) => Some(FixMode::Unsafe),
        },
        patches: kustomize_patches(&inputs),
    };
    let checked = std::time::Instant::now();
    let jobs = jobs(&inputs);
    let progress = Progress::new(jobs.len());
    let results: Vec<Result<Audited, String>> = jobs
        .par_iter()
        .map(|job| {
            let result = match job {
                Job::One(input) => audit_file(&run, input),
                Job::Compose(group) => audit_compose(&run, group),
            };
            progress.step();
            result
        })
        .collect();
    progress.finish();
    let mut report = Report {
        rules: all_rules().iter().map(|r| r.info()).collect(),
        scorecard_only: args.scorecard_only,
        ..Report::default()
    };
    let mut evidence = scorecard::Inputs::default();
    let mut skipped: BTreeMap<Skipped, usize> = BTreeMap::new();
    let mut scripts: Vec<ScriptRef> = Vec::new();
    for result in results {
        match result {
            Ok(audited) => {
                evidence.dockerfiles.extend(audited.dockerfile);
                evidence.signals.extend(audited.signals);
                evidence.ci_files.extend(audited.ci);
                evidence.workloads.extend(audited.workloads);
                scripts.extend(audited.scripts);
                report.files.extend(audited.files);
                report.notices.extend(audited.notices);
                if let Some(why) = audited.skipped {
                    *skipped.entry(why).or_default() += 1;
                }
            }
            Err(error) => report.errors.push(error),
        }
    }
    report.files.sort_by(|a, b| a.path.cmp(&b.path));
    evidence
        .signals
        .extend(follow_scripts(&scripts, &|relative| {
            read_in(&base, relative)
        }));
    report
        .notices
        .extend(skipped.into_iter().map(|(why, count)| why.notice(count)));
    tracing::info!(
        "checked {} files in {:.1} ms",
        report.files.len(),
        checked.elapsed().as_secs_f64() * 1e3
    );

    if !args.no_scorecard {
        evidence.findings = report
            .files
            .iter()
            .filter(|file| !file.findings.is_empty())
            .map(|file| (file.path.as_str(), file.findings.as_slice()))
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

/// A progress bar on stderr, drawn only when it would be seen: stderr is
/// a terminal, `-q` is off, and the work has already taken a moment.
struct Progress {
    bar: indicatif::ProgressBar,
    started: std::time::Instant,
    shown: std::sync::Once,
}

impl Progress {
    /// Runs shorter than this finish without a bar.
    const DELAY: std::time::Duration = std::time::Duration::from_millis(300);

    fn new(total: usize) -> Self {
        let bar = indicatif::ProgressBar::hidden();
        bar.set_length(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} files {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Progress {
            bar,
            started: std::time::Instant::now(),
            shown: std::sync::Once::new(),
        }
    }

    fn step(&self) {
        self.bar.inc(1);
        if crate::terminal::progress_wanted() && self.started.elapsed() > Self::DELAY {
            self.shown.call_once(|| {
                self.bar
                    .set_draw_target(indicatif::ProgressDrawTarget::stderr());
            });
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// What auditing one file (or one set of Compose files) gives: findings,
/// and what the scorecard reads from it.
#[derive(Default)]
struct Audited {
    /// The findings of the files that are reported on.
    files: Vec<FileResult>,
    dockerfile: Option<DockerfileFacts>,
    workloads: Vec<scorecard::Workload>,
    signals: Vec<scorecard::Signal>,
    /// The path, when the file is CI configuration.
    ci: Option<String>,
    /// The repository scripts a CI file runs.
    scripts: Vec<ScriptRef>,
    /// Why the file was not checked, when it was skipped on purpose.
    skipped: Option<Skipped>,
    /// What in the file was not checked, and why.
    notices: Vec<String>,
}

/// Files left out on purpose, counted for one notice per place.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Skipped {
    /// A template of the Helm chart in this folder.
    ChartTemplate(String),
    /// An unrendered template (not a chart's) in this folder.
    Template(String),
    /// A file a Kustomization in this folder applies as a patch.
    KustomizePatch(String),
}

impl Skipped {
    fn notice(&self, count: usize) -> String {
        let files = if count == 1 {
            "1 file".to_string()
        } else {
            format!("{count} files")
        };
        let place = |folder: &str| {
            if folder.is_empty() {
                "the audited folder".to_string()
            } else {
                format!("`{folder}`")
            }
        };
        match self {
            Skipped::ChartTemplate(chart) => format!(
                "skipped the templates of the Helm chart {} ({files}): they are not YAML until rendered, so audit the output of `helm template` instead",
                place(chart)
            ),
            Skipped::Template(folder) => format!(
                "skipped {files} in {} that hold `{{{{ }}}}` template actions and are not YAML until rendered",
                place(folder)
            ),
            Skipped::KustomizePatch(folder) => format!(
                "skipped {files} in {} that Kustomizations apply as patches: they are fragments of objects, and the objects they change are audited as their base files write them; audit the output of `kubectl kustomize` for the merged result",
                place(folder)
            ),
        }
    }
}

/// The folder of a report path (`a/b/c.yaml` is in `a/b`; `c.yaml` in
/// the audited folder, ``).
fn folder_of(display: &str) -> String {
    display
        .rfind('/')
        .map_or(String::new(), |at| display[..at].to_string())
}

/// The chart folder, when `input` is a template of a Helm chart: a file
/// under a `templates/` folder whose parent holds `Chart.yaml`.
fn helm_chart_of(input: &Input) -> Option<String> {
    let mut display = input.display.as_str();
    for dir in input.path.ancestors().skip(1) {
        display = display.rfind('/').map_or("", |at| &display[..at]);
        if dir.file_name().is_some_and(|n| n == "templates")
            && dir
                .parent()
                .is_some_and(|chart| chart.join("Chart.yaml").is_file())
        {
            return Some(folder_of(display));
        }
    }
    None
}

/// A unit of work: one file, or a base Compose file with the override
/// files of its folder, which are only meaningful merged.
enum Job<'i> {
    One(&'i Input),
    Compose(Vec<&'i Input>),
}

fn jobs(inputs: &[Input]) -> Vec<Job<'_>> {
    let mut jobs = Vec::new();
    let mut compose: BTreeMap<&Path, Vec<&Input>> = BTreeMap::new();
    for input in inputs {
        let role = input
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(compose_role);
        match (input.kind, role) {
            (Kind::Compose, Some(ComposeRole::Variant)) => jobs.push(Job::Compose(vec![input])),
            (Kind::Compose, _) => compose
                .entry(input.path.parent().unwrap_or(Path::new("")))
                .or_default()
                .push(input),
            _ => jobs.push(Job::One(input)),
        }
    }
    for (_, mut group) in compose {
        // The base file first (`compose.yaml`), then its override, as
        // `docker compose` merges them by default.
        group.sort_by_key(|input| {
            let name = input
                .path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("");
            (
                compose_role(name) != Some(ComposeRole::Base),
                name.to_string(),
            )
        });
        jobs.push(Job::Compose(group));
    }
    jobs
}

fn audit_file(run: &Run<'_>, input: &Input) -> Result<Audited, String> {
    match input.kind {
        Kind::Dockerfile => audit_one_dockerfile(run, input),
        Kind::Manifest => audit_manifest(run, input),
        Kind::Compose => audit_compose(run, &[input]),
        Kind::Evidence(kind) => read_evidence_file(input, kind),
    }
}

/// A file of the audited folder by its relative path, as CI configuration
/// names scripts; paths that leave the folder are not read.
fn read_in(base: &Path, relative: &str) -> Option<String> {
    let path = Path::new(relative);
    let inside = path.components().all(|c| {
        matches!(
            c,
            std::path::Component::Normal(_) | std::path::Component::CurDir
        )
    });
    if !inside {
        return None;
    }
    std::fs::read_to_string(base.join(path)).ok()
}

/// Every file that a Kustomization among `inputs` applies as a patch,
/// resolved against the Kustomization's folder.
///
/// Limitation: the patches are skipped, not applied; the objects they
/// change are audited as their base files write them, so a hardening that
/// only an overlay adds is reported as missing. Applying patches means
/// reimplementing Kustomize's merge; the notice points at `kubectl
/// kustomize` instead.
fn kustomize_patches(inputs: &[Input]) -> HashSet<PathBuf> {
    let mut patches = HashSet::new();
    for input in inputs {
        let name = input
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("");
        if !distill_manifest::kustomize::is_kustomization_name(name) {
            continue;
        }
        let Ok(Some(text)) = read_text(input) else {
            continue;
        };
        let folder = input.path.parent().unwrap_or(Path::new(""));
        for patch in distill_manifest::kustomize::patch_files(&text) {
            // The walk names files as it found them; patches name them
            // relative to the Kustomization, perhaps through `..`.
            if let Ok(path) = std::fs::canonicalize(folder.join(&patch)) {
                patches.insert(path);
            }
        }
    }
    if patches.is_empty() {
        return patches;
    }
    inputs
        .iter()
        .filter(|i| i.kind == Kind::Manifest)
        .filter(|i| {
            std::fs::canonicalize(&i.path).is_ok_and(|canonical| patches.contains(&canonical))
        })
        .map(|i| i.path.clone())
        .collect()
}

/// Read a YAML file as text, or `None` when it is not UTF-8 (no YAML
/// reader takes it then, and neither Kubernetes nor Compose would).
fn read_text(input: &Input) -> Result<Option<String>, String> {
    let bytes = std::fs::read(&input.path)
        .map_err(|err| format!("{}: cannot read: {err}", input.display))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Some(text)),
        Err(_) => {
            tracing::debug!("{}: not UTF-8, skipped", input.display);
            Ok(None)
        }
    }
}

/// A YAML or JSON file that may hold Kubernetes objects (and Kyverno
/// policies, which the scorecard reads).
fn audit_manifest(run: &Run<'_>, input: &Input) -> Result<Audited, String> {
    let Some(text) = read_text(input)? else {
        return Ok(Audited::default());
    };
    if let Some(chart) = helm_chart_of(input) {
        return Ok(Audited {
            skipped: Some(Skipped::ChartTemplate(chart)),
            ..Audited::default()
        });
    }
    if run.patches.contains(&input.path) {
        return Ok(Audited {
            skipped: Some(Skipped::KustomizePatch(folder_of(&input.display))),
            ..Audited::default()
        });
    }
    let settings = run.config.settings_for(&input.display);
    let audit = check_manifest(
        &input.display,
        &text,
        run.catalog,
        &run.manifest_options,
        &settings,
    );
    if audit.unrendered_template {
        return Ok(Audited {
            skipped: Some(Skipped::Template(folder_of(&input.display))),
            ..Audited::default()
        });
    }
    let signals = read_policies(&input.display, &text);
    if !audit.is_manifest {
        return Ok(Audited {
            signals,
            ..Audited::default()
        });
    }
    Ok(Audited {
        files: vec![FileResult {
            path: input.display.clone(),
            source: Some(text),
            findings: audit.findings,
        }],
        workloads: audit.workloads,
        signals,
        notices: audit.notices,
        ..Audited::default()
    })
}

/// A base Compose file and its overrides, merged.
fn audit_compose(run: &Run<'_>, group: &[&Input]) -> Result<Audited, String> {
    let mut texts = Vec::new();
    let mut members = Vec::new();
    for input in group {
        if let Some(text) = read_text(input)? {
            texts.push(text);
            members.push(*input);
        }
    }
    let files: Vec<ComposeFile<'_>> = members
        .iter()
        .zip(&texts)
        .map(|(input, text)| ComposeFile {
            path: &input.display,
            text,
        })
        .collect();
    let settings: Vec<_> = members
        .iter()
        .map(|input| run.config.settings_for(&input.display))
        .collect();
    let audit = check_compose(&files, run.catalog, &run.manifest_options, &settings);
    let results = members
        .iter()
        .zip(texts)
        .zip(audit.findings)
        .map(|((input, text), findings)| FileResult {
            path: input.display.clone(),
            source: Some(text),
            findings,
        })
        .collect();
    Ok(Audited {
        files: results,
        workloads: audit.workloads,
        notices: audit.notices,
        ..Audited::default()
    })
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
        scripts: script_references(kind, &input.display, text),
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
        files: vec![FileResult {
            path: input.display.clone(),
            source: Some(source),
            findings,
        }],
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
        None if matches!(args.format, AuditFormat::Human) => {
            // anstream drops the colour codes when the terminal, NO_COLOR
            // or --color says so.
            let mut out = std::io::BufWriter::new(anstream::stdout().lock());
            render(args, report, true, &mut out)?;
            out.flush()?;
        }
        // Machine formats carry no colour: written straight out, without
        // the colour filter's scan of every byte.
        None => {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            render(args, report, false, &mut out)?;
            out.flush()?;
        }
    }
    Ok(())
}
