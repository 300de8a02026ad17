//! Kustomization files: which files they apply as patches. A patch is a
//! fragment merged into a base object, not an object of its own, so it is
//! not audited as one.

use crate::yaml::Yaml;

/// Whether a file name is a Kustomization's.
pub fn is_kustomization_name(name: &str) -> bool {
    matches!(
        name,
        "kustomization.yaml" | "kustomization.yml" | "Kustomization"
    )
}

/// The files a Kustomization applies as patches, as written (relative to
/// its folder): `patches[].path`, `patchesStrategicMerge[]` (the entries
/// that name files rather than hold inline YAML) and
/// `patchesJson6902[].path`.
pub fn patch_files(text: &str) -> Vec<String> {
    let yaml = Yaml::parse(text);
    let Some(root) = yaml.documents.first().and_then(|d| d.root()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for list in ["patches", "patchesJson6902"] {
        for item in root.get(list).iter().flat_map(|l| l.items()) {
            if let Some(path) = item.str_at("path") {
                out.push(path.to_string());
            }
        }
    }
    for item in root
        .get("patchesStrategicMerge")
        .iter()
        .flat_map(|l| l.items())
    {
        if let Some(path) = item.as_str().filter(|p| !p.contains('\n')) {
            out.push(path.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patch_files_of_every_kind() {
        let text = "\
resources: [../base]
patches:
- path: replicas.yaml
- patch: |-
    - op: replace
      path: /spec/replicas
      value: 3
  target: {kind: Deployment}
patchesStrategicMerge:
- memory.yaml
- |-
  apiVersion: apps/v1
  kind: Deployment
patchesJson6902:
- target: {kind: Service, name: web}
  path: service-patch.yaml
";
        assert_eq!(
            patch_files(text),
            ["replicas.yaml", "service-patch.yaml", "memory.yaml"]
        );
    }
}
