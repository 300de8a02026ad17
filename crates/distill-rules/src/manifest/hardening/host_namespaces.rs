use distill_report::{Finding, Severity};

use crate::manifest::PodContext;
use crate::manifest::compose::{Placed, ServiceContext};
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "HD108",
    name: "host-namespaces",
    severity: Severity::Error,
    summary: "A pod that shares the node's network, process or IPC namespace (Compose: `network_mode`, `pid` or `ipc: host`).",
    doc: r#"
## What it finds

Pod specs with `hostNetwork`, `hostPID` or `hostIPC` set to true, and
Compose services with `network_mode: host`, `pid: host` or `ipc: host`.

Pod Security Standards control: *Host Namespaces* (Baseline).

## Why it matters

`hostNetwork` puts the pod on the node's interfaces: it can reach
services bound to localhost on the node (the kubelet's read-only port,
cloud metadata endpoints) and sniff traffic. `hostPID` shows every process
of the node and, with `ptrace`, lets the pod read their memory and
environment (secrets included). `hostIPC` shares shared-memory segments
with them.

## Example

```yaml
spec:
  hostNetwork: true
```

## Fix

Remove the field. A workload that must be reachable on a node port uses a
`Service` of type `NodePort` or `LoadBalancer`; one that inspects the node
is a platform agent, audited apart.
"#,
    targets: &[Target::Kubernetes, Target::Compose],
    fix: FixKind::None,
};

const WHY: [(&str, &str); 3] = [
    ("hostNetwork", "the node's network"),
    ("hostPID", "the node's processes"),
    ("hostIPC", "the node's shared memory"),
];

pub fn check_pod(ctx: &PodContext<'_, '_, '_>, out: &mut Vec<Finding>) {
    for (field, what) in WHY {
        let Some(value) = ctx.pod.node.get(field) else {
            continue;
        };
        if value.as_bool() != Some(true) {
            continue;
        }
        out.push(
            ctx.finding(
                &RULE,
                value.span(),
                None,
                ctx.pod.field_path(field),
                format!("`{field}: true` gives every container of the pod {what}"),
            )
            .with_help(format!("remove `{field}`")),
        );
    }
}

pub fn check_service(ctx: &ServiceContext<'_, '_, '_>, out: &mut Vec<Placed>) {
    for (field, what) in [
        ("network_mode", "the host's network"),
        ("pid", "the host's processes"),
        ("ipc", "the host's shared memory"),
    ] {
        let Some(value) = ctx.service.get(field) else {
            continue;
        };
        if value.node.as_str() != Some("host") {
            continue;
        }
        let (file, finding) = ctx.at(
            &RULE,
            &value,
            field,
            format!(
                "{} uses `{field}: host`, which gives it {what}",
                ctx.describe()
            ),
        );
        out.push((file, finding.with_help(format!("remove `{field}: host`"))));
    }
}
