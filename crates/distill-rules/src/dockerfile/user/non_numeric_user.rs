use distill_catalog::DefaultUser;
use distill_report::{Finding, Fix, Severity};
use distill_source::{Applicability, Edit};

use super::runtime_user;
use crate::dockerfile::DockerfileContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "US102",
    name: "non-numeric-user",
    severity: Severity::Info,
    summary: "A named USER that Kubernetes `runAsNonRoot` cannot verify; use the numeric UID.",
    doc: r#"
## What it finds

A runtime `USER` given by name (`USER app`, `USER nonroot`) rather than by
number.

## Why it matters

With `runAsNonRoot: true`, the kubelet must prove the image's user is not
root before starting it. It can only do that for a numeric user: a named
user makes the pod fail with "image has non-numeric user, cannot verify
user is non-root", unless `runAsUser` is also set.

## Example

```dockerfile
FROM gcr.io/distroless/static-debian12
COPY app /app
USER nonroot
ENTRYPOINT ["/app"]
```

## Fix

Write the UID (and GID): `USER 65532:65532`. Where distill knows the
number (`nonroot` in distroless and Chainguard images is 65532, `nobody` is
65534), the fix writes it and is safe.
"#,
    targets: &[Target::Dockerfile, Target::Image],
    fix: FixKind::Sometimes,
};

/// The UID of well-known names in the images that define them.
fn known_uid(ctx: &DockerfileContext<'_>, name: &str) -> Option<u32> {
    match name {
        "nobody" => Some(65534),
        "nonroot" => {
            let facts = ctx.runtime_facts()?;
            match facts.default_user {
                DefaultUser::NonRoot { uid } => Some(uid),
                _ if matches!(
                    facts.family,
                    distill_catalog::Family::Distroless
                        | distill_catalog::Family::Chainguard
                        | distill_catalog::Family::Wolfi
                ) =>
                {
                    Some(65532)
                }
                _ => None,
            }
        }
        _ => None,
    }
}

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    let Some(user) = runtime_user(ctx) else {
        return;
    };
    if user.is_unresolved() || user.is_root() || user.user.chars().all(|c| c.is_ascii_digit()) {
        return;
    }
    let mut finding = ctx
        .finding(
            &RULE,
            user.span,
            format!(
                "USER `{}` is a name: with `runAsNonRoot: true` and no `runAsUser`, the kubelet cannot verify it is not root and refuses to start the pod",
                user.user
            ),
        )
        .with_help("write the numeric UID and GID, for example `USER 65532:65532`");
    if let Some(uid) = known_uid(ctx, &user.user).filter(|_| user.literal) {
        // Keep a numeric group as written; a named one maps like the user.
        let group = match user.value.split_once(':') {
            Some((_, g)) if g.chars().all(|c| c.is_ascii_digit()) => g.to_string(),
            Some((_, g)) => known_uid(ctx, g).map_or(uid.to_string(), |g| g.to_string()),
            None => uid.to_string(),
        };
        finding = finding.with_fix(Fix::new(
            format!("write USER {uid}:{group}"),
            Applicability::Safe,
            Edit::replace(user.span, format!("{uid}:{group}")),
        ));
    }
    out.push(finding);
}
