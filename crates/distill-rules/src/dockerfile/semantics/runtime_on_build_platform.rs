use distill_report::{Finding, Fix, Severity};
use distill_source::{Applicability, Edit, Span};

use crate::dockerfile::DockerfileContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "DF107",
    name: "runtime-on-build-platform",
    severity: Severity::Error,
    summary: "The runtime stage is built `FROM --platform=$BUILDPLATFORM` (itself or through the stage it starts from), so a cross build ships the build machine's architecture.",
    doc: r#"
## What it finds

A `FROM --platform=$BUILDPLATFORM` on the stage that ships, or on a stage
that the shipped stage is built `FROM`. Build stages on the build
platform are the right way to cross-compile; the stage that ships is not.

## Why it matters

`$BUILDPLATFORM` is the platform of the machine running the build. In a
`docker buildx build --platform linux/amd64,linux/arm64`, every image of
the result then starts from the build machine's base: the arm64 image
holds amd64 binaries and libraries and fails with `exec format error`,
and both images claim the build platform. The file looks written for
cross builds, which hides the mistake until the image runs elsewhere.

## Example

```dockerfile
FROM --platform=$BUILDPLATFORM python:3.12-alpine AS base
FROM base AS builder
RUN pip install --prefix=/install flask
FROM base
COPY --from=builder /install /usr/local
```

## Fix

Keep `--platform=$BUILDPLATFORM` on build stages that cross-compile
(`GOARCH=$TARGETARCH go build`), and start the runtime stage without it
(or with `--platform=$TARGETPLATFORM`). The fix removes the flag; steps
that then run in the runtime stage need emulation (QEMU) in a cross
build, so it is marked unsafe.
"#,
    targets: &[Target::Dockerfile],
    fix: FixKind::Always,
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    let Some(target) = ctx.target else {
        return;
    };
    for &index in ctx.runtime_chain() {
        let stage = ctx.stage(index);
        let from = ctx.instruction(stage.from_instruction);
        for flag in from.command.flags_named("platform") {
            let value = flag.value.as_deref().unwrap_or_default();
            if !value.contains("BUILDPLATFORM") {
                continue;
            }
            let how = if index == target {
                "the runtime stage starts".to_string()
            } else {
                let name = stage.name.as_deref().unwrap_or("an earlier stage");
                format!("the runtime stage is built on stage `{name}`, which starts")
            };
            let source = &ctx.file.source;
            let end = flag.span.end
                + source[flag.span.end..]
                    .bytes()
                    .take_while(|b| *b == b' ' || *b == b'\t')
                    .count();
            out.push(
                ctx.finding(
                    &RULE,
                    flag.span,
                    format!(
                        "{how} `FROM --platform={value}`, so every image of a cross build holds the build machine's binaries, not its own platform's"
                    ),
                )
                .with_help("start the runtime stage without `--platform=$BUILDPLATFORM`; keep it on build stages that cross-compile")
                .with_fix(Fix::new(
                    "remove `--platform=$BUILDPLATFORM` from the runtime's FROM",
                    Applicability::Unsafe,
                    Edit::delete(Span::new(flag.span.start, end)),
                )),
            );
        }
    }
}
