use distill_report::{Finding, Severity};

use super::{build_label, run_scripts, stage_runs};
use crate::dockerfile::DockerfileContext;
use crate::dockerfile::shell;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "BS101",
    name: "single-stage-build",
    severity: Severity::Warning,
    summary: "One stage both builds (toolchains, compilers, package builds) and runs.",
    doc: r#"
## What it finds

Build steps in the image that ships: `go build`, `cargo build`, `mvn
package`, `gradle build`, `npm run build`, `make`, `gcc`, `cmake`, `dotnet
publish`, `tsc`, `pip wheel` run by a `RUN` of the runtime stage (the
target stage, last by default) or of a stage it is built `FROM`. Each such
`RUN` is reported once, at its first build command.

The message tells a single-stage Dockerfile apart from a multi-stage one
whose runtime stage still builds. Build stages that the runtime only
copies from are fine: that is the point of a multi-stage build.

## Why it matters

Whatever a build needs ships with the application: the compiler, the
package manager, headers, the sources and the build caches. That is
hundreds of megabytes and hundreds of CVEs that the application never
uses at run time, and a well-equipped toolbox for anyone who gets code
execution in the container. Minimal runtimes (distroless, Chainguard)
cannot even run the build, since they have no shell.

## Example

```dockerfile
FROM golang:1.23
WORKDIR /src
COPY . .
RUN go build -o /app ./cmd/server
CMD ["/app"]
```

## Fix

Build in a builder stage and copy only the artifact into a minimal
runtime stage:

```dockerfile
FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /app ./cmd/server

FROM gcr.io/distroless/static-debian13:nonroot
COPY --from=build /app /app
ENTRYPOINT ["/app"]
```
"#,
    targets: &[Target::Dockerfile],
    fix: FixKind::None,
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    let Some(target) = ctx.target else {
        return;
    };
    let single_stage = ctx.model.stages.len() == 1;

    for &stage in ctx.runtime_chain().iter().rev() {
        for (_, instruction) in stage_runs(ctx, stage) {
            let first_build = run_scripts(ctx, instruction)
                .into_iter()
                .flatten()
                .find_map(|c| shell::build_tool(&c.command).map(|tool| (tool, c)));
            let Some((tool, command)) = first_build else {
                continue;
            };
            let label = build_label(tool, &command.command);
            let message = if single_stage {
                format!(
                    "this single-stage Dockerfile runs {label} in the image it ships, so the toolchain, sources and build caches go to production with the app"
                )
            } else if stage == target {
                format!(
                    "the runtime stage runs {label} itself, so the toolchain, sources and build caches ship even though the file has other stages"
                )
            } else {
                format!(
                    "{} runs {label} and the runtime stage is built FROM it, so the toolchain, sources and build caches ship with the app",
                    ctx.stage_label(stage)
                )
            };
            out.push(ctx.finding(&RULE, command.span(), message).with_help(
                "build in a builder stage and COPY only the artifact into a minimal runtime stage",
            ));
        }
    }
}
