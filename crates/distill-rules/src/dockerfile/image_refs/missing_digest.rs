use distill_report::{Finding, Severity};

use super::{copied_images, is_mutable, pulled_images};
use crate::dockerfile::DockerfileContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "IR102",
    name: "missing-digest",
    severity: Severity::Warning,
    summary: "An image pinned by tag only, not by `@sha256:` digest.",
    doc: r#"
## What it finds

Image references with a version tag but no `@sha256:` digest: `FROM`
bases, `COPY --from` and `RUN --mount=from=` images, Kubernetes
containers and Compose services. Stage references and `scratch` are
exempt. References without a tag or with `latest` are reported as IR101
instead, which covers this too.

## Why it matters

Tags are mutable: `python:3.12-slim` is rebuilt every few days, and a
registry (or whoever controls it) can point a tag anywhere. Only a digest
names exactly the image that was tested, scanned and signed, and only a
digest lets admission control verify a signature for it.

## Example

```dockerfile
FROM python:3.12-slim AS build
FROM gcr.io/distroless/python3-debian12:nonroot
```

## Fix

Append the digest and keep the tag for readers:
`FROM python:3.12-slim@sha256:...`. `docker buildx imagetools inspect
IMAGE` (or `crane digest IMAGE`) prints the digest, and Renovate (`pinDigests`) or Dependabot
keeps them current.
"#,
    targets: &[Target::Dockerfile, Target::Kubernetes, Target::Compose],
    fix: FixKind::None,
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    let copied = copied_images(ctx);
    let pulled = pulled_images(ctx);
    let all = pulled
        .iter()
        .map(|(i, s)| (*i, *s))
        .chain(copied.iter().map(|(i, s)| (i, *s)));
    for (image, span) in all {
        if image.digest.is_some() || is_mutable(image) {
            continue;
        }
        out.push(
            ctx.finding(
                &RULE,
                span,
                format!(
                    "`{}` is pinned by tag only; the tag can move to a different image",
                    image.original
                ),
            )
            .with_help(
                "append `@sha256:<digest>` (`docker buildx imagetools inspect IMAGE` prints it)",
            ),
        );
    }
}
