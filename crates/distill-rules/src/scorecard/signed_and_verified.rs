use distill_report::scorecard::ItemStatus;

use super::{Inputs, ItemMeta, Judgement, SignalKind, signal_evidence};

pub const ITEM: ItemMeta = ItemMeta {
    id: "CL08",
    name: "signed-and-verified",
    passes_when: "images are signed (cosign) in CI and verified at admission (Kyverno verifyImages)",
    doc: r#"
Signing is a `cosign sign` (or `cosign attest`) step, or the
`sigstore/cosign-installer` action followed by one, in a GitHub Actions
workflow or GitLab CI job. Verification is a Kyverno `ClusterPolicy` or
`Policy` with a `verifyImages` rule in the audited folder. Both pass; one
of the two is partial. With neither and no CI configuration in the folder
the item is unknown: signing and admission policies often live in other
repositories.
"#,
};

pub(super) fn judge(inputs: &Inputs) -> Judgement {
    let mut evidence = signal_evidence(inputs, SignalKind::Sign);
    evidence.extend(signal_evidence(inputs, SignalKind::Attest));
    let signed = !evidence.is_empty();
    let verify = signal_evidence(inputs, SignalKind::AdmissionVerify);
    let verified = !verify.is_empty();
    evidence.extend(verify);
    let (status, summary, next_step) = match (signed, verified) {
        (true, true) => (
            ItemStatus::Pass,
            "images are signed in CI and signatures are verified at admission".to_string(),
            None,
        ),
        (true, false) => (
            ItemStatus::Partial,
            "images are signed in CI, but no Kyverno verifyImages policy is in the audited folder".to_string(),
            Some("add a Kyverno ClusterPolicy with a `verifyImages` rule for your registry, so unsigned images are refused".to_string()),
        ),
        (false, true) => (
            ItemStatus::Partial,
            "a Kyverno policy verifies signatures, but no CI step signs images".to_string(),
            Some("sign each pushed image by digest in CI: `cosign sign --yes IMAGE@DIGEST` (keyless with the workflow's OIDC identity)".to_string()),
        ),
        (false, false) if inputs.ci_files.is_empty() => (
            ItemStatus::Unknown,
            "no CI configuration and no Kyverno policy in the audited folder, so nothing shows whether images are signed".to_string(),
            Some("sign images with cosign in CI and verify them with a Kyverno verifyImages policy".to_string()),
        ),
        (false, false) if !inputs.has(SignalKind::ImageBuild) => (
            ItemStatus::Unknown,
            "the CI configuration builds no image that distill recognises and no Kyverno policy verifies signatures, so nothing shows whether images are signed".to_string(),
            Some("sign images with cosign after the push in CI and verify them with a Kyverno verifyImages policy".to_string()),
        ),
        (false, false) => (
            ItemStatus::Fail,
            "the CI signs no image and no Kyverno policy verifies signatures".to_string(),
            Some("add `cosign sign --yes IMAGE@DIGEST` after the push in CI, and a Kyverno verifyImages policy at admission".to_string()),
        ),
    };
    Judgement {
        status,
        evidence,
        summary,
        next_step,
    }
}
