use distill_report::{Finding, Severity};

use crate::manifest::PodContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "HD118",
    name: "probe-host",
    severity: Severity::Error,
    summary: "A probe or lifecycle hook that the kubelet sends to another host (`host` set on `httpGet` or `tcpSocket`).",
    doc: r#"
## What it finds

`host` set to anything but the empty string on the `httpGet` or
`tcpSocket` handler of a container's `livenessProbe`, `readinessProbe` or
`startupProbe`, or of its `lifecycle.postStart` and `lifecycle.preStop`
hooks.

Pod Security Standards control: *Host Probes / Lifecycle Hooks*
(Baseline, since Kubernetes 1.34).

## Why it matters

The kubelet runs probes and hooks from the node, with the node's network
identity. With `host` set, anyone who can create a pod can make the
kubelet send requests to any address the node reaches: the node's own
localhost services, cloud metadata endpoints, other internal systems.

## Example

```yaml
livenessProbe:
  httpGet:
    host: 169.254.169.254
    path: /latest/meta-data/
    port: 80
```

## Fix

Remove `host`: the probe then goes to the pod's own IP, which is what a
health check is for.
"#,
    targets: &[Target::Kubernetes],
    fix: FixKind::None,
};

pub fn check_pod(ctx: &PodContext<'_, '_, '_>, out: &mut Vec<Finding>) {
    let handlers: [(&[&str], &str); 5] = [
        (&["livenessProbe"], "livenessProbe"),
        (&["readinessProbe"], "readinessProbe"),
        (&["startupProbe"], "startupProbe"),
        (&["lifecycle", "postStart"], "lifecycle.postStart"),
        (&["lifecycle", "preStop"], "lifecycle.preStop"),
    ];
    for checked in &ctx.containers {
        let container = &checked.container;
        for (keys, label) in handlers {
            let Some(handler) = container.node.at(keys) else {
                continue;
            };
            for kind in ["httpGet", "tcpSocket"] {
                let Some(host) = handler.at(&[kind, "host"]) else {
                    continue;
                };
                let text = host.as_str().unwrap_or("?");
                if text.is_empty() {
                    continue;
                }
                out.push(
                    ctx.finding(
                        &RULE,
                        host.span(),
                        Some(container),
                        format!("{}.{label}.{kind}.host", container.path),
                        format!(
                            "the {label} of {} makes the kubelet connect to `{text}` from the node",
                            PodContext::describe(container)
                        ),
                    )
                    .with_help("remove `host` so that the kubelet checks the pod itself"),
                );
            }
        }
    }
}
