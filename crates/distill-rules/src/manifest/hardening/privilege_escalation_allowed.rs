use distill_report::{Finding, Severity};

use crate::manifest::PodContext;
use crate::manifest::compose::{Placed, ServiceContext};
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "HD102",
    name: "privilege-escalation-allowed",
    severity: Severity::Error,
    summary: "A container that may gain privileges: `allowPrivilegeEscalation` is not false, or is true in effect (Compose: no `no-new-privileges:true`).",
    doc: r#"
## What it finds

Containers whose `allowPrivilegeEscalation` is missing (it defaults to
true) or true, and containers that write `false` but are privileged or add
`CAP_SYS_ADMIN`, where escalation is possible whatever the field says (the
API server refuses that combination). Compose services without
`no-new-privileges:true` in `security_opt`. Windows pods (`spec.os.name:
windows`) are exempt, as Pod Security exempts them.

Pod Security Standards control: *Privilege Escalation* (Restricted).

## Why it matters

With escalation allowed, a process can gain privileges through setuid
binaries or file capabilities: a non-root user who finds a setuid `su` or
`mount` becomes root. `allowPrivilegeEscalation: false` sets the kernel's
`no_new_privs` flag, which closes that door for the container's whole
process tree.

## Example

```yaml
securityContext:
  runAsNonRoot: true
  capabilities:
    drop: [ALL]
```

## Fix

Add `allowPrivilegeEscalation: false` to every container's
`securityContext` (it cannot be set for the whole pod), and drop
`privileged` and `SYS_ADMIN`. In Compose: `security_opt:
["no-new-privileges:true"]`.
"#,
    targets: &[Target::Kubernetes, Target::Compose],
    fix: FixKind::None,
};

const HELP: &str = "set `allowPrivilegeEscalation: false` in the container's securityContext";

pub fn check_pod(ctx: &PodContext<'_, '_, '_>, out: &mut Vec<Finding>) {
    if !ctx.linux_controls_apply() {
        return;
    }
    for checked in &ctx.containers {
        let who = PodContext::describe(&checked.container);
        let effective = &checked.effective;
        let privileged = effective.privileged.as_ref().is_some_and(|p| p.value);
        let finding = match &effective.allow_privilege_escalation {
            Some(setting) if setting.value => ctx.at_setting(
                &RULE,
                &checked.container,
                setting,
                format!("{who} sets `allowPrivilegeEscalation: true`, so setuid binaries and file capabilities can make it root"),
            ),
            Some(setting) if effective.escalation_allowed() => {
                let why = if privileged { "it is privileged" } else { "it adds SYS_ADMIN" };
                ctx.at_setting(
                    &RULE,
                    &checked.container,
                    setting,
                    format!("{who} can still escalate privileges because {why}; the API server rejects `allowPrivilegeEscalation: false` with that"),
                )
            }
            Some(_) => continue,
            None => ctx.missing(
                &RULE,
                checked,
                "allowPrivilegeEscalation",
                format!("{who} does not set `allowPrivilegeEscalation: false`; it defaults to true, so setuid binaries can make it root"),
            ),
        };
        out.push(finding.with_help(HELP));
    }
}

/// Whether a `security_opt` item turns on no-new-privileges:
/// `no-new-privileges`, `no-new-privileges:true` or `=true`.
fn sets_no_new_privileges(item: &str) -> bool {
    let item = item.trim();
    match item.strip_prefix("no-new-privileges") {
        Some("") => true,
        Some(rest) => matches!(
            rest.strip_prefix([':', '=']).map(str::trim),
            Some("true" | "1")
        ),
        None => false,
    }
}

pub fn check_service(ctx: &ServiceContext<'_, '_, '_>, out: &mut Vec<Placed>) {
    let options = ctx.service.list("security_opt");
    if options
        .iter()
        .any(|o| o.node.as_str().is_some_and(sets_no_new_privileges))
    {
        return;
    }
    let who = ctx.describe();
    let message = format!(
        "{who} does not set `no-new-privileges:true`, so setuid binaries and file capabilities can make its processes root"
    );
    let (file, finding) = match options.first() {
        Some(first) => ctx.at(&RULE, first, "security_opt", message),
        None => ctx.missing(&RULE, "security_opt", message),
    };
    out.push((
        file,
        finding.with_help("add `security_opt: [\"no-new-privileges:true\"]` to the service"),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_new_privileges_spellings() {
        for item in [
            "no-new-privileges",
            "no-new-privileges:true",
            "no-new-privileges=true",
        ] {
            assert!(sets_no_new_privileges(item), "{item}");
        }
        for item in [
            "no-new-privileges:false",
            "seccomp:unconfined",
            "no-new-privilegesx",
        ] {
            assert!(!sets_no_new_privileges(item), "{item}");
        }
    }
}
