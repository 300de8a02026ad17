use distill_report::scorecard::ItemStatus;

use super::{Inputs, ItemMeta, Judgement, SignalKind, no_build, no_ci, signal_evidence};

pub const ITEM: ItemMeta = ItemMeta {
    id: "CL11",
    name: "image-size-tracked",
    passes_when: "CI records image size",
    doc: r#"
A CI step records the size when it runs `docker image inspect` for
`.Size`, `docker images` with a size column, `dive`, `crane manifest` or
`skopeo inspect` piped into a size computation, `distill image inspect`,
or writes an image size to the job summary. Without such a step the item
fails; without CI configuration in the folder it is unknown.
"#,
};

pub(super) fn judge(inputs: &Inputs) -> Judgement {
    if let Some(unknown) = no_ci(
        inputs,
        "CI records the image size",
        "record the image size in CI, for example `docker image inspect --format '{{.Size}}' IMAGE >> \"$GITHUB_STEP_SUMMARY\"`",
    ) {
        return unknown;
    }
    let evidence = signal_evidence(inputs, SignalKind::SizeRecorded);
    if evidence.is_empty() {
        if let Some(unknown) = no_build(
            inputs,
            "CI records the image size",
            "record the image size after the build, for example `docker image inspect --format '{{.Size}}' IMAGE >> \"$GITHUB_STEP_SUMMARY\"`",
        ) {
            return unknown;
        }
        return Judgement {
            status: ItemStatus::Fail,
            evidence: signal_evidence(inputs, SignalKind::ImageBuild),
            summary: "no CI step records the image size".to_string(),
            next_step: Some("record the image size after the build, for example `docker image inspect --format '{{.Size}}' IMAGE >> \"$GITHUB_STEP_SUMMARY\"`".to_string()),
        };
    }
    Judgement {
        status: ItemStatus::Pass,
        evidence,
        summary: "CI records the size of the images it builds".to_string(),
        next_step: None,
    }
}
