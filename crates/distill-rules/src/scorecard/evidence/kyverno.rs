//! Admission policies in the tree: Kyverno `ClusterPolicy`/`Policy` with
//! `verifyImages` (and rules that require non-root, read-only root
//! filesystems, dropped capabilities or digests), Kyverno's
//! `ImageValidatingPolicy`, and Sigstore policy-controller's
//! `ClusterImagePolicy`.

use distill_manifest::{Node, Yaml};

use super::Located;
use crate::scorecard::SignalKind;

/// Whether a file may hold a policy; a cheap test before it is parsed.
pub(crate) fn may_hold_policy(text: &str) -> bool {
    text.contains("kyverno.io") || text.contains("policy.sigstore.dev")
}

/// The signals of the policies in one YAML file.
pub(crate) fn policy_signals(text: &str) -> Vec<Located> {
    let yaml = Yaml::parse(text);
    let mut out = Vec::new();
    for doc in &yaml.documents {
        let Some(root) = doc.root() else {
            continue;
        };
        let api = root
            .get("apiVersion")
            .and_then(|n| n.as_str())
            .unwrap_or_default();
        let kind = root
            .get("kind")
            .and_then(|n| n.as_str())
            .unwrap_or_default();
        let name = root
            .at(&["metadata", "name"])
            .and_then(|n| n.as_str())
            .unwrap_or("unnamed");
        match (api.split('/').next().unwrap_or_default(), kind) {
            ("kyverno.io", "ClusterPolicy" | "Policy") => {
                kyverno_rules(root, kind, name, &mut out);
            }
            ("policies.kyverno.io", "ImageValidatingPolicy")
            | ("policy.sigstore.dev", "ClusterImagePolicy") => {
                out.push(Located {
                    kind: SignalKind::AdmissionVerify,
                    offset: root.span().start,
                    note: format!("{kind} `{name}` verifies image signatures at admission"),
                });
            }
            _ => {}
        }
    }
    out
}

fn kyverno_rules(root: Node<'_, '_>, kind: &str, name: &str, out: &mut Vec<Located>) {
    let Some(rules) = root.at(&["spec", "rules"]) else {
        return;
    };
    for rule in rules.items() {
        if let Some(verify) = rule.entry("verifyImages") {
            out.push(Located {
                kind: SignalKind::AdmissionVerify,
                offset: verify.key.span().start,
                note: format!("Kyverno {kind} `{name}` verifies image signatures at admission (`verifyImages`)"),
            });
        }
        let Some(validate) = rule.entry("validate") else {
            continue;
        };
        let body = validate.value;
        let required: Vec<&str> = [
            ("runAsNonRoot", "non-root"),
            ("readOnlyRootFilesystem", "read-only root filesystems"),
            ("drop", "dropped capabilities"),
            ("sha256", "digests"),
        ]
        .iter()
        .filter(|(key, _)| mentions(body, key))
        .map(|(_, what)| *what)
        .collect();
        if !required.is_empty() {
            out.push(Located {
                kind: SignalKind::PolicyRule,
                offset: validate.key.span().start,
                note: format!("Kyverno {kind} `{name}` requires {}", required.join(", ")),
            });
        }
    }
}

/// Whether a key or scalar anywhere under `node` contains `word`.
fn mentions(node: Node<'_, '_>, word: &str) -> bool {
    if let Some(text) = node.as_str() {
        return text.contains(word);
    }
    node.entries()
        .iter()
        .any(|e| e.name().contains(word) || mentions(e.value, word))
        || node.items().any(|item| mentions(item, word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verify_images_and_validation_rules() {
        let text = "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: p\nspec:\n  rules:\n    - name: sig\n      verifyImages:\n        - imageReferences: ['*']\n    - name: nonroot\n      validate:\n        pattern:\n          spec:\n            securityContext:\n              runAsNonRoot: true\n";
        let found = policy_signals(text);
        let kinds: Vec<SignalKind> = found.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [SignalKind::AdmissionVerify, SignalKind::PolicyRule]);
        assert!(found[1].note.contains("non-root"));
    }
}
