//! IR101-IR103 for the images Kubernetes containers and Compose services
//! run: the same rules, and the same messages, as for Dockerfile bases.

use distill_dockerfile::ImageRef;
use distill_report::Finding;

use super::{PodCheck, PodContext, Profile};
use crate::dockerfile::image_refs::{
    MISSING_DIGEST, MUTABLE_TAG, UNTRUSTED_REGISTRY, is_trusted, mutable_tag_message,
};
use crate::rule::RuleMeta;

pub(super) const POD_CHECKS: &[PodCheck] = &[
    PodCheck {
        rule: &MUTABLE_TAG,
        level: Profile::Distroless,
        run: check_mutable_tag,
    },
    PodCheck {
        rule: &MISSING_DIGEST,
        level: Profile::Distroless,
        run: check_missing_digest,
    },
    PodCheck {
        rule: &UNTRUSTED_REGISTRY,
        level: Profile::Distroless,
        run: check_untrusted_registry,
    },
];

/// What is wrong with an image reference under one rule: the message and
/// the help line.
pub(super) fn judge(
    rule: &'static RuleMeta,
    text: &str,
    trusted: &[String],
) -> Option<(String, String)> {
    // `${IMAGE}` and `$(IMAGE)` are filled in at deploy time; what they
    // become cannot be judged here.
    if text.contains('$') {
        return None;
    }
    let image = ImageRef::parse(text).ok()?;
    let mutable = image.digest.is_none() && matches!(image.tag.as_deref(), None | Some("latest"));
    match rule.code {
        "IR101" if mutable => Some((
            mutable_tag_message(&image),
            "name a version tag and pin it by digest".to_string(),
        )),
        "IR102" if !mutable && image.digest.is_none() => Some((
            format!(
                "`{}` is pinned by tag only; the tag can move to a different image",
                image.original
            ),
            "append `@sha256:<digest>` so that what runs is what was scanned and signed"
                .to_string(),
        )),
        "IR103"
            if !trusted.is_empty() && !is_trusted(trusted, &image.registry, &image.repository) =>
        {
            Some((
                format!(
                    "`{}` comes from {}/{}, which is not among the trusted registries",
                    image.original, image.registry, image.repository
                ),
                format!("pull it through one of: {}", trusted.join(", ")),
            ))
        }
        _ => None,
    }
}

fn check_images(rule: &'static RuleMeta, ctx: &PodContext<'_, '_, '_>, out: &mut Vec<Finding>) {
    for checked in &ctx.containers {
        let container = &checked.container;
        let Some(image) = container.image() else {
            continue;
        };
        let Some(text) = image.as_str() else {
            continue;
        };
        if let Some((message, help)) = judge(rule, text, &ctx.options.trusted_registries) {
            let finding = ctx.finding(
                rule,
                image.span(),
                Some(container),
                format!("{}.image", container.path),
                format!("{}: {message}", PodContext::describe(container)),
            );
            out.push(finding.with_help(help));
        }
    }
}

fn check_mutable_tag(ctx: &PodContext<'_, '_, '_>, out: &mut Vec<Finding>) {
    check_images(&MUTABLE_TAG, ctx, out);
}

fn check_missing_digest(ctx: &PodContext<'_, '_, '_>, out: &mut Vec<Finding>) {
    check_images(&MISSING_DIGEST, ctx, out);
}

fn check_untrusted_registry(ctx: &PodContext<'_, '_, '_>, out: &mut Vec<Finding>) {
    check_images(&UNTRUSTED_REGISTRY, ctx, out);
}
