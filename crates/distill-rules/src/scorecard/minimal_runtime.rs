use distill_catalog::Family;
use distill_report::scorecard::Evidence;

use super::{Inputs, ItemMeta, Judgement, Outcome, count, status_of};

pub const ITEM: ItemMeta = ItemMeta {
    id: "CL02",
    name: "minimal-runtime",
    passes_when: "every runtime is distroless, Chainguard or scratch",
    doc: r#"
Looks at the runtime base of every production Dockerfile, as the catalog
knows it. Distroless, Chainguard and scratch runtimes are good; a debug
variant of one (`:debug`, `-dev`) or one that RB103 finds a shell in
counts half; anything else (Debian, Ubuntu, Alpine, language images)
fails. A base the catalog does not know is unknown rather than guessed
at: add it to the catalog (`[catalog] files` in distill.toml) to have it
judged.
"#,
};

pub(super) fn judge(inputs: &Inputs) -> Judgement {
    let mut outcomes = Vec::new();
    let mut evidence = Vec::new();
    let mut first_bad: Option<(String, String)> = None;
    for file in inputs.production_dockerfiles() {
        let Some(runtime) = &file.runtime else {
            continue;
        };
        let shell = inputs.findings_in(&file.path, &["RB103"]).next().is_some();
        let (outcome, note) = match &runtime.family {
            Some(Family::Distroless | Family::Chainguard | Family::Scratch)
                if runtime.debug_variant || shell =>
            {
                (
                    Outcome::Partly,
                    format!("`{}` is minimal but carries a shell", runtime.base),
                )
            }
            Some(Family::Distroless | Family::Chainguard | Family::Scratch) => {
                (Outcome::Good, format!("the runtime is `{}`", runtime.base))
            }
            Some(_) => (
                Outcome::Bad,
                format!(
                    "the runtime is `{}`, built on {}",
                    runtime.base,
                    runtime.distro.as_deref().unwrap_or("a full distribution")
                ),
            ),
            None => (
                Outcome::Unknown,
                format!("the catalog does not know `{}`", runtime.base),
            ),
        };
        if outcome == Outcome::Bad && first_bad.is_none() {
            first_bad = Some((file.path.clone(), runtime.base.clone()));
        }
        outcomes.push(outcome);
        evidence.push((outcome, Evidence::at(&file.path, runtime.line, note)));
    }
    evidence.sort_by_key(|(o, _)| *o != Outcome::Bad);
    let good = outcomes.iter().filter(|o| **o == Outcome::Good).count();
    Judgement {
        status: status_of(&outcomes),
        summary: match outcomes.len() {
            0 => "no production Dockerfile in the audited folder".to_string(),
            total => format!("{} run on a minimal runtime", count(good, total, "production Dockerfiles")),
        },
        evidence: evidence.into_iter().map(|(_, e)| e).collect(),
        next_step: Some(match first_bad {
            Some((path, base)) => format!(
                "move `{path}` off `{base}` to a distroless or Chainguard runtime"
            ),
            None => "describe the unknown bases in a catalog file (`[catalog] files` in distill.toml), or move them to distroless or Chainguard".to_string(),
        }),
    }
}
