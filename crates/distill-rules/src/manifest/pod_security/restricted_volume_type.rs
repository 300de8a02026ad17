use distill_report::{Finding, Severity};

use crate::manifest::PodContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "HD119",
    name: "restricted-volume-type",
    severity: Severity::Error,
    summary: "A volume type outside those the Restricted standard allows.",
    doc: r#"
## What it finds

Volumes whose source is not `configMap`, `csi`, `downwardAPI`,
`emptyDir`, `ephemeral`, `persistentVolumeClaim`, `projected` or `secret`
(a volume with only a name is an `emptyDir`). `hostPath` volumes are
HD111's and are not reported again here.

Pod Security Standards control: *Volume Types* (Restricted).

## Why it matters

The other volume types (`nfs`, `iscsi`, `rbd`, `cephfs`, `gitRepo`,
cloud disks named directly, ...) let the pod author choose storage the
cluster administrator has not vetted: they mount with the node's
credentials and kernel drivers, and `gitRepo` runs `git` on the node.
Storage the workload needs comes through a `PersistentVolumeClaim`, which
the administrator controls.

## Example

```yaml
volumes:
- name: shared
  nfs:
    server: nfs.example.com
    path: /exports/shared
```

## Fix

Ask for the storage with a `PersistentVolumeClaim` bound to a
`PersistentVolume` (or a StorageClass) that the platform team defines.
"#,
    targets: &[Target::Kubernetes],
    fix: FixKind::None,
};

const ALLOWED: [&str; 9] = [
    "name",
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "persistentVolumeClaim",
    "projected",
    "secret",
];

pub fn check_pod(ctx: &PodContext<'_, '_, '_>, out: &mut Vec<Finding>) {
    for (index, volume) in ctx.pod.volumes() {
        let name = volume.str_at("name").unwrap_or("(unnamed)");
        for entry in volume.own_entries() {
            let kind = entry.name();
            if ALLOWED.contains(&kind) || kind == "hostPath" || entry.value.is_null() {
                continue;
            }
            out.push(
                ctx.finding(
                    &RULE,
                    entry.key.span(),
                    None,
                    ctx.pod.field_path(&format!("volumes[{index}].{kind}")),
                    format!("volume `{name}` is a `{kind}` volume, storage the Restricted standard leaves to PersistentVolumeClaims"),
                )
                .with_help("request the storage through a PersistentVolumeClaim"),
            );
        }
    }
}
