//! Readers for the evidence that lives outside Dockerfiles and manifests:
//! CI workflows and pipelines, Renovate and Dependabot configuration,
//! admission policies and documentation. Each turns a file into
//! [`Signal`]s with the line that shows them.

mod dependabot;
mod docs;
mod github;
mod gitlab;
mod kyverno;
mod renovate;
mod script;
mod skaffold;

use std::collections::HashSet;

use distill_manifest::{Node, Yaml};
use distill_report::scorecard::Evidence;
use distill_source::LineIndex;

use super::{Signal, SignalKind};

pub use script::ScriptTarget;

/// What kind of evidence file a path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EvidenceFile {
    /// `.github/workflows/*.yml`.
    GithubWorkflow,
    /// `.gitlab-ci.yml`, or a file included from `.gitlab/`.
    GitlabCi,
    /// `renovate.json`, `.renovaterc`, ...
    Renovate,
    /// `.github/dependabot.yml`.
    Dependabot,
    /// Markdown, reStructuredText or AsciiDoc documentation.
    Docs,
    /// `skaffold.yaml`: the platforms Skaffold builds for.
    Skaffold,
}

impl EvidenceFile {
    /// Whether the file is CI configuration (the items that need CI tell
    /// "no CI here" from "CI without the step" by these).
    pub fn is_ci(self) -> bool {
        matches!(self, EvidenceFile::GithubWorkflow | EvidenceFile::GitlabCi)
    }
}

/// The kind of evidence a path (relative, `/`-separated) holds, if any.
pub fn evidence_kind(path: &str) -> Option<EvidenceFile> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let folder = &path[..path.len() - name.len()];
    let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
    if yaml && (folder.ends_with(".github/workflows/")) {
        return Some(EvidenceFile::GithubWorkflow);
    }
    if name == ".gitlab-ci.yml" || name.ends_with(".gitlab-ci.yml") {
        return Some(EvidenceFile::GitlabCi);
    }
    if yaml
        && (folder.ends_with(".github/") || folder.is_empty())
        && name.starts_with("dependabot.")
    {
        return Some(EvidenceFile::Dependabot);
    }
    let renovate = matches!(
        name,
        "renovate.json"
            | "renovate.json5"
            | ".renovaterc"
            | ".renovaterc.json"
            | ".renovaterc.json5"
    );
    if renovate {
        return Some(EvidenceFile::Renovate);
    }
    if name == "skaffold.yaml" || name == "skaffold.yml" {
        return Some(EvidenceFile::Skaffold);
    }
    let lower = name.to_ascii_lowercase();
    let docs = [".md", ".markdown", ".rst", ".adoc"]
        .iter()
        .any(|ext| lower.ends_with(ext));
    docs.then_some(EvidenceFile::Docs)
}

/// A signal at a byte offset of its file, before lines are known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Located {
    pub kind: SignalKind,
    pub offset: usize,
    pub note: String,
}

/// Read one evidence file.
pub fn read_evidence(kind: EvidenceFile, path: &str, text: &str) -> Vec<Signal> {
    let located = match kind {
        EvidenceFile::GithubWorkflow => github::workflow_signals(text),
        EvidenceFile::GitlabCi => gitlab::pipeline_signals(text),
        EvidenceFile::Renovate => renovate::config_signals(text),
        EvidenceFile::Dependabot => dependabot::config_signals(text),
        EvidenceFile::Docs => docs::debug_docs_signals(text),
        EvidenceFile::Skaffold => skaffold::config_signals(text),
    };
    locate(path, text, located)
}

/// A repository script that CI runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptRef {
    /// What is run.
    pub target: ScriptTarget,
    /// The schedule of the workflow or job that runs it, when it runs on
    /// one.
    pub schedule: Option<Evidence>,
}

/// The repository scripts a CI file runs (`./scripts/push.sh`, `npm run
/// NAME`, `make TARGET`).
pub fn script_references(kind: EvidenceFile, path: &str, text: &str) -> Vec<ScriptRef> {
    let found = match kind {
        EvidenceFile::GithubWorkflow => github::workflow_scripts(text),
        EvidenceFile::GitlabCi => gitlab::pipeline_scripts(text),
        _ => return Vec::new(),
    };
    if found.is_empty() {
        return Vec::new();
    }
    let index = LineIndex::new(text);
    let mut refs: Vec<ScriptRef> = Vec::new();
    for (target, schedule) in found {
        let schedule =
            schedule.map(|s| Evidence::at(path, index.line_col(text, s.offset).line, s.note));
        let reference = ScriptRef { target, schedule };
        if !refs.contains(&reference) {
            refs.push(reference);
        }
    }
    refs
}

/// How deep scripts that run scripts are followed.
const SCRIPT_DEPTH: usize = 3;

/// The signals of the scripts CI runs, read from the repository through
/// `read` (a path relative to the audited folder): script files, scripts
/// of `package.json` files, targets of Makefiles with their prerequisites,
/// and what they run in turn, a few levels deep. A scheduled workflow
/// whose scripts build an image is a scheduled rebuild.
pub fn follow_scripts(refs: &[ScriptRef], read: &dyn Fn(&str) -> Option<String>) -> Vec<Signal> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut queue: Vec<(ScriptTarget, Option<Evidence>, usize)> = refs
        .iter()
        .map(|r| (r.target.clone(), r.schedule.clone(), 0))
        .collect();
    while let Some((target, schedule, depth)) = queue.pop() {
        if depth > SCRIPT_DEPTH
            || !seen.insert((target.clone(), schedule.as_ref().map(Evidence::location)))
        {
            continue;
        }
        let Some((path, text)) = script_file(&target, read) else {
            continue;
        };
        let (pieces, prerequisites) = script_bodies(&target, &text);
        let workdir = target.workdir().unwrap_or_default().to_string();
        queue.extend(
            prerequisites
                .into_iter()
                .map(|next| (next, schedule.clone(), depth + 1)),
        );
        let mut located = Vec::new();
        for piece in pieces {
            for signal in script::script_signals(&piece.body) {
                located.push(Located {
                    kind: signal.kind,
                    offset: piece.offset(signal.offset),
                    note: signal.note,
                });
            }
            for (_, next) in script::script_targets(&piece.body) {
                queue.push((next.under(&workdir), schedule.clone(), depth + 1));
            }
        }
        if let Some(cron) = &schedule
            && located.iter().any(|l| l.kind == SignalKind::ImageBuild)
        {
            out.push(Signal {
                kind: SignalKind::ScheduledRebuild,
                evidence: Evidence {
                    note: format!(
                        "the workflow scheduled with {} runs {}, which builds images",
                        cron.note,
                        describe_target(&target)
                    ),
                    ..cron.clone()
                },
            });
        }
        out.extend(locate(&path, &text, located));
    }
    out
}

fn describe_target(target: &ScriptTarget) -> String {
    let place = |dir: &str| {
        if dir.is_empty() {
            String::new()
        } else {
            format!(" in `{dir}`")
        }
    };
    match target {
        ScriptTarget::File(path) => format!("`{path}`"),
        ScriptTarget::Npm { dir, name } => format!("`npm run {name}`{}", place(dir)),
        ScriptTarget::Make { dir, target } => format!("`make {target}`{}", place(dir)),
    }
}

/// The file that holds a script, and its text.
fn script_file(
    target: &ScriptTarget,
    read: &dyn Fn(&str) -> Option<String>,
) -> Option<(String, String)> {
    let in_dir = |dir: &str, name: &str| {
        if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        }
    };
    let path = match target {
        ScriptTarget::File(path) => path.clone(),
        ScriptTarget::Npm { dir, .. } => in_dir(dir, "package.json"),
        ScriptTarget::Make { dir, .. } => in_dir(dir, "Makefile"),
    };
    let text = read(&path)?;
    Some((path, text))
}

/// A piece of shell text of a script file.
struct Piece {
    /// The shell text.
    body: String,
    /// Where it starts in the file.
    base: usize,
    /// Whether offsets in the body map to the file one to one (`false`
    /// for a JSON string, whose escapes shift them, or a Makefile line
    /// whose variables were filled in: everything in it points at its
    /// start).
    mapped: bool,
}

impl Piece {
    fn offset(&self, in_body: usize) -> usize {
        if self.mapped {
            self.base + in_body
        } else {
            self.base
        }
    }
}

/// The shell text of a script in its file, and the other targets it needs
/// first (a Makefile target's prerequisites).
fn script_bodies(target: &ScriptTarget, text: &str) -> (Vec<Piece>, Vec<ScriptTarget>) {
    match target {
        ScriptTarget::File(_) => (
            vec![Piece {
                body: text.to_string(),
                base: 0,
                mapped: true,
            }],
            Vec::new(),
        ),
        ScriptTarget::Npm { name, .. } => {
            (npm_script(text, name).into_iter().collect(), Vec::new())
        }
        ScriptTarget::Make { dir, target } => make_rule(text, dir, target),
    }
}

fn npm_script(text: &str, name: &str) -> Option<Piece> {
    let yaml = Yaml::parse(text);
    let root = yaml.documents.first()?.root()?;
    let node = root.get("scripts")?.get(name)?;
    Some(Piece {
        body: node.as_str()?.to_string(),
        base: node.span().start,
        mapped: false,
    })
}

/// The recipe of `target:` in a Makefile, its lines with their prefixes
/// (`@`, `-`, `+`) removed and the file's simple variables (`CLI ?=
/// docker`) filled in, and its prerequisites.
fn make_rule(text: &str, dir: &str, target: &str) -> (Vec<Piece>, Vec<ScriptTarget>) {
    let variables = make_variables(text);
    let mut pieces = Vec::new();
    let mut prerequisites = Vec::new();
    let mut in_recipe = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if let Some(recipe) = line.strip_prefix('\t') {
            if in_recipe {
                let body = recipe.trim_start_matches(['@', '-', '+']).trim_end();
                let filled = fill_make_variables(body, &variables);
                pieces.push(Piece {
                    mapped: filled == body,
                    body: filled,
                    base: start
                        + 1
                        + (recipe.len() - recipe.trim_start_matches(['@', '-', '+']).len()),
                });
            }
            continue;
        }
        in_recipe = false;
        let Some((head, rest)) = line.split_once(':') else {
            continue;
        };
        if rest.starts_with('=') || head.contains('=') {
            continue;
        }
        if head.split_whitespace().any(|name| name == target) {
            in_recipe = true;
            let needs = rest.split([';', '#']).next().unwrap_or("");
            prerequisites.extend(
                needs
                    .split_whitespace()
                    .filter(|p| !p.contains('$') && !p.contains('%') && !p.contains('/'))
                    .map(|p| ScriptTarget::Make {
                        dir: dir.to_string(),
                        target: p.to_string(),
                    }),
            );
        }
    }
    (pieces, prerequisites)
}

/// `NAME = value`, `NAME := value`, `NAME ?= value` at the top of a
/// Makefile, for filling in `$(NAME)` and `${NAME}`.
fn make_variables(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter(|line| !line.starts_with('\t'))
        .filter_map(|line| {
            let (name, value) = line.split_once('=')?;
            let name = name.trim_end_matches(['?', ':', '+', '!']).trim();
            let plain =
                !name.is_empty() && name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric());
            plain.then(|| (name.to_string(), value.trim().to_string()))
        })
        .collect()
}

fn fill_make_variables(line: &str, variables: &[(String, String)]) -> String {
    let mut out = line.to_string();
    for (name, value) in variables {
        for reference in [format!("$({name})"), format!("${{{name}}}")] {
            if out.contains(&reference) {
                out = out.replace(&reference, value);
            }
        }
    }
    out
}

/// Read the admission policies of a Kubernetes manifest, if it holds any.
pub fn read_policies(path: &str, text: &str) -> Vec<Signal> {
    if !kyverno::may_hold_policy(text) {
        return Vec::new();
    }
    locate(path, text, kyverno::policy_signals(text))
}

fn locate(path: &str, text: &str, located: Vec<Located>) -> Vec<Signal> {
    if located.is_empty() {
        return Vec::new();
    }
    let index = LineIndex::new(text);
    located
        .into_iter()
        .map(|l| Signal {
            kind: l.kind,
            evidence: Evidence::at(path, index.line_col(text, l.offset).line, l.note),
        })
        .collect()
}

/// The source offset of `offset` in the value of a scalar: the value's
/// line that holds it is looked up in the scalar's source text (block
/// scalars drop their indentation, so offsets differ).
pub(crate) fn scalar_line(text: &str, node: Node<'_, '_>, offset: usize) -> usize {
    let span = node.span();
    let value = node.as_str().unwrap_or_default();
    let offset = offset.min(value.len());
    let line_start = value[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = value[offset..]
        .find('\n')
        .map_or(value.len(), |i| offset + i);
    let needle = value[line_start..line_end].trim();
    let raw = span.text(text);
    match raw.find(needle).filter(|_| !needle.is_empty()) {
        Some(at) => span.start + at,
        None => span.start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_files_by_path() {
        use EvidenceFile::*;
        for (path, kind) in [
            (".github/workflows/ci.yml", Some(GithubWorkflow)),
            (
                "examples/after/.github/workflows/release.yaml",
                Some(GithubWorkflow),
            ),
            (".github/dependabot.yml", Some(Dependabot)),
            (".gitlab-ci.yml", Some(GitlabCi)),
            ("renovate.json5", Some(Renovate)),
            (".github/renovate.json", Some(Renovate)),
            ("docs/debugging.md", Some(Docs)),
            ("README.MD", Some(Docs)),
            ("deploy/app.yaml", None),
            ("src/main.go", None),
        ] {
            assert_eq!(evidence_kind(path), kind, "{path}");
        }
    }
}
