use distill_report::scorecard::Evidence;

use super::{Inputs, ItemMeta, Judgement, Outcome, count, status_of};

pub const ITEM: ItemMeta = ItemMeta {
    id: "CL07",
    name: "buildkit-cache",
    passes_when: "package and dependency steps use BuildKit cache mounts",
    doc: r#"
Counts every `RUN` of the production Dockerfiles, in every stage, that
installs packages or downloads dependencies (`apt-get install`, `apk add`,
`pip install`, `npm ci`, `go mod download`, `go build`, `cargo build`,
`mvn`, `gradle`, ...), and whether it mounts a cache with
`--mount=type=cache`. All cached passes, some cached is partial, none
fails; without such steps the item does not apply.
"#,
};

pub(super) fn judge(inputs: &Inputs) -> Judgement {
    let mut outcomes = Vec::new();
    let mut uncached = Vec::new();
    let mut cached = Vec::new();
    let mut first_uncached = None;
    for file in inputs.production_dockerfiles() {
        for step in &file.package_steps {
            if step.cached {
                outcomes.push(Outcome::Good);
                cached.push(Evidence::at(
                    &file.path,
                    step.line,
                    format!("{} mounts a cache", step.label),
                ));
            } else {
                outcomes.push(Outcome::Bad);
                first_uncached.get_or_insert_with(|| {
                    (format!("{}:{}", file.path, step.line), step.in_runtime)
                });
                uncached.push(Evidence::at(
                    &file.path,
                    step.line,
                    format!("{} runs without `--mount=type=cache`", step.label),
                ));
            }
        }
    }
    let good = cached.len();
    let next_step = first_uncached.map(|(location, in_runtime)| {
        if in_runtime {
            format!("add `--mount=type=cache,target=...` to the RUN at `{location}`, or move it into a build stage (BS102)")
        } else {
            format!("add `--mount=type=cache,target=...` to the RUN at `{location}` (BS104's fix writes it)")
        }
    });
    Judgement {
        status: status_of(&outcomes),
        summary: match outcomes.len() {
            0 => "no package or dependency step in the production Dockerfiles".to_string(),
            total => format!(
                "{} mount a BuildKit cache",
                count(good, total, "package and dependency steps")
            ),
        },
        evidence: uncached.into_iter().chain(cached).collect(),
        next_step,
    }
}
