//! Fixture tests for every Kubernetes and Compose rule.
//!
//! - `tests/fixtures/kubernetes/<CODE>/<case>.yaml` is checked with only
//!   rule CODE enabled. `<case>.expect` lists the exact findings, one per
//!   line, as `CODE line:column container field_path` (`-` for a finding
//!   about the pod rather than a container). `<case>.options` may hold
//!   `profile=baseline|restricted|distroless` and `trusted=REGISTRY`.
//! - `tests/fixtures/compose/<CODE>/<case>/` holds Compose files, merged in
//!   name order with base files first; `<case>.expect` lists findings as
//!   `CODE file line:column field_path`.
//!
//! Every rule needs at least one case with findings and one without.
//! `DISTILL_UPDATE_FIXTURES=1` writes the `.expect` files from what the
//! rules find, for review before they are committed.

use std::path::{Path, PathBuf};

use distill_catalog::Catalog;
use distill_rules::RuleSettings;
use distill_rules::manifest::{
    ComposeFile, ManifestOptions, Profile, check_compose, check_manifest, pod_checks,
    service_checks,
};

fn root(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind)
}

fn options(case: &Path) -> ManifestOptions {
    let mut options = ManifestOptions::default();
    let Ok(text) = std::fs::read_to_string(case.with_extension("options")) else {
        return options;
    };
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (key, value) = line.split_once('=').expect("key=value");
        match key {
            "profile" => options.profile = Profile::parse(value).expect("a profile"),
            "trusted" => options.trusted_registries.push(value.to_string()),
            other => panic!("{}: unknown option {other}", case.display()),
        }
    }
    options
}

fn entries(dir: &Path, keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.expect("entry").path())
                .filter(|p| keep(p))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// Compare a case's findings with its `.expect` file (or write it).
fn compare(case: &Path, actual: Vec<String>, failures: &mut Vec<String>) -> bool {
    let expect_path = case.with_extension("expect");
    if std::env::var_os("DISTILL_UPDATE_FIXTURES").is_some() {
        let mut text = actual.join("\n");
        if !text.is_empty() {
            text.push('\n');
        }
        std::fs::write(&expect_path, text).expect("write .expect");
    }
    let expected = std::fs::read_to_string(&expect_path)
        .unwrap_or_else(|_| panic!("{} has no .expect file", case.display()));
    let expected: Vec<&str> = expected.lines().filter(|l| !l.trim().is_empty()).collect();
    if actual != expected {
        failures.push(format!(
            "{}:\n  expected {expected:#?}\n  found {actual:#?}",
            case.display()
        ));
    }
    !expected.is_empty()
}

fn require_both(code: &str, kind: &str, with: usize, without: usize, failures: &mut Vec<String>) {
    if with == 0 || without == 0 {
        failures.push(format!(
            "{code}: needs {kind} fixtures with and without findings ({with} with, {without} without)"
        ));
    }
}

#[test]
fn every_kubernetes_rule_has_fixtures_that_pass() {
    let mut codes: Vec<&str> = pod_checks().iter().map(|c| c.rule.code).collect();
    codes.sort();
    codes.dedup();
    let mut failures = Vec::new();
    for code in codes {
        let cases = entries(&root("kubernetes").join(code), |p| {
            p.extension().is_some_and(|e| e == "yaml")
        });
        let (mut with, mut without) = (0, 0);
        for case in &cases {
            let text = std::fs::read_to_string(case).expect("fixture is readable");
            let audit = check_manifest(
                "pod.yaml",
                &text,
                Catalog::builtin(),
                &options(case),
                &RuleSettings::only(&[code]),
            );
            let actual = audit
                .findings
                .iter()
                .map(|f| {
                    let context = f
                        .context
                        .as_ref()
                        .expect("manifest findings have a context");
                    format!(
                        "{} {}:{} {} {}",
                        f.code,
                        f.start.line,
                        f.start.column,
                        context.container.as_deref().unwrap_or("-"),
                        context.field_path
                    )
                })
                .collect();
            if compare(case, actual, &mut failures) {
                with += 1;
            } else {
                without += 1;
            }
        }
        require_both(code, "Kubernetes", with, without, &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_compose_rule_has_fixtures_that_pass() {
    let mut codes: Vec<&str> = service_checks().iter().map(|c| c.rule.code).collect();
    codes.sort();
    codes.dedup();
    let mut failures = Vec::new();
    for code in codes {
        let cases = entries(&root("compose").join(code), |p| p.is_dir());
        let (mut with, mut without) = (0, 0);
        for case in &cases {
            let mut names: Vec<String> = entries(case, |p| p.is_file())
                .iter()
                .filter_map(|p| p.file_name()?.to_str().map(str::to_string))
                .collect();
            // Base files first, then overrides, each group by name.
            names.sort_by_key(|n| (n.matches('.').count() > 1, n.clone()));
            let texts: Vec<String> = names
                .iter()
                .map(|n| std::fs::read_to_string(case.join(n)).expect("readable"))
                .collect();
            let files: Vec<ComposeFile<'_>> = names
                .iter()
                .zip(&texts)
                .map(|(path, text)| ComposeFile { path, text })
                .collect();
            let settings = vec![RuleSettings::only(&[code]); files.len()];
            let audit = check_compose(&files, Catalog::builtin(), &options(case), &settings);
            let mut actual = Vec::new();
            for (name, findings) in names.iter().zip(&audit.findings) {
                for f in findings {
                    let context = f.context.as_ref().expect("Compose findings have a context");
                    actual.push(format!(
                        "{} {name} {}:{} {}",
                        f.code, f.start.line, f.start.column, context.field_path
                    ));
                }
            }
            if compare(case, actual, &mut failures) {
                with += 1;
            } else {
                without += 1;
            }
        }
        require_both(code, "Compose", with, without, &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
