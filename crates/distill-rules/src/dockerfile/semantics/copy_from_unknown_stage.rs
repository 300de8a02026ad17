use distill_dockerfile::Keyword;
use distill_dockerfile::model::StageRef;
use distill_dockerfile::mount::parse_mount;
use distill_report::{Finding, Severity};
use distill_source::Span;

use crate::dockerfile::DockerfileContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "DF104",
    name: "copy-from-unknown-stage",
    severity: Severity::Error,
    summary: "`COPY --from` or `RUN --mount=from=` names a stage that does not exist, or a stage index that is not an earlier stage.",
    doc: r#"
## What it finds

- `COPY --from=NAME` or `RUN --mount=from=NAME` where `NAME` is no stage
  of the file but looks like one: a single word without `/`, `:`, `@` or
  `.`, and not a well-known official image such as `alpine` or `busybox`.
  When a stage has a similar name, the message suggests it.
- `COPY --from=N` where `N` is the index of the current stage or of a
  later one, or of no stage at all.

## Why it matters

BuildKit resolves a `--from` that names no stage as an image: a typo such
as `--from=buidler` makes it try to pull `docker.io/library/buidler`,
which fails with an access error that does not mention the typo, or worse,
pulls someone else's image of that name. A stage cannot copy from itself,
and an index past the last stage is refused.

## Example

```dockerfile
FROM golang:1.23 AS builder
RUN go build -o /out/app .
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=buidler /out/app /app
```

## Fix

Use the name of a stage defined with `FROM ... AS name`, or write the
image reference in full (`docker.io/library/nginx:1.27`) when an image is
meant. A named build context passed with `--build-context NAME=...` looks
the same as a missing stage to distill; silence the finding for that line
with a `# distill-ignore` comment. There is no automatic fix.
"#,
    targets: &[Target::Dockerfile],
    fix: FixKind::None,
};

/// Official Docker Hub images that builds commonly copy from by bare name.
const COMMON_IMAGES: [&str; 24] = [
    "alpine", "busybox", "caddy", "debian", "docker", "golang", "gradle", "haproxy", "httpd",
    "maven", "mongo", "mysql", "nginx", "node", "php", "postgres", "python", "redis", "registry",
    "ruby", "rust", "traefik", "tomcat", "ubuntu",
];

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    for stage in 0..ctx.model.stages.len() {
        for (index, span, reference) in ctx.model.references(stage) {
            let Some(text) = written_source(ctx, index, span) else {
                continue;
            };
            let is_copy = ctx.instruction(index).keyword() == Keyword::Copy;
            let message = if is_copy && !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
            {
                index_problem(ctx, stage, &text)
            } else {
                match reference {
                    StageRef::Stage(other) if other == stage => Some(format!(
                        "`--from={text}` names the stage it is in, a circular dependency BuildKit refuses"
                    )),
                    StageRef::Stage(_) => None,
                    StageRef::Image(_) | StageRef::Unresolved(_) => name_problem(ctx, &text),
                }
            };
            if let Some(message) = message {
                out.push(ctx.finding(&RULE, span, message).with_help(
                    "name a stage defined above with `FROM ... AS name`, or write the image reference in full",
                ));
            }
        }
    }
}

/// The `--from` value after expansion, or the `from=` of a mount.
fn written_source(ctx: &DockerfileContext<'_>, index: usize, span: Span) -> Option<String> {
    let command = &ctx.instruction(index).command;
    let flag = command.flags.iter().find(|f| f.span == span)?;
    let value = flag.value.as_deref()?;
    match command.keyword {
        Keyword::Copy => Some(ctx.model.expand_at(index, value).value),
        _ => parse_mount(value).ok()?.from,
    }
}

/// `COPY --from=N`: BuildKit looks the index up among all stages
/// (`findStateByIndex`); only an earlier stage can be copied from.
fn index_problem(ctx: &DockerfileContext<'_>, stage: usize, text: &str) -> Option<String> {
    let count = ctx.model.stages.len();
    match text.parse::<usize>() {
        Ok(n) if n < stage => None,
        Ok(n) if n == stage => Some(format!(
            "`--from={text}` is the index of the stage it is in, a circular dependency BuildKit refuses"
        )),
        Ok(n) if n < count => Some(format!(
            "`--from={text}` refers to a later stage; copy only from a stage defined above"
        )),
        _ => Some(format!(
            "`--from={text}` is not a stage index (the stages are 0 to {}), so BuildKit refuses it",
            count.saturating_sub(1)
        )),
    }
}

/// A bare word that no stage is called: BuildKit pulls it as an image.
fn name_problem(ctx: &DockerfileContext<'_>, text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let looks_like_stage = !lower.is_empty()
        && lower
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !looks_like_stage || is_known_image(ctx, &lower) {
        return None;
    }
    let suggestion = ctx
        .model
        .stages
        .iter()
        .filter_map(|s| s.name.as_deref())
        .map(|name| (edit_distance(name, &lower), name))
        .filter(|(distance, _)| *distance <= 2)
        .min();
    let hint = match suggestion {
        Some((_, name)) => format!("; did you mean stage `{name}`?"),
        None => String::new(),
    };
    Some(format!(
        "`{text}` is not a stage of this file, so BuildKit tries to pull the image `docker.io/library/{lower}`{hint}"
    ))
}

fn is_known_image(ctx: &DockerfileContext<'_>, name: &str) -> bool {
    name == "scratch"
        || COMMON_IMAGES.contains(&name)
        || ctx
            .catalog
            .entries()
            .any(|entry| entry.repositories().iter().any(|r| r == name))
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("builder", "buidler"), 2);
        assert_eq!(edit_distance("build", "builder"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
        assert!(edit_distance("deps", "runtime") > 2);
    }
}
