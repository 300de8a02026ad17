//! Any bytes: every Dockerfile rule must run without panicking, and every
//! fix must apply cleanly to the text it was made for.
#![no_main]

use distill_catalog::Catalog;
use distill_dockerfile::Dockerfile;
use distill_rules::RuleSettings;
use distill_rules::dockerfile::{DockerfileOptions, check_dockerfile};
use distill_rules::fix::{FixMode, fix_until_stable};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = Dockerfile::parse_bytes(data);
    let options = DockerfileOptions::default();
    let settings = RuleSettings::default();
    let check = |text: &str| {
        check_dockerfile(
            "Dockerfile",
            &Dockerfile::parse(text),
            Catalog::builtin(),
            &options,
            &settings,
        )
    };
    let findings = check(&file.source);
    for finding in &findings {
        assert!(finding.span.start <= finding.span.end);
        assert!(finding.span.end <= file.source.len());
    }
    if findings.iter().any(|f| f.fix.is_some()) {
        let _ = fix_until_stable(&file.source, FixMode::Unsafe, 4, check);
    }
});
