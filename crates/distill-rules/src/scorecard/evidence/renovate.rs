//! Renovate configuration: whether Docker bases are kept up to date and
//! whether digests are pinned. Read as text, so JSON and JSON5 files (with
//! comments and unquoted keys) are read alike.

use super::Located;
use crate::scorecard::SignalKind;

/// The signals of one Renovate configuration file.
pub(crate) fn config_signals(text: &str) -> Vec<Located> {
    let mut out = Vec::new();
    // Renovate reads the file but is told to leave Docker alone.
    if docker_disabled(text).is_some() {
        return out;
    }
    out.push(Located {
        kind: SignalKind::BaseUpdates,
        offset: text.find('{').unwrap_or(0),
        note: "Renovate updates Docker base images (its Dockerfile and Compose managers are on by default)".to_string(),
    });
    let pin = text
        .find("docker:pinDigests")
        .or_else(|| key_with_value(text, "pinDigests", "true"));
    if let Some(at) = pin {
        out.push(Located {
            kind: SignalKind::PinDigests,
            offset: at,
            note: "Renovate pins image digests and keeps them moving".to_string(),
        });
    }
    out
}

/// Where the configuration turns Renovate's Docker support off:
/// `"docker": {"enabled": false}` (or `dockerfile`), or an
/// `enabledManagers` list without `dockerfile`.
fn docker_disabled(text: &str) -> Option<usize> {
    for manager in ["docker", "dockerfile"] {
        for (at, _) in text.match_indices(manager) {
            let rest = &text[at + manager.len()..];
            let key = rest.trim_start_matches(['"', '\'']).trim_start();
            if !key.starts_with(':') {
                continue;
            }
            let block = &key[..key.find('}').unwrap_or(key.len())];
            if let Some(enabled) = block.find("enabled")
                && block[enabled..]
                    .trim_start_matches(|c: char| c != ':')
                    .trim_start_matches(':')
                    .trim_start()
                    .starts_with("false")
            {
                return Some(at);
            }
        }
    }
    let at = text.find("enabledManagers")?;
    let list = &text[at..];
    let list = &list[..list.find(']').unwrap_or(list.len())];
    (!list.contains("dockerfile")).then_some(at)
}

/// Where `key` is written with `value` (`"pinDigests": true`,
/// `pinDigests: true`).
fn key_with_value(text: &str, key: &str, value: &str) -> Option<usize> {
    text.match_indices(key).map(|(at, _)| at).find(|&at| {
        let rest = text[at + key.len()..]
            .trim_start_matches(['"', '\''])
            .trim_start();
        rest.strip_prefix(':')
            .is_some_and(|v| v.trim_start().starts_with(value))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<SignalKind> {
        config_signals(text).into_iter().map(|s| s.kind).collect()
    }

    #[test]
    fn presets_and_keys_in_json_and_json5() {
        use SignalKind::*;
        assert_eq!(
            kinds(r#"{"extends": ["config:recommended", "docker:pinDigests"]}"#),
            [BaseUpdates, PinDigests]
        );
        assert_eq!(
            kinds("{\n  // digests too\n  pinDigests: true,\n}"),
            [BaseUpdates, PinDigests]
        );
        assert_eq!(
            kinds(r#"{"extends": ["config:recommended"]}"#),
            [BaseUpdates]
        );
    }

    #[test]
    fn docker_turned_off_gives_nothing() {
        assert!(kinds(r#"{"dockerfile": {"enabled": false}}"#).is_empty());
        assert!(kinds(r#"{"enabledManagers": ["npm", "cargo"]}"#).is_empty());
        assert!(!kinds(r#"{"enabledManagers": ["dockerfile"]}"#).is_empty());
    }
}
