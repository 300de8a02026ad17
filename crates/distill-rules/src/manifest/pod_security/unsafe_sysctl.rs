use distill_report::{Finding, Severity};

use crate::manifest::PodContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "HD116",
    name: "unsafe-sysctl",
    severity: Severity::Error,
    summary: "A pod that sets a sysctl outside the safe, namespaced set.",
    doc: r#"
## What it finds

Names in the pod-level `securityContext.sysctls` outside the set Pod
Security allows: `kernel.shm_rmid_forced`, `net.ipv4.ip_local_port_range`,
`net.ipv4.ip_local_reserved_ports`, `net.ipv4.ip_unprivileged_port_start`,
`net.ipv4.ping_group_range`, `net.ipv4.tcp_syncookies`,
`net.ipv4.tcp_keepalive_time`, `net.ipv4.tcp_fin_timeout`,
`net.ipv4.tcp_keepalive_intvl`, `net.ipv4.tcp_keepalive_probes`,
`net.ipv4.tcp_rmem`, `net.ipv4.tcp_wmem`,
`net.ipv4.tcp_slow_start_after_idle` and `net.ipv4.tcp_notsent_lowat`
(the set of Kubernetes 1.37).

Pod Security Standards control: *Sysctls* (Baseline).

## Why it matters

Sysctls outside that set are not isolated per pod: they change the whole
node's kernel for every other workload on it, or open interfaces (shared
memory limits, routing) that cross pod boundaries.

## Example

```yaml
securityContext:
  sysctls:
  - name: net.core.somaxconn
    value: "1024"
```

## Fix

Remove the sysctl, or have the platform team set it on the nodes (and
allow it per node with the kubelet's `--allowed-unsafe-sysctls`) for the
workloads that need it.
"#,
    targets: &[Target::Kubernetes],
    fix: FixKind::None,
};

const SAFE: [&str; 14] = [
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.ping_group_range",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
    "net.ipv4.tcp_slow_start_after_idle",
    "net.ipv4.tcp_notsent_lowat",
];

pub fn check_pod(ctx: &PodContext<'_, '_, '_>, out: &mut Vec<Finding>) {
    let Some(sysctls) = ctx.pod.security_context().and_then(|c| c.get("sysctls")) else {
        return;
    };
    for (index, sysctl) in sysctls.items().enumerate() {
        let Some(name) = sysctl.get("name") else {
            continue;
        };
        let text = name.as_str().unwrap_or_default();
        if SAFE.contains(&text) {
            continue;
        }
        out.push(
            ctx.finding(
                &RULE,
                name.span(),
                None,
                ctx.pod.field_path(&format!("securityContext.sysctls[{index}].name")),
                format!("the sysctl `{text}` is not namespaced per pod, so setting it reaches beyond the pod"),
            )
            .with_help("remove it, or have the nodes set it for the workloads that need it"),
        );
    }
}
