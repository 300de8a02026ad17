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

use distill_manifest::Node;
use distill_report::scorecard::Evidence;
use distill_source::LineIndex;

use super::{Signal, SignalKind};

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
    };
    locate(path, text, located)
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
