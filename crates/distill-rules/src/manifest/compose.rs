//! The engine for Compose files: a base file and its override files are
//! merged as `docker compose` merges them, and every service is judged by
//! what the merge gives it.

use distill_catalog::Catalog;
use distill_manifest::Yaml;
use distill_manifest::compose::{MergedService, Sourced, merge, services};
use distill_report::{Finding, FindingContext};

use super::{ManifestOptions, Profile, SourceFile, finish, hardening, images, syntax_errors};
use crate::RuleSettings;
use crate::rule::RuleMeta;

/// One Compose file to audit, in merge order (the base file first).
pub struct ComposeFile<'a> {
    /// Path relative to the audited folder.
    pub path: &'a str,
    /// Its text.
    pub text: &'a str,
}

/// Everything a service rule sees.
pub struct ServiceContext<'c, 'd, 'a> {
    /// The files merged, in order.
    pub files: &'c [SourceFile<'a>],
    /// The service.
    pub service: &'c MergedService<'d, 'a>,
    /// Base-image knowledge, for the user an image runs as.
    pub catalog: &'c Catalog,
    /// The run's options.
    pub options: &'c ManifestOptions,
}

/// A finding with the index of the file it is in.
pub type Placed = (usize, Finding);

impl<'c, 'd, 'a> ServiceContext<'c, 'd, 'a> {
    fn context(&self, field: &str) -> FindingContext {
        FindingContext {
            object: format!("service/{}", self.service.name),
            container: Some(self.service.name.to_string()),
            field_path: format!("services.{}.{field}", self.service.name),
        }
    }

    /// A finding about a value the service has.
    pub fn at(
        &self,
        rule: &'static RuleMeta,
        value: &Sourced<'d, 'a>,
        field: &str,
        message: String,
    ) -> Placed {
        let file = &self.files[value.file];
        let span = value.node.first_line_span(file.text);
        (
            value.file,
            file.finding(rule, span, message)
                .with_context(self.context(field)),
        )
    }

    /// A finding about a setting the service lacks: at its name where it
    /// is first defined.
    pub fn missing(&self, rule: &'static RuleMeta, field: &str, message: String) -> Placed {
        let (index, service) = self.service.home();
        let file = &self.files[index];
        (
            index,
            file.finding(rule, service.key.span(), message)
                .with_context(self.context(field)),
        )
    }

    /// How messages name the service.
    pub fn describe(&self) -> String {
        format!("service `{}`", self.service.name)
    }
}

/// A rule's check over one Compose service.
pub struct ServiceCheck {
    /// The rule.
    pub rule: &'static RuleMeta,
    /// The lowest profile it runs under.
    pub level: Profile,
    /// Adds the rule's findings.
    pub run: fn(&ServiceContext<'_, '_, '_>, &mut Vec<Placed>),
}

/// Every service check.
pub fn checks() -> Vec<&'static ServiceCheck> {
    hardening::SERVICE_CHECKS
        .iter()
        .chain(IMAGE_CHECKS)
        .collect()
}

const IMAGE_CHECKS: &[ServiceCheck] = &[
    ServiceCheck {
        rule: &crate::dockerfile::image_refs::MUTABLE_TAG,
        level: Profile::Distroless,
        run: |ctx, out| check_image(&crate::dockerfile::image_refs::MUTABLE_TAG, ctx, out),
    },
    ServiceCheck {
        rule: &crate::dockerfile::image_refs::MISSING_DIGEST,
        level: Profile::Distroless,
        run: |ctx, out| check_image(&crate::dockerfile::image_refs::MISSING_DIGEST, ctx, out),
    },
    ServiceCheck {
        rule: &crate::dockerfile::image_refs::UNTRUSTED_REGISTRY,
        level: Profile::Distroless,
        run: |ctx, out| check_image(&crate::dockerfile::image_refs::UNTRUSTED_REGISTRY, ctx, out),
    },
];

fn check_image(rule: &'static RuleMeta, ctx: &ServiceContext<'_, '_, '_>, out: &mut Vec<Placed>) {
    let Some(image) = ctx.service.get("image") else {
        return;
    };
    let Some(text) = image.node.as_str() else {
        return;
    };
    if let Some((message, help)) = images::judge(rule, text, &ctx.options.trusted_registries) {
        let (file, finding) = ctx.at(
            rule,
            &image,
            "image",
            format!("{}: {message}", ctx.describe()),
        );
        out.push((file, finding.with_help(help)));
    }
}

/// What auditing a set of Compose files gives: each file's findings, in
/// the order the files were given, and every service for the scorecard.
#[derive(Debug, Default)]
pub struct ComposeAudit {
    /// Findings per file, in the order of the files given.
    pub findings: Vec<Vec<Finding>>,
    /// Every service.
    pub workloads: Vec<crate::scorecard::Workload>,
    /// What was deliberately not checked, and why.
    pub notices: Vec<String>,
}

/// Audit a base Compose file and the override files merged over it.
pub fn check_compose(
    files: &[ComposeFile<'_>],
    catalog: &Catalog,
    options: &ManifestOptions,
    settings: &[RuleSettings],
) -> ComposeAudit {
    let sources: Vec<SourceFile<'_>> = files
        .iter()
        .map(|f| SourceFile::new(f.path, f.text))
        .collect();
    let parsed: Vec<Yaml<'_>> = files.iter().map(|f| Yaml::parse(f.text)).collect();
    let mut notices = Vec::new();
    let mut findings: Vec<Vec<Finding>> = sources
        .iter()
        .zip(&parsed)
        .map(|(file, yaml)| syntax_errors(file, yaml, &mut notices))
        .collect();

    let per_file: Vec<_> = parsed.iter().map(services).collect();
    let merged = merge(&per_file);
    let checks = checks();
    let mut workloads = Vec::new();
    for service in merged.iter().filter(|s| !s.is_fragment()) {
        let ctx = ServiceContext {
            files: &sources,
            service,
            catalog,
            options,
        };
        let mut found = Vec::new();
        for check in &checks {
            if options.profile.includes(check.level) {
                (check.run)(&ctx, &mut found);
            }
        }
        for (file, finding) in found {
            if settings[file].enabled(finding.code) {
                findings[file].push(finding);
            }
        }
        let (home, definition) = service.home();
        workloads.push(crate::scorecard::Workload {
            path: files[home].path.to_string(),
            line: sources[home]
                .index
                .line_col(files[home].text, definition.key.span().start)
                .line,
            object: format!("service/{}", service.name),
            container: service.name.to_string(),
            compose: true,
            image: service
                .get("image")
                .and_then(|i| i.node.as_str())
                .map(str::to_string),
        });
    }
    let findings = findings
        .into_iter()
        .enumerate()
        .map(|(i, found)| finish(&sources[i], found, &settings[i]))
        .collect();
    ComposeAudit {
        findings,
        workloads,
        notices,
    }
}
