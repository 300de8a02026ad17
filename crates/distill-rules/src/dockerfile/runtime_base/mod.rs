//! RB: the runtime base: what the image that ships is built on, and what it
//! carries besides the application.

mod alpine_with_glibc;
mod debug_variant_in_runtime;
mod full_distro_runtime;
mod shell_in_runtime;

use distill_catalog::{BaseFacts, Catalog, Family};
use distill_dockerfile::ImageRef;
use distill_source::Span;

use super::{DockerfileCheck, DockerfileContext};

pub(super) const CHECKS: &[DockerfileCheck] = &[
    DockerfileCheck {
        rule: &full_distro_runtime::RULE,
        run: full_distro_runtime::check,
    },
    DockerfileCheck {
        rule: &debug_variant_in_runtime::RULE,
        run: debug_variant_in_runtime::check,
    },
    DockerfileCheck {
        rule: &shell_in_runtime::RULE,
        run: shell_in_runtime::check,
    },
    DockerfileCheck {
        rule: &alpine_with_glibc::RULE,
        run: alpine_with_glibc::check,
    },
];

/// The image the runtime is built on, as the catalog knows it.
pub(crate) struct RuntimeBase<'a> {
    /// The stage whose `FROM` names the image: the runtime stage, or the
    /// bottom of the chain of stages it is built `FROM`.
    pub stage: usize,
    /// The base as written in that `FROM`, after expansion.
    pub text: &'a str,
    /// Where the base is written.
    pub span: Span,
    /// What the catalog knows about it.
    pub facts: &'a BaseFacts,
}

/// The runtime's base image, when the file has a runtime and the catalog
/// knows its base; distill does not guess about other images.
pub(crate) fn runtime_base<'a>(ctx: &'a DockerfileContext<'_>) -> Option<RuntimeBase<'a>> {
    let target = ctx.target?;
    let facts = ctx.facts(target)?;
    let stage = ctx.root_stage(target);
    Some(RuntimeBase {
        stage,
        text: &ctx.stage(stage).base_expanded,
        span: ctx.base_span(stage),
        facts,
    })
}

/// Whether an image is a debugging variant: distroless `:debug*`,
/// Chainguard `-dev`, or busybox itself.
pub(crate) fn is_debug_variant(facts: &BaseFacts) -> bool {
    facts.debug_variant || facts.family == Family::Busybox
}

/// The catalog's facts for a reference written as in a `FROM` line.
pub(crate) fn lookup_reference(catalog: &Catalog, reference: &str) -> Option<BaseFacts> {
    let image = ImageRef::parse(reference).ok()?;
    catalog.lookup(&image.registry, &image.repository, image.tag.as_deref())
}

/// A distribution's name for messages: "Debian" for "debian12".
pub(crate) fn distro_label(facts: &BaseFacts) -> String {
    let name = facts.distro_name().unwrap_or(facts.family.as_str());
    match name {
        "debian" => "Debian",
        "ubuntu" => "Ubuntu",
        "alpine" => "Alpine",
        "centos" => "CentOS",
        "centos-stream" => "CentOS Stream",
        "fedora" => "Fedora",
        "rhel" | "rhel-like" => "Red Hat Enterprise Linux",
        "rocky" => "Rocky Linux",
        "alma" => "AlmaLinux",
        "amazonlinux" => "Amazon Linux",
        "oraclelinux" => "Oracle Linux",
        "wolfi" => "Wolfi",
        other => return other.to_string(),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_lookups() {
        let catalog = Catalog::builtin();
        let facts = lookup_reference(catalog, "python:3.12-slim-bookworm").expect("known");
        assert_eq!(distro_label(&facts), "Debian");
        let facts = lookup_reference(catalog, "registry.access.redhat.com/ubi9/ubi-minimal:9.4")
            .expect("known");
        assert_eq!(distro_label(&facts), "Red Hat Enterprise Linux");
        let facts = lookup_reference(catalog, "busybox:1.36").expect("known");
        assert!(is_debug_variant(&facts));
        assert!(lookup_reference(catalog, "registry.example.com/team/base:1").is_none());
    }
}
