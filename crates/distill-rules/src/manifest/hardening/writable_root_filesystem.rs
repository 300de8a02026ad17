use distill_report::{Finding, Severity};

use super::missing_writable_tmp::{pod_has_tmp, service_has_tmp};
use crate::manifest::PodContext;
use crate::manifest::compose::{Placed, ServiceContext};
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "HD101",
    name: "writable-root-filesystem",
    severity: Severity::Warning,
    summary: "A container whose root filesystem is writable: `readOnlyRootFilesystem` is not true (Compose: `read_only`).",
    doc: r#"
## What it finds

Kubernetes containers (init, sidecar and ephemeral ones included) whose
own `securityContext` does not set `readOnlyRootFilesystem: true`, and
Compose services without `read_only: true`. The field exists only on
containers: written in the pod-level `securityContext` it does nothing
(HD110), so it does not count here.

## Why it matters

An attacker who gets code execution in a writable container can drop
tools, rewrite the application's files or plant a persistent backdoor for
the life of the pod. A read-only root filesystem turns all of that into an
error, and it documents exactly where the application writes (each writable
place is a volume). The distroless strategy runs every workload this way.

## Example

```yaml
containers:
- name: api
  image: registry.example.com/api:1.4@sha256:...
  securityContext:
    runAsNonRoot: true
```

## Fix

Set `readOnlyRootFilesystem: true` in the container's `securityContext` and
mount an `emptyDir` at every place the program writes, `/tmp` first
(HD106). In Compose, `read_only: true` with `tmpfs: [/tmp]`.
"#,
    targets: &[Target::Kubernetes, Target::Compose],
    fix: FixKind::None,
};

const HELP: &str = "set `readOnlyRootFilesystem: true` in the container's securityContext and mount an emptyDir at /tmp";
const HELP_WITH_TMP: &str = "set `readOnlyRootFilesystem: true` in the container's securityContext; it already mounts a writable /tmp";

pub fn check_pod(ctx: &PodContext<'_, '_, '_>, out: &mut Vec<Finding>) {
    for checked in &ctx.containers {
        let who = PodContext::describe(&checked.container);
        let finding = match &checked.effective.read_only_root_filesystem {
            Some(setting) if setting.value => continue,
            Some(setting) => ctx.at_setting(
                &RULE,
                &checked.container,
                setting,
                format!("{who} sets `readOnlyRootFilesystem: false`, so anything that runs in it can rewrite its files"),
            ),
            None => ctx.missing(
                &RULE,
                checked,
                "readOnlyRootFilesystem",
                format!("{who} does not set `readOnlyRootFilesystem: true`, so anything that runs in it can rewrite its files"),
            ),
        };
        let help = if pod_has_tmp(ctx, checked) {
            HELP_WITH_TMP
        } else {
            HELP
        };
        out.push(finding.with_help(help));
    }
}

pub fn check_service(ctx: &ServiceContext<'_, '_, '_>, out: &mut Vec<Placed>) {
    let who = ctx.describe();
    let (file, finding) = match ctx.service.get("read_only") {
        Some(value) if value.node.as_bool_lenient() == Some(true) => return,
        Some(value) => ctx.at(
            &RULE,
            &value,
            "read_only",
            format!("{who} has a writable root filesystem (`read_only` is not true), so anything that runs in it can rewrite its files"),
        ),
        None => ctx.missing(
            &RULE,
            "read_only",
            format!("{who} does not set `read_only: true`, so anything that runs in it can rewrite its files"),
        ),
    };
    let help = if service_has_tmp(ctx) {
        "set `read_only: true` on the service; it already has a writable /tmp"
    } else {
        "set `read_only: true` and `tmpfs: [/tmp]` on the service"
    };
    out.push((file, finding.with_help(help)));
}
