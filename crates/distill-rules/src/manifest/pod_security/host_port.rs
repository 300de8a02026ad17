use distill_report::{Finding, Severity};

use crate::manifest::PodContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "HD112",
    name: "host-port",
    severity: Severity::Error,
    summary: "A container port bound to a port of the node (`hostPort`).",
    doc: r#"
## What it finds

Items of a container's `ports` with a `hostPort` other than 0.

Pod Security Standards control: *Host Ports* (Baseline).

## Why it matters

A host port opens the node's own address to the pod, past the
NetworkPolicies that guard pod addresses, and lets only one such pod run
per node. It is also a way around a Service's selection: whatever listens
there is reachable by anyone who can reach the node.

## Example

```yaml
ports:
- containerPort: 8080
  hostPort: 80
```

## Fix

Remove `hostPort` and expose the port through a `Service` (`NodePort` or
`LoadBalancer` when it must be reachable from outside the cluster).
"#,
    targets: &[Target::Kubernetes],
    fix: FixKind::None,
};

pub fn check_pod(ctx: &PodContext<'_, '_, '_>, out: &mut Vec<Finding>) {
    for checked in &ctx.containers {
        let container = &checked.container;
        let Some(ports) = container.node.get("ports") else {
            continue;
        };
        for (index, port) in ports.items().enumerate() {
            let Some(host_port) = port.get("hostPort") else {
                continue;
            };
            if host_port.as_i64() == Some(0) {
                continue;
            }
            out.push(
                ctx.finding(
                    &RULE,
                    host_port.span(),
                    Some(container),
                    format!("{}.ports[{index}].hostPort", container.path),
                    format!(
                        "{} binds port {} of the node, past the pod network's policies",
                        PodContext::describe(container),
                        host_port.as_str().unwrap_or("?")
                    ),
                )
                .with_help("remove `hostPort` and expose the port through a Service"),
            );
        }
    }
}
