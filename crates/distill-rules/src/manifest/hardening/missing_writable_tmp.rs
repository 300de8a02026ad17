use distill_manifest::Node;
use distill_report::{Finding, Severity};

use crate::manifest::compose::{Placed, ServiceContext};
use crate::manifest::{Checked, PodContext};
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "HD106",
    name: "missing-writable-tmp",
    severity: Severity::Info,
    summary: "A read-only root filesystem with no writable volume at /tmp.",
    doc: r#"
## What it finds

Containers with `readOnlyRootFilesystem: true` that mount no writable
volume at `/tmp` (an `emptyDir`, an ephemeral or persistent volume;
`configMap`, `secret`, `downwardAPI` and `projected` volumes are read-only,
and so is a mount with `readOnly: true`). Compose services with
`read_only: true` and no `tmpfs` or volume at `/tmp`.

## Why it matters

Most runtimes and libraries write temporary files: Python's `tempfile`,
the JVM's `java.io.tmpdir`, Go's `os.CreateTemp`, nginx's client body
buffers. On a read-only root they fail at run time, often only on the
first large request, and the usual reaction is to turn the read-only
setting off again.

## Example

```yaml
containers:
- name: api
  securityContext:
    readOnlyRootFilesystem: true
```

## Fix

```yaml
containers:
- name: api
  securityContext:
    readOnlyRootFilesystem: true
  volumeMounts:
  - name: tmp
    mountPath: /tmp
volumes:
- name: tmp
  emptyDir: {}
```

In Compose: `tmpfs: [/tmp]`.
"#,
    targets: &[Target::Kubernetes, Target::Compose],
    fix: FixKind::None,
};

/// Whether a volume can be written: the read-only projections aside,
/// every volume type can (a volume with no source is an emptyDir).
fn writable_volume(volume: &Node<'_, '_>) -> bool {
    !["configMap", "secret", "downwardAPI", "projected"]
        .iter()
        .any(|kind| volume.entry(kind).is_some())
}

fn is_tmp(path: &str) -> bool {
    path.trim_end_matches('/') == "/tmp"
}

/// Whether a container mounts a writable volume at /tmp.
pub(crate) fn pod_has_tmp(ctx: &PodContext<'_, '_, '_>, checked: &Checked<'_, '_>) -> bool {
    let volumes = ctx.pod.volumes();
    let mounts = checked.container.node.get("volumeMounts");
    mounts.iter().flat_map(|m| m.items()).any(|mount| {
        let at_tmp = mount.str_at("mountPath").is_some_and(is_tmp);
        let writable_mount = mount.get("readOnly").and_then(|r| r.as_bool()) != Some(true);
        let volume = mount.str_at("name").and_then(|name| {
            volumes
                .iter()
                .find(|(_, v)| v.str_at("name") == Some(name))
                .map(|(_, v)| *v)
        });
        at_tmp && writable_mount && volume.is_some_and(|v| writable_volume(&v))
    })
}

pub fn check_pod(ctx: &PodContext<'_, '_, '_>, out: &mut Vec<Finding>) {
    for checked in &ctx.containers {
        let Some(read_only) = checked
            .effective
            .read_only_root_filesystem
            .as_ref()
            .filter(|s| s.value)
        else {
            continue;
        };
        if pod_has_tmp(ctx, checked) {
            continue;
        }
        out.push(
            ctx.at_setting(
                &RULE,
                &checked.container,
                read_only,
                format!(
                    "{} has a read-only root filesystem but no writable volume at /tmp, where most runtimes write temporary files",
                    PodContext::describe(&checked.container)
                ),
            )
            .with_help("mount an emptyDir volume at /tmp"),
        );
    }
}

/// Whether a Compose `tmpfs` or `volumes` item mounts something at /tmp:
/// `/tmp`, `/tmp:size=64m`, `cache:/tmp`, `{type: tmpfs, target: /tmp}`.
fn mounts_tmp(item: &Node<'_, '_>, short_target: impl Fn(&str) -> Option<&str>) -> bool {
    match item.as_str() {
        Some(text) => short_target(text).is_some_and(is_tmp),
        None => {
            item.str_at("target").is_some_and(is_tmp)
                && item.get("read_only").and_then(|r| r.as_bool_lenient()) != Some(true)
        }
    }
}

/// Whether a service has a tmpfs or a writable volume at /tmp.
pub(crate) fn service_has_tmp(ctx: &ServiceContext<'_, '_, '_>) -> bool {
    let in_tmpfs = ctx
        .service
        .list("tmpfs")
        .iter()
        .any(|t| mounts_tmp(&t.node, |s| s.split(':').next()));
    // `source:target[:mode]`; a volume ending in `:ro` is read-only.
    let in_volumes = ctx.service.list("volumes").iter().any(|v| {
        mounts_tmp(&v.node, |s| {
            let parts: Vec<&str> = s.split(':').collect();
            match parts.as_slice() {
                [_, target] => Some(*target),
                [_, target, mode] if !mode.split(',').any(|m| m == "ro") => Some(*target),
                _ => None,
            }
        })
    });
    in_tmpfs || in_volumes
}

pub fn check_service(ctx: &ServiceContext<'_, '_, '_>, out: &mut Vec<Placed>) {
    let Some(read_only) = ctx
        .service
        .get("read_only")
        .filter(|r| r.node.as_bool_lenient() == Some(true))
    else {
        return;
    };
    if service_has_tmp(ctx) {
        return;
    }
    let (file, finding) = ctx.at(
        &RULE,
        &read_only,
        "tmpfs",
        format!(
            "{} has a read-only root filesystem but no tmpfs or volume at /tmp, where most runtimes write temporary files",
            ctx.describe()
        ),
    );
    out.push((
        file,
        finding.with_help("add `tmpfs: [/tmp]` to the service"),
    ));
}
