use distill_report::scorecard::Evidence;

use super::{Inputs, ItemMeta, Judgement, Outcome, count, finding_evidence, status_of};

pub const ITEM: ItemMeta = ItemMeta {
    id: "CL05",
    name: "read-only-rootfs",
    passes_when: "every workload has readOnlyRootFilesystem (and a writable /tmp)",
    doc: r#"
Looks at every Kubernetes container and Compose service. HD101 (writable
root filesystem) fails one; HD106 (read-only but no writable `/tmp`)
counts half, since many programs then fail at run time. Without workloads
the item does not apply.
"#,
};

pub(super) fn judge(inputs: &Inputs) -> Judgement {
    let mut outcomes = Vec::new();
    let mut bad = Vec::new();
    let mut good = Vec::new();
    let mut next_step = None;
    for workload in &inputs.workloads {
        let writable: Vec<_> = inputs.workload_findings(workload, &["HD101"]).collect();
        let no_tmp: Vec<_> = inputs.workload_findings(workload, &["HD106"]).collect();
        let (outcome, findings) = match (writable.is_empty(), no_tmp.is_empty()) {
            (false, _) => (Outcome::Bad, writable),
            (true, false) => (Outcome::Partly, no_tmp),
            (true, true) => (Outcome::Good, Vec::new()),
        };
        outcomes.push(outcome);
        if outcome == Outcome::Good {
            good.push(Evidence::at(
                &workload.path,
                workload.line,
                format!(
                    "{} `{}` has a read-only root filesystem",
                    workload.object, workload.container
                ),
            ));
            continue;
        }
        bad.extend(findings.iter().map(|f| finding_evidence(&workload.path, f)));
        next_step.get_or_insert_with(|| {
            if workload.compose {
                format!(
                    "set `read_only: true` and `tmpfs: [/tmp]` on `{}` in `{}`",
                    workload.container, workload.path
                )
            } else {
                format!(
                    "set `readOnlyRootFilesystem: true` on `{}` in `{}` and mount an emptyDir at /tmp",
                    workload.container, workload.path
                )
            }
        });
    }
    let good_count = good.len();
    Judgement {
        status: status_of(&outcomes),
        summary: match outcomes.len() {
            0 => "no Kubernetes workload or Compose service in the audited folder".to_string(),
            total => format!(
                "{} have a read-only root filesystem with a writable /tmp",
                count(good_count, total, "workloads")
            ),
        },
        evidence: bad.into_iter().chain(good).collect(),
        next_step,
    }
}
