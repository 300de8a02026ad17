use distill_dockerfile::model::AUTOMATIC_ARGS;
use distill_report::{Finding, Severity};

use super::{instruction_refs, starts_in};
use crate::dockerfile::DockerfileContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "DF101",
    name: "undefined-arg-in-from",
    severity: Severity::Error,
    summary: "FROM uses a variable that is not a global ARG (declared before the first FROM); the base expands wrongly or to nothing.",
    doc: r#"
## What it finds

A `$NAME` or `${NAME...}` in a `FROM` line, in the base image or in
`--platform`, where `NAME` is not declared by an `ARG` before the first
`FROM`. BuildKit's automatic platform arguments (`BUILDPLATFORM`,
`TARGETPLATFORM`, `TARGETOS`, `TARGETARCH`, ...) are always available
there and are not reported.

## Why it matters

BuildKit expands `FROM` with the global arguments only: an `ARG` inside a
stage, an `ENV`, or a `--build-arg` for a name no global `ARG` declares
never reaches it. The variable expands to nothing, so `FROM
python:${PY_VERSION}-slim` becomes `python:-slim` and the build fails, or
`FROM alpine:$TAG` silently becomes `alpine:` and then `alpine:latest`.

## Example

```dockerfile
FROM golang:1.23 AS build
ARG ALPINE_VERSION=3.20
FROM alpine:${ALPINE_VERSION}
```

## Fix

Declare the argument before the first `FROM`, with a default:
`ARG ALPINE_VERSION=3.20`. There is no automatic fix: distill cannot know
the value the base should have.
"#,
    targets: &[Target::Dockerfile],
    fix: FixKind::None,
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    let is_global = |name: &str| {
        ctx.model.global_args.iter().any(|a| a.name == name)
            || AUTOMATIC_ARGS.iter().any(|(k, _)| *k == name)
    };
    for stage in &ctx.model.stages {
        let from = ctx.instruction(stage.from_instruction);
        let platform = from.command.flag("platform");
        for (reference, span) in instruction_refs(from, ctx.file.escape) {
            if is_global(&reference.name) {
                continue;
            }
            // `FROM image AS $name` is not expanded, so only the base and
            // the platform count.
            let (what, expanded) = if starts_in(stage.base_text.span, span) {
                ("the base", stage.base_expanded.as_str())
            } else if platform.is_some_and(|p| starts_in(p.span, span)) {
                (
                    "the platform",
                    stage.platform.as_deref().unwrap_or_default(),
                )
            } else {
                continue;
            };
            let result = if expanded.is_empty() {
                "nothing".to_string()
            } else {
                format!("`{expanded}`")
            };
            let written = ctx.file.text(span);
            out.push(
                ctx.finding(
                    &RULE,
                    span,
                    format!(
                        "`{written}` is not a global ARG (declared before the first FROM), so {what} expands to {result}"
                    ),
                )
                .with_help(format!(
                    "declare `ARG {}=<default>` before the first FROM",
                    reference.name
                )),
            );
        }
    }
}
