//! Kubernetes manifests and Compose files, read with a source span for
//! every node: YAML (and JSON) documents, the workload objects in them,
//! their pod specs and containers, each container's effective security
//! settings, and Compose services.

pub mod compose;
pub mod kube;
pub mod security;
pub mod yaml;

pub use yaml::{Document, Entry, Node, Style, Yaml, YamlError};

/// Whether a file's text is a Go template (a Helm chart's `templates/`
/// file, say) rather than YAML: it holds `{{ ... }}` actions, which only
/// render to YAML.
pub fn is_template(text: &str) -> bool {
    text.find("{{")
        .is_some_and(|start| text[start..].contains("}}"))
}

/// The Helm chart a template belongs to: the folder holding the
/// `templates/` folder it is in, or its own folder when it is in none.
pub fn chart_of(path: &str) -> &str {
    if let Some(at) = path.rfind("/templates/") {
        return &path[..at];
    }
    if path.starts_with("templates/") {
        return ".";
    }
    path.rfind('/').map_or(".", |at| &path[..at])
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
    fn templates_and_charts() {
        assert!(is_template("image: {{ .Values.image }}\n"));
        assert!(!is_template("command: ['echo', '{{']\n"));
        assert_eq!(chart_of("charts/web/templates/deploy.yaml"), "charts/web");
        assert_eq!(chart_of("charts/web/templates/sub/x.yaml"), "charts/web");
        assert_eq!(chart_of("templates/x.yaml"), ".");
        assert_eq!(chart_of("deploy/x.yaml"), "deploy");
        assert_eq!(chart_of("x.yaml"), ".");
    }
}
