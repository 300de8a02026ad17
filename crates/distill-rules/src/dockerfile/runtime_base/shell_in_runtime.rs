use distill_catalog::{BaseFacts, Family};
use distill_dockerfile::{Keyword, StageRef};
use distill_report::{Finding, Severity};

use super::{is_debug_variant, lookup_reference, runtime_base};
use crate::dockerfile::DockerfileContext;
use crate::dockerfile::build_structure::copy_sources;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "RB103",
    name: "shell-in-runtime",
    severity: Severity::Warning,
    summary: "The runtime ships a shell.",
    doc: r#"
## What it finds

A shell in the image that ships, when neither RB101 (full distribution)
nor RB102 (debug variant) already says so:

- the runtime's base has a shell although it is neither a full
  distribution nor a debug variant: Chainguard `node` (which carries
  busybox), `wolfi-base`, or a Chainguard build image (`go`, `maven`,
  `jdk`, `rust`) used as the runtime;
- the runtime stage, or a stage it is built `FROM`, copies a shell in:
  anything from a busybox image (`COPY --from=busybox:1.36 ...`; its
  commands are all the busybox binary), a shell binary (`/bin/sh`,
  `/bin/bash`, `/bin/busybox`, distroless' `/busybox`), or a whole `/`,
  `/bin` or `/usr/bin` from a stage or image that has a shell.

Bases the catalog does not know are not reported.

## Why it matters

A shell turns a code-execution bug in the application into an interactive
foothold: the attacker can explore, download tools and pivot. Removing it
is the point of distroless and Chainguard runtimes, and Kubernetes
`kubectl debug` gives a shell for troubleshooting without shipping one.

## Example

```dockerfile
FROM cgr.dev/chainguard/node:latest
COPY --from=busybox:1.36 /bin/busybox /bin/busybox
COPY --chown=node:node dist/ /app/
CMD ["/app/server.js"]
```

## Fix

Use a runtime without a shell (`gcr.io/distroless/nodejs22-debian13:nonroot`
here), copy only the files the application needs, and debug with
ephemeral containers (`kubectl debug`) or a separate debug stage.
"#,
    targets: &[Target::Dockerfile, Target::Image],
    fix: FixKind::None,
};

const SHELLS: [&str; 8] = ["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox"];
/// Directories that hold the shell of the images distill knows (`/sbin`
/// holds links to busybox on Alpine, not busybox itself).
const BIN_DIRS: [&str; 3] = ["/", "/bin", "/usr/bin"];

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    check_base(ctx, out);
    check_copies(ctx, out);
}

fn check_base(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    let Some(base) = runtime_base(ctx) else {
        return;
    };
    let facts = base.facts;
    if !facts.has_shell() || facts.is_full_distro() || is_debug_variant(facts) {
        return;
    }
    let message = format!(
        "the runtime is built on `{}`, which ships a {} shell, so a code-execution bug in the app becomes an interactive foothold",
        base.text,
        facts.shell.as_str()
    );
    let alternatives: Vec<String> = [&facts.replacement.distroless, &facts.replacement.chainguard]
        .into_iter()
        .flatten()
        .filter(|r| lookup_reference(ctx.catalog, r).is_some_and(|f| !f.has_shell()))
        .map(|r| format!("`{r}`"))
        .collect();
    let help = if alternatives.is_empty() {
        "use a runtime without a shell, and `kubectl debug` when you need one".to_string()
    } else {
        format!(
            "use a runtime without a shell, such as {}, and `kubectl debug` when you need one",
            alternatives.join(" or ")
        )
    };
    out.push(ctx.finding(&RULE, base.span, message).with_help(help));
}

fn check_copies(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    for &stage in ctx.runtime_chain().iter().rev() {
        for (index, _, reference) in ctx.model.references(stage) {
            if ctx.instruction(index).keyword() != Keyword::Copy {
                continue;
            }
            let (facts, from) = match &reference {
                StageRef::Stage(s) => (ctx.facts(*s).cloned(), ctx.stage_label(*s)),
                StageRef::Image(image) => (
                    ctx.catalog
                        .lookup(&image.registry, &image.repository, image.tag.as_deref()),
                    format!("`{}`", image.original),
                ),
                StageRef::Unresolved(name) => (None, format!("`{name}`")),
            };
            let from_busybox =
                matches!(reference, StageRef::Image(_)) && facts.as_ref().is_some_and(is_busybox);
            let has_shell = facts.as_ref().is_some_and(BaseFacts::has_shell);
            let copied = copy_sources(ctx, index).into_iter().find(|source| {
                let path = normalize(&source.text);
                from_busybox
                    || is_shell_file(&path)
                    || (has_shell && BIN_DIRS.contains(&path.as_str()))
            });
            let Some(source) = copied else {
                continue;
            };
            out.push(
                ctx.finding(
                    &RULE,
                    source.span,
                    format!(
                        "the runtime copies `{}` from {from}, which puts a shell into the shipped image, so a code-execution bug in the app becomes an interactive foothold",
                        source.text
                    ),
                )
                .with_help(
                    "copy only the files the application needs, and use `kubectl debug` when you need a shell",
                ),
            );
        }
    }
}

fn is_busybox(facts: &BaseFacts) -> bool {
    facts.family == Family::Busybox || facts.id.contains("busybox")
}

/// A `COPY --from` source as an absolute path without a trailing `/`,
/// `/.` or `/*` (sources are relative to the root of the stage or image).
fn normalize(source: &str) -> String {
    let mut path = if source.starts_with('/') {
        source.to_string()
    } else {
        format!("/{source}")
    };
    loop {
        let trimmed = path
            .strip_suffix("/*")
            .or_else(|| path.strip_suffix("/."))
            .or_else(|| path.strip_suffix('/'))
            .map(str::to_string);
        match trimmed {
            Some(shorter) => path = shorter,
            None => break,
        }
    }
    if path.is_empty() {
        "/".to_string()
    } else {
        path
    }
}

fn is_shell_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    path == "/busybox" || path.starts_with("/busybox/") || SHELLS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_paths() {
        assert_eq!(normalize("bin/"), "/bin");
        assert_eq!(normalize("/"), "/");
        assert_eq!(normalize("/usr/bin/*"), "/usr/bin");
        assert!(is_shell_file("/bin/sh"));
        assert!(is_shell_file("/busybox"));
        assert!(is_shell_file("/usr/bin/bash"));
        assert!(!is_shell_file("/app/entrypoint.sh"));
        assert!(!is_shell_file("/bin/app"));
    }
}
