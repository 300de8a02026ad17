use distill_report::{Finding, Severity};

use crate::manifest::PodContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "HD111",
    name: "host-path-volume",
    severity: Severity::Error,
    summary: "A pod that mounts a directory of the node (`hostPath` volume).",
    doc: r#"
## What it finds

Volumes of the pod spec with a `hostPath` source.

Pod Security Standards control: *HostPath Volumes* (Baseline).

## Why it matters

A `hostPath` volume is the node's own filesystem inside the container.
Read-write, it lets the workload change the node (the kubelet's
configuration, other pods' data, `/etc`); even read-only it exposes
credentials and the container runtime's socket when the path is broad
enough. It also ties the pod to one node's layout.

## Example

```yaml
volumes:
- name: logs
  hostPath:
    path: /var/log
```

## Fix

Use an `emptyDir` for scratch space, a `PersistentVolumeClaim` for data,
and a `configMap` or `secret` for configuration. Node agents that truly
need the host are platform components, run in their own namespace.
"#,
    targets: &[Target::Kubernetes],
    fix: FixKind::None,
};

pub fn check_pod(ctx: &PodContext<'_, '_, '_>, out: &mut Vec<Finding>) {
    for (index, volume) in ctx.pod.volumes() {
        let Some(entry) = volume.entry("hostPath") else {
            continue;
        };
        let name = volume.str_at("name").unwrap_or("(unnamed)");
        let path = entry.value.str_at("path").unwrap_or("?");
        out.push(
            ctx.finding(
                &RULE,
                entry.key.span(),
                None,
                ctx.pod.field_path(&format!("volumes[{index}].hostPath")),
                format!("volume `{name}` mounts the node's `{path}` into the pod"),
            )
            .with_help("use an emptyDir, a PersistentVolumeClaim, a configMap or a secret instead"),
        );
    }
}
