use distill_manifest::Node;
use distill_report::{Finding, Severity};

use crate::manifest::PodContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "HD114",
    name: "selinux-options",
    severity: Severity::Error,
    summary: "SELinux options that set a custom user or role, or a type other than the container types.",
    doc: r#"
## What it finds

`seLinuxOptions` in the pod-level or a container's `securityContext` whose
`type` is not empty, `container_t`, `container_init_t`, `container_kvm_t`
or `container_engine_t`, or which set `user` or `role` at all. Each place is
checked on its own, as Pod Security checks them. `level` may be anything.

Pod Security Standards control: *SELinux* (Baseline).

## Why it matters

On SELinux nodes the container types confine what a container's processes
may touch on the host. A custom type such as `spc_t` (super-privileged
container) or a custom user or role lifts that confinement.

## Example

```yaml
securityContext:
  seLinuxOptions:
    type: spc_t
```

## Fix

Remove `type`, `user` and `role`; keep only `level` when the workload needs
a particular MCS label.
"#,
    targets: &[Target::Kubernetes],
    fix: FixKind::None,
};

const ALLOWED_TYPES: [&str; 5] = [
    "",
    "container_t",
    "container_init_t",
    "container_kvm_t",
    "container_engine_t",
];

/// The problems of one `seLinuxOptions` mapping: `(field node, field, why)`.
fn problems<'d, 'a>(options: Node<'d, 'a>) -> Vec<(Node<'d, 'a>, &'static str, String)> {
    let mut out = Vec::new();
    if let Some(kind) = options.get("type") {
        let text = kind.as_str().unwrap_or_default();
        if !ALLOWED_TYPES.contains(&text) {
            out.push((
                kind,
                "type",
                format!("the SELinux type `{text}` is not one of the container types"),
            ));
        }
    }
    for field in ["user", "role"] {
        if let Some(value) = options.get(field).filter(|v| v.as_str() != Some("")) {
            out.push((
                value,
                field,
                format!(
                    "a custom SELinux {field} (`{}`) is set",
                    value.as_str().unwrap_or("?")
                ),
            ));
        }
    }
    out
}

pub fn check_pod(ctx: &PodContext<'_, '_, '_>, out: &mut Vec<Finding>) {
    let help = "remove the SELinux `type`, `user` and `role`, keeping `level` if needed";
    let pod_options = ctx
        .pod
        .security_context()
        .and_then(|c| c.get("seLinuxOptions"));
    for (node, field, why) in pod_options.map(problems).unwrap_or_default() {
        out.push(
            ctx.finding(
                &RULE,
                node.span(),
                None,
                ctx.pod.field_path(&format!("securityContext.seLinuxOptions.{field}")),
                format!("in the pod-level securityContext, {why}, which lifts the container confinement for every container"),
            )
            .with_help(help),
        );
    }
    for checked in &ctx.containers {
        let container = &checked.container;
        let own = container
            .security_context()
            .and_then(|c| c.get("seLinuxOptions"));
        for (node, field, why) in own.map(problems).unwrap_or_default() {
            out.push(
                ctx.finding(
                    &RULE,
                    node.span(),
                    Some(container),
                    format!("{}.seLinuxOptions.{field}", checked.effective.context_path),
                    format!(
                        "for {}, {why}, which lifts its confinement",
                        PodContext::describe(container)
                    ),
                )
                .with_help(help),
            );
        }
    }
}
