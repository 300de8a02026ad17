//! Dependabot (`.github/dependabot.yml`): updates for the `docker`
//! ecosystem.

use distill_manifest::Yaml;

use super::Located;
use crate::scorecard::SignalKind;

/// The signals of one Dependabot configuration.
pub(crate) fn config_signals(text: &str) -> Vec<Located> {
    let yaml = Yaml::parse(text);
    let mut out = Vec::new();
    for doc in &yaml.documents {
        let Some(updates) = doc.root().and_then(|r| r.get("updates")) else {
            continue;
        };
        for update in updates.items() {
            let Some(ecosystem) = update.get("package-ecosystem") else {
                continue;
            };
            let name = ecosystem.as_str().unwrap_or_default();
            if !matches!(name, "docker" | "docker-compose") {
                continue;
            }
            let interval = update
                .at(&["schedule", "interval"])
                .and_then(|i| i.as_str())
                .unwrap_or("on its default schedule");
            out.push(Located {
                kind: SignalKind::BaseUpdates,
                offset: ecosystem.span().start,
                note: format!("Dependabot updates `{name}` images ({interval})"),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_updates_are_found() {
        let text = "version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n  - package-ecosystem: docker\n    directory: /\n    schedule:\n      interval: weekly\n";
        let found = config_signals(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, SignalKind::BaseUpdates);
        assert_eq!(&text[found[0].offset..found[0].offset + 6], "docker");
        assert!(found[0].note.contains("weekly"));
    }
}
