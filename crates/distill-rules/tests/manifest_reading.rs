//! What the manifest audit reads and what it leaves alone: templates,
//! fragments of objects, files that are not Kubernetes objects, and YAML
//! that only Kubernetes' own reader accepts.

use distill_catalog::Catalog;
use distill_rules::RuleSettings;
use distill_rules::manifest::{ManifestAudit, ManifestOptions, check_manifest};

fn audit(text: &str) -> ManifestAudit {
    check_manifest(
        "deploy.yaml",
        text,
        Catalog::builtin(),
        &ManifestOptions::default(),
        &RuleSettings::all(),
    )
}

fn codes(audit: &ManifestAudit) -> Vec<String> {
    audit
        .findings
        .iter()
        .map(|f| format!("{} {}:{}", f.code, f.start.line, f.start.column))
        .collect()
}

#[test]
fn braces_in_strings_do_not_make_a_template() {
    let text = "\
# rendered by sed 's/{{ TAG }}/1.0/'
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    image: nginx:1.27
    args: [\"--log-format\", \"{{.Time}}\"]
    securityContext: {privileged: true}
";
    let audit = audit(text);
    assert!(!audit.unrendered_template);
    assert!(
        codes(&audit).contains(&"HD107 10:35".to_string()),
        "{:?}",
        codes(&audit)
    );
}

#[test]
fn unrendered_templates_are_skipped_whole() {
    let text = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  template:
    spec:
      containers:
      - name: app
        image: {{ .Values.image }}
";
    let audit = audit(text);
    assert!(audit.unrendered_template);
    assert!(audit.findings.is_empty());
    assert!(audit.workloads.is_empty());
}

#[test]
fn fragments_without_images_are_not_workloads() {
    // A Kustomize strategic-merge patch: merged into a base by name.
    let text = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 3
  template:
    spec:
      containers:
      - name: api
        env: [{name: MODE, value: ha}]
";
    let audit = audit(text);
    assert!(audit.is_manifest);
    assert!(audit.findings.is_empty(), "{:?}", codes(&audit));
    assert!(audit.workloads.is_empty());
}

#[test]
fn a_container_list_that_is_a_mapping_is_a_syntax_error() {
    let text = "\
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  template:
    spec:
      containers:
        name: agent
        image: example/agent:1.0
        securityContext: {privileged: true}
";
    let audit = audit(text);
    assert_eq!(codes(&audit), ["PE101 8:9"]);
    let context = audit.findings[0].context.as_ref().expect("a context");
    assert_eq!(context.field_path, "spec.template.spec.containers");
}

#[test]
fn quoted_strings_that_only_kubernetes_reads_get_a_notice() {
    let text = "\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      image: nginx:1.27
      env:
        - name: GREETING
          value: 'hello
          world'
";
    let audit = audit(text);
    assert!(
        audit.findings.iter().all(|f| f.code != "PE101"),
        "{:?}",
        codes(&audit)
    );
    assert_eq!(audit.notices.len(), 1, "{:?}", audit.notices);
    assert!(audit.notices[0].starts_with("deploy.yaml:"));
}

#[test]
fn broken_documents_are_reported_and_the_others_checked() {
    let text = "\
apiVersion: v1
kind: Pod
metadata: {name: broken
---
apiVersion: v1
kind: Pod
metadata: {name: fine}
spec:
  hostPID: true
  containers:
  - {name: app, image: nginx:1.27}
";
    let found = codes(&audit(text));
    assert!(found.iter().any(|c| c.starts_with("PE101")), "{found:?}");
    assert!(found.contains(&"HD108 9:12".to_string()), "{found:?}");
}

#[test]
fn files_that_are_not_kubernetes_objects_are_left_alone() {
    for text in [
        "name: ci\non: [push]\njobs: {}\n",
        "{\"name\": \"package\", \"version\": \"1.0.0\"}",
        "key: [unclosed\n",
    ] {
        let audit = audit(text);
        assert!(!audit.is_manifest, "{text}");
        assert!(audit.findings.is_empty(), "{text}");
    }
}

#[test]
fn custom_resources_that_reuse_workload_kinds_are_not_workloads() {
    let text = "\
apiVersion: apps.kruise.io/v1alpha1
kind: DaemonSet
metadata: {name: agent}
spec:
  template:
    spec:
      containers:
        name: agent
        image: example/agent:1.0
";
    let audit = audit(text);
    assert!(audit.findings.is_empty(), "{:?}", codes(&audit));
    assert!(audit.workloads.is_empty());
}

#[test]
fn the_help_of_a_writable_root_knows_about_a_tmp_mount() {
    let text = "\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    image: app:1.0
    volumeMounts: [{name: tmp, mountPath: /tmp}]
  volumes: [{name: tmp, emptyDir: {}}]
";
    let audit = audit(text);
    let hd101 = audit
        .findings
        .iter()
        .find(|f| f.code == "HD101")
        .expect("HD101");
    assert_eq!(
        hd101.help.as_deref(),
        Some(
            "set `readOnlyRootFilesystem: true` in the container's securityContext; it already mounts a writable /tmp"
        )
    );
}
