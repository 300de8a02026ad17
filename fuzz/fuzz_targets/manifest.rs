//! Any text: reading it as a Kubernetes manifest and as a Compose file
//! (alone, and merged over itself) must not panic, and every finding must
//! lie inside the text.
#![no_main]

use distill_catalog::Catalog;
use distill_rules::RuleSettings;
use distill_rules::manifest::{ComposeFile, ManifestOptions, Profile, check_compose, check_manifest};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let options = ManifestOptions {
        profile: match flags % 3 {
            0 => Profile::Baseline,
            1 => Profile::Restricted,
            _ => Profile::Distroless,
        },
        trusted_registries: vec!["registry.example.com".to_string()],
    };
    let settings = RuleSettings::default();
    let audit = check_manifest("pod.yaml", text, Catalog::builtin(), &options, &settings);
    for finding in &audit.findings {
        assert!(finding.span.start <= finding.span.end && finding.span.end <= text.len());
    }
    let files = [
        ComposeFile { path: "compose.yaml", text },
        ComposeFile { path: "compose.override.yaml", text },
    ];
    let merged = check_compose(&files, Catalog::builtin(), &options, &[settings.clone(), settings]);
    for finding in merged.findings.iter().flatten() {
        assert!(finding.span.end <= text.len());
    }
});
