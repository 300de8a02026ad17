use distill_report::{Finding, Severity};

use crate::dockerfile::DockerfileContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "DF105",
    name: "duplicate-stage-name",
    severity: Severity::Error,
    summary: "Two stages have the same name (names are case-insensitive), so references to it are ambiguous.",
    doc: r#"
## What it finds

A `FROM ... AS NAME` whose name an earlier stage already uses. Stage names
are compared without regard to case, as BuildKit compares them.

## Why it matters

The classic Docker builder refuses the file ("duplicate name"). BuildKit
builds it, but which stage a name means then depends on where it is used:
`FROM NAME` takes the stage defined last before that line, while
`COPY --from=NAME` and `--target NAME` take the last stage of that name in
the file. BuildKit's maintainers call this undefined behaviour, and its own
checks report it as `DuplicateStageName`. The image usually ends up with
files from a stage the author did not mean.

## Example

```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/server ./cmd/server
FROM node:22 AS build
RUN npm ci && npm run build
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/server /server
```

## Fix

Give each stage its own name (`AS build-server`, `AS build-web`) and
update the `--from` and `FROM` lines that refer to them. There is no
automatic fix: distill cannot tell which stage each reference meant.
"#,
    targets: &[Target::Dockerfile],
    fix: FixKind::None,
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    let stages = &ctx.model.stages;
    for (index, stage) in stages.iter().enumerate() {
        let (Some(name), Some(span)) = (&stage.name, stage.name_span) else {
            continue;
        };
        let Some(first) = stages[..index]
            .iter()
            .find(|s| s.name.as_deref() == Some(name.as_str()))
        else {
            continue;
        };
        let line = ctx.instruction(first.from_instruction).start_line;
        out.push(
            ctx.finding(
                &RULE,
                span,
                format!(
                    "stage name `{name}` is already used by stage {} on line {line}, so `--from={name}` and `FROM {name}` may pick either stage",
                    first.index
                ),
            )
            .with_help("give every stage a distinct name"),
        );
    }
}
