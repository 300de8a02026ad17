//! GitLab CI (`.gitlab-ci.yml`): the same signals as in GitHub workflows,
//! from the `script`, `before_script` and `after_script` of every job,
//! scheduled pipelines and GitLab's container-scanning template.

use distill_manifest::{Node, Yaml};

use super::script::{ScriptTarget, script_signals, script_targets};
use super::{Located, scalar_line};
use crate::scorecard::SignalKind;

/// Top-level keys of a GitLab CI file that are not jobs.
const RESERVED: [&str; 11] = [
    "stages",
    "variables",
    "include",
    "default",
    "workflow",
    "image",
    "services",
    "before_script",
    "after_script",
    "cache",
    "spec",
];

/// The signals of one `.gitlab-ci.yml`.
pub(crate) fn pipeline_signals(text: &str) -> Vec<Located> {
    let yaml = Yaml::parse(text);
    let mut out = Vec::new();
    for doc in &yaml.documents {
        let Some(root) = doc.root() else {
            continue;
        };
        if let Some(include) = root.get("include") {
            include_signals(include, &mut out);
        }
        for entry in root.entries() {
            let name = entry.name();
            // Hidden jobs (`.template`) are templates others extend.
            if RESERVED.contains(&name) || name.starts_with('.') || !entry.value.is_mapping() {
                continue;
            }
            job_signals(text, entry.value, &mut out);
        }
    }
    out
}

fn job_signals(text: &str, job: Node<'_, '_>, out: &mut Vec<Located>) {
    let mut job_out = Vec::new();
    for line in script_lines(job) {
        let Some(body) = line.as_str() else {
            continue;
        };
        for signal in script_signals(body) {
            job_out.push(Located {
                kind: signal.kind,
                offset: scalar_line(text, line, signal.offset),
                note: signal.note,
            });
        }
    }
    let builds = job_out.iter().any(|s| s.kind == SignalKind::ImageBuild);
    if builds && let Some(schedule) = scheduled(job) {
        job_out.push(Located {
            kind: SignalKind::ScheduledRebuild,
            offset: schedule.span().start,
            note: "the job that builds images runs in scheduled pipelines".to_string(),
        });
    }
    out.extend(job_out);
}

/// The repository scripts the jobs run, with the job's schedule rule when
/// it runs in scheduled pipelines.
pub(crate) fn pipeline_scripts(text: &str) -> Vec<(ScriptTarget, Option<Located>)> {
    let yaml = Yaml::parse(text);
    let mut out = Vec::new();
    for doc in &yaml.documents {
        let Some(root) = doc.root() else {
            continue;
        };
        for entry in root.entries() {
            let name = entry.name();
            if RESERVED.contains(&name) || name.starts_with('.') || !entry.value.is_mapping() {
                continue;
            }
            let job = entry.value;
            let schedule = scheduled(job).map(|rule| Located {
                kind: SignalKind::ScheduledRebuild,
                offset: rule.span().start,
                note: "scheduled pipelines".to_string(),
            });
            for body in script_lines(job).iter().filter_map(|l| l.as_str()) {
                for (_, target) in script_targets(body) {
                    out.push((target, schedule.clone()));
                }
            }
        }
    }
    out
}

/// The shell lines of a job: its `before_script`, `script` and
/// `after_script`, each a list of lines or a single one.
fn script_lines<'d, 'a>(job: Node<'d, 'a>) -> Vec<Node<'d, 'a>> {
    let mut lines = Vec::new();
    for key in ["before_script", "script", "after_script"] {
        match job.get(key) {
            Some(script) if script.is_sequence() => lines.extend(script.items()),
            Some(script) => lines.push(script),
            None => {}
        }
    }
    lines
}

/// The `rules: - if: $CI_PIPELINE_SOURCE == "schedule"` or `only:
/// [schedules]` that makes a job run in scheduled pipelines.
fn scheduled<'d, 'a>(job: Node<'d, 'a>) -> Option<Node<'d, 'a>> {
    let by_rule = job.get("rules").and_then(|rules| {
        rules.items().find_map(|rule| {
            rule.get("if").filter(|cond| {
                cond.as_str().is_some_and(|c| {
                    c.contains("CI_PIPELINE_SOURCE") && c.contains("schedule") && !c.contains("!=")
                })
            })
        })
    });
    by_rule.or_else(|| {
        job.get("only")
            .and_then(|only| only.items().find(|item| item.as_str() == Some("schedules")))
    })
}

fn include_signals(include: Node<'_, '_>, out: &mut Vec<Located>) {
    let items: Vec<Node> = if include.is_sequence() {
        include.items().collect()
    } else {
        vec![include]
    };
    for item in items {
        let template = item
            .get("template")
            .and_then(|t| t.as_str())
            .or(item.as_str());
        if template.is_some_and(|t| t.contains("Container-Scanning")) {
            out.push(Located {
                kind: SignalKind::VulnScan,
                offset: item.span().start,
                note: "GitLab's container scanning reports vulnerabilities but does not fail the pipeline".to_string(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(SignalKind, usize)> {
        let index = distill_source::LineIndex::new(text);
        pipeline_signals(text)
            .into_iter()
            .map(|s| (s.kind, index.line_col(text, s.offset).line))
            .collect()
    }

    #[test]
    fn jobs_scripts_and_schedules() {
        use SignalKind::*;
        let pipeline = "stages: [build]\ninclude:\n  - template: Jobs/Container-Scanning.gitlab-ci.yml\nbuild:\n  stage: build\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"schedule\"\n  script:\n    - docker buildx build --platform linux/amd64,linux/arm64 --sbom=true --push -t $IMAGE .\n    - cosign sign --yes $IMAGE\n.hidden:\n  script:\n    - cosign sign x\n";
        assert_eq!(
            kinds(pipeline),
            [
                (VulnScan, 3),
                (ImageBuild, 9),
                (MultiPlatform, 9),
                (Sbom, 9),
                (Sign, 10),
                (ScheduledRebuild, 7)
            ]
        );
    }
}
