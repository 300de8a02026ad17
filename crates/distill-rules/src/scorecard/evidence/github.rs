//! GitHub Actions workflows (`.github/workflows/*.yml`): image builds and
//! their platforms, SBOM and provenance, signing, scans, size records and
//! scheduled rebuilds, from `uses:` steps and `run:` scripts.

use distill_manifest::{Node, Yaml};

use super::script::{
    ScriptTarget, covers_high, platform_count, scan_verdict, script_signals, script_targets,
};
use super::{Located, scalar_line};
use crate::scorecard::SignalKind;

/// The signals of one workflow file.
pub(crate) fn workflow_signals(text: &str) -> Vec<Located> {
    let yaml = Yaml::parse(text);
    let mut out = Vec::new();
    for doc in &yaml.documents {
        let Some(root) = doc.root() else {
            continue;
        };
        let mut workflow = Vec::new();
        if let Some(jobs) = root.get("jobs") {
            for job in jobs.entries() {
                job_signals(text, job.value, &mut workflow);
            }
        }
        let builds = workflow.iter().any(|s| s.kind == SignalKind::ImageBuild);
        if builds {
            for cron in schedules(root) {
                let what = cron.as_str().unwrap_or_default();
                workflow.push(Located {
                    kind: SignalKind::ScheduledRebuild,
                    offset: cron.span().start,
                    note: format!(
                        "the workflow that builds images also runs on a schedule (`cron: {what}`)"
                    ),
                });
            }
        }
        out.extend(workflow);
    }
    out
}

/// The repository scripts the workflow's `run:` steps run, with the
/// workflow's first `cron` schedule, if it has one.
pub(crate) fn workflow_scripts(text: &str) -> Vec<(ScriptTarget, Option<Located>)> {
    let yaml = Yaml::parse(text);
    let mut out = Vec::new();
    for doc in &yaml.documents {
        let Some(root) = doc.root() else {
            continue;
        };
        let cron = schedules(root).into_iter().next().map(|cron| Located {
            kind: SignalKind::ScheduledRebuild,
            offset: cron.span().start,
            note: format!("`cron: {}`", cron.as_str().unwrap_or_default()),
        });
        // `defaults.run.working-directory` of the workflow, then of the
        // job, then the step's own `working-directory`.
        let default_dir = |node: Node<'_, '_>| {
            node.at(&["defaults", "run", "working-directory"])
                .and_then(|d| d.as_str())
                .map(str::to_string)
        };
        let workflow_dir = default_dir(root);
        for job in root.get("jobs").into_iter().flat_map(|jobs| jobs.entries()) {
            let job_dir = default_dir(job.value).or_else(|| workflow_dir.clone());
            let steps = job.value.get("steps");
            for step in steps.iter().flat_map(|s| s.items()) {
                let Some(script) = step.get("run").and_then(|r| r.as_str()) else {
                    continue;
                };
                let dir = step
                    .str_at("working-directory")
                    .map(str::to_string)
                    .or_else(|| job_dir.clone())
                    .unwrap_or_default();
                for (_, target) in script_targets(script) {
                    out.push((target.under(&dir), cron.clone()));
                }
            }
        }
    }
    out
}

/// The `cron` values of `on.schedule`.
fn schedules<'d, 'a>(root: Node<'d, 'a>) -> Vec<Node<'d, 'a>> {
    // YAML 1.1 readers turn an unquoted `on` key into `true`; workflows are
    // read as GitHub reads them, where `on` is the key.
    let Some(on) = root.get("on").or_else(|| root.get("true")) else {
        return Vec::new();
    };
    on.get("schedule")
        .map(|s| s.items().filter_map(|item| item.get("cron")).collect())
        .unwrap_or_default()
}

fn job_signals(text: &str, job: Node<'_, '_>, out: &mut Vec<Located>) {
    reusable_workflow_call(job, out);
    let matrix = job.at(&["strategy", "matrix"]);
    let Some(steps) = job.get("steps") else {
        return;
    };
    let job_lenient = continues_on_error(job);
    for step in steps.items() {
        let before = out.len();
        if let Some(uses) = step.get("uses").and_then(|u| u.as_str().map(|s| (u, s))) {
            action_signals(uses.1, uses.0, step.get("with"), matrix, out);
        }
        if let Some(run) = step.get("run")
            && let Some(script) = run.as_str()
        {
            for signal in script_signals(script) {
                out.push(Located {
                    kind: signal.kind,
                    offset: scalar_line(text, run, signal.offset),
                    note: signal.note,
                });
            }
        }
        // A failing scan in a step (or job) that continues on error fails
        // nothing.
        if job_lenient || continues_on_error(step) {
            for signal in &mut out[before..] {
                if signal.kind == SignalKind::VulnGate {
                    signal.kind = SignalKind::VulnScan;
                    signal.note = format!(
                        "{}, but the step continues on error (`continue-on-error: true`)",
                        signal.note
                    );
                }
            }
        }
    }
}

fn continues_on_error(node: Node<'_, '_>) -> bool {
    node.get("continue-on-error")
        .and_then(|c| c.as_bool_lenient())
        == Some(true)
}

/// A job that calls a reusable workflow (`uses: ./.github/workflows/x.yml`)
/// with two or more platforms in an input whose name says platform: the
/// called workflow builds for them (`platforms: ${{ inputs.platforms }}`).
fn reusable_workflow_call(job: Node<'_, '_>, out: &mut Vec<Located>) {
    let Some(called) = job.str_at("uses") else {
        return;
    };
    let Some(with) = job.get("with") else {
        return;
    };
    for input in with.entries() {
        let value = input.value.as_str().unwrap_or_default();
        if input.name().contains("platform") && platform_count(value) >= 2 {
            out.push(Located {
                kind: SignalKind::MultiPlatform,
                offset: input.value.span().start,
                note: format!("the job calls `{called}` to build for `{}`", value.trim()),
            });
        }
    }
}

/// `docker/build-push-action@v6` is `docker/build-push-action`.
fn action_name(uses: &str) -> &str {
    uses.split('@').next().unwrap_or(uses)
}

fn action_signals(
    uses: &str,
    node: Node<'_, '_>,
    with: Option<Node<'_, '_>>,
    matrix: Option<Node<'_, '_>>,
    out: &mut Vec<Located>,
) {
    let at = node.span().start;
    let input = |key: &str| with.and_then(|w| w.get(key));
    let text_of = |key: &str| input(key).and_then(|n| n.as_str().map(str::to_string));
    let flag = |key: &str| text_of(key).is_some_and(|v| matches!(v.as_str(), "true" | "True"));
    let mut push =
        |kind: SignalKind, note: String, offset: usize| out.push(Located { kind, offset, note });
    let offset_of = |key: &str| input(key).map_or(at, |n| n.span().start);

    match action_name(uses) {
        "docker/build-push-action" | "redhat-actions/buildah-build" => {
            let name = action_name(uses);
            push(
                SignalKind::ImageBuild,
                format!("`{name}` builds an image"),
                at,
            );
            let platforms = text_of("platforms").or_else(|| text_of("archs"));
            match platforms {
                Some(list) if list.contains("${{") => {
                    let count = matrix_platforms(matrix);
                    if count >= 2 {
                        push(
                            SignalKind::MultiPlatform,
                            format!("`{name}` builds for {count} platforms of the job's matrix"),
                            offset_of("platforms"),
                        );
                    }
                }
                Some(list) if platform_count(&list) >= 2 => push(
                    SignalKind::MultiPlatform,
                    format!("`{name}` builds for `{}`", list.trim()),
                    offset_of(if input("platforms").is_some() {
                        "platforms"
                    } else {
                        "archs"
                    }),
                ),
                Some(list) => push(
                    SignalKind::SinglePlatform,
                    format!("`{name}` builds for `{}` only", list.trim()),
                    offset_of("platforms"),
                ),
                None => {}
            }
            if flag("sbom") {
                push(
                    SignalKind::Sbom,
                    format!("`{name}` attaches an SBOM attestation (`sbom: true`)"),
                    offset_of("sbom"),
                );
            }
            if let Some(provenance) = text_of("provenance")
                && provenance != "false"
            {
                push(
                    SignalKind::Provenance,
                    format!("`{name}` attaches provenance (`provenance: {provenance}`)"),
                    offset_of("provenance"),
                );
            }
        }
        "aquasecurity/trivy-action" => {
            let scan_type = text_of("scan-type").unwrap_or_else(|| "image".to_string());
            if scan_type != "image" {
                return;
            }
            let fails = text_of("exit-code").is_some_and(|c| c.trim() != "0");
            let fails_on_high = fails && text_of("severity").is_none_or(|s| covers_high(&s));
            scan_verdict(
                "`aquasecurity/trivy-action`",
                fails_on_high,
                flag("ignore-unfixed"),
                &mut |kind, note| push(kind, note, at),
            );
        }
        "anchore/scan-action" => {
            // The action fails the build by default, at severity medium.
            let fails = text_of("fail-build").is_none_or(|v| v != "false");
            let cutoff = text_of("severity-cutoff").unwrap_or_else(|| "medium".to_string());
            scan_verdict(
                "`anchore/scan-action`",
                fails && covers_high(&cutoff),
                flag("only-fixed"),
                &mut |kind, note| push(kind, note, at),
            );
        }
        "docker/scout-action" => {
            let cves = text_of("command").is_some_and(|c| c.contains("cves"));
            if !cves {
                return;
            }
            let fails =
                flag("exit-code") && text_of("only-severities").is_none_or(|s| covers_high(&s));
            scan_verdict(
                "`docker/scout-action`",
                fails,
                flag("only-fixed"),
                &mut |kind, note| push(kind, note, at),
            );
        }
        "actions/attest-sbom" => push(
            SignalKind::Sbom,
            "`actions/attest-sbom` attaches a signed SBOM attestation".to_string(),
            at,
        ),
        "actions/attest-build-provenance" => {
            push(
                SignalKind::Provenance,
                "`actions/attest-build-provenance` attaches signed provenance".to_string(),
                at,
            );
            push(
                SignalKind::Attest,
                "`actions/attest-build-provenance` signs an attestation with Sigstore".to_string(),
                at,
            );
        }
        _ => {}
    }
}

/// How many platforms the job's matrix lists under `platform` or
/// `platforms` (or in `include` entries).
fn matrix_platforms(matrix: Option<Node<'_, '_>>) -> usize {
    let Some(matrix) = matrix else {
        return 0;
    };
    let listed = ["platform", "platforms", "arch"]
        .iter()
        .filter_map(|key| matrix.get(key))
        .map(|list| list.items().count())
        .max()
        .unwrap_or(0);
    let included = matrix.get("include").map_or(0, |include| {
        include
            .items()
            .filter(|entry| entry.get("platform").is_some() || entry.get("arch").is_some())
            .count()
    });
    listed.max(included)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(SignalKind, usize)> {
        let index = distill_source::LineIndex::new(text);
        workflow_signals(text)
            .into_iter()
            .map(|s| (s.kind, index.line_col(text, s.offset).line))
            .collect()
    }

    #[test]
    fn build_push_action_with_platforms_sbom_and_provenance() {
        use SignalKind::*;
        let workflow = "on:\n  schedule:\n    - cron: '0 3 * * 1'\njobs:\n  image:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          platforms: linux/amd64,linux/arm64\n          sbom: true\n          provenance: mode=max\n";
        assert_eq!(
            kinds(workflow),
            [
                (ImageBuild, 7),
                (MultiPlatform, 9),
                (Sbom, 10),
                (Provenance, 11),
                (ScheduledRebuild, 3)
            ]
        );
    }

    #[test]
    fn matrix_platforms_count() {
        use SignalKind::*;
        let workflow = "jobs:\n  image:\n    strategy:\n      matrix:\n        platform: [linux/amd64, linux/arm64]\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          platforms: ${{ matrix.platform }}\n";
        assert_eq!(kinds(workflow), [(ImageBuild, 7), (MultiPlatform, 9)]);
    }

    #[test]
    fn run_scripts_point_at_their_line() {
        use SignalKind::*;
        let workflow = "jobs:\n  sign:\n    steps:\n      - run: |\n          echo signing\n          cosign sign --yes \"$IMAGE@$DIGEST\"\n      - name: scan\n        uses: aquasecurity/trivy-action@0.28.0\n        with:\n          severity: CRITICAL,HIGH\n          ignore-unfixed: true\n          exit-code: 1\n";
        assert_eq!(kinds(workflow), [(Sign, 6), (VulnGate, 8)]);
    }

    #[test]
    fn reusable_workflows_called_with_platforms() {
        use SignalKind::*;
        let caller = "jobs:\n  images:\n    uses: ./.github/workflows/image.yaml\n    with:\n      platforms: linux/amd64,linux/arm64\n";
        assert_eq!(kinds(caller), [(MultiPlatform, 5)]);
    }

    #[test]
    fn scripts_of_scheduled_workflows() {
        let workflow = "on:\n  schedule:\n    - cron: '0 2 * * *'\njobs:\n  nightly:\n    steps:\n      - run: npm run build-docker\n";
        let scripts = workflow_scripts(workflow);
        assert_eq!(scripts.len(), 1);
        assert_eq!(
            scripts[0].0,
            ScriptTarget::Npm {
                dir: String::new(),
                name: "build-docker".into()
            }
        );
        assert_eq!(
            scripts[0].1.as_ref().map(|c| c.note.as_str()),
            Some("`cron: 0 2 * * *`")
        );
    }

    #[test]
    fn scripts_run_in_their_working_directory() {
        let workflow = "jobs:\n  push:\n    steps:\n      - run: npm run build-docker\n        working-directory: extra/push\n      - run: ./build.sh\n        working-directory: ./hack/\n";
        let targets: Vec<ScriptTarget> = workflow_scripts(workflow)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(
            targets,
            [
                ScriptTarget::Npm {
                    dir: "extra/push".into(),
                    name: "build-docker".into()
                },
                ScriptTarget::File("hack/build.sh".into()),
            ]
        );
    }

    #[test]
    fn a_gate_that_continues_on_error_is_a_scan() {
        use SignalKind::*;
        let workflow = "jobs:\n  scan:\n    steps:\n      - uses: aquasecurity/trivy-action@0.28.0\n        continue-on-error: true\n        with:\n          severity: CRITICAL,HIGH\n          ignore-unfixed: true\n          exit-code: 1\n";
        assert_eq!(kinds(workflow), [(VulnScan, 4)]);
    }

    #[test]
    fn a_schedule_without_an_image_build_is_no_rebuild() {
        let workflow = "on:\n  schedule:\n    - cron: '0 3 * * 1'\njobs:\n  stale:\n    steps:\n      - uses: actions/stale@v9\n";
        assert!(kinds(workflow).is_empty());
    }
}
