use distill_report::scorecard::Evidence;

use super::{Inputs, ItemMeta, Judgement, Outcome, finding_evidence, status_of, tally};

pub const ITEM: ItemMeta = ItemMeta {
    id: "CL06",
    name: "drop-all-capabilities",
    passes_when: "every container drops ALL, allows no privilege escalation, uses seccomp RuntimeDefault",
    doc: r#"
Looks at every Kubernetes container and Compose service for the three
settings: capabilities dropped (HD103), no privilege escalation (HD102)
and a restricted seccomp profile (HD104, Kubernetes only: Docker applies
its default profile to Compose services unless told otherwise). All three
pass a workload; one or two count half.
"#,
};

const CODES: [&str; 3] = ["HD103", "HD102", "HD104"];

pub(super) fn judge(inputs: &Inputs) -> Judgement {
    let mut outcomes = Vec::new();
    let mut bad = Vec::new();
    let mut good = Vec::new();
    let mut next_step = None;
    for group in inputs.workload_groups() {
        let findings = inputs.group_findings(&group, &CODES);
        let missing: Vec<&str> = CODES
            .iter()
            .copied()
            .filter(|code| findings.iter().any(|f| f.code == *code))
            .collect();
        let applicable = if group.compose { 2 } else { 3 };
        let outcome = match missing.len() {
            0 => Outcome::Good,
            n if n == applicable => Outcome::Bad,
            _ => Outcome::Partly,
        };
        outcomes.push(outcome);
        if outcome == Outcome::Good {
            good.push(Evidence::at(
                group.path,
                group.line,
                format!(
                    "{} drops every capability and cannot escalate privileges",
                    group.describe()
                ),
            ));
            continue;
        }
        bad.extend(findings.iter().map(|f| finding_evidence(group.path, f)));
        next_step.get_or_insert_with(|| {
            let steps: Vec<&str> = missing
                .iter()
                .map(|code| match (*code, group.compose) {
                    ("HD103", true) => "add `cap_drop: [ALL]`",
                    ("HD102", true) => "add `security_opt: [\"no-new-privileges:true\"]`",
                    ("HD103", false) => "drop ALL capabilities",
                    ("HD102", false) => "set `allowPrivilegeEscalation: false`",
                    _ => "set seccomp `RuntimeDefault` in the pod securityContext",
                })
                .collect();
            format!(
                "{} for {} in `{}`",
                steps.join(", "),
                group.describe(),
                group.path
            )
        });
    }
    Judgement {
        status: status_of(&outcomes),
        summary: match outcomes.len() {
            0 => "no Kubernetes workload or Compose service in the audited folder".to_string(),
            _ => format!(
                "{} drop ALL capabilities, forbid privilege escalation and restrict seccomp",
                tally(&outcomes, "workloads")
            ),
        },
        evidence: bad.into_iter().chain(good).collect(),
        next_step,
    }
}
