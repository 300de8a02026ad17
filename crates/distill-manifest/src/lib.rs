//! Kubernetes manifests and Compose files, read with a source span for
//! every node: YAML (and JSON) documents, the workload objects in them,
//! their pod specs and containers, each container's effective security
//! settings, and Compose services.

pub mod yaml;

pub use yaml::{Document, Entry, Node, Style, Yaml, YamlError};
