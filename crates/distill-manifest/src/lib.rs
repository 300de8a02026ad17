//! Kubernetes manifests and Compose files, read with a source span for
//! every node: YAML (and JSON) documents, the workload objects in them,
//! their pod specs and containers, each container's effective security
//! settings, and Compose services.

pub mod compose;
pub mod kube;
pub mod kustomize;
pub mod security;
pub mod yaml;

pub use yaml::{Document, Entry, Node, Style, Yaml, YamlError};

/// Whether a file is an unrendered Go template (a Helm or other
/// template file) rather than YAML: it holds `{{ ... }}` actions, and they
/// break it as YAML (a syntax error, or a mapping used as a key, which is
/// what `{{ .Values.x }}` reads as). Actions inside strings, comments or
/// block scalars leave valid YAML, which is read like any other.
pub fn is_unrendered_template(text: &str, yaml: &Yaml<'_>) -> bool {
    let has_actions = text
        .find("{{")
        .is_some_and(|start| text[start..].contains("}}"));
    has_actions && (!yaml.errors.is_empty() || yaml.has_collection_keys())
}

/// Whether a file may hold Kubernetes objects, judged cheaply before it
/// is parsed: every object names its `apiVersion` and `kind`.
pub fn may_hold_objects(text: &str) -> bool {
    text.contains("apiVersion") && text.contains("kind")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_told_from_yaml_that_mentions_braces() {
        for text in [
            "image: {{ .Values.image }}\n",
            "spec:\n{{- if .Values.x }}\n  a: 1\n{{- end }}\n",
        ] {
            assert!(is_unrendered_template(text, &Yaml::parse(text)), "{text}");
        }
        for text in [
            "args: [\"--format\", \"{{.Time}}\"]\n",
            "# was {{ .Values.image }}\nkind: Pod\n",
            "command:\n- |\n  sed s/{{PROJECT_ID}}/x/\n",
            "name: '{{path.basename}}'\n",
        ] {
            assert!(!is_unrendered_template(text, &Yaml::parse(text)), "{text}");
        }
    }
}
