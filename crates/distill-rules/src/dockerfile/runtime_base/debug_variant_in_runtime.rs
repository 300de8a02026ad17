use distill_catalog::{BaseFacts, Family};
use distill_dockerfile::{Args, Keyword};
use distill_report::{Finding, Fix, Severity};
use distill_source::{Applicability, Edit};

use super::{RuntimeBase, is_debug_variant, lookup_reference, runtime_base};
use crate::dockerfile::DockerfileContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "RB102",
    name: "debug-variant-in-runtime",
    severity: Severity::Warning,
    summary: "The runtime is a `:debug`/`:debug-nonroot` distroless image, a Chainguard `-dev` image, or busybox.",
    doc: r#"
## What it finds

A runtime (the target stage, last by default, or the image at the bottom
of the stages it is built `FROM`) whose base is

- a distroless debug tag: `:debug`, `:debug-nonroot` (and their `-<arch>`
  forms), which add busybox under `/busybox`;
- a Chainguard `-dev` image (`:latest-dev`, `:3.12-dev`), which adds bash,
  busybox, apk and git;
- busybox (`busybox`, `cgr.dev/chainguard/busybox`), which is a shell and a
  set of Unix tools.

## Why it matters

These images exist for debugging and building. In production they bring
back the shell and tools that distroless and Chainguard runtimes leave
out, so a code-execution bug again gives an attacker an interactive
foothold, and scanners report the extra packages.

## Example

```dockerfile
FROM golang:1.23 AS build
RUN CGO_ENABLED=0 go build -o /app .
FROM gcr.io/distroless/static-debian13:debug-nonroot
COPY --from=build /app /app
ENTRYPOINT ["/app"]
```

## Fix

Ship the variant without the shell: `:debug-nonroot` becomes `:nonroot`,
`:debug` becomes `:latest` (written out), `:debug-<arch>` becomes
`:latest-<arch>`, and a Chainguard `:latest-dev` becomes `:latest`
(`:3.12-dev` becomes `:3.12`). Keep the debug variant for a separate debug
stage or use `kubectl debug` with an ephemeral container.

The fix is safe and offered only when nothing in the file needs the
shell and the stage is not named for debugging (a `debug` stage that is
last should move, or be skipped with `--target`, rather than lose its
shell): the base is written literally (not through an `ARG`) and without a
digest (which would pin the debug image), no stage built on it has a
`RUN` or a shell-form `CMD`/`ENTRYPOINT`/`HEALTHCHECK`, no exec form runs
a shell, and the stage sets its own `ENTRYPOINT` when the debug image's
entrypoint is a shell. busybox has no shell-less variant, so it gets no
fix.
"#,
    targets: &[Target::Dockerfile],
    fix: FixKind::Sometimes,
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    let Some(base) = runtime_base(ctx) else {
        return;
    };
    let facts = base.facts;
    if !is_debug_variant(facts) {
        return;
    }

    let is_busybox = facts.family == Family::Busybox || facts.id.contains("busybox");
    let what = if is_busybox {
        "busybox, a shell with a set of Unix tools, so production ships exactly what minimal runtimes leave out"
    } else if facts.family == Family::Distroless {
        "a distroless debug variant that adds a busybox shell, so production ships the shell that distroless exists to remove"
    } else if facts.family == Family::Chainguard {
        "a Chainguard `-dev` image that adds a shell and apk for building, so production ships both"
    } else {
        "a debugging variant with a shell, so production ships the shell a minimal runtime leaves out"
    };
    let message = format!("the runtime is built on `{}`, {what}", base.text);

    // A stage named for debugging is meant to carry the shell; what is
    // wrong is that it is the one that ships.
    let debug_stage = ctx
        .stage(base.stage)
        .name
        .as_deref()
        .is_some_and(|name| name.contains("debug"));
    let shell_less = shell_less_tag(
        facts,
        ctx.root_image(base.stage).and_then(|i| i.tag.as_deref()),
    )
    .filter(|_| !debug_stage);
    let help = match &shell_less {
        _ if debug_stage => format!(
            "{} is a debug stage: put the production stage last, or build it with `--target`",
            ctx.stage_label(base.stage)
        ),
        Some(tag) => format!(
            "ship the `{tag}` tag, move anything that still needs a shell to a builder stage, and keep the debug variant for a separate debug stage or `kubectl debug`"
        ),
        None => match (&facts.replacement.distroless, &facts.replacement.chainguard) {
            (Some(d), Some(c)) => format!("use a runtime without a shell, such as `{d}` or `{c}`"),
            (Some(r), None) | (None, Some(r)) => {
                format!("use a runtime without a shell, such as `{r}`")
            }
            (None, None) => "use a runtime without a shell".to_string(),
        },
    };
    let mut finding = ctx.finding(&RULE, base.span, message).with_help(help);
    if let Some(tag) = shell_less {
        if let Some(edit) = fix_edit(ctx, &base, &tag) {
            finding = finding.with_fix(Fix::new(
                format!("use the `{tag}` tag instead of the debug variant"),
                Applicability::Safe,
                edit,
            ));
        }
    }
    out.push(finding);
}

/// The tag of the same image without the shell: distroless `debug` ->
/// `latest`, `debug-nonroot[-arch]` -> `nonroot[-arch]`, `debug-arch` ->
/// `latest-arch`; Chainguard `dev` -> `latest`, `X-dev` -> `X`.
fn shell_less_tag(facts: &BaseFacts, tag: Option<&str>) -> Option<String> {
    let tag = tag?;
    match facts.family {
        Family::Distroless => {
            let rest = tag.strip_prefix("debug")?;
            Some(match rest {
                "" => "latest".to_string(),
                _ if rest.starts_with("-nonroot") => rest[1..].to_string(),
                _ if rest.starts_with('-') => format!("latest{rest}"),
                _ => return None,
            })
        }
        Family::Chainguard if !facts.id.contains("busybox") => match tag {
            "dev" => Some("latest".to_string()),
            _ => tag
                .strip_suffix("-dev")
                .filter(|t| !t.is_empty())
                .map(str::to_string),
        },
        _ => None,
    }
}

/// The edit that writes the shell-less tag, when the file is sure not to
/// need the shell.
fn fix_edit(ctx: &DockerfileContext<'_>, base: &RuntimeBase<'_>, tag: &str) -> Option<Edit> {
    let image = ctx.root_image(base.stage)?;
    let old_tag = image.tag.as_deref()?;
    let written = &ctx.stage(base.stage).base_text.text;
    if image.digest.is_some()
        || written.as_str() != base.text
        || ctx.file.text(base.span) != written.as_str()
    {
        return None;
    }
    let name = written.strip_suffix(old_tag)?;
    let replacement = format!("{name}{tag}");
    let replaced = lookup_reference(ctx.catalog, &replacement)?;
    if is_debug_variant(&replaced) || needs_shell(ctx, base) {
        return None;
    }
    Some(Edit::replace(base.span, replacement))
}

/// Whether a stage built on the debug image uses its shell: a `RUN`, a
/// shell-form `CMD`/`ENTRYPOINT`/`HEALTHCHECK`, an exec form that starts a
/// shell, or no `ENTRYPOINT` of its own over the image's shell entrypoint.
fn needs_shell(ctx: &DockerfileContext<'_>, base: &RuntimeBase<'_>) -> bool {
    let entrypoint_is_shell = base
        .facts
        .entrypoint
        .first()
        .is_some_and(|e| is_shell_path(e));
    for stage in 0..ctx.model.stages.len() {
        let chain = ctx.model.base_chain(stage);
        if !chain.contains(&base.stage) {
            continue;
        }
        let mut sets_entrypoint = false;
        for &s in &chain {
            for (_, instruction) in ctx.stage_instructions(s) {
                let args = match &instruction.command.args {
                    Args::Healthcheck { command, .. } => command.as_ref(),
                    args => args,
                };
                match instruction.keyword() {
                    Keyword::Run => return true,
                    Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck => {
                        let starts_shell = args
                            .exec_strings()
                            .first()
                            .is_some_and(|program| is_shell_path(program));
                        if matches!(args, Args::Shell(_)) || starts_shell {
                            return true;
                        }
                        sets_entrypoint |= instruction.keyword() == Keyword::Entrypoint;
                    }
                    _ => {}
                }
            }
        }
        if entrypoint_is_shell && !sets_entrypoint {
            return true;
        }
    }
    false
}

fn is_shell_path(program: &str) -> bool {
    let name = program.rsplit('/').next().unwrap_or(program);
    program.starts_with("/busybox/")
        || matches!(
            name,
            "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "busybox"
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::runtime_base::lookup_reference;
    use distill_catalog::Catalog;

    fn shell_less(reference: &str) -> Option<String> {
        let facts = lookup_reference(Catalog::builtin(), reference).expect("known image");
        let tag = reference.rsplit_once(':').map(|(_, t)| t);
        shell_less_tag(&facts, tag)
    }

    #[test]
    fn tags_without_the_shell() {
        let ds = "gcr.io/distroless/static-debian13";
        assert_eq!(
            shell_less(&format!("{ds}:debug")).as_deref(),
            Some("latest")
        );
        assert_eq!(
            shell_less(&format!("{ds}:debug-nonroot")).as_deref(),
            Some("nonroot")
        );
        assert_eq!(
            shell_less(&format!("{ds}:debug-nonroot-arm64")).as_deref(),
            Some("nonroot-arm64")
        );
        assert_eq!(
            shell_less(&format!("{ds}:debug-amd64")).as_deref(),
            Some("latest-amd64")
        );
        assert_eq!(
            shell_less("cgr.dev/chainguard/python:latest-dev").as_deref(),
            Some("latest")
        );
        assert_eq!(shell_less("busybox:1.36"), None);
        assert_eq!(shell_less("cgr.dev/chainguard/busybox:latest"), None);
    }
}
