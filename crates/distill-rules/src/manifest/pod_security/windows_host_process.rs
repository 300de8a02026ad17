use distill_manifest::security::Level;
use distill_report::{Finding, Severity};

use crate::manifest::PodContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "HD117",
    name: "windows-host-process",
    severity: Severity::Error,
    summary: "A Windows HostProcess container (`windowsOptions.hostProcess: true`).",
    doc: r#"
## What it finds

`windowsOptions.hostProcess: true` in the pod-level or a container's
`securityContext`.

Pod Security Standards control: *HostProcess* (Baseline).

## Why it matters

A HostProcess container runs directly on the Windows node, with the
node's network and filesystem and as one of its accounts: it is not
isolated at all.

## Example

```yaml
securityContext:
  windowsOptions:
    hostProcess: true
```

## Fix

Remove `hostProcess`; node-level Windows agents are platform components,
run apart.
"#,
    targets: &[Target::Kubernetes],
    fix: FixKind::None,
};

pub fn check_pod(ctx: &PodContext<'_, '_, '_>, out: &mut Vec<Finding>) {
    let mut pod_level_used = false;
    for checked in &ctx.containers {
        let Some(setting) = checked.effective.host_process.as_ref() else {
            continue;
        };
        pod_level_used |= setting.level == Level::Pod;
        if !setting.value {
            continue;
        }
        out.push(
            ctx.at_setting(
                &RULE,
                &checked.container,
                setting,
                format!(
                    "{} is a Windows HostProcess container: it runs on the node itself, unisolated",
                    PodContext::describe(&checked.container)
                ),
            )
            .with_help("remove `windowsOptions.hostProcess`"),
        );
    }
    let pod_value = ctx
        .pod
        .security_context()
        .and_then(|c| c.at(&["windowsOptions", "hostProcess"]));
    if let Some(node) = pod_value.filter(|n| !pod_level_used && n.as_bool() == Some(true)) {
        out.push(
            ctx.finding(
                &RULE,
                node.span(),
                None,
                ctx.pod
                    .field_path("securityContext.windowsOptions.hostProcess"),
                "the pod asks for Windows HostProcess containers; Pod Security rejects it"
                    .to_string(),
            )
            .with_help("remove `windowsOptions.hostProcess`"),
        );
    }
}
