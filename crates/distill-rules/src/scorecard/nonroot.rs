use distill_report::scorecard::Evidence;

use super::{Inputs, ItemMeta, Judgement, Outcome, count, finding_evidence, status_of};

pub const ITEM: ItemMeta = ItemMeta {
    id: "CL03",
    name: "nonroot",
    passes_when: "every runtime runs as a non-root user",
    doc: r#"
Looks at the runtime stage of every production Dockerfile (US101 finds
those that run as root, including no `USER` over a root base) and at every
Kubernetes container and Compose service (HD105 finds those that may run
as root). Each Dockerfile and each workload counts once.
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
    for workload in &inputs.workloads {
        match inputs.workload_findings(workload, &["HD105"]).next() {
            Some(finding) => {
                outcomes.push(Outcome::Bad);
                bad.push(finding_evidence(&workload.path, finding));
                next_step.get_or_insert_with(|| {
                    let how = if workload.compose {
                        "set `user: \"65532:65532\"` on the service"
                    } else {
                        "set `runAsNonRoot: true` and `runAsUser: 65532` in the pod's securityContext"
                    };
                    format!("{how} `{}` in `{}`", workload.container, workload.path)
                });
            }
            None => {
                outcomes.push(Outcome::Good);
                good.push(Evidence::at(
                    &workload.path,
                    workload.line,
                    format!(
                        "{} `{}` runs as non-root",
                        workload.object, workload.container
                    ),
                ));
            }
        }
    }
    let good_count = good.len();
    Judgement {
        status: status_of(&outcomes),
        summary: match outcomes.len() {
            0 => "no production Dockerfile, Kubernetes workload or Compose service in the audited folder".to_string(),
            total => format!("{} run as non-root", count(good_count, total, "runtimes and workloads")),
        },
        evidence: bad.into_iter().chain(good).collect(),
        next_step,
    }
}
