use distill_dockerfile::{Args, Keyword};
use distill_report::{Finding, Severity};

use super::{is_shell_program, missing_program, missing_shell};
use crate::dockerfile::DockerfileContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "SL102",
    name: "run-without-shell",
    severity: Severity::Error,
    summary: "A shell-form RUN in a stage whose base has no shell: the build fails.",
    doc: r#"
## What it finds

A `RUN` in any stage built on an image without a shell (distroless,
Chainguard images without `-dev`, scratch), directly or through the stages
it is built `FROM`:

- in shell form (`RUN mkdir /data`, heredocs included), which BuildKit runs
  as `/bin/sh -c "mkdir /data"`, or with the shell a `SHELL` instruction
  names;
- in exec form when the program is a shell (`RUN ["/bin/sh", "-c", "..."]`).

Exec-form `RUN` of another program is left alone: whether that program
exists is not known. A shell the Dockerfile brings in (a `COPY` of busybox
to the shell's path, or `RUN --mount=type=bind,from=busybox,...` over it)
counts as a shell. Bases distill does not know are not judged.

## Why it matters

There is no shell to run the command in, so the build stops with
`/bin/sh: no such file or directory` (BuildKit: `runc run failed ...
exec: "/bin/sh": stat /bin/sh: no such file or directory`).

## Example

```dockerfile
FROM gcr.io/distroless/static-debian12
RUN mkdir /data
COPY app /app
```

## Fix

Do the work in a builder stage whose base has a shell, and `COPY --from`
the result into the shell-less stage; `COPY --chown` and `--chmod` set
ownership and modes, and `WORKDIR` creates a directory, without a shell.
There is no automatic fix.
"#,
    targets: &[Target::Dockerfile],
    fix: FixKind::None,
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    for stage in 0..ctx.model.stages.len() {
        if ctx.facts(stage).is_none_or(|f| f.has_shell()) {
            continue;
        }
        for (index, instruction) in ctx.stage_instructions(stage) {
            if instruction.keyword() != Keyword::Run {
                continue;
            }
            let found = match &instruction.command.args {
                Args::Shell(_) => missing_shell(ctx, stage, index)
                    .map(|m| (format!("shell-form RUN runs through `{} -c`", m.shell), m)),
                Args::Exec(words) => words
                    .first()
                    .filter(|w| is_shell_program(&w.text))
                    .and_then(|w| missing_program(ctx, stage, index, &w.text))
                    .map(|m| (format!("RUN runs `{}`", m.shell), m)),
                _ => None,
            };
            let Some((what, missing)) = found else {
                continue;
            };
            out.push(
                ctx.finding(
                    &RULE,
                    ctx.instruction_span(instruction),
                    format!(
                        "{what}, and `{}` has no shell: the build fails",
                        missing.base
                    ),
                )
                .with_help(
                    "run it in a builder stage whose base has a shell and COPY the result from there; COPY --chown/--chmod and WORKDIR need no shell",
                ),
            );
        }
    }
}
