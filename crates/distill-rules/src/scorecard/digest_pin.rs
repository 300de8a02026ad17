use super::{Inputs, ItemMeta, Judgement, Outcome, finding_evidence, status_of, tally};
use distill_report::scorecard::Evidence;

pub const ITEM: ItemMeta = ItemMeta {
    id: "CL04",
    name: "digest-pin",
    passes_when: "every base and deployed image is pinned by digest",
    doc: r#"
Looks at every Dockerfile that ships (all its `FROM` images, build stages
included, and images copied with `COPY --from=image`) and at the image of
every Kubernetes container and Compose service. IR101 (mutable tag) and
IR102 (no digest) find the unpinned ones; a file or workload with none of
them passes. Compose services that only `build:` have no image to pin and
are left out.
"#,
};

const CODES: [&str; 2] = ["IR101", "IR102"];

pub(super) fn judge(inputs: &Inputs) -> Judgement {
    let mut outcomes = Vec::new();
    let mut bad = Vec::new();
    let mut good = Vec::new();
    for file in inputs.production_dockerfiles() {
        let Some(runtime) = &file.runtime else {
            continue;
        };
        let findings: Vec<_> = inputs.findings_in(&file.path, &CODES).collect();
        if findings.is_empty() {
            outcomes.push(Outcome::Good);
            good.push(Evidence::at(
                &file.path,
                runtime.line,
                "every image is pinned by digest",
            ));
        } else {
            outcomes.push(Outcome::Bad);
            bad.extend(findings.iter().map(|f| finding_evidence(&file.path, f)));
        }
    }
    for group in inputs.workload_groups() {
        let findings = inputs.group_findings(&group, &CODES);
        if !findings.is_empty() {
            outcomes.push(Outcome::Bad);
            bad.extend(findings.iter().map(|f| finding_evidence(group.path, f)));
        } else if group.containers.iter().any(|c| c.image.is_some()) {
            outcomes.push(Outcome::Good);
            good.push(Evidence::at(
                group.path,
                group.line,
                format!("{} deploys images pinned by digest", group.describe()),
            ));
        }
    }
    let next_step = bad.first().map(|e| {
        format!(
            "pin the images in `{}` by digest (`@sha256:...`) and let Renovate or Dependabot move the digests",
            e.path
        )
    });
    Judgement {
        status: status_of(&outcomes),
        summary: match outcomes.len() {
            0 => {
                "no Dockerfile, Kubernetes workload or Compose service image in the audited folder"
                    .to_string()
            }
            _ => format!(
                "{} pin every image by digest",
                tally(&outcomes, "Dockerfiles and workloads")
            ),
        },
        evidence: bad.into_iter().chain(good).collect(),
        next_step,
    }
}
