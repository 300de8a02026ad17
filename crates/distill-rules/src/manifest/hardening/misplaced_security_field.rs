use distill_manifest::security::CONTAINER_ONLY_FIELDS;
use distill_report::{Finding, Severity};

use crate::manifest::PodContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "HD110",
    name: "misplaced-security-field",
    severity: Severity::Warning,
    summary: "A container-only security field written in the pod-level `securityContext`, where it has no effect.",
    doc: r#"
## What it finds

`readOnlyRootFilesystem`, `allowPrivilegeEscalation`, `capabilities`,
`privileged` and `procMount` written in the pod spec's `securityContext`.
The Kubernetes API has these fields on containers only (`SecurityContext`),
not on pods (`PodSecurityContext`).

## Why it matters

The API server drops unknown fields (or, with strict validation, refuses
the object), so the setting silently does nothing: the manifest reads as
hardened while every container runs with a writable root, escalation
allowed and the default capabilities. Linters that read the field where it
is written report the pod as compliant.

## Example

```yaml
spec:
  securityContext:
    runAsNonRoot: true
    readOnlyRootFilesystem: true
    allowPrivilegeEscalation: false
```

## Fix

Move the fields into each container's `securityContext`:

```yaml
spec:
  securityContext:
    runAsNonRoot: true
  containers:
  - name: api
    securityContext:
      readOnlyRootFilesystem: true
      allowPrivilegeEscalation: false
```
"#,
    targets: &[Target::Kubernetes],
    fix: FixKind::None,
};

pub fn check_pod(ctx: &PodContext<'_, '_, '_>, out: &mut Vec<Finding>) {
    let Some(context) = ctx.pod.security_context() else {
        return;
    };
    for entry in context.own_entries() {
        let field = entry.name();
        if !CONTAINER_ONLY_FIELDS.contains(&field) {
            continue;
        }
        out.push(
            ctx.finding(
                &RULE,
                entry.key.span(),
                None,
                ctx.pod.field_path(&format!("securityContext.{field}")),
                format!("`{field}` exists only on containers; in the pod-level securityContext it has no effect, so no container gets it"),
            )
            .with_help("move it into each container's securityContext"),
        );
    }
}
