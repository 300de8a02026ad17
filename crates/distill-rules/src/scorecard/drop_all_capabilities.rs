use distill_report::scorecard::Evidence;

use super::{Inputs, ItemMeta, Judgement, Outcome, count, finding_evidence, status_of};

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
    for workload in &inputs.workloads {
        let findings: Vec<_> = inputs.workload_findings(workload, &CODES).collect();
        let mut missing: Vec<&str> = CODES
            .iter()
            .copied()
            .filter(|code| findings.iter().any(|f| f.code == *code))
            .collect();
        if workload.compose {
            missing.retain(|code| *code != "HD104");
        }
        let applicable = if workload.compose { 2 } else { 3 };
        let outcome = match missing.len() {
            0 => Outcome::Good,
            n if n == applicable => Outcome::Bad,
            _ => Outcome::Partly,
        };
        outcomes.push(outcome);
        if outcome == Outcome::Good {
            good.push(Evidence::at(
                &workload.path,
                workload.line,
                format!(
                    "{} `{}` drops every capability and cannot escalate privileges",
                    workload.object, workload.container
                ),
            ));
            continue;
        }
        bad.extend(findings.iter().map(|f| finding_evidence(&workload.path, f)));
        next_step.get_or_insert_with(|| {
            if workload.compose {
                format!(
                    "add `cap_drop: [ALL]` and `security_opt: [\"no-new-privileges:true\"]` to `{}` in `{}`",
                    workload.container, workload.path
                )
            } else {
                format!(
                    "drop ALL capabilities, set `allowPrivilegeEscalation: false` and seccomp `RuntimeDefault` for `{}` in `{}`",
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
                "{} drop ALL capabilities, forbid privilege escalation and restrict seccomp",
                count(good_count, total, "workloads")
            ),
        },
        evidence: bad.into_iter().chain(good).collect(),
        next_step,
    }
}
