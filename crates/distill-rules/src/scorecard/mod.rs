//! The adoption scorecard (CL01-CL14): where a repository stands on each
//! item of the distroless strategy, computed from the audit's findings,
//! the Dockerfiles' facts, the workloads found in manifests and Compose
//! files, and the signals read from CI, policy and bot configuration.
//!
//! Each item is a file of its own with its documentation; [`ITEMS`] lists
//! them in order and [`compute`] runs them.

mod base_upgrade_cadence;
mod buildkit_cache;
mod debug_without_shell;
mod digest_pin;
mod drop_all_capabilities;
pub mod evidence;
mod image_size_tracked;
mod minimal_runtime;
mod multi_arch;
mod multi_stage;
mod nonroot;
mod read_only_rootfs;
mod sbom_attached;
mod signed_and_verified;
mod vulnerability_gate;

use std::collections::HashMap;

use distill_report::Finding;
use distill_report::scorecard::{Evidence, ItemStatus, ScoreItem, Scorecard};

use crate::dockerfile::DockerfileFacts;

/// What an item is and when it passes; the documentation of
/// `docs/scorecard.md`.
#[derive(Debug)]
pub struct ItemMeta {
    /// `CL01`.
    pub id: &'static str,
    /// `multi-stage`.
    pub name: &'static str,
    /// One sentence: when the item passes.
    pub passes_when: &'static str,
    /// Markdown: what is looked at, and how partial and unknown arise.
    pub doc: &'static str,
}

/// A container of a Kubernetes workload or a Compose service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workload {
    /// Path relative to the audited folder.
    pub path: String,
    /// 1-based line of the container or service.
    pub line: usize,
    /// `Deployment/web`, `service/web`: as in findings' `object`.
    pub object: String,
    /// The container or service name: as in findings' `container`.
    pub container: String,
    /// Whether it is a Compose service rather than a Kubernetes container.
    pub compose: bool,
    /// The image as written; `None` for a Compose service that only builds.
    pub image: Option<String>,
}

/// A Kubernetes workload object (all its containers) or a Compose
/// service: what CL03-CL06 count, each once.
#[derive(Clone, Debug)]
pub struct WorkloadGroup<'i> {
    /// Path relative to the audited folder.
    pub path: &'i str,
    /// `Deployment/web`, `service/web`.
    pub object: &'i str,
    /// 1-based line of its first container or of the service.
    pub line: usize,
    /// Whether it is a Compose service.
    pub compose: bool,
    /// Its containers (one for a Compose service).
    pub containers: Vec<&'i Workload>,
}

impl WorkloadGroup<'_> {
    /// How next steps name it: "service `web`", "`Deployment/web`".
    pub fn describe(&self) -> String {
        match self.object.strip_prefix("service/") {
            Some(name) if self.compose => format!("service `{name}`"),
            _ => format!("`{}`", self.object),
        }
    }
}

/// What a CI workflow, policy, bot configuration or document shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignalKind {
    /// An image build in CI (build-push-action, `docker build`, buildx,
    /// kaniko, buildah).
    ImageBuild,
    /// A build for two or more platforms.
    MultiPlatform,
    /// A build for one platform only, when the platforms are written.
    SinglePlatform,
    /// A build that attaches an SBOM attestation.
    Sbom,
    /// A build that attaches provenance.
    Provenance,
    /// `cosign sign`.
    Sign,
    /// `cosign attest` (or `attest-blob`).
    Attest,
    /// Admission-time verification (Kyverno `verifyImages`).
    AdmissionVerify,
    /// A vulnerability scan that fails the job on CRITICAL/HIGH findings
    /// that have a fix.
    VulnGate,
    /// A vulnerability scan that does not gate, or gates on everything
    /// including unfixed issues.
    VulnScan,
    /// A step that records the image size.
    SizeRecorded,
    /// A scheduled (cron) workflow that builds images.
    ScheduledRebuild,
    /// Renovate or Dependabot updating Docker bases.
    BaseUpdates,
    /// `pinDigests` (Renovate) or digest updates.
    PinDigests,
    /// Documentation of `kubectl debug` with an ephemeral container.
    DebugDocs,
    /// A Kyverno rule requiring non-root, read-only root filesystems,
    /// dropped capabilities or digests.
    PolicyRule,
}

/// One signal with where it was seen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signal {
    /// What it shows.
    pub kind: SignalKind,
    /// Where, and in words.
    pub evidence: Evidence,
}

/// Everything the scorecard is computed from; the findings are borrowed
/// from the report.
#[derive(Clone, Debug, Default)]
pub struct Inputs<'r> {
    /// Facts of every Dockerfile audited.
    pub dockerfiles: Vec<DockerfileFacts>,
    /// Every finding, by its file's path.
    pub findings: HashMap<&'r str, &'r [Finding]>,
    /// Every container of a Kubernetes workload and every Compose service.
    pub workloads: Vec<Workload>,
    /// Signals from CI workflows, policies, bots and documents.
    pub signals: Vec<Signal>,
    /// Paths of the CI configurations read (workflows, `.gitlab-ci.yml`),
    /// so that an item can tell "no CI here" from "CI without the step".
    pub ci_files: Vec<String>,
}

impl Inputs<'_> {
    /// The Dockerfiles that ship: everything but files named or placed as
    /// development, debugging or test files (`Dockerfile.dev`,
    /// `debug.Dockerfile`, `test/`, `e2e/`).
    pub fn production_dockerfiles(&self) -> impl Iterator<Item = &DockerfileFacts> {
        self.dockerfiles.iter().filter(|d| is_production(&d.path))
    }

    /// The findings of `codes` in `path`.
    pub fn findings_in<'a>(
        &'a self,
        path: &str,
        codes: &'a [&'a str],
    ) -> impl Iterator<Item = &'a Finding> + 'a {
        self.findings
            .get(path)
            .copied()
            .unwrap_or_default()
            .iter()
            .filter(move |f| codes.contains(&f.code))
    }

    /// The findings of `codes` about one workload.
    pub fn workload_findings<'a>(
        &'a self,
        workload: &'a Workload,
        codes: &'a [&'a str],
    ) -> impl Iterator<Item = &'a Finding> + 'a {
        self.findings_in(&workload.path, codes).filter(move |f| {
            f.context.as_ref().is_some_and(|c| {
                c.object == workload.object
                    && c.container.as_deref() == Some(workload.container.as_str())
            })
        })
    }

    /// The production workloads, each object once with its containers, in
    /// the order they were found.
    pub fn workload_groups(&self) -> Vec<WorkloadGroup<'_>> {
        let mut groups: Vec<WorkloadGroup<'_>> = Vec::new();
        let mut index: HashMap<(&str, &str), usize> = HashMap::new();
        for workload in self.workloads.iter().filter(|w| is_production(&w.path)) {
            let key = (workload.path.as_str(), workload.object.as_str());
            match index.get(&key) {
                Some(&at) => groups[at].containers.push(workload),
                None => {
                    index.insert(key, groups.len());
                    groups.push(WorkloadGroup {
                        path: &workload.path,
                        object: &workload.object,
                        line: workload.line,
                        compose: workload.compose,
                        containers: vec![workload],
                    });
                }
            }
        }
        groups
    }

    /// The findings of `codes` about a workload: any of its containers,
    /// or the pod itself.
    pub fn group_findings<'a>(
        &'a self,
        group: &'a WorkloadGroup<'_>,
        codes: &'a [&'a str],
    ) -> Vec<&'a Finding> {
        self.findings_in(group.path, codes)
            .filter(|f| f.context.as_ref().is_some_and(|c| c.object == group.object))
            .collect()
    }

    /// The signals of `kind`.
    pub fn signals(&self, kind: SignalKind) -> impl Iterator<Item = &Signal> {
        self.signals.iter().filter(move |s| s.kind == kind)
    }

    /// Whether any signal of `kind` was seen.
    pub fn has(&self, kind: SignalKind) -> bool {
        self.signals(kind).next().is_some()
    }
}

/// Whether a path names something that ships, judged by its name and
/// folders: Dockerfiles, manifests and Compose files for development,
/// debugging, tests or examples (`Dockerfile.dev`, `debug.Dockerfile`,
/// `docker-compose.test.yml`, `test/`, `e2e/`, `examples/`, `dev-tilt/`)
/// do not.
pub fn is_production(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let mut parts = lower.split('/');
    let name = parts.next_back().unwrap_or_default();
    const NOT_SHIPPED: [&str; 8] = [
        "dev",
        "debug",
        "test",
        "tests",
        "local",
        "devcontainer",
        "tilt",
        "e2e",
    ];
    const NOT_SHIPPED_FOLDERS: [&str; 7] = [
        "testdata",
        "fixtures",
        ".devcontainer",
        "example",
        "examples",
        "sample",
        "samples",
    ];
    // test/, e2e/, examples/, manifests/dev/, dev-tilt/, local-dev/
    let folder_ships = |folder: &str| {
        !NOT_SHIPPED_FOLDERS.contains(&folder)
            && folder
                .split(['-', '_', '.'])
                .all(|p| !NOT_SHIPPED.contains(&p))
    };
    // Dockerfile.dev, dev.Dockerfile, Dockerfile-test, Containerfile.debug,
    // docker-compose.dev.yml
    parts.all(folder_ships)
        && name
            .split(['.', '-', '_'])
            .filter(|p| !matches!(*p, "dockerfile" | "containerfile"))
            .all(|p| !NOT_SHIPPED.contains(&p))
}

/// "2 of 3 Dockerfiles", with the half-done ones when there are any:
/// "0 of 3 Dockerfiles (2 partly)".
pub(crate) fn tally(outcomes: &[Outcome], what: &str) -> String {
    let good = outcomes.iter().filter(|o| **o == Outcome::Good).count();
    let partly = outcomes.iter().filter(|o| **o == Outcome::Partly).count();
    let base = count(good, outcomes.len(), what);
    if partly == 0 {
        base
    } else {
        format!("{base} ({partly} partly)")
    }
}

/// How one subject (a Dockerfile, a workload, a CI file) stands on an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Good,
    Partly,
    Bad,
    Unknown,
}

/// The item's status from its subjects' outcomes: not applicable without
/// subjects, pass when all are good, unknown when nothing is known, fail
/// when nothing is even partly good, partial otherwise.
pub(crate) fn status_of(outcomes: &[Outcome]) -> ItemStatus {
    if outcomes.is_empty() {
        return ItemStatus::NotApplicable;
    }
    if outcomes.iter().all(|o| *o == Outcome::Good) {
        return ItemStatus::Pass;
    }
    if outcomes.iter().all(|o| *o == Outcome::Unknown) {
        return ItemStatus::Unknown;
    }
    if outcomes
        .iter()
        .all(|o| matches!(o, Outcome::Bad | Outcome::Unknown))
    {
        return ItemStatus::Fail;
    }
    ItemStatus::Partial
}

/// The evidence a finding gives.
pub(crate) fn finding_evidence(path: &str, finding: &Finding) -> Evidence {
    let mut note = format!("{} {}", finding.code, finding.message);
    if let Some(context) = &finding.context {
        note = format!("{}: {note}", context.object);
    }
    Evidence::at(path, finding.start.line, note)
}

/// "2 of 3 Dockerfiles".
pub(crate) fn count(good: usize, total: usize, what: &str) -> String {
    format!("{good} of {total} {what}")
}

/// An item's result before it is labelled with its id and name.
pub(crate) struct Judgement {
    pub status: ItemStatus,
    pub evidence: Vec<Evidence>,
    pub summary: String,
    pub next_step: Option<String>,
}

/// An item: its documentation and how it is judged.
pub struct Item {
    /// What it is.
    pub meta: &'static ItemMeta,
    judge: fn(&Inputs) -> Judgement,
}

/// The fourteen items, in order.
pub const ITEMS: [Item; 14] = [
    Item {
        meta: &multi_stage::ITEM,
        judge: multi_stage::judge,
    },
    Item {
        meta: &minimal_runtime::ITEM,
        judge: minimal_runtime::judge,
    },
    Item {
        meta: &nonroot::ITEM,
        judge: nonroot::judge,
    },
    Item {
        meta: &digest_pin::ITEM,
        judge: digest_pin::judge,
    },
    Item {
        meta: &read_only_rootfs::ITEM,
        judge: read_only_rootfs::judge,
    },
    Item {
        meta: &drop_all_capabilities::ITEM,
        judge: drop_all_capabilities::judge,
    },
    Item {
        meta: &buildkit_cache::ITEM,
        judge: buildkit_cache::judge,
    },
    Item {
        meta: &signed_and_verified::ITEM,
        judge: signed_and_verified::judge,
    },
    Item {
        meta: &sbom_attached::ITEM,
        judge: sbom_attached::judge,
    },
    Item {
        meta: &vulnerability_gate::ITEM,
        judge: vulnerability_gate::judge,
    },
    Item {
        meta: &image_size_tracked::ITEM,
        judge: image_size_tracked::judge,
    },
    Item {
        meta: &multi_arch::ITEM,
        judge: multi_arch::judge,
    },
    Item {
        meta: &debug_without_shell::ITEM,
        judge: debug_without_shell::judge,
    },
    Item {
        meta: &base_upgrade_cadence::ITEM,
        judge: base_upgrade_cadence::judge,
    },
];

/// Judge every item.
pub fn compute(inputs: &Inputs) -> Scorecard {
    let items = ITEMS
        .iter()
        .map(|item| {
            let judgement = (item.judge)(inputs);
            ScoreItem {
                id: item.meta.id,
                name: item.meta.name,
                status: judgement.status,
                evidence: judgement.evidence,
                summary: judgement.summary,
                next_step: match judgement.status {
                    ItemStatus::Pass | ItemStatus::NotApplicable => None,
                    _ => judgement.next_step,
                },
            }
        })
        .collect();
    Scorecard { items }
}

/// `docs/scorecard.md`, generated from the items' own documentation.
pub fn doc_page() -> String {
    let mut page = String::from(
        "# The adoption scorecard\n\nGenerated from the items' own documentation.\n\n\
         `distill audit` ends with fourteen items. Each is `pass`, `partial`, `fail`,\n\
         `not-applicable` (nothing in the repository it could apply to) or `unknown`\n\
         (it applies, but the repository holds no evidence either way). The score counts\n\
         a pass as one and a partial as one half, out of the items that apply; unknown\n\
         items count as not done. `--scorecard-only` prints only the scorecard and\n\
         `--fail-under N` exits with 1 when the score is below N.\n\n\
         CI evidence is read from GitHub Actions workflows and GitLab CI files, and from\n\
         the repository scripts their steps run: script files (`./scripts/push.sh`),\n\
         scripts of the root `package.json` (`npm run NAME`) and targets of the root\n\
         `Makefile` (`make TARGET`), followed a few levels deep. Workloads and Dockerfiles\n\
         for development, tests or examples (`Dockerfile.dev`, `test/`, `examples/`,\n\
         `docker-compose.dev.yml`) do not count.\n\n\
         | id | name | passes when |\n| --- | --- | --- |\n",
    );
    for item in &ITEMS {
        page.push_str(&format!(
            "| [{id}](#{anchor}) | {} | {} |\n",
            item.meta.name,
            item.meta.passes_when,
            id = item.meta.id,
            anchor = format!("{}-{}", item.meta.id, item.meta.name).to_ascii_lowercase()
        ));
    }
    for item in &ITEMS {
        page.push_str(&format!(
            "\n## {} {}\n\n{}\n\n{}\n",
            item.meta.id,
            item.meta.name,
            item.meta.passes_when,
            item.meta.doc.trim()
        ));
    }
    page
}

/// The judgement when no CI configuration was found: the item applies but
/// nothing here shows it either way.
pub(crate) fn no_ci(inputs: &Inputs, what: &str, next_step: &str) -> Option<Judgement> {
    if !inputs.ci_files.is_empty() {
        return None;
    }
    Some(Judgement {
        status: ItemStatus::Unknown,
        evidence: Vec::new(),
        summary: format!(
            "no CI configuration (GitHub Actions or GitLab CI) in the audited folder, so nothing shows whether {what}"
        ),
        next_step: Some(next_step.to_string()),
    })
}

/// The judgement when the CI configuration holds no image build that
/// distill recognises (one may run through tools it does not read): the
/// item applies, but nothing here shows it either way.
pub(crate) fn no_build(inputs: &Inputs, what: &str, next_step: &str) -> Option<Judgement> {
    if inputs.has(SignalKind::ImageBuild) {
        return None;
    }
    Some(Judgement {
        status: ItemStatus::Unknown,
        evidence: Vec::new(),
        summary: format!(
            "the CI configuration builds no image that distill recognises, so nothing shows whether {what}"
        ),
        next_step: Some(next_step.to_string()),
    })
}

/// Evidence of every signal of `kind`.
pub(crate) fn signal_evidence(inputs: &Inputs, kind: SignalKind) -> Vec<Evidence> {
    inputs.signals(kind).map(|s| s.evidence.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_dockerfiles_are_told_by_name_and_folder() {
        for path in [
            "Dockerfile",
            "services/api/Dockerfile",
            "Dockerfile.prod",
            "api.Dockerfile",
            "Containerfile",
            "src/devtools/Dockerfile",
            "deploy/latest.yaml",
            "compose.yaml",
        ] {
            assert!(is_production(path), "{path}");
        }
        for path in [
            "Dockerfile.dev",
            "dev.Dockerfile",
            "Dockerfile-test",
            "src/cartservice/src/Dockerfile.debug",
            "test/Dockerfile",
            "e2e/app/Dockerfile",
            ".devcontainer/Dockerfile",
            "Dockerfile.local",
            "Dockerfile.tilt",
            "docker-compose.dev.yml",
            "docker-compose-test.yml",
            "test/manual/compose.yaml",
            "examples/guestbook/deployment.yaml",
            "manifests/dev/app.yaml",
            "manifests/dev-tilt/app.yaml",
            "manifests/local-dev/app.yaml",
            "sample/app.yaml",
            "dev/Dockerfile",
        ] {
            assert!(!is_production(path), "{path}");
        }
    }

    #[test]
    fn status_follows_the_outcomes() {
        use Outcome::*;
        assert_eq!(status_of(&[]), ItemStatus::NotApplicable);
        assert_eq!(status_of(&[Good, Good]), ItemStatus::Pass);
        assert_eq!(status_of(&[Good, Bad]), ItemStatus::Partial);
        assert_eq!(status_of(&[Partly]), ItemStatus::Partial);
        assert_eq!(status_of(&[Bad, Unknown]), ItemStatus::Fail);
        assert_eq!(status_of(&[Unknown, Unknown]), ItemStatus::Unknown);
    }
}
