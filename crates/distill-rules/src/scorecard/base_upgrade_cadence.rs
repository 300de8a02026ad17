use distill_report::scorecard::ItemStatus;

use super::{Inputs, ItemMeta, Judgement, SignalKind, signal_evidence};

pub const ITEM: ItemMeta = ItemMeta {
    id: "CL14",
    name: "base-upgrade-cadence",
    passes_when: "base images are upgraded on a schedule (Renovate/Dependabot for Docker, or a scheduled rebuild)",
    doc: r#"
Passes with a Renovate configuration (`renovate.json`, `renovate.json5`,
`.renovaterc`, `.renovaterc.json`, `.github/renovate.json`) that does not
turn the Docker managers off, a Dependabot configuration
(`.github/dependabot.yml`) with `package-ecosystem: docker`, or a CI
workflow on a `schedule` (cron) that builds images. Renovate's
`pinDigests` (or the `docker:pinDigests` preset) is shown as evidence,
since digest pins (CL04) need a bot to move them. Fails when there are
Dockerfiles and none of these; without Dockerfiles or workloads the item
does not apply.
"#,
};

pub(super) fn judge(inputs: &Inputs) -> Judgement {
    let mut evidence = signal_evidence(inputs, SignalKind::BaseUpdates);
    evidence.extend(signal_evidence(inputs, SignalKind::ScheduledRebuild));
    if !evidence.is_empty() {
        evidence.extend(signal_evidence(inputs, SignalKind::PinDigests));
        return Judgement {
            status: ItemStatus::Pass,
            evidence,
            summary: "base images are upgraded on a schedule".to_string(),
            next_step: None,
        };
    }
    if inputs.dockerfiles.is_empty() && inputs.workloads.is_empty() {
        return Judgement {
            status: ItemStatus::NotApplicable,
            evidence: Vec::new(),
            summary: "no Dockerfile or workload in the audited folder".to_string(),
            next_step: None,
        };
    }
    Judgement {
        status: ItemStatus::Fail,
        evidence: Vec::new(),
        summary: "no Renovate or Dependabot configuration for Docker and no scheduled rebuild".to_string(),
        next_step: Some("add `renovate.json` with `\"extends\": [\"config:recommended\", \"docker:pinDigests\"]`, or `.github/dependabot.yml` with `package-ecosystem: docker`".to_string()),
    }
}
