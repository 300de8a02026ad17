use distill_manifest::security::Level;
use distill_report::{Finding, Severity};

use crate::manifest::PodContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "HD113",
    name: "apparmor-unconfined",
    severity: Severity::Error,
    summary: "A container whose AppArmor profile is set to something other than the runtime's default or a local profile.",
    doc: r#"
## What it finds

`appArmorProfile.type` other than `RuntimeDefault` or `Localhost` (in
effect for a container: its own, or the pod's), and the older annotations
`container.apparmor.security.beta.kubernetes.io/NAME` with a value other
than `runtime/default` or `localhost/...`. Leaving AppArmor unset is
allowed: the runtime's default profile then applies.

Pod Security Standards control: *AppArmor* (Baseline).

## Why it matters

On nodes with AppArmor, the runtime's default profile denies writes to
`/proc` and `/sys` files and mounts that container escapes rely on.
`Unconfined` turns that off for the container.

## Example

```yaml
metadata:
  annotations:
    container.apparmor.security.beta.kubernetes.io/api: unconfined
```

## Fix

Remove the setting, or use `type: RuntimeDefault` (or a `Localhost`
profile written for the workload).
"#,
    targets: &[Target::Kubernetes],
    fix: FixKind::None,
};

const ANNOTATION_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";

fn allowed_type(value: &str) -> bool {
    matches!(value, "RuntimeDefault" | "Localhost")
}

fn allowed_annotation(value: &str) -> bool {
    value == "runtime/default" || value.starts_with("localhost/")
}

pub fn check_pod(ctx: &PodContext<'_, '_, '_>, out: &mut Vec<Finding>) {
    let help = "remove the AppArmor override, or use `appArmorProfile: {type: RuntimeDefault}`";
    let mut pod_level_used = false;
    for checked in &ctx.containers {
        let Some(setting) = &checked.effective.app_armor else {
            continue;
        };
        pod_level_used |= setting.level == Level::Pod;
        if allowed_type(setting.value) {
            continue;
        }
        out.push(
            ctx.at_setting(
                &RULE,
                &checked.container,
                setting,
                format!(
                    "{} runs with AppArmor profile `{}`, without the runtime's default confinement",
                    PodContext::describe(&checked.container),
                    setting.value
                ),
            )
            .with_help(help),
        );
    }
    let pod_type = ctx
        .pod
        .security_context()
        .and_then(|c| c.at(&["appArmorProfile", "type"]));
    if let Some(node) = pod_type.filter(|_| !pod_level_used)
        && !node.as_str().is_some_and(allowed_type)
    {
        out.push(
            ctx.finding(
                &RULE,
                node.span(),
                None,
                ctx.pod.field_path("securityContext.appArmorProfile.type"),
                "the pod-level AppArmor profile is not `RuntimeDefault` or `Localhost`; Pod Security rejects the pod".to_string(),
            )
            .with_help(help),
        );
    }

    let metadata_path = ctx.pod.path.trim_end_matches("spec").to_string() + "metadata.annotations";
    for (key, value) in ctx.pod.annotations() {
        let Some(name) = key.strip_prefix(ANNOTATION_PREFIX) else {
            continue;
        };
        let text = value.as_str().unwrap_or_default();
        if allowed_annotation(text) {
            continue;
        }
        let container = ctx
            .containers
            .iter()
            .find(|c| c.container.name == Some(name));
        out.push(
            ctx.finding(
                &RULE,
                value.span(),
                container.map(|c| &c.container),
                format!("{metadata_path}[{key}]"),
                format!("the annotation gives container `{name}` the AppArmor profile `{text}`, without the runtime's default confinement"),
            )
            .with_help(help),
        );
    }
}
