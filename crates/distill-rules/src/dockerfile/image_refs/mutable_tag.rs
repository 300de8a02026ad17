use distill_dockerfile::ImageRef;
use distill_report::{Finding, Severity};

use super::{copied_images, is_mutable, pulled_images};
use crate::dockerfile::DockerfileContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "IR101",
    name: "mutable-tag",
    severity: Severity::Warning,
    summary: "An image referenced as `:latest` or without a tag, and without a digest.",
    doc: r#"
## What it finds

Images pulled with no tag (which means `:latest`) or with `:latest`, and
no `@sha256:` digest: `FROM` bases, `COPY --from=image`, `RUN
--mount=from=image`, Kubernetes containers and Compose services.
`cgr.dev` images are free only as `:latest`, so there the finding also
says that the image moves across major versions.

## Why it matters

`latest` changes under you: two builds of the same commit get different
bases, a rebuild can pick up a new major version of the runtime, and a
rollback does not roll the base back. Vulnerability reports cannot say
which image they describe.

## Example

```dockerfile
FROM node
COPY --from=nginx /etc/nginx/nginx.conf /etc/
```

## Fix

Name the version you test against and pin it by digest:
`FROM node:22-bookworm@sha256:...`. `docker buildx imagetools inspect
IMAGE` (or `crane digest IMAGE`) prints the digest. For `cgr.dev` free images, pin `:latest` by
digest and let Renovate or Dependabot move the digest.
"#,
    targets: &[Target::Dockerfile, Target::Kubernetes, Target::Compose],
    fix: FixKind::None,
};

/// The message for a moving reference.
pub(crate) fn message(image: &ImageRef) -> String {
    let what = match image.tag {
        None => format!("`{}` has no tag, so it pulls `:latest`", image.original),
        Some(_) => format!("`{}` uses the `latest` tag", image.original),
    };
    if image.registry == "cgr.dev" {
        format!(
            "{what}; Chainguard's free images move across major versions under `latest`, so pin it by digest"
        )
    } else {
        format!("{what}, which changes without notice and makes builds unrepeatable")
    }
}

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    let copied = copied_images(ctx);
    let pulled = pulled_images(ctx);
    let all = pulled
        .iter()
        .map(|(i, s)| (*i, *s))
        .chain(copied.iter().map(|(i, s)| (i, *s)));
    for (image, span) in all {
        if is_mutable(image) {
            out.push(
                ctx.finding(&RULE, span, message(image))
                    .with_help("name a version tag and pin it by digest (`docker buildx imagetools inspect IMAGE` prints the digest)"),
            );
        }
    }
}
