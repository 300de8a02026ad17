//! IR: image references (FROM, COPY --from, RUN --mount=from=).

mod missing_digest;
mod mutable_tag;
mod untrusted_registry;

use distill_dockerfile::ImageRef;
use distill_dockerfile::model::{BaseImage, StageRef};
use distill_source::Span;

use super::{DockerfileCheck, DockerfileContext};

pub(crate) use missing_digest::RULE as MISSING_DIGEST;
pub(crate) use mutable_tag::{RULE as MUTABLE_TAG, message as mutable_tag_message};
pub(crate) use untrusted_registry::{RULE as UNTRUSTED_REGISTRY, is_trusted};

pub(super) const CHECKS: &[DockerfileCheck] = &[
    DockerfileCheck {
        rule: &mutable_tag::RULE,
        run: mutable_tag::check,
    },
    DockerfileCheck {
        rule: &missing_digest::RULE,
        run: missing_digest::check,
    },
    DockerfileCheck {
        rule: &untrusted_registry::RULE,
        run: untrusted_registry::check,
    },
];

/// Every image the file pulls, with where it is written: `FROM` bases,
/// `COPY --from` and `RUN --mount=from=` images. Stage references and
/// `scratch` are not images.
pub(crate) fn pulled_images<'a>(ctx: &'a DockerfileContext<'_>) -> Vec<(&'a ImageRef, Span)> {
    let mut images = Vec::new();
    for stage in &ctx.model.stages {
        if let BaseImage::Image(image) = &stage.base {
            images.push((image, stage.base_text.span));
        }
    }
    images
}

/// Images named by `COPY --from` and `RUN --mount=from=`, resolved.
pub(crate) fn copied_images(ctx: &DockerfileContext<'_>) -> Vec<(ImageRef, Span)> {
    let mut images = Vec::new();
    for stage in 0..ctx.model.stages.len() {
        for (_, span, reference) in ctx.model.references(stage) {
            if let StageRef::Image(image) = reference {
                images.push((image, span));
            }
        }
    }
    images
}

/// Whether a reference moves: no digest, and no tag or `latest`.
pub(crate) fn is_mutable(image: &ImageRef) -> bool {
    image.digest.is_none() && matches!(image.tag.as_deref(), None | Some("latest"))
}
