use distill_report::{Finding, Severity};

use crate::manifest::PodContext;
use crate::manifest::compose::{Placed, ServiceContext};
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "HD103",
    name: "capabilities-not-dropped",
    severity: Severity::Error,
    summary: "A container that keeps the runtime's default capabilities: `capabilities.drop` lacks `ALL` (Compose: `cap_drop`).",
    doc: r#"
## What it finds

Containers whose `securityContext.capabilities.drop` does not list `ALL`,
and Compose services whose `cap_drop` does not. Pod Security compares the
name exactly, so `all` or `All` is reported too, with a note. Windows pods
are exempt.

Pod Security Standards control: *Capabilities* (Restricted: must drop
`ALL`).

## Why it matters

Container runtimes grant about fourteen capabilities by default
(`CHOWN`, `DAC_OVERRIDE`, `FOWNER`, `NET_RAW`, `SETUID`, `SETGID`, ...).
An application almost never needs them, and each is a step toward the host:
`NET_RAW` allows packet spoofing on the pod network, `DAC_OVERRIDE` ignores
file permissions. Dropping all of them and adding back only what is needed
(at most `NET_BIND_SERVICE`) leaves nothing to abuse.

## Example

```yaml
securityContext:
  capabilities:
    drop: [NET_RAW]
```

## Fix

`capabilities: {drop: [ALL]}` in every container's `securityContext`; add
`NET_BIND_SERVICE` back only for a process that must bind a port below
1024 as non-root. In Compose: `cap_drop: [ALL]`.
"#,
    targets: &[Target::Kubernetes, Target::Compose],
    fix: FixKind::None,
};

const HELP: &str = "add `capabilities: {drop: [ALL]}` to the container's securityContext";

pub fn check_pod(ctx: &PodContext<'_, '_, '_>, out: &mut Vec<Finding>) {
    if !ctx.linux_controls_apply() {
        return;
    }
    for checked in &ctx.containers {
        let effective = &checked.effective;
        if effective.capabilities_drop.iter().any(|d| d.value == "ALL") {
            continue;
        }
        let who = PodContext::describe(&checked.container);
        let near = effective.capabilities_drop.iter().find(|d| {
            d.value.eq_ignore_ascii_case("ALL") || d.value.eq_ignore_ascii_case("CAP_ALL")
        });
        let finding = match (near, effective.capabilities) {
            (Some(near), _) => ctx.at_setting(
                &RULE,
                &checked.container,
                near,
                format!("{who} drops `{}`, but Pod Security only accepts `ALL` written in capitals", near.value),
            ),
            (None, Some(_)) => ctx.finding(
                &RULE,
                checked
                    .container
                    .security_context()
                    .and_then(|c| c.entry("capabilities"))
                    .map_or_else(|| ctx.line_of(checked.container.node), |e| e.key.span()),
                Some(&checked.container),
                format!("{}.capabilities.drop", effective.context_path),
                format!("{who} does not drop ALL capabilities, so it keeps the runtime's defaults such as NET_RAW and DAC_OVERRIDE"),
            ),
            (None, None) => ctx.missing(
                &RULE,
                checked,
                "capabilities.drop",
                format!("{who} does not drop ALL capabilities, so it keeps the runtime's defaults such as NET_RAW and DAC_OVERRIDE"),
            ),
        };
        out.push(finding.with_help(HELP));
    }
}

pub fn check_service(ctx: &ServiceContext<'_, '_, '_>, out: &mut Vec<Placed>) {
    let drops = ctx.service.list("cap_drop");
    if drops.iter().any(|d| {
        d.node
            .as_str()
            .is_some_and(|c| c.eq_ignore_ascii_case("ALL"))
    }) {
        return;
    }
    let message = format!(
        "{} does not drop ALL capabilities, so it keeps the runtime's defaults such as NET_RAW and DAC_OVERRIDE",
        ctx.describe()
    );
    let (file, finding) = match drops.first() {
        Some(first) => ctx.at(&RULE, first, "cap_drop", message),
        None => ctx.missing(&RULE, "cap_drop", message),
    };
    out.push((
        file,
        finding.with_help("add `cap_drop: [ALL]` to the service"),
    ));
}
