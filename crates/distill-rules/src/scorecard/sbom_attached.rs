use distill_report::scorecard::ItemStatus;

use super::{Inputs, ItemMeta, Judgement, SignalKind, no_build, no_ci, signal_evidence};

pub const ITEM: ItemMeta = ItemMeta {
    id: "CL09",
    name: "sbom-attached",
    passes_when: "builds attach an SBOM (`--sbom=true`, `sbom: true`, or an SBOM attestation)",
    doc: r#"
An SBOM is attached when a CI build uses `docker/build-push-action` with
`sbom: true`, `docker buildx build --sbom=true` (or `--attest
type=sbom`), or a `cosign attest --type spdx|spdxjson|cyclonedx` or
`syft attest` step. Builds without one fail the item; without CI
configuration in the folder it is unknown.
"#,
};

pub(super) fn judge(inputs: &Inputs) -> Judgement {
    if let Some(unknown) = no_ci(
        inputs,
        "builds attach an SBOM",
        "build with `docker buildx build --sbom=true` (or `sbom: true` in build-push-action) in CI",
    ) {
        return unknown;
    }
    let evidence = signal_evidence(inputs, SignalKind::Sbom);
    if !evidence.is_empty() {
        return Judgement {
            status: ItemStatus::Pass,
            evidence,
            summary: "CI builds attach an SBOM to the image".to_string(),
            next_step: None,
        };
    }
    if let Some(unknown) = no_build(
        inputs,
        "builds attach an SBOM",
        "build with `docker buildx build --sbom=true` (or `sbom: true` in build-push-action) in CI",
    ) {
        return unknown;
    }
    let builds = signal_evidence(inputs, SignalKind::ImageBuild);
    Judgement {
        status: ItemStatus::Fail,
        summary: if builds.is_empty() {
            "the CI configuration builds no image and attaches no SBOM".to_string()
        } else {
            "CI builds images without attaching an SBOM".to_string()
        },
        evidence: builds,
        next_step: Some("add `sbom: true` to docker/build-push-action (or `--sbom=true` to `docker buildx build`)".to_string()),
    }
}
