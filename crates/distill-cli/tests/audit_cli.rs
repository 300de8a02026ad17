//! `distill audit` end to end: discovery, every output format, exit codes,
//! configuration, suppressions and fixes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn distill() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_distill"));
    command.env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    command
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/audit/sample")
}

fn run(args: &[&str], dir: &Path) -> Output {
    distill()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("distill runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

#[test]
fn every_format_of_the_sample() {
    for format in ["human", "json", "sarif", "github", "markdown"] {
        let output = run(&["audit", "--format", format], &sample());
        assert_eq!(
            output.status.code(),
            Some(1),
            "{format}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        insta::assert_snapshot!(format!("sample_{format}"), stdout(&output));
    }
}

#[test]
fn gitignored_files_are_skipped_and_paths_are_relative() {
    let output = run(&["audit", "--format", "json", "."], &sample());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let paths: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["path"].as_str().expect("path"))
        .collect();
    assert!(paths.contains(&"Dockerfile"));
    assert!(paths.contains(&"services/web/web.Dockerfile"));
    assert!(!paths.iter().any(|p| p.starts_with("ignored/")));
    assert_eq!(json["summary"]["files"], 5);
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let schema = shared_file("schemas/sarif/2.1.0/sarif-schema-2.1.0.json");
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("report.sarif");
    let output = run(
        &[
            "audit",
            "--format",
            "sarif",
            "--output",
            report.to_str().expect("path"),
        ],
        &sample(),
    );
    assert_eq!(output.status.code(), Some(1));
    let validator =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/validate_json_schema.py");
    let result = python()
        .arg(validator)
        .arg(schema)
        .arg(&report)
        .output()
        .expect("python runs");
    assert!(
        result.status.success(),
        "SARIF does not validate: {}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}

fn python() -> Command {
    Command::new(std::env::var_os("DISTILL_PYTHON").unwrap_or_else(|| "python3".into()))
}

fn shared_file(relative: &str) -> PathBuf {
    let base = std::env::var_os("DISTILL_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let path = base.join(relative);
    assert!(
        path.exists(),
        "missing {}: set DISTILL_SHARED to the folder that holds {relative}",
        path.display()
    );
    path
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

#[test]
fn exit_codes_follow_fail_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "Dockerfile",
        "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\nENTRYPOINT [\"/app\"]\n",
    );
    // Only IR102 (a warning) is found.
    assert_eq!(run(&["audit"], dir.path()).status.code(), Some(0));
    assert_eq!(
        run(&["audit", "--fail-on", "warning"], dir.path())
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        run(
            &["audit", "--fail-on", "warning", "--ignore", "IR"],
            dir.path()
        )
        .status
        .code(),
        Some(0)
    );
    assert_eq!(
        run(&["audit", "missing-folder"], dir.path()).status.code(),
        Some(2)
    );
}

#[test]
fn bad_configuration_points_into_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "Dockerfile", "FROM scratch\n");
    write(
        dir.path(),
        "distill.toml",
        "[rules]\nignore = [\"US101\", \"XX123\"]\n",
    );
    let output = run(&["audit"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("distill.toml:2:20: unknown rule code \"XX123\""),
        "{stderr}"
    );
    // --isolated ignores it.
    assert_ne!(
        run(&["audit", "--isolated"], dir.path()).status.code(),
        Some(2)
    );
}

#[test]
fn configuration_is_found_above_the_audited_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        ".distill.toml",
        "[rules]\nselect = [\"US101\"]\n",
    );
    write(
        dir.path(),
        "app/Dockerfile",
        "FROM ubuntu:24.04\nRUN true\n",
    );
    let output = run(&["audit", "--format", "json", "app"], dir.path());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().expect("code"))
        .collect();
    assert_eq!(codes, ["US101"]);
}

#[test]
fn fix_rewrites_the_file_and_a_second_run_is_clean_of_fixable_findings() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "Dockerfile",
        "FROM gcr.io/distroless/static-debian12\nCOPY app /app\nUSER nonroot\nENTRYPOINT [\"/app\"]\n",
    );
    let output = run(&["audit", "--fix", "--select", "US"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let fixed = std::fs::read_to_string(dir.path().join("Dockerfile")).expect("read");
    assert_eq!(
        fixed,
        "FROM gcr.io/distroless/static-debian12\nCOPY app /app\nUSER 65532:65532\nENTRYPOINT [\"/app\"]\n"
    );
    let again = run(&["audit", "--format", "json", "--select", "US"], dir.path());
    let json: serde_json::Value = serde_json::from_slice(&again.stdout).expect("JSON");
    assert_eq!(json["summary"]["fixable"], 0);
}

#[test]
fn extra_dockerfiles_and_explicit_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "build/image.def", "FROM ubuntu\n");
    let output = run(
        &[
            "audit",
            "--format",
            "json",
            "--dockerfile",
            "build/image.def",
            "build",
        ],
        dir.path(),
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["summary"]["files"], 1);
    assert!(
        json["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["code"] == "IR101")
    );
}

#[test]
fn unreadable_and_binary_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("Dockerfile"),
        b"FROM alpine\n\xff\xfe\x00RUN x\n",
    )
    .expect("write");
    let output = run(&["audit", "--format", "json", "--select", "PE"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let finding = &json["findings"][0];
    assert_eq!(finding["code"], "PE101");
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(2), Some(1))
    );
}

#[test]
fn rules_and_rule_commands() {
    let output = distill().args(["rules"]).output().expect("runs");
    let text = stdout(&output);
    assert!(text.contains("US101") && text.contains("runs-as-root"));
    let output = distill().args(["rule", "us101"]).output().expect("runs");
    assert!(stdout(&output).starts_with("# US101 runs-as-root"));
    let output = distill().args(["rule", "XX1"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
}

/// `(path, code)` of every finding of a JSON report, and its notices.
fn paths_and_codes(output: &Output) -> (Vec<(String, String)>, Vec<String>) {
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let findings = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().expect("path").to_string(),
                f["code"].as_str().expect("code").to_string(),
            )
        })
        .collect();
    let notices = json["notices"]
        .as_array()
        .map(|n| {
            n.iter()
                .filter_map(|n| n.as_str())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    (findings, notices)
}

#[test]
fn charts_patches_and_templates_are_skipped_with_one_notice_each() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n  containers:\n  - {name: app, image: nginx:1.27}\n";
    write(
        dir.path(),
        "charts/web/Chart.yaml",
        "apiVersion: v2\nname: web\nversion: 1.0.0\n",
    );
    write(dir.path(), "charts/web/templates/pod.yaml", pod);
    write(
        dir.path(),
        "charts/web/templates/svc.yaml",
        "kind: Service\nmetadata: {name: {{ .Release.Name }}}\n",
    );
    write(
        dir.path(),
        "overlay/kustomization.yaml",
        "resources: [../base]\npatches:\n- path: patch.yaml\n",
    );
    write(dir.path(), "overlay/patch.yaml", pod);
    write(
        dir.path(),
        "gotmpl/pod.yaml",
        "kind: Pod\napiVersion: v1\nspec: {{ .Spec }}\n",
    );
    write(dir.path(), "base/pod.yaml", pod);
    let output = run(
        &["audit", "--format", "json", "--select", "HD108"],
        dir.path(),
    );
    let (findings, notices) = paths_and_codes(&output);
    assert_eq!(
        findings,
        [("base/pod.yaml".to_string(), "HD108".to_string())]
    );
    assert_eq!(notices.len(), 3, "{notices:#?}");
    assert!(
        notices[0].contains("Helm chart `charts/web` (2 files)"),
        "{}",
        notices[0]
    );
    assert!(notices[1].contains("1 file in `gotmpl`"), "{}", notices[1]);
    assert!(notices[2].contains("1 file in `overlay`"), "{}", notices[2]);
}

#[test]
fn lowercase_dockerfiles_and_standalone_compose_files_are_found() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "docker/dockerfile", "FROM ubuntu\n");
    write(
        dir.path(),
        "docker/docker-compose.yml",
        "services:\n  web: {image: web:1.0, read_only: true}\n",
    );
    write(
        dir.path(),
        "docker/docker-compose-dev.yml",
        "services:\n  web: {image: web:1.0}\n",
    );
    let output = run(
        &["audit", "--format", "json", "--select", "IR101,HD101"],
        dir.path(),
    );
    let (findings, _) = paths_and_codes(&output);
    assert_eq!(
        findings,
        [
            (
                "docker/docker-compose-dev.yml".to_string(),
                "HD101".to_string()
            ),
            ("docker/dockerfile".to_string(), "IR101".to_string()),
        ]
    );
}

/// The README's main job: the example service before and after its move
/// to distroless, the full report of each.
#[test]
fn the_example_service_before_and_after() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let before = run(&["audit", "before"], &examples);
    assert_eq!(before.status.code(), Some(1));
    insta::assert_snapshot!("examples_before", stdout(&before));
    let after = run(&["audit", "after"], &examples);
    assert_eq!(after.status.code(), Some(0));
    let report = stdout(&after);
    assert!(
        report.contains("Adoption scorecard: 14/14 (100%)"),
        "{report}"
    );
    insta::assert_snapshot!("examples_after", report);
}

#[test]
fn only_the_override_file_is_merged_into_the_base_compose_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "compose.yaml",
        "services:\n  web:\n    image: web:1.0\n    user: \"65532:65532\"\n",
    );
    // Read only with `-f compose.yaml -f compose.test.yaml`; its fragment
    // must not hide what the base file lacks.
    write(
        dir.path(),
        "compose.test.yaml",
        "services:\n  web: {read_only: true}\n",
    );
    write(
        dir.path(),
        "compose.override.yaml",
        "services:\n  web: {cap_drop: [ALL]}\n",
    );
    let output = run(
        &["audit", "--format", "json", "--select", "HD101,HD103"],
        dir.path(),
    );
    let (findings, _) = paths_and_codes(&output);
    assert_eq!(
        findings,
        [("compose.yaml".to_string(), "HD101".to_string())]
    );
}
