//! Skaffold configuration (`skaffold.yaml`): the platforms `skaffold
//! build` and `skaffold run` build images for (`build.platforms`, also in
//! profiles and in every document of a multi-config file).

use distill_manifest::{Node, Yaml};

use super::Located;
use super::script::platform_count;
use crate::scorecard::SignalKind;

/// The multi-platform builds a Skaffold configuration asks for.
pub(crate) fn config_signals(text: &str) -> Vec<Located> {
    let yaml = Yaml::parse(text);
    let mut out = Vec::new();
    for doc in &yaml.documents {
        let Some(root) = doc.root() else {
            continue;
        };
        let profiles = root.get("profiles");
        let builds = std::iter::once(root.get("build"))
            .chain(
                profiles
                    .iter()
                    .flat_map(|p| p.items())
                    .map(|p| p.get("build")),
            )
            .flatten();
        for build in builds {
            if let Some(signal) = platforms(build) {
                out.push(signal);
            }
        }
    }
    out
}

fn platforms(build: Node<'_, '_>) -> Option<Located> {
    let list = build.get("platforms")?;
    let names: Vec<&str> = list.items().filter_map(|p| p.as_str()).collect();
    let joined = names.join(",");
    (platform_count(&joined) >= 2).then(|| Located {
        kind: SignalKind::MultiPlatform,
        offset: list.span().start,
        note: format!("skaffold.yaml builds for `{joined}`"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platforms_of_the_build_and_its_profiles() {
        let text = "apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  platforms: [\"linux/amd64\", \"linux/arm64\"]\nprofiles:\n- name: local\n  build:\n    platforms: [linux/amd64]\n";
        let signals = config_signals(text);
        assert_eq!(signals.len(), 1);
        assert_eq!(
            signals[0].note,
            "skaffold.yaml builds for `linux/amd64,linux/arm64`"
        );
    }
}
