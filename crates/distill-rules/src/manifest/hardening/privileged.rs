use distill_report::{Finding, Severity};

use crate::manifest::PodContext;
use crate::manifest::compose::{Placed, ServiceContext};
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "HD107",
    name: "privileged",
    severity: Severity::Error,
    summary: "A privileged container or Compose service.",
    doc: r#"
## What it finds

Containers with `securityContext.privileged: true` (init, sidecar and
ephemeral ones included) and Compose services with `privileged: true`.

Pod Security Standards control: *Privileged Containers* (Baseline).

## Why it matters

A privileged container has every capability, every device of the host,
no seccomp or AppArmor confinement and a writable `/sys`: root in it is
root on the node, with a dozen documented ways out (mounting the host's
disk, loading a kernel module). Nothing else in the hardening list matters
once this is set.

## Example

```yaml
securityContext:
  privileged: true
```

## Fix

Remove `privileged`, and grant only what the workload needs: a single
capability, a device plugin, or a dedicated node-level agent run by the
platform team.
"#,
    targets: &[Target::Kubernetes, Target::Compose],
    fix: FixKind::None,
};

pub fn check_pod(ctx: &PodContext<'_, '_, '_>, out: &mut Vec<Finding>) {
    for checked in &ctx.containers {
        if let Some(setting) = checked.effective.privileged.as_ref().filter(|p| p.value) {
            out.push(
                ctx.at_setting(
                    &RULE,
                    &checked.container,
                    setting,
                    format!(
                        "{} is privileged: it has every capability and device of the node, and root in it is root on the node",
                        PodContext::describe(&checked.container)
                    ),
                )
                .with_help("remove `privileged: true` and add only the capability the workload needs"),
            );
        }
    }
}

pub fn check_service(ctx: &ServiceContext<'_, '_, '_>, out: &mut Vec<Placed>) {
    if let Some(value) = ctx
        .service
        .get("privileged")
        .filter(|p| p.node.as_bool_lenient() == Some(true))
    {
        let (file, finding) = ctx.at(
            &RULE,
            &value,
            "privileged",
            format!(
                "{} is privileged: it has every capability and device of the host, and root in it is root on the host",
                ctx.describe()
            ),
        );
        out.push((
            file,
            finding.with_help(
                "remove `privileged: true` and add only the capability the service needs",
            ),
        ));
    }
}
