use distill_dockerfile::Keyword;
use distill_report::{Finding, Severity};

use crate::dockerfile::DockerfileContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "DF106",
    name: "overridden-cmd-or-entrypoint",
    severity: Severity::Warning,
    summary: "More than one CMD, ENTRYPOINT or HEALTHCHECK in one stage: only the last one takes effect.",
    doc: r#"
## What it finds

A `CMD`, `ENTRYPOINT` or `HEALTHCHECK` followed by another instruction of
the same kind in the same stage. Each earlier one is reported. Triggers
inside `ONBUILD` do not count.

## Why it matters

Each of these instructions replaces the previous value in the image
configuration; nothing is combined. Two `CMD` lines do not run two
programs: the first is silently dropped. This is usually a leftover from
an edit, or a misunderstanding that hides the command that was meant to
run.

## Example

```dockerfile
FROM python:3.12-slim
CMD ["python", "migrate.py"]
CMD ["python", "app.py"]
```

## Fix

Delete the instructions that have no effect, or combine what they should
do into one command (an entrypoint script). There is no automatic fix:
which one was meant is for the author to say.
"#,
    targets: &[Target::Dockerfile],
    fix: FixKind::None,
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    for stage in 0..ctx.model.stages.len() {
        for keyword in [Keyword::Cmd, Keyword::Entrypoint, Keyword::Healthcheck] {
            let found: Vec<_> = ctx
                .stage_instructions(stage)
                .filter(|(_, i)| i.keyword() == keyword)
                .map(|(_, i)| i)
                .collect();
            let Some((last, earlier)) = found.split_last() else {
                continue;
            };
            let name = keyword.as_str();
            for instruction in earlier {
                out.push(
                    ctx.finding(
                        &RULE,
                        ctx.instruction_span(instruction),
                        format!(
                            "this {name} has no effect: only the last {name} of the stage, on line {}, takes effect",
                            last.start_line
                        ),
                    )
                    .with_help(format!("delete it, or merge both into the last {name}")),
                );
            }
        }
    }
}
