use distill_report::{Finding, Severity};

use crate::manifest::compose::{Placed, ServiceContext};
use crate::manifest::{PodContext, Profile};
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "HD109",
    name: "capabilities-added",
    severity: Severity::Error,
    summary: "A container that adds capabilities beyond `NET_BIND_SERVICE` (Compose: `cap_add`).",
    doc: r#"
## What it finds

Items of `securityContext.capabilities.add`, and of a Compose service's
`cap_add`, other than `NET_BIND_SERVICE`. Under the Baseline profile only
capabilities outside the runtime's default set are reported (`AUDIT_WRITE`,
`CHOWN`, `DAC_OVERRIDE`, `FOWNER`, `FSETID`, `KILL`, `MKNOD`,
`NET_BIND_SERVICE`, `SETFCAP`, `SETGID`, `SETPCAP`, `SETUID`, `SYS_CHROOT`
are allowed there). Names are compared as Pod Security compares them:
exactly, so `chown` or `CAP_CHOWN` are not the allowed `CHOWN`. Windows
pods are exempt from the Restricted part.

Pod Security Standards control: *Capabilities* (Baseline: no additions
beyond the default set; Restricted: only `NET_BIND_SERVICE`).

## Why it matters

Each added capability is a piece of root: `SYS_ADMIN` is nearly all of
it (mounts, namespaces, BPF), `NET_ADMIN` rewrites the pod's network,
`SYS_PTRACE` reads other processes' memory, `NET_RAW` forges packets.
Applications in a distroless image need none of them.

## Example

```yaml
securityContext:
  capabilities:
    drop: [ALL]
    add: [NET_ADMIN]
```

## Fix

Remove the addition. A process that must bind a port below 1024 as
non-root keeps `NET_BIND_SERVICE`, or listens on a high port behind the
Service.
"#,
    targets: &[Target::Kubernetes, Target::Compose],
    fix: FixKind::None,
};

/// The runtime's default capabilities, which Baseline allows adding.
const BASELINE_ALLOWED: [&str; 13] = [
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

fn allowed(capability: &str, restricted: bool) -> bool {
    if restricted {
        capability == "NET_BIND_SERVICE"
    } else {
        BASELINE_ALLOWED.contains(&capability)
    }
}

pub fn check_pod(ctx: &PodContext<'_, '_, '_>, out: &mut Vec<Finding>) {
    let restricted = ctx.linux_controls_apply();
    for checked in &ctx.containers {
        for added in &checked.effective.capabilities_add {
            if allowed(added.value, restricted) {
                continue;
            }
            let note = if added.value.starts_with("CAP_")
                || added.value != added.value.to_ascii_uppercase()
            {
                " (Pod Security compares names exactly, without `CAP_` and in capitals)"
            } else {
                ""
            };
            let allowed_here = match ctx.profile() {
                Profile::Baseline => "the runtime's default set",
                _ => "NET_BIND_SERVICE",
            };
            out.push(
                ctx.at_setting(
                    &RULE,
                    &checked.container,
                    added,
                    format!(
                        "{} adds the capability `{}`, beyond {allowed_here}{note}",
                        PodContext::describe(&checked.container),
                        added.value
                    ),
                )
                .with_help("remove it from `capabilities.add`"),
            );
        }
    }
}

pub fn check_service(ctx: &ServiceContext<'_, '_, '_>, out: &mut Vec<Placed>) {
    let restricted = ctx.options.profile.includes(Profile::Restricted);
    for added in ctx.service.list("cap_add") {
        let Some(name) = added.node.as_str() else {
            continue;
        };
        // Docker reads capability names in any case, with or without CAP_.
        let upper = name.to_ascii_uppercase();
        let bare = upper.strip_prefix("CAP_").unwrap_or(&upper);
        if allowed(bare, restricted) {
            continue;
        }
        let (file, finding) = ctx.at(
            &RULE,
            &added,
            "cap_add",
            format!(
                "{} adds the capability `{name}`, beyond NET_BIND_SERVICE",
                ctx.describe()
            ),
        );
        out.push((file, finding.with_help("remove it from `cap_add`")));
    }
}
