//! Kubernetes and Compose rules, and the engine that runs them over one
//! manifest file or one set of Compose files.
//!
//! Every container is judged by its effective settings
//! ([`distill_manifest::security::Effective`]), and every finding names
//! the object, the container and the path of the field it is about.

mod compose;
mod hardening;
mod images;
mod pod_security;
mod suppress;

use std::fmt;

use distill_catalog::Catalog;
use distill_manifest::kube::{Container, Object, PodSpec};
use distill_manifest::security::{Effective, Setting};
use distill_manifest::{Node, Yaml};
use distill_report::{Finding, FindingContext};
use distill_source::{LineIndex, Span};

pub use compose::{
    ComposeAudit, ComposeFile, Placed, ServiceCheck, ServiceContext, check_compose,
    checks as service_checks,
};

use crate::RuleSettings;
use crate::rule::RuleMeta;

/// Which workload rules run: the Pod Security Standards level, or that
/// level plus the distroless strategy's own rules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Profile {
    /// The Baseline Pod Security Standard: known privilege escalations.
    Baseline,
    /// The Restricted Pod Security Standard (which includes Baseline).
    Restricted,
    /// Restricted plus the strategy's rules: read-only root filesystem
    /// with a writable /tmp, pinned images, fields that do nothing.
    #[default]
    Distroless,
}

impl Profile {
    /// Read `baseline`, `restricted` or `distroless`.
    pub fn parse(text: &str) -> Result<Profile, String> {
        match text {
            "baseline" => Ok(Profile::Baseline),
            "restricted" => Ok(Profile::Restricted),
            "distroless" => Ok(Profile::Distroless),
            other => Err(format!(
                "unknown profile {other:?}: use baseline, restricted or distroless"
            )),
        }
    }

    /// Whether a rule of `level` runs under this profile.
    pub fn includes(self, level: Profile) -> bool {
        level <= self
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Profile::Baseline => "baseline",
            Profile::Restricted => "restricted",
            Profile::Distroless => "distroless",
        })
    }
}

/// Options of a manifest check.
#[derive(Clone, Debug, Default)]
pub struct ManifestOptions {
    /// Which rules run.
    pub profile: Profile,
    /// Registries (or registry/repository prefixes) images may come from;
    /// empty means any.
    pub trusted_registries: Vec<String>,
}

/// One file's text with its line index.
pub struct SourceFile<'a> {
    /// Path relative to the audited folder.
    pub path: &'a str,
    /// The text.
    pub text: &'a str,
    /// Its lines.
    pub index: LineIndex,
}

impl<'a> SourceFile<'a> {
    /// Index a file.
    pub fn new(path: &'a str, text: &'a str) -> Self {
        SourceFile {
            path,
            text,
            index: LineIndex::new(text),
        }
    }

    /// A finding at `span` of this file.
    pub fn finding(&self, rule: &'static RuleMeta, span: Span, message: String) -> Finding {
        Finding::new(
            rule.code,
            rule.name,
            rule.severity,
            self.text,
            &self.index,
            span,
            message,
        )
    }
}

/// A container with its effective settings.
pub struct Checked<'d, 'a> {
    /// The container.
    pub container: Container<'d, 'a>,
    /// Its effective security settings.
    pub effective: Effective<'d, 'a>,
}

/// Everything a pod rule sees: one workload object, its pod spec and its
/// containers.
pub struct PodContext<'c, 'd, 'a> {
    /// The file.
    pub file: &'c SourceFile<'a>,
    /// The object.
    pub object: &'c Object<'d, 'a>,
    /// Its pod spec.
    pub pod: &'c PodSpec<'d, 'a>,
    /// Its containers, init and ephemeral ones included.
    pub containers: Vec<Checked<'d, 'a>>,
    /// The run's options.
    pub options: &'c ManifestOptions,
    /// Base-image knowledge.
    pub catalog: &'c Catalog,
}

impl<'c, 'd, 'a> PodContext<'c, 'd, 'a> {
    /// The profile in force.
    pub fn profile(&self) -> Profile {
        self.options.profile
    }

    /// Whether the Restricted level's Linux-only controls (seccomp,
    /// capabilities, privilege escalation) apply: not on Windows pods.
    pub fn linux_controls_apply(&self) -> bool {
        self.profile().includes(Profile::Restricted) && !self.pod.is_windows()
    }

    /// A finding about a container (or about the pod, with `None`) at
    /// `span`, for the field at `field_path`.
    pub fn finding(
        &self,
        rule: &'static RuleMeta,
        span: Span,
        container: Option<&Container<'d, 'a>>,
        field_path: String,
        message: String,
    ) -> Finding {
        self.file
            .finding(rule, span, message)
            .with_context(FindingContext {
                object: self.object.label(),
                container: container.map(Container::display_name),
                field_path,
            })
    }

    /// A finding about a setting a container has, at the node that decided
    /// it (the pod's, when the container inherited it).
    pub fn at_setting<T>(
        &self,
        rule: &'static RuleMeta,
        container: &Container<'d, 'a>,
        setting: &Setting<'d, 'a, T>,
        message: String,
    ) -> Finding {
        self.finding(
            rule,
            self.line_of(setting.node),
            Some(container),
            setting.path.clone(),
            message,
        )
    }

    /// A finding about a setting a container lacks: it points at the
    /// container's `securityContext` when it has one, else at the
    /// container, and its path is where the field belongs.
    pub fn missing(
        &self,
        rule: &'static RuleMeta,
        checked: &Checked<'d, 'a>,
        field: &str,
        message: String,
    ) -> Finding {
        let container = &checked.container;
        let span = match container.node.entry("securityContext") {
            Some(entry) => entry.key.span(),
            None => container.node.first_line_span(self.file.text),
        };
        self.finding(
            rule,
            span,
            Some(&checked.container),
            format!("{}.{field}", checked.effective.context_path),
            message,
        )
    }

    /// The span of a node's first line: a scalar's text, or a collection's
    /// opening line.
    pub fn line_of(&self, node: Node<'d, 'a>) -> Span {
        node.first_line_span(self.file.text)
    }

    /// How messages name a container: "container `app`", "init container
    /// `migrate`".
    pub fn describe(container: &Container<'_, '_>) -> String {
        format!("{} `{}`", container.kind.noun(), container.display_name())
    }
}

/// A rule's check over one pod spec.
pub struct PodCheck {
    /// The rule.
    pub rule: &'static RuleMeta,
    /// The lowest profile it runs under.
    pub level: Profile,
    /// Adds the rule's findings.
    pub run: fn(&PodContext<'_, '_, '_>, &mut Vec<Finding>),
}

/// Every pod check.
pub fn pod_checks() -> Vec<&'static PodCheck> {
    hardening::POD_CHECKS
        .iter()
        .chain(pod_security::POD_CHECKS)
        .chain(images::POD_CHECKS)
        .collect()
}

/// Every rule the manifest checks use, each once.
pub fn rules() -> Vec<&'static RuleMeta> {
    let mut rules: Vec<&'static RuleMeta> = pod_checks().iter().map(|c| c.rule).collect();
    rules.extend(compose::checks().iter().map(|c| c.rule));
    rules.sort_by_key(|r| r.code);
    rules.dedup_by_key(|r| r.code);
    rules
}

/// What auditing a manifest file gives.
#[derive(Debug, Default)]
pub struct ManifestAudit {
    /// The findings, in source order.
    pub findings: Vec<Finding>,
    /// Every container of every workload, for the scorecard.
    pub workloads: Vec<crate::scorecard::Workload>,
    /// Whether the file holds Kubernetes objects at all.
    pub is_manifest: bool,
    /// Whether the file is an unrendered template (Helm and the like),
    /// which is not YAML until rendered and so was not checked.
    pub unrendered_template: bool,
    /// What in the file was deliberately not checked, and why.
    pub notices: Vec<String>,
}

/// Audit one Kubernetes manifest file. Files with no Kubernetes object
/// give nothing; a YAML error is PE101 only in a file that holds objects
/// or says `apiVersion` and `kind`.
pub fn check_manifest(
    path: &str,
    text: &str,
    catalog: &Catalog,
    options: &ManifestOptions,
    settings: &RuleSettings,
) -> ManifestAudit {
    let yaml = Yaml::parse(text);
    if distill_manifest::is_unrendered_template(text, &yaml) {
        return ManifestAudit {
            unrendered_template: true,
            ..ManifestAudit::default()
        };
    }
    let objects = distill_manifest::kube::objects(&yaml);
    let mut audit = ManifestAudit {
        is_manifest: !objects.is_empty() || distill_manifest::may_hold_objects(text),
        ..ManifestAudit::default()
    };
    if !audit.is_manifest {
        return audit;
    }
    let file = SourceFile::new(path, text);
    let mut findings = syntax_errors(&file, &yaml, &mut audit.notices);
    let checks = pod_checks();
    for object in &objects {
        let Some(pod) = object.pod() else {
            continue;
        };
        findings.extend(malformed_lists(&file, object, &pod));
        // Kubernetes requires an image for every container of a workload;
        // a container without one is a fragment that Kustomize or Helm
        // merges into a base by name, and its settings are the base's.
        let all = pod.containers();
        let whole: Vec<_> = all
            .iter()
            .filter(|c| c.image().is_some())
            .cloned()
            .collect();
        if whole.is_empty() && !all.is_empty() {
            continue;
        }
        let containers = whole
            .into_iter()
            .map(|container| Checked {
                effective: Effective::of(&pod, &container),
                container,
            })
            .collect();
        let ctx = PodContext {
            file: &file,
            object,
            pod: &pod,
            containers,
            options,
            catalog,
        };
        let mut found = Vec::new();
        for check in &checks {
            if options.profile.includes(check.level) && settings.enabled(check.rule.code) {
                (check.run)(&ctx, &mut found);
            }
        }
        let ignored = suppress::annotation_codes(object, &pod);
        found.retain(|f| {
            !ignored
                .iter()
                .any(|p| crate::suppress::code_matches(p, f.code))
        });
        findings.extend(found);
        audit.workloads.extend(ctx.containers.iter().map(|c| {
            crate::scorecard::Workload {
                path: path.to_string(),
                line: file
                    .index
                    .line_col(text, c.container.node.span().start)
                    .line,
                object: object.label(),
                container: c.container.display_name(),
                compose: false,
                image: c
                    .container
                    .image()
                    .and_then(|i| i.as_str())
                    .map(str::to_string),
            }
        }));
    }
    audit.findings = finish(&file, findings, settings);
    audit
}

/// PE101 for each YAML document that could not be read, unless the
/// Kubernetes tools read it anyway; those get a notice instead.
fn syntax_errors(
    file: &SourceFile<'_>,
    yaml: &Yaml<'_>,
    notices: &mut Vec<String>,
) -> Vec<Finding> {
    let rule = &crate::dockerfile::SYNTAX_ERROR;
    let what = if file.path.ends_with(".json") {
        "JSON"
    } else {
        "YAML"
    };
    let mut findings = Vec::new();
    for error in &yaml.errors {
        // Limitation: go-yaml (under kubectl, kustomize and the API
        // server's YAML reader) accepts a quoted scalar whose continuation
        // lines are indented less than YAML 1.2 requires; distill's reader
        // does not, so such a document is skipped with a notice rather
        // than reported as broken.
        if error.message.contains("indentation in quoted scalar") {
            let at = file.index.line_col(file.text, error.span.start);
            notices.push(format!(
                "{}:{}: a quoted string continues at less indentation than YAML 1.2 allows; Kubernetes reads it, distill cannot, so this document was not checked",
                file.path, at.line
            ));
            continue;
        }
        findings.push(file.finding(
            rule,
            error.span,
            format!(
                "this {what} document cannot be read ({}), so it is not checked; the documents around it are",
                error.message
            ),
        ));
    }
    findings
}

/// PE101 for pod spec fields that must be lists but are not: the API
/// server rejects the object, and no container in them can be checked.
fn malformed_lists(
    file: &SourceFile<'_>,
    object: &Object<'_, '_>,
    pod: &PodSpec<'_, '_>,
) -> Vec<Finding> {
    let rule = &crate::dockerfile::SYNTAX_ERROR;
    ["initContainers", "containers", "ephemeralContainers", "volumes"]
        .into_iter()
        .filter_map(|field| {
            let value = pod.node.get(field)?;
            if value.is_sequence() {
                return None;
            }
            Some(
                file.finding(
                    rule,
                    value.first_line_span(file.text),
                    format!("`{field}` must be a list; the API server rejects this object, and what it holds is not checked"),
                )
                .with_context(FindingContext {
                    object: object.label(),
                    container: None,
                    field_path: pod.field_path(field),
                }),
            )
        })
        .collect()
}

/// Drop what comments silence, apply configured severities, and sort.
fn finish(
    file: &SourceFile<'_>,
    mut findings: Vec<Finding>,
    settings: &RuleSettings,
) -> Vec<Finding> {
    let comments = suppress::Comments::read(file.text);
    findings.retain(|f| !comments.silences(f));
    crate::config::settle(&mut findings, settings);
    findings
}
