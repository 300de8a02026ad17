//! The adoption scorecard end to end, on small repositories that each
//! reproduce a mistake found by auditing real ones.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// The scorecard item `id` of `distill audit --format json` on `dir`.
fn item(dir: &Path, id: &str) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_distill"))
        .args(["audit", "--format", "json", "."])
        .current_dir(dir)
        .output()
        .expect("distill runs");
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    json["scorecard"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["id"] == id)
        .cloned()
        .expect("the item")
}

fn status(item: &Value) -> &str {
    item["status"].as_str().expect("status")
}

fn evidence(item: &Value) -> Vec<String> {
    item["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .map(|e| format!("{}:{}", e["path"].as_str().unwrap_or(""), e["line"]))
        .collect()
}

const STATIC_RUNTIME: &str = "FROM golang:1.23 AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n";

#[test]
fn a_full_distribution_runtime_is_not_shell_free_whatever_the_docs_say() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "Dockerfile",
        "FROM golang:1.23 AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app\nUSER 65532:65532\n",
    );
    write(
        dir.path(),
        "docs/debugging.md",
        "    kubectl debug -it web-0 --image=busybox:1.36 --target=web\n",
    );
    let cl13 = item(dir.path(), "CL13");
    assert_eq!(status(&cl13), "fail", "{cl13:#}");
}

#[test]
fn only_a_kubectl_debug_command_documents_the_debug_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "Dockerfile", STATIC_RUNTIME);
    write(
        dir.path(),
        "docs/proposal.md",
        "This removes the need to drop out to kubectl debug.\n",
    );
    assert_eq!(status(&item(dir.path(), "CL13")), "fail");
    write(
        dir.path(),
        "docs/debugging.md",
        "Run `kubectl debug -it POD --image=busybox --target=app`.\n",
    );
    let cl13 = item(dir.path(), "CL13");
    assert_eq!(status(&cl13), "pass");
    assert_eq!(evidence(&cl13), ["docs/debugging.md:1"]);
}

#[test]
fn builds_in_scripts_that_ci_runs_count() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "Dockerfile", STATIC_RUNTIME);
    write(
        dir.path(),
        ".github/workflows/nightly.yml",
        "on:\n  schedule:\n    - cron: \"0 2 * * *\"\njobs:\n  build:\n    steps:\n      - run: npm run build-docker\n      - run: ./scripts/publish.sh\n      - run: make size\n",
    );
    write(
        dir.path(),
        "package.json",
        "{\"scripts\": {\"build-docker\": \"docker buildx build --platform linux/amd64,linux/arm64 --push -t app:nightly .\"}}\n",
    );
    write(
        dir.path(),
        "scripts/publish.sh",
        "#!/bin/sh\nset -e\ncosign sign --yes \"$IMAGE@$DIGEST\"\n",
    );
    write(
        dir.path(),
        "Makefile",
        "size:\n\t@docker image inspect --format '{{.Size}}' app:nightly\n",
    );
    let cl08 = item(dir.path(), "CL08");
    assert_eq!(status(&cl08), "partial");
    assert_eq!(evidence(&cl08), ["scripts/publish.sh:3"]);
    let cl11 = item(dir.path(), "CL11");
    assert_eq!(
        (status(&cl11), evidence(&cl11)),
        ("pass", vec!["Makefile:2".to_string()])
    );
    let cl12 = item(dir.path(), "CL12");
    assert_eq!(
        (status(&cl12), evidence(&cl12)),
        ("pass", vec!["package.json:1".to_string()])
    );
    let cl14 = item(dir.path(), "CL14");
    assert_eq!(status(&cl14), "pass");
    assert_eq!(evidence(&cl14), [".github/workflows/nightly.yml:3"]);
}

#[test]
fn unrecognised_builds_leave_the_build_items_unknown() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "Dockerfile", STATIC_RUNTIME);
    write(
        dir.path(),
        ".github/workflows/ci.yml",
        "jobs:\n  test:\n    steps:\n      - run: go test ./...\n",
    );
    for id in ["CL09", "CL11", "CL12"] {
        assert_eq!(status(&item(dir.path(), id)), "unknown", "{id}");
    }
}

#[test]
fn reusable_workflows_called_with_platforms_are_multi_arch() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "Dockerfile", STATIC_RUNTIME);
    write(
        dir.path(),
        ".github/workflows/image.yaml",
        "on:\n  workflow_call:\n    inputs:\n      platforms: {type: string}\njobs:\n  build:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          platforms: ${{ inputs.platforms }}\n",
    );
    write(
        dir.path(),
        ".github/workflows/release.yaml",
        "on: [push]\njobs:\n  images:\n    uses: ./.github/workflows/image.yaml\n    with:\n      platforms: linux/amd64,linux/arm64\n",
    );
    let cl12 = item(dir.path(), "CL12");
    assert_eq!(status(&cl12), "pass");
    assert_eq!(evidence(&cl12), [".github/workflows/release.yaml:6"]);
}

#[test]
fn a_workload_counts_once_with_all_its_containers() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "deploy/web.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  initContainers:\n  - name: check\n    image: busybox:1.36@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n  containers:\n  - name: web\n    image: web\n",
    );
    let cl04 = item(dir.path(), "CL04");
    assert_eq!(status(&cl04), "fail", "{cl04:#}");
    assert_eq!(
        cl04["summary"],
        "0 of 1 Dockerfiles and workloads pin every image by digest"
    );
}

#[test]
fn the_next_step_names_what_is_missing() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "deploy/web.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - name: web\n    image: web:1.0\n    securityContext:\n      readOnlyRootFilesystem: true\n      allowPrivilegeEscalation: false\n      capabilities: {drop: [ALL]}\n",
    );
    let cl05 = item(dir.path(), "CL05");
    assert_eq!(status(&cl05), "partial");
    assert_eq!(
        cl05["next_step"],
        "mount an emptyDir at /tmp in container `web` of `Pod/web` in `deploy/web.yaml`"
    );
    let cl06 = item(dir.path(), "CL06");
    assert_eq!(status(&cl06), "partial");
    assert_eq!(
        cl06["next_step"],
        "set seccomp `RuntimeDefault` in the pod securityContext for `Pod/web` in `deploy/web.yaml`"
    );
}

#[test]
fn test_and_example_workloads_do_not_count() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "test/compose.yaml",
        "services:\n  redis: {image: redis:7}\n",
    );
    write(
        dir.path(),
        "examples/guestbook/pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: g}\nspec:\n  containers:\n  - {name: g, image: guestbook}\n",
    );
    write(
        dir.path(),
        "docker-compose.dev.yml",
        "services:\n  web: {image: web:1.0}\n",
    );
    for id in ["CL03", "CL05", "CL06"] {
        assert_eq!(status(&item(dir.path(), id)), "not-applicable", "{id}");
    }
}

#[test]
fn a_runtime_on_the_build_platform_is_no_cross_build_evidence() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "Dockerfile",
        "FROM --platform=$BUILDPLATFORM python:3.12-alpine AS base\nFROM base AS builder\nRUN pip install --prefix=/install flask\nFROM base\nCOPY --from=builder /install /usr/local\n",
    );
    write(
        dir.path(),
        ".github/workflows/ci.yml",
        "jobs:\n  build:\n    steps:\n      - run: docker build -t app .\n",
    );
    let cl12 = item(dir.path(), "CL12");
    assert_eq!(status(&cl12), "fail");
    assert!(
        !evidence(&cl12).iter().any(|e| e.starts_with("Dockerfile")),
        "{cl12:#}"
    );
}

#[test]
fn a_single_stage_image_that_installs_packages_is_not_half_multi_stage() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "Dockerfile",
        "FROM golang:1.22\nCOPY . .\nRUN apt-get update && apt-get install -y curl\nRUN ./build.sh\n",
    );
    let cl01 = item(dir.path(), "CL01");
    assert_eq!(status(&cl01), "fail", "{cl01:#}");
}

#[test]
fn development_folders_do_not_count() {
    let dir = tempfile::tempdir().expect("temp dir");
    for folder in [
        "manifests/dev",
        "manifests/dev-tilt",
        "manifests/local-dev",
        "sample",
    ] {
        write(
            dir.path(),
            &format!("{folder}/pod.yaml"),
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: p, image: p:1}\n",
        );
    }
    assert_eq!(status(&item(dir.path(), "CL05")), "not-applicable");
}

#[test]
fn makefile_prerequisites_variables_and_working_directories_are_followed() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "Dockerfile", STATIC_RUNTIME);
    write(
        dir.path(),
        ".github/workflows/publish.yml",
        "on:\n  schedule:\n    - cron: '0 4 1 * *'\njobs:\n  publish:\n    steps:\n      - run: ./scripts/push.sh\n      - run: npm run build-docker\n        working-directory: extra/push\n",
    );
    write(dir.path(), "scripts/push.sh", "#!/bin/sh\nmake image\n");
    write(
        dir.path(),
        "Makefile",
        "CONTAINER_CLI ?= docker\n\nimage: app-image\n\napp-image:\n\t$(CONTAINER_CLI) build -t app .\n",
    );
    write(
        dir.path(),
        "extra/push/package.json",
        "{\"scripts\": {\"build-docker\": \"docker buildx build --platform linux/amd64,linux/arm64 --push -t push:1 .\"}}\n",
    );
    let cl12 = item(dir.path(), "CL12");
    assert_eq!(status(&cl12), "pass", "{cl12:#}");
    assert_eq!(evidence(&cl12), ["extra/push/package.json:1"]);
    let cl09 = item(dir.path(), "CL09");
    assert_eq!(status(&cl09), "fail", "{cl09:#}");
    let builds: Vec<String> = evidence(&cl09);
    assert!(builds.contains(&"Makefile:6".to_string()), "{builds:?}");
    assert_eq!(status(&item(dir.path(), "CL14")), "pass");
}
