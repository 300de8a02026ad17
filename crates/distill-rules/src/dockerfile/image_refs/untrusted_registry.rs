use distill_report::{Finding, Severity};

use super::{copied_images, pulled_images};
use crate::dockerfile::DockerfileContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "IR103",
    name: "untrusted-registry",
    severity: Severity::Warning,
    summary: "An image from a registry that is not in the configured `trusted-registries`.",
    doc: r#"
## What it finds

When `trusted-registries` is set in `distill.toml`, every image whose
`registry/repository` does not start with one of its entries. Docker Hub
official images are `docker.io/library/NAME`. Without the setting, the rule
finds nothing.

## Why it matters

Teams that mirror or rebuild their bases want every build to pull from
places they control, scan and sign; an image from elsewhere bypasses that.

## Example

```toml
# distill.toml
trusted-registries = ["registry.example.com", "gcr.io/distroless"]
```

```dockerfile
FROM docker.io/library/python:3.12-slim
```

## Fix

Pull the image through a trusted registry (a mirror or your own build of
it), or add the registry to `trusted-registries` if it is one you trust.
"#,
    targets: &[Target::Dockerfile, Target::Kubernetes, Target::Compose],
    fix: FixKind::None,
};

/// Whether `registry/repository` is under one of the trusted prefixes.
pub(crate) fn is_trusted(trusted: &[String], registry: &str, repository: &str) -> bool {
    let full = format!("{registry}/{repository}");
    trusted.iter().any(|prefix| {
        let prefix = prefix.trim_end_matches('/');
        full == prefix || full.starts_with(&format!("{prefix}/"))
    })
}

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    let trusted = &ctx.options.trusted_registries;
    if trusted.is_empty() {
        return;
    }
    let copied = copied_images(ctx);
    let pulled = pulled_images(ctx);
    let all = pulled
        .iter()
        .map(|(i, s)| (*i, *s))
        .chain(copied.iter().map(|(i, s)| (i, *s)));
    for (image, span) in all {
        if is_trusted(trusted, &image.registry, &image.repository) {
            continue;
        }
        out.push(
            ctx.finding(
                &RULE,
                span,
                format!(
                    "`{}` comes from {}/{}, which is not among the trusted registries",
                    image.original, image.registry, image.repository
                ),
            )
            .with_help(format!("pull it through one of: {}", trusted.join(", "))),
        );
    }
}
