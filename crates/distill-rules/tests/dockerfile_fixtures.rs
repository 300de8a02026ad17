//! Fixture tests for every Dockerfile rule.
//!
//! `tests/fixtures/dockerfile/<CODE>/<case>.Dockerfile` is checked with only
//! rule CODE enabled. `<case>.expect` lists the exact findings, one per
//! line, as `CODE line:column` (empty: no finding). `<case>.fixed`, when
//! present, is the file after applying every fix of the rule, safe and
//! unsafe, until nothing changes; the fixed file must parse without new
//! errors and a second check must find nothing more to fix.
//! `<case>.options` holds `target=NAME`, `build-arg=K=V` or
//! `trusted=REGISTRY` lines.

use std::path::{Path, PathBuf};

use distill_catalog::Catalog;
use distill_dockerfile::Dockerfile;
use distill_rules::RuleSettings;
use distill_rules::dockerfile::{DockerfileOptions, check_dockerfile, checks};
use distill_rules::fix::{FixMode, fix_until_stable};

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dockerfile")
}

fn options(case: &Path) -> DockerfileOptions {
    let mut options = DockerfileOptions::default();
    let Ok(text) = std::fs::read_to_string(case.with_extension("options")) else {
        return options;
    };
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (key, value) = line.split_once('=').expect("key=value");
        match key {
            "target" => options.target = Some(value.to_string()),
            "build-arg" => {
                let (k, v) = value.split_once('=').expect("build-arg=K=V");
                options.build_args.push((k.to_string(), v.to_string()));
            }
            "trusted" => options.trusted_registries.push(value.to_string()),
            other => panic!("{}: unknown option {other}", case.display()),
        }
    }
    options
}

fn findings_of(
    text: &str,
    code: &str,
    options: &DockerfileOptions,
) -> Vec<distill_report::Finding> {
    let file = Dockerfile::parse(text);
    check_dockerfile(
        "Dockerfile",
        &file,
        Catalog::builtin(),
        options,
        &RuleSettings::only(&[code]),
    )
}

fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.expect("entry").path())
                .filter(|p| p.extension().is_some_and(|e| e == "Dockerfile"))
                .collect()
        })
        .unwrap_or_default();
    cases.sort();
    cases
}

#[test]
fn every_dockerfile_rule_has_fixtures_that_pass() {
    let mut failures = Vec::new();
    for check in checks() {
        let code = check.rule.code;
        let dir = fixtures_root().join(code);
        let cases = cases(&dir);
        if cases.is_empty() {
            failures.push(format!("{code}: no fixtures in {}", dir.display()));
            continue;
        }
        let mut with_findings = 0;
        let mut clean = 0;
        let mut fixed = 0;
        for case in &cases {
            let text = std::fs::read_to_string(case).expect("fixture is readable");
            let expected = std::fs::read_to_string(case.with_extension("expect"))
                .unwrap_or_else(|_| panic!("{} has no .expect file", case.display()));
            let expected: Vec<&str> = expected.lines().filter(|l| !l.trim().is_empty()).collect();
            let options = options(case);
            let findings = findings_of(&text, code, &options);
            let actual: Vec<String> = findings
                .iter()
                .map(|f| format!("{} {}:{}", f.code, f.start.line, f.start.column))
                .collect();
            if actual != expected {
                failures.push(format!(
                    "{}: expected {expected:?}, found {actual:?} ({:?})",
                    case.display(),
                    findings.iter().map(|f| &f.message).collect::<Vec<_>>()
                ));
            }
            if expected.is_empty() {
                clean += 1;
            } else {
                with_findings += 1;
            }

            let fixed_path = case.with_extension("fixed");
            let Ok(expected_fixed) = std::fs::read_to_string(&fixed_path) else {
                continue;
            };
            fixed += 1;
            let result = fix_until_stable(&text, FixMode::Unsafe, 10, |t| {
                findings_of(t, code, &options)
            });
            if result.text != expected_fixed {
                failures.push(format!(
                    "{}: fixed text differs:\n--- expected\n{expected_fixed}\n--- actual\n{}",
                    case.display(),
                    result.text
                ));
            }
            let before = Dockerfile::parse(&text).errors().count();
            let after = Dockerfile::parse(&result.text).errors().count();
            if after > before {
                failures.push(format!(
                    "{}: the fix introduced a parse error",
                    case.display()
                ));
            }
            let again = findings_of(&result.text, code, &options);
            if again.iter().any(|f| f.fix.is_some()) {
                failures.push(format!(
                    "{}: a second pass still finds something to fix",
                    case.display()
                ));
            }
        }
        if with_findings == 0 || clean == 0 {
            failures.push(format!(
                "{code}: needs at least one fixture with findings and one without ({with_findings} with, {clean} without)"
            ));
        }
        if check.rule.fix != distill_rules::FixKind::None && fixed == 0 {
            failures.push(format!("{code}: the rule has fixes but no .fixed fixture"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
