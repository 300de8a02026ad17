use distill_catalog::DefaultUser;
use distill_dockerfile::Keyword;
use distill_dockerfile::model::BaseImage;
use distill_report::{Finding, Fix, Severity};
use distill_source::{Applicability, Edit};

use super::runtime_user;
use crate::dockerfile::DockerfileContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "US101",
    name: "runs-as-root",
    severity: Severity::Error,
    summary: "The runtime's effective user is root: `USER root` or `0`, or no USER over a base whose default user is root or unknown.",
    doc: r#"
## What it finds

The user the shipped image runs as, worked out from the runtime stage (the
target stage, last by default) and the stages it is built `FROM`:

- the last `USER` is `root`, `0` or `0:...`;
- there is no `USER`, and the base image runs as root by default (`ubuntu`,
  `python:3.12-slim`, `gcr.io/distroless/static-debian12` without
  `:nonroot`, `scratch`);
- there is no `USER`, and distill does not know the base image: its default
  user is probably root, and the message says so.

`USER` in build stages does not count: only the runtime ships.

## Why it matters

A process running as root inside a container is one kernel or runtime bug
away from root on the node. Kubernetes' restricted Pod Security Standard
refuses such pods (`runAsNonRoot`), so they fail at admission.

## Example

```dockerfile
FROM python:3.12-slim
COPY app.py /app/
CMD ["python", "/app/app.py"]
```

## Fix

Add `USER 65532:65532` (the `nonroot` user of distroless and Chainguard
images) before `CMD`/`ENTRYPOINT`, or use a base that runs as non-root
(`:nonroot` tags). The fix is unsafe: files the application writes must
then be writable by that user.
"#,
    targets: &[Target::Dockerfile, Target::Image],
    fix: FixKind::Always,
};

const NONROOT: &str = "65532:65532";

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    let Some(target) = ctx.target else {
        return;
    };

    if let Some(user) = runtime_user(ctx) {
        if user.is_unresolved() || !user.is_root() {
            return;
        }
        let mut finding = ctx
            .finding(
                &RULE,
                user.span,
                format!(
                    "the runtime stage runs as root (`USER {}`): a container escape gives root on the node",
                    user.value
                ),
            )
            .with_help(
                "run as a non-root user, such as 65532 (nonroot in distroless and Chainguard images)",
            );
        if user.literal {
            finding = finding.with_fix(Fix::new(
                format!("run as {NONROOT} instead of root"),
                Applicability::Unsafe,
                Edit::replace(user.span, NONROOT),
            ));
        }
        out.push(finding);
        return;
    }

    let root_stage = ctx.root_stage(target);
    let base = &ctx.stage(root_stage).base_expanded;
    let message = match (ctx.model.root_base(target), ctx.facts(target)) {
        (BaseImage::Scratch, _) => {
            "the runtime stage runs as root: it is built on scratch and sets no USER".to_string()
        }
        (_, Some(facts)) => match &facts.default_user {
            DefaultUser::Root => format!(
                "the runtime stage runs as root: no USER is set and `{base}` runs as root by default"
            ),
            DefaultUser::NonRoot { .. } | DefaultUser::Named(_) => return,
            DefaultUser::Unknown => format!(
                "no USER is set and the default user of `{base}` is not known, so it is probably root"
            ),
        },
        (_, None) => format!(
            "no USER is set and distill does not know `{base}`, so its default user is probably root"
        ),
    };

    // Insert USER before the runtime stage's CMD or ENTRYPOINT, or after
    // its last instruction.
    let stage = ctx.stage(target);
    let anchor = stage
        .instructions
        .iter()
        .map(|&i| ctx.instruction(i))
        .find(|i| matches!(i.keyword(), Keyword::Cmd | Keyword::Entrypoint));
    let edit = match anchor {
        Some(instruction) => Edit::insert(
            instruction.command.keyword_span.start,
            format!("USER {NONROOT}\n"),
        ),
        None => {
            let last = stage
                .instructions
                .last()
                .copied()
                .unwrap_or(stage.from_instruction);
            let end = ctx.instruction(last).span.end;
            let needs_newline = !ctx.file.source[..end].ends_with('\n');
            let prefix = if needs_newline { "\n" } else { "" };
            Edit::insert(end, format!("{prefix}USER {NONROOT}\n"))
        }
    };
    out.push(
        ctx.finding(&RULE, ctx.base_span(target), message)
            .with_help(format!(
                "add `USER {NONROOT}` to the runtime stage, or use a base that runs as non-root"
            ))
            .with_fix(Fix::new(
                format!("add USER {NONROOT} to the runtime stage"),
                Applicability::Unsafe,
                edit,
            )),
    );
}
