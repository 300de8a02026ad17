use distill_catalog::DefaultUser;
use distill_dockerfile::ImageRef;
use distill_manifest::security::Level;
use distill_report::{Finding, Severity};

use crate::manifest::PodContext;
use crate::manifest::compose::{Placed, ServiceContext};
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "HD105",
    name: "may-run-as-root",
    severity: Severity::Error,
    summary: "A container that may run as root: effective `runAsNonRoot` is not true, `runAsUser` is 0, or the two contradict (Compose: no non-root `user`).",
    doc: r#"
## What it finds

Each container's effective `runAsNonRoot` and `runAsUser` (its own, or the
pod's):

- `runAsUser: 0`: the container runs as root;
- `runAsNonRoot: true` with `runAsUser: 0`: the two contradict, and the
  kubelet refuses to start the container;
- `runAsNonRoot` false or missing: nothing stops the image's own user,
  root for most images, from being used.

A pod-level `runAsNonRoot: false` or `runAsUser: 0` that every container
overrides is reported too, since Pod Security rejects the pod for it.
Compose services are reported when `user` is missing (unless the image is
one the catalog knows to run as non-root) or names root (`root`, `0`,
`0:0`).

Pod Security Standards controls: *Running as Non-root* and *Running as
Non-root user* (Restricted).

## Why it matters

Root in a container is root on the host's kernel, held back only by
namespaces, capabilities and seccomp; every kernel or runtime escape starts
from there. `runAsNonRoot: true` makes the kubelet check the image's user
before it starts the container, which a numeric `USER 65532` in the image
(or `runAsUser: 65532`) satisfies.

## Example

```yaml
spec:
  containers:
  - name: api
    securityContext:
      runAsUser: 0
```

## Fix

```yaml
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 65532
    runAsGroup: 65532
```

In Compose: `user: "65532:65532"`.
"#,
    targets: &[Target::Kubernetes, Target::Compose],
    fix: FixKind::None,
};

const HELP: &str = "set `runAsNonRoot: true` and `runAsUser: 65532` in the pod's securityContext";

pub fn check_pod(ctx: &PodContext<'_, '_, '_>, out: &mut Vec<Finding>) {
    let mut pod_user_used = false;
    let mut pod_non_root_used = false;
    for checked in &ctx.containers {
        let who = PodContext::describe(&checked.container);
        let effective = &checked.effective;
        let user = effective.run_as_user.as_ref();
        let non_root = effective.run_as_non_root.as_ref();
        pod_user_used |= user.is_some_and(|u| u.level == Level::Pod);
        pod_non_root_used |= non_root.is_some_and(|n| n.level == Level::Pod);
        let container = &checked.container;
        let root_help = "remove `runAsUser: 0`, or set a non-root UID such as 65532";
        let (finding, help) = match (user, non_root) {
            (Some(user), Some(non_root)) if user.value == 0 && non_root.value => (
                ctx.at_setting(
                    &RULE,
                    container,
                    user,
                    format!("{who} has `runAsNonRoot: true` and `runAsUser: 0`, which contradict: the kubelet refuses to start it"),
                ),
                root_help,
            ),
            (Some(user), _) if user.value == 0 => (
                ctx.at_setting(
                    &RULE,
                    container,
                    user,
                    format!("{who} runs as root (`runAsUser: 0`)"),
                ),
                root_help,
            ),
            (_, Some(non_root)) if !non_root.value => (
                ctx.at_setting(
                    &RULE,
                    container,
                    non_root,
                    format!("{who} sets `runAsNonRoot: false`, so it runs as root whenever its image does"),
                ),
                "set `runAsNonRoot: true`",
            ),
            (_, Some(_)) => continue,
            (Some(user), None) => (
                ctx.missing(
                    &RULE,
                    checked,
                    "runAsNonRoot",
                    format!("{who} runs as UID {} but does not set `runAsNonRoot: true`, which Pod Security Restricted requires", user.value),
                ),
                "set `runAsNonRoot: true` in the pod's securityContext",
            ),
            (None, None) => (
                ctx.missing(
                    &RULE,
                    checked,
                    "runAsNonRoot",
                    format!("{who} does not set `runAsNonRoot: true`, so it runs as its image's user, root for most images"),
                ),
                HELP,
            ),
        };
        out.push(finding.with_help(help));
    }
    overridden_pod_fields(ctx, pod_user_used, pod_non_root_used, out);
}

/// `runAsUser: 0` or `runAsNonRoot: false` at pod level, overridden by
/// every container: harmless in effect, but Pod Security rejects the pod.
fn overridden_pod_fields(
    ctx: &PodContext<'_, '_, '_>,
    user_used: bool,
    non_root_used: bool,
    out: &mut Vec<Finding>,
) {
    let Some(context) = ctx.pod.security_context() else {
        return;
    };
    let root_user = context
        .get("runAsUser")
        .filter(|n| !user_used && n.as_i64() == Some(0));
    let not_non_root = context
        .get("runAsNonRoot")
        .filter(|n| !non_root_used && n.as_bool() == Some(false));
    for (node, field) in [(root_user, "runAsUser"), (not_non_root, "runAsNonRoot")] {
        if let Some(node) = node {
            out.push(
                ctx.finding(
                    &RULE,
                    node.span(),
                    None,
                    ctx.pod.field_path(&format!("securityContext.{field}")),
                    format!("the pod-level `{field}` asks for root; every container overrides it, but Pod Security still rejects the pod"),
                )
                .with_help(HELP),
            );
        }
    }
}

/// Whether a Compose `user` (`name`, `uid`, `uid:gid`) is root.
fn is_root_user(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or(user).trim();
    name == "root" || name == "0"
}

pub fn check_service(ctx: &ServiceContext<'_, '_, '_>, out: &mut Vec<Placed>) {
    let who = ctx.describe();
    let help =
        "set `user: \"65532:65532\"` on the service (or a numeric non-root USER in its image)";
    match ctx.service.get("user") {
        Some(user) => {
            let text = user
                .node
                .as_str()
                .map(str::to_string)
                .or_else(|| user.node.as_i64().map(|n| n.to_string()));
            if text.as_deref().is_some_and(is_root_user) {
                let (file, finding) = ctx.at(
                    &RULE,
                    &user,
                    "user",
                    format!("{who} runs as root (`user: {}`)", text.unwrap_or_default()),
                );
                out.push((file, finding.with_help(help)));
            }
        }
        None => {
            let image = ctx.service.get("image").and_then(|i| i.node.as_str());
            let default_user = image
                .and_then(|text| ImageRef::parse(text).ok())
                .and_then(|i| {
                    ctx.catalog
                        .lookup(&i.registry, &i.repository, i.tag.as_deref())
                })
                .map(|facts| facts.default_user);
            let message = match default_user {
                Some(DefaultUser::NonRoot { .. }) => return,
                Some(DefaultUser::Root) => format!(
                    "{who} sets no `user`, and its image `{}` runs as root",
                    image.unwrap_or_default()
                ),
                _ => format!(
                    "{who} sets no `user`, so it runs as its image's user, root for most images"
                ),
            };
            let (file, finding) = ctx.missing(&RULE, "user", message);
            out.push((file, finding.with_help(help)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compose_root_users() {
        for user in ["root", "0", "0:0", "root:wheel"] {
            assert!(is_root_user(user), "{user}");
        }
        for user in ["65532", "65532:65532", "app", "1000:0"] {
            assert!(!is_root_user(user), "{user}");
        }
    }
}
