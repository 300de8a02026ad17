use distill_manifest::security::Level;
use distill_report::{Finding, Severity};

use crate::manifest::{PodContext, Profile};
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "HD104",
    name: "seccomp-not-restricted",
    severity: Severity::Error,
    summary: "A container whose effective seccomp profile is not `RuntimeDefault` or `Localhost`.",
    doc: r#"
## What it finds

Each container's effective `seccompProfile` (its own, or the pod's when it
sets none). Under the Baseline profile only an explicit `Unconfined` is
reported, anywhere it is written; under Restricted (and the default
profile) a container with no profile at all is reported too, since the
kubelet then runs it unconfined. Windows pods are exempt from the
Restricted part.

Pod Security Standards control: *Seccomp* (Baseline: not `Unconfined`;
Restricted: `RuntimeDefault` or `Localhost`).

## Why it matters

Seccomp filters the system calls a process may make. The runtime's default
profile blocks about fifty that containers never need and that most kernel
container escapes go through (`keyctl`, `unshare`, `mount`, `bpf`,
`ptrace` of other processes). Kubernetes does not apply it unless asked.

## Example

```yaml
spec:
  containers:
  - name: api
    image: registry.example.com/api:1.4@sha256:...
```

## Fix

Set it once for the whole pod:

```yaml
spec:
  securityContext:
    seccompProfile:
      type: RuntimeDefault
```
"#,
    targets: &[Target::Kubernetes],
    fix: FixKind::None,
};

const HELP: &str = "set `seccompProfile: {type: RuntimeDefault}` in the pod's securityContext";

fn allowed(profile: &str) -> bool {
    matches!(profile, "RuntimeDefault" | "Localhost")
}

pub fn check_pod(ctx: &PodContext<'_, '_, '_>, out: &mut Vec<Finding>) {
    let restricted = ctx.linux_controls_apply();
    let mut pod_level_used = false;
    for checked in &ctx.containers {
        let who = PodContext::describe(&checked.container);
        let finding = match &checked.effective.seccomp {
            Some(setting) => {
                pod_level_used |= setting.level == Level::Pod;
                if setting.value == "Unconfined" {
                    ctx.at_setting(
                        &RULE,
                        &checked.container,
                        setting,
                        format!("{who} runs with seccomp `Unconfined`, so every system call is open to it, including those most container escapes use"),
                    )
                } else if restricted && !allowed(setting.value) {
                    ctx.at_setting(
                        &RULE,
                        &checked.container,
                        setting,
                        format!("{who} has seccomp profile type `{}`; only `RuntimeDefault` and `Localhost` restrict system calls", setting.value),
                    )
                } else {
                    continue;
                }
            }
            None if restricted => ctx.missing(
                &RULE,
                checked,
                "seccompProfile",
                format!("{who} has no seccomp profile (neither its own nor the pod's), so it runs unconfined"),
            ),
            None => continue,
        };
        out.push(finding.with_help(HELP));
    }

    // A pod-level `Unconfined` that every container overrides still makes
    // Pod Security reject the pod.
    let pod_profile = ctx
        .pod
        .security_context()
        .and_then(|c| c.at(&["seccompProfile", "type"]));
    if let Some(node) = pod_profile.filter(|_| !pod_level_used)
        && node.as_str() == Some("Unconfined")
        && ctx.profile().includes(Profile::Baseline)
    {
        out.push(
            ctx.finding(
                &RULE,
                node.span(),
                None,
                ctx.pod.field_path("securityContext.seccompProfile.type"),
                "the pod-level seccomp profile is `Unconfined`; every container overrides it, but Pod Security still rejects the pod".to_string(),
            )
            .with_help(HELP),
        );
    }
}
