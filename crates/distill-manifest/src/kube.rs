//! Kubernetes workload objects: the objects of a manifest, the pod spec
//! each one carries, and every container of that pod spec with the path
//! Kubernetes itself would print for it.

use crate::yaml::{Node, Yaml};

/// One Kubernetes object of a manifest.
#[derive(Clone, Debug)]
pub struct Object<'d, 'a> {
    /// `Deployment`.
    pub kind: &'d str,
    /// `apps/v1`.
    pub api_version: &'d str,
    /// `metadata.name`, when written.
    pub name: Option<&'d str>,
    /// `metadata.namespace`, when written.
    pub namespace: Option<&'d str>,
    /// The object's mapping.
    pub node: Node<'d, 'a>,
    /// The path of the object in its document: empty for a top-level
    /// object, `items[2]` inside a `kind: List`.
    pub path: String,
}

/// Where a workload kind of the Kubernetes API keeps its pod spec (and the
/// metadata of its pod template). The API group must be the kind's own: a
/// custom resource that reuses a name (`kind: Deployment` in
/// `apps.kruise.io`) is not a Kubernetes workload.
fn pod_spec_path(api_version: &str, kind: &str) -> Option<&'static [&'static str]> {
    let group = api_version.rsplit_once('/').map_or("", |(group, _)| group);
    Some(match (group, kind) {
        ("", "Pod") => &["spec"],
        ("", "ReplicationController")
        | ("apps" | "extensions", "Deployment" | "ReplicaSet" | "DaemonSet")
        | ("apps", "StatefulSet")
        | ("batch", "Job") => &["spec", "template", "spec"],
        // batch/v1 and batch/v1beta1 alike.
        ("batch", "CronJob") => &["spec", "jobTemplate", "spec", "template", "spec"],
        ("", "PodTemplate") => &["template", "spec"],
        _ => return None,
    })
}

/// Every Kubernetes object of a file: documents with `apiVersion` and
/// `kind`, and the items of `kind: List` (and `*List`) documents.
pub fn objects<'d, 'a>(yaml: &'d Yaml<'a>) -> Vec<Object<'d, 'a>> {
    let mut out = Vec::new();
    for doc in &yaml.documents {
        if let Some(root) = doc.root() {
            collect_objects(root, String::new(), &mut out, 0);
        }
    }
    out
}

fn collect_objects<'d, 'a>(
    node: Node<'d, 'a>,
    path: String,
    out: &mut Vec<Object<'d, 'a>>,
    depth: usize,
) {
    let (Some(kind), Some(api_version)) = (node.str_at("kind"), node.str_at("apiVersion")) else {
        return;
    };
    // `kind: List` (and typed lists such as `DeploymentList`) hold their
    // objects under `items`; lists inside lists are read a few levels deep.
    if kind.ends_with("List") {
        if depth < 4
            && let Some(items) = node.get("items")
        {
            for (index, item) in items.items().enumerate() {
                let item_path = join(&path, &format!("items[{index}]"));
                collect_objects(item, item_path, out, depth + 1);
            }
        }
        return;
    }
    let metadata = node.get("metadata");
    out.push(Object {
        kind,
        api_version,
        name: metadata.and_then(|m| m.str_at("name")),
        namespace: metadata.and_then(|m| m.str_at("namespace")),
        node,
        path,
    });
}

fn join(prefix: &str, rest: &str) -> String {
    if prefix.is_empty() {
        rest.to_string()
    } else {
        format!("{prefix}.{rest}")
    }
}

impl<'d, 'a> Object<'d, 'a> {
    /// `Deployment/web`, or `Deployment/prod/web` with a namespace; an
    /// object without a name is `Deployment/(unnamed)`.
    pub fn label(&self) -> String {
        let name = self.name.unwrap_or("(unnamed)");
        match self.namespace {
            Some(namespace) => format!("{}/{namespace}/{name}", self.kind),
            None => format!("{}/{name}", self.kind),
        }
    }

    /// The path of a field of the object, `spec.template.spec`, with the
    /// object's own place in a list before it.
    pub fn field_path(&self, rest: &str) -> String {
        join(&self.path, rest)
    }

    /// The pod spec of a workload; `None` for objects that run no pods
    /// or whose pod spec is missing.
    pub fn pod(&self) -> Option<PodSpec<'d, 'a>> {
        let keys = pod_spec_path(self.api_version, self.kind)?;
        let node = self.node.at(keys)?;
        if !node.is_mapping() {
            return None;
        }
        // The pod template's metadata sits beside its spec; a Pod's own
        // metadata is the object's.
        let metadata_keys = &keys[..keys.len() - 1];
        let metadata = if metadata_keys.is_empty() {
            self.node.get("metadata")
        } else {
            self.node.at(metadata_keys).and_then(|t| t.get("metadata"))
        };
        Some(PodSpec {
            node,
            path: self.field_path(&keys.join(".")),
            metadata,
        })
    }

    /// The object's own annotations, as `(key, value node)` pairs.
    pub fn annotations(&self) -> Vec<(&'d str, Node<'d, 'a>)> {
        annotations_of(self.node.get("metadata"))
    }
}

fn annotations_of<'d, 'a>(metadata: Option<Node<'d, 'a>>) -> Vec<(&'d str, Node<'d, 'a>)> {
    let Some(annotations) = metadata.and_then(|m| m.get("annotations")) else {
        return Vec::new();
    };
    annotations
        .entries()
        .into_iter()
        .filter_map(|e| Some((e.key.as_str()?, e.value)))
        .collect()
}

/// A pod spec: the pod's own fields and its containers.
#[derive(Clone, Debug)]
pub struct PodSpec<'d, 'a> {
    /// The pod spec mapping.
    pub node: Node<'d, 'a>,
    /// Its path in the object: `spec.template.spec`.
    pub path: String,
    /// The pod's metadata (the template's, for workloads).
    pub metadata: Option<Node<'d, 'a>>,
}

/// Which list of the pod spec a container is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContainerKind {
    /// `containers`.
    Regular,
    /// `initContainers` that run to completion before the others start.
    Init,
    /// `initContainers` with `restartPolicy: Always`: sidecars that run
    /// beside the app for the pod's whole life.
    Sidecar,
    /// `ephemeralContainers`, added to a running pod for debugging.
    Ephemeral,
}

impl ContainerKind {
    /// The pod spec field the container is listed in.
    pub fn list(self) -> &'static str {
        match self {
            ContainerKind::Regular => "containers",
            ContainerKind::Init | ContainerKind::Sidecar => "initContainers",
            ContainerKind::Ephemeral => "ephemeralContainers",
        }
    }

    /// How messages name it: `container`, `init container`, ...
    pub fn noun(self) -> &'static str {
        match self {
            ContainerKind::Regular => "container",
            ContainerKind::Init => "init container",
            ContainerKind::Sidecar => "sidecar container",
            ContainerKind::Ephemeral => "ephemeral container",
        }
    }
}

/// One container of a pod spec.
#[derive(Clone, Debug)]
pub struct Container<'d, 'a> {
    /// The container's mapping.
    pub node: Node<'d, 'a>,
    /// Which list it is in.
    pub kind: ContainerKind,
    /// Its index in that list.
    pub index: usize,
    /// `name`, when written.
    pub name: Option<&'d str>,
    /// Its path: `spec.template.spec.initContainers[0]`.
    pub path: String,
}

impl<'d, 'a> Container<'d, 'a> {
    /// The name, or `initContainers[0]` when it has none.
    pub fn display_name(&self) -> String {
        match self.name {
            Some(name) => name.to_string(),
            None => format!("{}[{}]", self.kind.list(), self.index),
        }
    }

    /// `image`, when written.
    pub fn image(&self) -> Option<Node<'d, 'a>> {
        self.node.get("image")
    }

    /// The container's own `securityContext`.
    pub fn security_context(&self) -> Option<Node<'d, 'a>> {
        self.node.get("securityContext").filter(Node::is_mapping)
    }
}

impl<'d, 'a> PodSpec<'d, 'a> {
    /// Every container: `initContainers` (sidecars among them),
    /// `containers`, then `ephemeralContainers`.
    pub fn containers(&self) -> Vec<Container<'d, 'a>> {
        let mut out = Vec::new();
        for list in ["initContainers", "containers", "ephemeralContainers"] {
            let Some(items) = self.node.get(list) else {
                continue;
            };
            for (index, node) in items.items().enumerate() {
                if !node.is_mapping() {
                    continue;
                }
                let kind = match list {
                    "containers" => ContainerKind::Regular,
                    "ephemeralContainers" => ContainerKind::Ephemeral,
                    // Kubernetes 1.29 and later: an init container with
                    // `restartPolicy: Always` is a sidecar.
                    _ if node.str_at("restartPolicy") == Some("Always") => ContainerKind::Sidecar,
                    _ => ContainerKind::Init,
                };
                out.push(Container {
                    node,
                    kind,
                    index,
                    name: node.str_at("name"),
                    path: format!("{}.{list}[{index}]", self.path),
                });
            }
        }
        out
    }

    /// The pod-level `securityContext`.
    pub fn security_context(&self) -> Option<Node<'d, 'a>> {
        self.node.get("securityContext").filter(Node::is_mapping)
    }

    /// The pod's annotations (the template's, for workloads).
    pub fn annotations(&self) -> Vec<(&'d str, Node<'d, 'a>)> {
        annotations_of(self.metadata)
    }

    /// Whether `spec.os.name` says the pod runs on Windows, where the
    /// Linux-only controls of the Pod Security Standards do not apply.
    pub fn is_windows(&self) -> bool {
        self.node.at(&["os", "name"]).and_then(|n| n.as_str()) == Some("windows")
    }

    /// The pod's volumes with their index.
    pub fn volumes(&self) -> Vec<(usize, Node<'d, 'a>)> {
        self.node
            .get("volumes")
            .map(|v| {
                v.items()
                    .enumerate()
                    .filter(|(_, n)| n.is_mapping())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The path of a pod spec field: `spec.template.spec.hostNetwork`.
    pub fn field_path(&self, rest: &str) -> String {
        format!("{}.{rest}", self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workloads_lists_and_cronjobs() {
        let text = "\
apiVersion: v1
kind: List
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: prod}
  spec:
    template:
      spec:
        initContainers:
        - name: migrate
        - name: proxy
          restartPolicy: Always
        containers:
        - name: app
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: job
          ephemeralContainers:
          - name: debugger
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
";
        let yaml = Yaml::parse(text);
        let objects = objects(&yaml);
        let labels: Vec<String> = objects.iter().map(Object::label).collect();
        assert_eq!(
            labels,
            [
                "Deployment/prod/web",
                "CronJob/nightly",
                "ConfigMap/settings"
            ]
        );
        assert!(objects[2].pod().is_none());

        let web = objects[0].pod().expect("a Deployment has a pod spec");
        assert_eq!(web.path, "items[0].spec.template.spec");
        let containers: Vec<(String, ContainerKind, String)> = web
            .containers()
            .into_iter()
            .map(|c| (c.display_name(), c.kind, c.path))
            .collect();
        assert_eq!(
            containers,
            [
                (
                    "migrate".to_string(),
                    ContainerKind::Init,
                    "items[0].spec.template.spec.initContainers[0]".to_string()
                ),
                (
                    "proxy".to_string(),
                    ContainerKind::Sidecar,
                    "items[0].spec.template.spec.initContainers[1]".to_string()
                ),
                (
                    "app".to_string(),
                    ContainerKind::Regular,
                    "items[0].spec.template.spec.containers[0]".to_string()
                ),
            ]
        );

        let nightly = objects[1].pod().expect("a CronJob has a pod spec");
        assert_eq!(nightly.path, "spec.jobTemplate.spec.template.spec");
        let kinds: Vec<ContainerKind> = nightly.containers().iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [ContainerKind::Regular, ContainerKind::Ephemeral]);
    }

    #[test]
    fn custom_resources_with_workload_names_have_no_pod_spec() {
        let yaml = Yaml::parse(
            "apiVersion: apps.kruise.io/v1alpha1\nkind: DaemonSet\nspec:\n  template:\n    spec:\n      containers: []\n",
        );
        assert!(objects(&yaml)[0].pod().is_none());
    }

    #[test]
    fn documents_without_kind_are_not_objects() {
        let yaml = Yaml::parse("name: x\nitems: [1]\n---\nkind: Pod\n");
        assert!(objects(&yaml).is_empty());
    }
}
