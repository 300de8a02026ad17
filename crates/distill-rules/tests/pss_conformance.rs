//! The Kubernetes project's Pod Security Standards fixtures
//! (`conformance/pss/<level>/<version>/<pass|fail>/<check><n>.yaml` in the
//! shared folder, `DISTILL_SHARED`, default `../shared`): every fail
//! fixture must give a finding of the rule that covers its check under
//! that level's profile, and every pass fixture must give none at all.

use std::path::{Path, PathBuf};

use distill_catalog::Catalog;
use distill_rules::RuleSettings;
use distill_rules::manifest::{ManifestOptions, Profile, check_manifest};

fn pss_root() -> PathBuf {
    let base = std::env::var_os("DISTILL_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let path = base.join("conformance/pss");
    assert!(
        path.join("baseline").is_dir() && path.join("restricted").is_dir(),
        "missing {}: set DISTILL_SHARED to the folder that holds conformance/pss (the Kubernetes Pod Security fixtures)",
        path.display()
    );
    path
}

/// The rules that cover a Pod Security check, by the fixture's check id.
fn codes_for(check: &str) -> &'static [&'static str] {
    match check {
        "allowprivilegeescalation" => &["HD102"],
        "apparmorprofile" => &["HD113"],
        "capabilities_baseline" => &["HD109"],
        "capabilities_restricted" => &["HD103", "HD109"],
        "hostnamespaces" => &["HD108"],
        "hostpathvolumes" => &["HD111"],
        "hostports" => &["HD112"],
        "hostprobesandhostlifecycle" => &["HD118"],
        "privileged" => &["HD107"],
        "procmount" | "procmount_restricted" => &["HD115"],
        "restrictedvolumes" => &["HD119", "HD111"],
        "runasnonroot" | "runasuser" => &["HD105"],
        "seccompprofile_baseline" | "seccompprofile_restricted" => &["HD104"],
        "selinuxoptions" => &["HD114"],
        "sysctls" => &["HD116"],
        "windowshostprocess" => &["HD117"],
        other => panic!("no rule is known to cover the Pod Security check {other:?}"),
    }
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_pod_security_fixture_is_judged_as_kubernetes_judges_it() {
    let root = pss_root();
    let mut problems = Vec::new();
    let mut counted = 0;
    for (level, profile) in [
        ("baseline", Profile::Baseline),
        ("restricted", Profile::Restricted),
    ] {
        let options = ManifestOptions {
            profile,
            ..ManifestOptions::default()
        };
        let mut versions: Vec<PathBuf> = std::fs::read_dir(root.join(level))
            .expect("list versions")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.is_dir())
            .collect();
        versions.sort();
        assert!(!versions.is_empty(), "no versions under {level}");
        for version in versions {
            for outcome in ["pass", "fail"] {
                for path in yaml_files(&version.join(outcome)) {
                    counted += 1;
                    let text = std::fs::read_to_string(&path).expect("read a fixture");
                    let audit = check_manifest(
                        "pod.yaml",
                        &text,
                        Catalog::builtin(),
                        &options,
                        &RuleSettings::all(),
                    );
                    let found: Vec<String> = audit
                        .findings
                        .iter()
                        .map(|f| {
                            format!(
                                "{} {}:{} {}",
                                f.code, f.start.line, f.start.column, f.message
                            )
                        })
                        .collect();
                    let name = path
                        .strip_prefix(&root)
                        .unwrap_or(&path)
                        .display()
                        .to_string();
                    if outcome == "pass" {
                        if !found.is_empty() {
                            problems.push(format!("{name}: expected no finding, got {found:#?}"));
                        }
                        continue;
                    }
                    let stem = path
                        .file_stem()
                        .and_then(|s| s.to_str())
                        .unwrap_or_default();
                    let check = stem.trim_end_matches(|c: char| c.is_ascii_digit());
                    let expected = codes_for(check);
                    if !audit.findings.iter().any(|f| expected.contains(&f.code)) {
                        problems.push(format!("{name}: expected {expected:?}, got {found:#?}"));
                    }
                }
            }
        }
    }
    assert!(counted >= 290, "only {counted} fixtures were found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
