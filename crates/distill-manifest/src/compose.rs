//! Compose files: their services, and a service seen through a base file
//! and the override files merged over it.
//!
//! The Compose specification's merge rules ("Merge and override"): a
//! scalar or mapping value written in a later file replaces the earlier
//! one, while sequences such as `cap_add`, `cap_drop`, `security_opt`,
//! `tmpfs` and `volumes` are merged.

use crate::yaml::{Node, Yaml};

/// Whether a file name is a Compose file's: `compose.yaml`,
/// `docker-compose.yml`, their override files (`compose.override.yaml`)
/// and variants (`docker-compose.prod.yml`, `docker-compose-dev.yml`).
pub fn is_compose_name(name: &str) -> bool {
    compose_role(name).is_some()
}

/// How a Compose file is used, judged by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComposeRole {
    /// `compose.yaml`, `docker-compose.yml`: the file `docker compose`
    /// reads by default.
    Base,
    /// `compose.override.yaml`, `docker-compose.override.yml`: merged over
    /// the base file of its folder by default.
    Override,
    /// `docker-compose.prod.yml`, `docker-compose-dev.yml`: read only when
    /// named with `-f`, and then often as a partial file over the base;
    /// audited on its own, where services without an image or a build
    /// are fragments and are left out.
    Variant,
}

/// The role of a Compose file name; `None` for other names.
pub fn compose_role(name: &str) -> Option<ComposeRole> {
    let stem = name
        .strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))?;
    if let Some(rest) = stem.strip_prefix("docker-compose-") {
        return (!rest.is_empty()).then_some(ComposeRole::Variant);
    }
    let rest = stem
        .strip_prefix("docker-compose")
        .or_else(|| stem.strip_prefix("compose"))?;
    match rest {
        "" => Some(ComposeRole::Base),
        ".override" => Some(ComposeRole::Override),
        _ if rest.len() > 1 && rest.starts_with('.') => Some(ComposeRole::Variant),
        _ => None,
    }
}

/// One service of one Compose file.
#[derive(Clone, Copy, Debug)]
pub struct Service<'d, 'a> {
    /// The service's name.
    pub name: &'d str,
    /// The name as written (findings about a missing setting point here).
    pub key: Node<'d, 'a>,
    /// The service's mapping.
    pub node: Node<'d, 'a>,
}

/// The services of a Compose file (of its first document: Compose reads
/// one).
pub fn services<'d, 'a>(yaml: &'d Yaml<'a>) -> Vec<Service<'d, 'a>> {
    let Some(root) = yaml.documents.first().and_then(|d| d.root()) else {
        return Vec::new();
    };
    let Some(services) = root.get("services") else {
        return Vec::new();
    };
    services
        .entries()
        .into_iter()
        .filter(|e| e.value.is_mapping())
        .filter_map(|e| {
            Some(Service {
                name: e.key.as_str()?,
                key: e.key,
                node: e.value,
            })
        })
        .collect()
}

/// A value and the file it came from (an index into the files merged).
#[derive(Clone, Copy, Debug)]
pub struct Sourced<'d, 'a> {
    /// Index of the file in the merge.
    pub file: usize,
    /// The value.
    pub node: Node<'d, 'a>,
}

/// A service as the base file and its overrides define it together.
#[derive(Clone, Debug)]
pub struct MergedService<'d, 'a> {
    /// The service's name.
    pub name: &'d str,
    /// Each file's part, in merge order: `(file index, service)`.
    pub parts: Vec<(usize, Service<'d, 'a>)>,
}

impl<'d, 'a> MergedService<'d, 'a> {
    /// Whether the service is only a fragment: Compose requires an
    /// `image` or a `build` of every service, so one with neither is a
    /// part merged into a service defined elsewhere.
    pub fn is_fragment(&self) -> bool {
        self.get("image").is_none() && self.get("build").is_none()
    }

    /// Where the service is first defined: missing settings are reported
    /// there.
    pub fn home(&self) -> (usize, Service<'d, 'a>) {
        self.parts[0]
    }

    /// A scalar or mapping setting: the last file that writes it wins.
    pub fn get(&self, key: &str) -> Option<Sourced<'d, 'a>> {
        self.parts.iter().rev().find_map(|(file, service)| {
            service
                .node
                .get(key)
                .map(|node| Sourced { file: *file, node })
        })
    }

    /// A sequence setting, merged: the items of every file that writes
    /// it. A single string stands for a one-item list, as Compose reads
    /// `tmpfs: /tmp`.
    pub fn list(&self, key: &str) -> Vec<Sourced<'d, 'a>> {
        let mut out = Vec::new();
        for (file, service) in &self.parts {
            let Some(value) = service.node.get(key) else {
                continue;
            };
            if value.is_sequence() {
                out.extend(value.items().map(|node| Sourced { file: *file, node }));
            } else {
                out.push(Sourced {
                    file: *file,
                    node: value,
                });
            }
        }
        out
    }
}

/// Merge the services of several files, in the order given (the base file
/// first). A service only an override names is defined there.
pub fn merge<'d, 'a>(files: &[Vec<Service<'d, 'a>>]) -> Vec<MergedService<'d, 'a>> {
    let mut merged: Vec<MergedService<'d, 'a>> = Vec::new();
    for (file, services) in files.iter().enumerate() {
        for service in services {
            match merged.iter_mut().find(|m| m.name == service.name) {
                Some(existing) => existing.parts.push((file, *service)),
                None => merged.push(MergedService {
                    name: service.name,
                    parts: vec![(file, *service)],
                }),
            }
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compose_names() {
        use ComposeRole::*;
        for (name, role) in [
            ("compose.yaml", Some(Base)),
            ("compose.yml", Some(Base)),
            ("docker-compose.yml", Some(Base)),
            ("docker-compose.yaml", Some(Base)),
            ("compose.override.yaml", Some(Override)),
            ("docker-compose.override.yml", Some(Override)),
            ("docker-compose.prod.yml", Some(Variant)),
            ("docker-compose-dev.yml", Some(Variant)),
            ("docker-compose-.yml", None),
            ("docker-compose.json", None),
            ("composer.yaml", None),
            ("compose-file.yaml", None),
            ("compose..yaml", None),
        ] {
            assert_eq!(compose_role(name), role, "{name}");
        }
    }

    #[test]
    fn overrides_replace_scalars_and_extend_lists() {
        let base = Yaml::parse(
            "services:\n  web:\n    image: app:1\n    read_only: true\n    cap_drop: [ALL]\n  db:\n    image: postgres:16\n",
        );
        let over = Yaml::parse(
            "services:\n  web:\n    read_only: false\n    cap_drop: [NET_RAW]\n  cache:\n    image: redis:7\n",
        );
        let files = [services(&base), services(&over)];
        let merged = merge(&files);
        let names: Vec<&str> = merged.iter().map(|m| m.name).collect();
        assert_eq!(names, ["web", "db", "cache"]);

        let web = &merged[0];
        let read_only = web.get("read_only").expect("written");
        assert_eq!((read_only.file, read_only.node.as_bool()), (1, Some(false)));
        assert_eq!(web.get("image").map(|s| s.file), Some(0));
        let drops: Vec<&str> = web
            .list("cap_drop")
            .iter()
            .filter_map(|s| s.node.as_str())
            .collect();
        assert_eq!(drops, ["ALL", "NET_RAW"]);
        assert_eq!(merged[2].home().0, 1);
    }
}
