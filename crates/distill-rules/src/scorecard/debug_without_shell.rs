use distill_report::scorecard::{Evidence, ItemStatus};

use super::{Inputs, ItemMeta, Judgement, SignalKind, finding_evidence, signal_evidence};

pub const ITEM: ItemMeta = ItemMeta {
    id: "CL13",
    name: "debug-without-shell",
    passes_when: "a debug path exists that keeps production shell-free (`:debug` variant stage, or `kubectl debug` documented)",
    doc: r#"
A debug path is a Dockerfile stage that does not ship and is meant for
troubleshooting (a stage named `debug`, or built on a `:debug` or `-dev`
variant), or documentation (Markdown or text files) that shows `kubectl
debug` with an ephemeral container. It passes only while production stays
shell-free: when a production runtime itself is a debug variant or ships
a shell (RB101, RB102, RB103: a full distribution, a debug variant or
another image with a shell), the shell is the debug path, and the item
fails. Documentation counts when it shows the command with its flags
(`kubectl debug -it POD --image=...`), not when it only names it.
Without production Dockerfiles or workloads the item does not apply.
"#,
};

pub(super) fn judge(inputs: &Inputs) -> Judgement {
    if inputs.production_dockerfiles().next().is_none() && inputs.workloads.is_empty() {
        return Judgement {
            status: ItemStatus::NotApplicable,
            evidence: Vec::new(),
            summary: "no production Dockerfile or workload in the audited folder".to_string(),
            next_step: None,
        };
    }
    let shells: Vec<Evidence> = inputs
        .production_dockerfiles()
        .flat_map(|file| {
            inputs
                .findings_in(&file.path, &["RB101", "RB102", "RB103"])
                .map(|f| finding_evidence(&file.path, f))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut paths: Vec<Evidence> = inputs
        .production_dockerfiles()
        .chain(
            inputs
                .dockerfiles
                .iter()
                .filter(|d| !super::is_production(&d.path)),
        )
        .filter_map(|file| {
            file.debug_stage.map(|line| {
                Evidence::at(
                    &file.path,
                    line,
                    "a debug stage that is not shipped (`docker build --target debug`)",
                )
            })
        })
        .collect();
    paths.extend(signal_evidence(inputs, SignalKind::DebugDocs));

    if !shells.is_empty() {
        return Judgement {
            status: ItemStatus::Fail,
            summary: "a production runtime carries a shell, so production is the debug path".to_string(),
            evidence: shells.into_iter().chain(paths).collect(),
            next_step: Some("ship the shell-free runtime and keep the shell in a `debug` stage (`FROM ...:debug-nonroot AS debug`) or use `kubectl debug`".to_string()),
        };
    }
    if paths.is_empty() {
        return Judgement {
            status: ItemStatus::Fail,
            evidence: Vec::new(),
            summary: "no debug stage and no documented `kubectl debug` path".to_string(),
            next_step: Some("document `kubectl debug -it POD --image=busybox --target=CONTAINER` for your services, or add a `debug` stage on a `:debug-nonroot` base".to_string()),
        };
    }
    Judgement {
        status: ItemStatus::Pass,
        evidence: paths,
        summary: "there is a way to debug that keeps the production image shell-free".to_string(),
        next_step: None,
    }
}
