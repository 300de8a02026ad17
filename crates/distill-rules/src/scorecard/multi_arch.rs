use distill_report::scorecard::ItemStatus;

use super::{Inputs, ItemMeta, Judgement, SignalKind, no_build, no_ci, signal_evidence};

pub const ITEM: ItemMeta = ItemMeta {
    id: "CL12",
    name: "multi-arch",
    passes_when: "images are built for more than one platform",
    doc: r#"
Looks for CI builds with two or more platforms: `platforms:` of
docker/build-push-action, `--platform a,b` of `docker buildx build`,
`ko` or `skaffold`, per-platform images joined with `docker manifest
create`, `build.platforms` of `skaffold.yaml`, or the same in GitLab CI
jobs and the scripts CI runs. Builds with one platform or none written fail
the item; without CI configuration in the folder it is unknown.
Dockerfiles written for cross builds (`FROM --platform=$BUILDPLATFORM`
on build stages, not on the runtime: DF107) are shown as evidence but do
not decide the item. A CI configuration whose image builds distill does
not recognise leaves the item unknown.
"#,
};

pub(super) fn judge(inputs: &Inputs) -> Judgement {
    if let Some(mut unknown) = no_ci(
        inputs,
        "images are built for several platforms",
        "build with `platforms: linux/amd64,linux/arm64` (docker/build-push-action) or `docker buildx build --platform linux/amd64,linux/arm64`",
    ) {
        unknown.evidence = cross_platform_evidence(inputs);
        return unknown;
    }
    let mut evidence = signal_evidence(inputs, SignalKind::MultiPlatform);
    if !evidence.is_empty() {
        evidence.extend(cross_platform_evidence(inputs));
        return Judgement {
            status: ItemStatus::Pass,
            evidence,
            summary: "CI builds images for two or more platforms".to_string(),
            next_step: None,
        };
    }
    if let Some(mut unknown) = no_build(
        inputs,
        "images are built for several platforms",
        "build with `platforms: linux/amd64,linux/arm64` (docker/build-push-action) or `docker buildx build --platform linux/amd64,linux/arm64`",
    ) {
        unknown.evidence = cross_platform_evidence(inputs);
        return unknown;
    }
    let mut evidence = signal_evidence(inputs, SignalKind::SinglePlatform);
    evidence.extend(signal_evidence(inputs, SignalKind::ImageBuild));
    evidence.extend(cross_platform_evidence(inputs));
    Judgement {
        status: ItemStatus::Fail,
        evidence,
        summary: "CI builds images for one platform only".to_string(),
        next_step: Some("set `platforms: linux/amd64,linux/arm64` on docker/build-push-action (with docker/setup-qemu-action), or `--platform linux/amd64,linux/arm64` on `docker buildx build`".to_string()),
    }
}

fn cross_platform_evidence(inputs: &Inputs) -> Vec<distill_report::scorecard::Evidence> {
    inputs
        .production_dockerfiles()
        // A runtime on the build platform is DF107's mistake, not a sign of
        // a cross build.
        .filter(|file| inputs.findings_in(&file.path, &["DF107"]).next().is_none())
        .flat_map(|file| {
            file.cross_platform_from.iter().map(|line| {
                distill_report::scorecard::Evidence::at(
                    &file.path,
                    *line,
                    "`FROM --platform=$BUILDPLATFORM`: the file is written for cross builds",
                )
            })
        })
        .collect()
}
