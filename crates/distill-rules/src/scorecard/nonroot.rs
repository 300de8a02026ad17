use distill_report::scorecard::Evidence;

use super::{Inputs, ItemMeta, Judgement, Outcome, finding_evidence, status_of, tally};

pub const ITEM: ItemMeta = ItemMeta {
    id: "CL03",
    name: "nonroot",
    passes_when: "every runtime runs as a non-root user",
    doc: r#"
Looks at the runtime stage of every production Dockerfile (US101 finds
those that run as root, including no `USER` over a root base) and at every
Kubernetes container and Compose service (HD105 finds those that may run
as root). Each Dockerfile and each workload (all its containers, init
containers included) counts once. Files for development, tests or
examples do not count.
"#,
};

pub(super) fn judge(inputs: &Inputs) -> Judgement {
    let mut outcomes = Vec::new();
    let mut bad = Vec::new();
    let mut good = Vec::new();
    let mut next_step = None;
    for file in inputs.production_dockerfiles() {
        let Some(runtime) = &file.runtime else {
            continue;
        };
        match inputs.findings_in(&file.path, &["US101"]).next() {
            Some(finding) => {
                outcomes.push(Outcome::Bad);
                bad.push(finding_evidence(&file.path, finding));
                next_step.get_or_insert_with(|| {
                    format!(
                        "add `USER 65532:65532` to the runtime stage of `{}`",
                        file.path
                    )
                });
            }
            None => {
                outcomes.push(Outcome::Good);
                good.push(Evidence::at(
                    &file.path,
                    runtime.line,
                    "the runtime stage runs as a non-root user",
                ));
            }
        }
    }
    for group in inputs.workload_groups() {
        let findings = inputs.group_findings(&group, &["HD105"]);
        if findings.is_empty() {
            outcomes.push(Outcome::Good);
            good.push(Evidence::at(
                group.path,
                group.line,
                format!("{} runs as non-root", group.describe()),
            ));
            continue;
        }
        outcomes.push(Outcome::Bad);
        bad.extend(findings.iter().map(|f| finding_evidence(group.path, f)));
        next_step.get_or_insert_with(|| {
            if group.compose {
                format!(
                    "set `user: \"65532:65532\"` on {} in `{}`",
                    group.describe(),
                    group.path
                )
            } else {
                format!(
                    "set `runAsNonRoot: true` and `runAsUser: 65532` in the pod securityContext of {} in `{}`",
                    group.describe(),
                    group.path
                )
            }
        });
    }
    Judgement {
        status: status_of(&outcomes),
        summary: match outcomes.len() {
            0 => "no production Dockerfile, Kubernetes workload or Compose service in the audited folder".to_string(),
            _ => format!("{} run as non-root", tally(&outcomes, "runtimes and workloads")),
        },
        evidence: bad.into_iter().chain(good).collect(),
        next_step,
    }
}
