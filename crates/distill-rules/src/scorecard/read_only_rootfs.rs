use distill_report::scorecard::Evidence;

use super::{Inputs, ItemMeta, Judgement, Outcome, finding_evidence, status_of, tally};

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
    for group in inputs.workload_groups() {
        let writable = inputs.group_findings(&group, &["HD101"]);
        let no_tmp = inputs.group_findings(&group, &["HD106"]);
        let (outcome, findings) = match (writable.is_empty(), no_tmp.is_empty()) {
            (false, _) => (Outcome::Bad, writable),
            (true, false) => (Outcome::Partly, no_tmp),
            (true, true) => (Outcome::Good, Vec::new()),
        };
        outcomes.push(outcome);
        let Some(first) = findings.first() else {
            good.push(Evidence::at(
                group.path,
                group.line,
                format!("{} has a read-only root filesystem", group.describe()),
            ));
            continue;
        };
        let container = first
            .context
            .as_ref()
            .and_then(|c| c.container.clone())
            .unwrap_or_default();
        bad.extend(findings.iter().map(|f| finding_evidence(group.path, f)));
        next_step.get_or_insert_with(|| match (group.compose, outcome) {
            (true, Outcome::Bad) => format!(
                "set `read_only: true` on {} in `{}`, with a tmpfs at /tmp",
                group.describe(),
                group.path
            ),
            (true, _) => format!(
                "add `tmpfs: [/tmp]` to {} in `{}`",
                group.describe(),
                group.path
            ),
            (false, Outcome::Bad) => format!(
                "set `readOnlyRootFilesystem: true` on container `{container}` of {} in `{}`, with a writable volume at /tmp",
                group.describe(),
                group.path
            ),
            (false, _) => format!(
                "mount an emptyDir at /tmp in container `{container}` of {} in `{}`",
                group.describe(),
                group.path
            ),
        });
    }
    Judgement {
        status: status_of(&outcomes),
        summary: match outcomes.len() {
            0 => "no Kubernetes workload or Compose service in the audited folder".to_string(),
            _ => format!(
                "{} have a read-only root filesystem with a writable /tmp",
                tally(&outcomes, "workloads")
            ),
        },
        evidence: bad.into_iter().chain(good).collect(),
        next_step,
    }
}
