use distill_report::scorecard::Evidence;

use super::{Inputs, ItemMeta, Judgement, Outcome, finding_evidence, status_of, tally};

pub const ITEM: ItemMeta = ItemMeta {
    id: "CL01",
    name: "multi-stage",
    passes_when: "every production Dockerfile builds in a separate stage from its runtime",
    doc: r#"
Looks at every production Dockerfile (development, debug and test files
such as `Dockerfile.dev` or `test/Dockerfile` are left out). A file fails
when BS101 (one stage builds and runs) or BS103 (the runtime is `FROM` a
build stage) finds it, or when its only stage installs packages (BS102);
it counts half when the build is apart but the runtime still installs
packages; it passes when its runtime copies
from another stage, or when the runtime builds and installs nothing and
only copies an artifact built elsewhere (a binary from the build
context).
"#,
};

pub(super) fn judge(inputs: &Inputs) -> Judgement {
    let mut outcomes = Vec::new();
    let mut bad = Vec::new();
    let mut good = Vec::new();
    for file in inputs.production_dockerfiles() {
        let Some(runtime) = &file.runtime else {
            continue;
        };
        let findings: Vec<_> = inputs
            .findings_in(&file.path, &["BS101", "BS103"])
            .collect();
        let installs: Vec<_> = inputs.findings_in(&file.path, &["BS102"]).collect();
        if findings.is_empty() && !installs.is_empty() && file.stages == 1 {
            // One stage that installs packages in the image it ships: no
            // build stage keeps them out, whatever it builds.
            outcomes.push(Outcome::Bad);
            bad.extend(installs.iter().map(|f| finding_evidence(&file.path, f)));
        } else if findings.is_empty() && !installs.is_empty() {
            // The build is split, but the runtime still installs packages.
            outcomes.push(Outcome::Partly);
            bad.extend(installs.iter().map(|f| finding_evidence(&file.path, f)));
        } else if findings.is_empty() {
            outcomes.push(Outcome::Good);
            let note = if runtime.copies_from_stage {
                format!(
                    "the runtime on `{}` copies its artifacts from a build stage",
                    runtime.base
                )
            } else {
                format!(
                    "the runtime on `{}` builds nothing; its artifacts come from the build context",
                    runtime.base
                )
            };
            good.push(Evidence::at(&file.path, runtime.line, note));
        } else {
            outcomes.push(Outcome::Bad);
            bad.extend(findings.iter().map(|f| finding_evidence(&file.path, f)));
        }
    }
    let first_bad = bad
        .first()
        .map(|e| (e.path.clone(), e.note.starts_with("BS103")));
    let only_installs = bad.first().is_some_and(|e| e.note.starts_with("BS102"));
    Judgement {
        status: status_of(&outcomes),
        summary: match outcomes.len() {
            0 => "no production Dockerfile in the audited folder".to_string(),
            _ => format!(
                "{} build in a separate stage from the runtime",
                tally(&outcomes, "production Dockerfiles")
            ),
        },
        evidence: bad.into_iter().chain(good).collect(),
        next_step: first_bad.map(|(path, inherits)| {
            if only_installs {
                format!("move the package installs of the runtime stage of `{path}` into a build stage and copy only what the application needs")
            } else if inherits {
                format!("start the runtime stage of `{path}` from a minimal image instead of a build stage, and copy only the artifacts into it")
            } else {
                format!("split `{path}` into a build stage and a runtime stage that copies only the artifact")
            }
        }),
    }
}
