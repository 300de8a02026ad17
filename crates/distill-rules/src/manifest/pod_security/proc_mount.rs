use distill_report::{Finding, Severity};

use crate::manifest::{PodContext, Profile};
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "HD115",
    name: "proc-mount",
    severity: Severity::Error,
    summary: "A container that unmasks `/proc` (`procMount` other than `Default`).",
    doc: r#"
## What it finds

Containers whose `securityContext.procMount` is set to anything but
`Default`. Under the Baseline profile, `Unmasked` is allowed in a pod with
`hostUsers: false` (its own user namespace); Restricted allows only
`Default` in every pod.

Pod Security Standards control: */proc Mount Type* (Baseline, and
Restricted since Kubernetes 1.35).

## Why it matters

The runtime masks and makes read-only the parts of `/proc` that reveal
the host or change the kernel (`/proc/kcore`, `/proc/sys`, `/proc/sysrq-
trigger`). `Unmasked` gives them back to the container.

## Example

```yaml
securityContext:
  procMount: Unmasked
```

## Fix

Remove `procMount`. Nested container builds that need it run in a user
namespace (`hostUsers: false`) on nodes set up for them.
"#,
    targets: &[Target::Kubernetes],
    fix: FixKind::None,
};

pub fn check_pod(ctx: &PodContext<'_, '_, '_>, out: &mut Vec<Finding>) {
    let own_user_namespace = ctx.pod.node.get("hostUsers").and_then(|h| h.as_bool()) == Some(false);
    let strict = ctx.profile().includes(Profile::Restricted);
    for checked in &ctx.containers {
        let Some(setting) = &checked.effective.proc_mount else {
            continue;
        };
        if setting.value == "Default" || (!strict && own_user_namespace) {
            continue;
        }
        let why = if own_user_namespace {
            "even in its own user namespace, which the Restricted standard does not accept"
        } else {
            "so the kernel interfaces the runtime hides are open to it"
        };
        out.push(
            ctx.at_setting(
                &RULE,
                &checked.container,
                setting,
                format!(
                    "{} sets `procMount: {}`, {why}",
                    PodContext::describe(&checked.container),
                    setting.value
                ),
            )
            .with_help("remove `procMount`"),
        );
    }
}
