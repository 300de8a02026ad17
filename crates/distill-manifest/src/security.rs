//! The security settings a container runs with, computed field by field
//! the way Kubernetes computes them.
//!
//! The Kubernetes API reference (`SecurityContext` and
//! `PodSecurityContext`) gives each container-level field that also exists
//! at pod level precedence over it: `runAsNonRoot`, `runAsUser`,
//! `runAsGroup`, `seccompProfile`, `seLinuxOptions`, `appArmorProfile` and
//! `windowsOptions`. `readOnlyRootFilesystem`, `allowPrivilegeEscalation`,
//! `capabilities`, `privileged` and `procMount` exist on containers only:
//! written in the pod-level context they are dropped (or rejected by
//! strict validation) and do nothing.

use crate::kube::{Container, PodSpec};
use crate::yaml::Node;

/// Where a setting was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// In the pod-level `securityContext`, inherited by the container.
    Pod,
    /// In the container's own `securityContext`.
    Container,
}

/// A setting's value and the node it was read from.
#[derive(Clone, Debug)]
pub struct Setting<'d, 'a, T> {
    /// The value.
    pub value: T,
    /// The node holding the value (for a whole-struct field such as
    /// `seccompProfile`, the node of the field that decided it).
    pub node: Node<'d, 'a>,
    /// The field's path: `spec.securityContext.runAsUser`.
    pub path: String,
    /// Whether the container inherited it from the pod.
    pub level: Level,
}

/// The fields written in the pod-level `securityContext` that only
/// containers have.
pub const CONTAINER_ONLY_FIELDS: [&str; 5] = [
    "readOnlyRootFilesystem",
    "allowPrivilegeEscalation",
    "capabilities",
    "privileged",
    "procMount",
];

/// A container's effective security settings.
#[derive(Clone, Debug)]
pub struct Effective<'d, 'a> {
    /// Path of the container's `securityContext`, written or not: where a
    /// missing field belongs.
    pub context_path: String,
    /// `runAsNonRoot`.
    pub run_as_non_root: Option<Setting<'d, 'a, bool>>,
    /// `runAsUser`.
    pub run_as_user: Option<Setting<'d, 'a, i64>>,
    /// `runAsGroup`.
    pub run_as_group: Option<Setting<'d, 'a, i64>>,
    /// `seccompProfile.type`.
    pub seccomp: Option<Setting<'d, 'a, &'d str>>,
    /// `appArmorProfile.type`.
    pub app_armor: Option<Setting<'d, 'a, &'d str>>,
    /// `windowsOptions.hostProcess`.
    pub host_process: Option<Setting<'d, 'a, bool>>,
    /// `readOnlyRootFilesystem` (container only).
    pub read_only_root_filesystem: Option<Setting<'d, 'a, bool>>,
    /// `allowPrivilegeEscalation` (container only).
    pub allow_privilege_escalation: Option<Setting<'d, 'a, bool>>,
    /// `privileged` (container only).
    pub privileged: Option<Setting<'d, 'a, bool>>,
    /// `procMount` (container only).
    pub proc_mount: Option<Setting<'d, 'a, &'d str>>,
    /// `capabilities.add` items (container only).
    pub capabilities_add: Vec<Setting<'d, 'a, &'d str>>,
    /// `capabilities.drop` items (container only).
    pub capabilities_drop: Vec<Setting<'d, 'a, &'d str>>,
    /// The `capabilities` field itself, when written.
    pub capabilities: Option<Node<'d, 'a>>,
}

impl<'d, 'a> Effective<'d, 'a> {
    /// Compute a container's settings from its own context and its pod's.
    pub fn of(pod: &PodSpec<'d, 'a>, container: &Container<'d, 'a>) -> Self {
        let pod_context = pod.security_context();
        let own = container.security_context();
        let pod_path = pod.field_path("securityContext");
        let context_path = format!("{}.securityContext", container.path);
        let sites = Sites {
            own,
            own_path: &context_path,
            pod: pod_context,
            pod_path: &pod_path,
        };

        let capabilities = own.and_then(|c| c.get("capabilities"));
        let capability_list = |list: &str| -> Vec<Setting<'d, 'a, &'d str>> {
            let Some(items) = capabilities.and_then(|c| c.get(list)) else {
                return Vec::new();
            };
            items
                .items()
                .enumerate()
                .filter_map(|(i, node)| {
                    Some(Setting {
                        value: node.as_str()?,
                        node,
                        path: format!("{context_path}.capabilities.{list}[{i}]"),
                        level: Level::Container,
                    })
                })
                .collect()
        };

        Effective {
            run_as_non_root: sites.inherited(&["runAsNonRoot"], |n| n.as_bool()),
            run_as_user: sites.inherited(&["runAsUser"], |n| n.as_i64()),
            run_as_group: sites.inherited(&["runAsGroup"], |n| n.as_i64()),
            seccomp: sites.inherited_struct("seccompProfile", "type"),
            app_armor: sites.inherited_struct("appArmorProfile", "type"),
            host_process: sites.inherited(&["windowsOptions", "hostProcess"], |n| n.as_bool()),
            read_only_root_filesystem: sites.own(&["readOnlyRootFilesystem"], |n| n.as_bool()),
            allow_privilege_escalation: sites.own(&["allowPrivilegeEscalation"], |n| n.as_bool()),
            privileged: sites.own(&["privileged"], |n| n.as_bool()),
            proc_mount: sites.own(&["procMount"], |n| n.as_str()),
            capabilities_add: capability_list("add"),
            capabilities_drop: capability_list("drop"),
            capabilities,
            context_path,
        }
    }

    /// Whether a capability is added, compared as Pod Security compares
    /// it: by exact name, without the `CAP_` prefix.
    pub fn adds(&self, capability: &str) -> bool {
        self.capabilities_add.iter().any(|c| c.value == capability)
    }

    /// Whether the process can gain more privileges than its parent, in
    /// effect: `allowPrivilegeEscalation` is not false, or the container is
    /// privileged or adds `CAP_SYS_ADMIN`, which the API server treats as
    /// escalation whatever the field says.
    pub fn escalation_allowed(&self) -> bool {
        self.allow_privilege_escalation
            .as_ref()
            .is_none_or(|s| s.value)
            || self.privileged.as_ref().is_some_and(|s| s.value)
            || self.adds("SYS_ADMIN")
            || self.adds("CAP_SYS_ADMIN")
    }
}

/// The two places a field can be written.
struct Sites<'s, 'd, 'a> {
    own: Option<Node<'d, 'a>>,
    own_path: &'s str,
    pod: Option<Node<'d, 'a>>,
    pod_path: &'s str,
}

impl<'d, 'a> Sites<'_, 'd, 'a> {
    fn read<T>(
        context: Option<Node<'d, 'a>>,
        path: &str,
        keys: &[&str],
        level: Level,
        value: impl Fn(&Node<'d, 'a>) -> Option<T>,
    ) -> Option<Setting<'d, 'a, T>> {
        let node = context?.at(keys)?;
        Some(Setting {
            value: value(&node)?,
            node,
            path: format!("{path}.{}", keys.join(".")),
            level,
        })
    }

    /// A container-only field.
    fn own<T>(
        &self,
        keys: &[&str],
        value: impl Fn(&Node<'d, 'a>) -> Option<T>,
    ) -> Option<Setting<'d, 'a, T>> {
        Self::read(self.own, self.own_path, keys, Level::Container, value)
    }

    /// A field the container inherits from the pod when it does not set
    /// it itself.
    fn inherited<T>(
        &self,
        keys: &[&str],
        value: impl Fn(&Node<'d, 'a>) -> Option<T> + Copy,
    ) -> Option<Setting<'d, 'a, T>> {
        self.own(keys, value)
            .or_else(|| Self::read(self.pod, self.pod_path, keys, Level::Pod, value))
    }

    /// A struct field (`seccompProfile`) that is inherited as a whole:
    /// the container's struct, when written, replaces the pod's.
    fn inherited_struct(&self, field: &str, key: &str) -> Option<Setting<'d, 'a, &'d str>> {
        let pick = |context: Option<Node<'d, 'a>>, path: &str, level| {
            context?.get(field)?;
            Self::read(context, path, &[field, key], level, |n| n.as_str())
        };
        match self.own.and_then(|c| c.get(field)) {
            Some(_) => pick(self.own, self.own_path, Level::Container),
            None => pick(self.pod, self.pod_path, Level::Pod),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kube::objects;
    use crate::yaml::Yaml;

    fn effective_of(text: &str, container: usize, check: impl Fn(&Effective<'_, '_>)) {
        let yaml = Yaml::parse(text);
        let objects = objects(&yaml);
        let pod = objects[0].pod().expect("pod spec");
        let containers = pod.containers();
        check(&Effective::of(&pod, &containers[container]));
    }

    const POD: &str = "\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 1000
    seccompProfile: {type: RuntimeDefault}
    readOnlyRootFilesystem: true
  containers:
  - name: inherits
  - name: overrides
    securityContext:
      runAsUser: 0
      runAsNonRoot: false
      seccompProfile: {localhostProfile: x}
      privileged: true
      allowPrivilegeEscalation: false
";

    #[test]
    fn pod_fields_are_inherited_where_kubernetes_inherits_them() {
        effective_of(POD, 0, |e| {
            let user = e.run_as_user.as_ref().expect("inherited");
            assert_eq!((user.value, user.level), (1000, Level::Pod));
            assert_eq!(user.path, "spec.securityContext.runAsUser");
            assert_eq!(e.seccomp.as_ref().map(|s| s.value), Some("RuntimeDefault"));
            // Written at pod level, readOnlyRootFilesystem does nothing.
            assert!(e.read_only_root_filesystem.is_none());
            assert!(e.escalation_allowed());
            assert_eq!(e.context_path, "spec.containers[0].securityContext");
        });
    }

    #[test]
    fn container_fields_override_in_both_directions() {
        effective_of(POD, 1, |e| {
            let user = e.run_as_user.as_ref().expect("own");
            assert_eq!((user.value, user.level), (0, Level::Container));
            assert_eq!(e.run_as_non_root.as_ref().map(|s| s.value), Some(false));
            // The container's seccompProfile replaces the pod's as a whole,
            // so its missing type is not the pod's RuntimeDefault.
            assert!(e.seccomp.is_none());
            // privileged makes escalation possible whatever the field says.
            assert!(e.escalation_allowed());
        });
    }

    #[test]
    fn sys_admin_allows_escalation() {
        let text = "\
kind: Pod
apiVersion: v1
spec:
  containers:
  - name: a
    securityContext:
      allowPrivilegeEscalation: false
      capabilities: {add: [SYS_ADMIN], drop: [ALL]}
";
        effective_of(text, 0, |e| {
            assert!(e.escalation_allowed());
            assert_eq!(e.capabilities_drop[0].value, "ALL");
            assert_eq!(
                e.capabilities_add[0].path,
                "spec.containers[0].securityContext.capabilities.add[0]"
            );
        });
    }
}
