use distill_catalog::Role;
use distill_report::{Finding, Severity};

use super::{build_label, install_label, run_commands, stage_runs};
use crate::dockerfile::DockerfileContext;
use crate::dockerfile::shell;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "BS103",
    name: "runtime-inherits-build-stage",
    severity: Severity::Warning,
    summary: "The runtime stage is `FROM` a build stage and inherits its toolchain.",
    doc: r#"
## What it finds

A runtime stage (the target stage, last by default) written `FROM
<stage>` where that stage, or one it is itself built `FROM`, builds or
installs: it runs a build command (`go build`, `mvn package`, `make`, ...)
or a package install (`apt-get install`, `pip install`, ...), or it starts
from a builder image (the catalog's role `builder`: `golang`, `rust`,
`maven`, `gcc`, Chainguard `-dev` images).

A runtime built `FROM` a stage that only sets up the base (an `ENV`, a
`WORKDIR`, a user) is fine.

## Why it matters

`FROM <stage>` keeps every layer of that stage: the compiler, the package
manager, the sources and the caches of the build all ship, even when the
runtime stage itself only copies an artifact. The file looks multi-stage,
but the image is as large and as exposed as a single-stage build.

## Example

```dockerfile
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN mvn -B package

FROM build
CMD ["java", "-jar", "/src/target/app.jar"]
```

## Fix

Start the runtime stage from a minimal image and copy the artifact from
the build stage:

```dockerfile
FROM gcr.io/distroless/java21-debian13:nonroot
COPY --from=build /src/target/app.jar /app/app.jar
CMD ["/app/app.jar"]
```
"#,
    targets: &[Target::Dockerfile],
    fix: FixKind::None,
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    let Some(target) = ctx.target else {
        return;
    };
    let Some(&parent) = ctx.runtime_chain().get(1) else {
        // The runtime stage is built on an image, not on a stage.
        return;
    };
    let Some(reason) = build_reason(ctx) else {
        return;
    };
    out.push(
        ctx.finding(
            &RULE,
            ctx.base_span(target),
            format!(
                "the runtime stage is built FROM {}, which {reason}, so the shipped image inherits its tools, packages and build leftovers",
                ctx.stage_label(parent)
            ),
        )
        .with_help(
            "start the runtime stage FROM a minimal image and COPY --from the build stage only the artifacts it needs",
        ),
    );
}

/// Why the stages the runtime is built on count as a build: the first
/// build step, else the first install, else a builder base image.
fn build_reason(ctx: &DockerfileContext<'_>) -> Option<String> {
    let parents = ctx.runtime_chain().get(1..).unwrap_or_default();
    let mut install = None;
    for &stage in parents.iter().rev() {
        for (_, instruction) in stage_runs(ctx, stage) {
            for command in run_commands(ctx, instruction) {
                if let Some(tool) = shell::build_tool(&command.command) {
                    return Some(format!("runs {}", build_label(tool, &command.command)));
                }
                if install.is_none() {
                    install = shell::install(&command.command)
                        .map(|i| format!("runs {}", install_label(&i, &command.command)));
                }
            }
        }
    }
    if install.is_some() {
        return install;
    }
    let root = *parents.last()?;
    let facts = ctx.facts(root)?;
    (facts.role == Role::Builder).then(|| {
        format!(
            "is based on the builder image `{}`",
            ctx.stage(ctx.root_stage(root)).base_expanded
        )
    })
}
