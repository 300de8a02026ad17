use std::collections::BTreeSet;

use distill_dockerfile::model::AUTOMATIC_ARGS;
use distill_dockerfile::{Args, Instruction, Keyword};
use distill_report::{Finding, Fix, Severity};
use distill_source::{Applicability, Edit, Span};

use super::{Quoting, instruction_refs, starts_in, variable_refs};
use crate::dockerfile::DockerfileContext;
use crate::dockerfile::shell::ShellCommand;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "DF102",
    name: "global-arg-not-redeclared",
    severity: Severity::Warning,
    summary: "A stage uses a global ARG without `ARG NAME` inside the stage, so build args never reach it.",
    doc: r#"
## What it finds

A `$NAME` or `${NAME}` inside a stage where `NAME` is a global `ARG`
(declared before the first `FROM`) or one of BuildKit's automatic platform
arguments (`TARGETARCH`, `TARGETOS`, `BUILDPLATFORM`, ...), and the stage
has not declared `ARG NAME` before that instruction. Names the stage sets
with `ENV`, and names declared by `ARG` or `ENV` in a stage it is built
`FROM`, are in scope and not reported.

It looks at the instructions BuildKit expands (`ADD`, `COPY`, `ENV`,
`EXPOSE`, `LABEL`, `STOPSIGNAL`, `USER`, `VOLUME`, `WORKDIR` and `ARG`
defaults) and at `RUN` scripts, where the shell sees the variable. A
`$NAME` in single quotes, and a variable the script assigns itself, are
not reported.

## Why it matters

A global `ARG` is in scope for `FROM` lines only. BuildKit passes it into
a stage only when the stage redeclares it, so elsewhere `$NAME` is empty:
`COPY app-$VERSION.jar` copies `app-.jar`, and `RUN curl .../$VERSION/...`
downloads the wrong file. `--build-arg NAME=...` does not help either.

## Example

```dockerfile
ARG VERSION=1.4.2
FROM alpine:3.20
RUN wget https://example.com/tool-$VERSION.tar.gz
```

## Fix

Redeclare the argument, without a value, at the start of the stage:
`ARG VERSION` takes the global value. The fix inserts that line after the
stage's `FROM`; it is unsafe because the build then sees a value where it
saw none before.
"#,
    targets: &[Target::Dockerfile],
    fix: FixKind::Always,
};

/// Variables official base images set with `ENV` (`node` sets
/// `NODE_VERSION`, `golang` sets `GOPATH`): a stage on an image sees the
/// image's value, so a global ARG of the same name is not empty there.
const IMAGE_ENV: [&str; 24] = [
    "PATH",
    "HOME",
    "LANG",
    "NODE_VERSION",
    "YARN_VERSION",
    "PYTHON_VERSION",
    "PYTHON_SHA256",
    "GOLANG_VERSION",
    "GOPATH",
    "GOTOOLCHAIN",
    "JAVA_HOME",
    "JAVA_VERSION",
    "RUBY_VERSION",
    "GEM_HOME",
    "PHP_VERSION",
    "RUST_VERSION",
    "RUSTUP_HOME",
    "CARGO_HOME",
    "MAVEN_HOME",
    "GRADLE_HOME",
    "GRADLE_VERSION",
    "NGINX_VERSION",
    "PG_VERSION",
    "DOTNET_VERSION",
];

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    let globals: BTreeSet<&str> = ctx
        .model
        .global_args
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    let is_automatic = |name: &str| AUTOMATIC_ARGS.iter().any(|(k, _)| *k == name);

    for stage in 0..ctx.model.stages.len() {
        // BuildKit hands a stage the ARG and ENV values of the stage it is
        // built FROM (`dispatchState.buildArgs` and the image config).
        let mut declared: BTreeSet<String> = ctx.model.base_chain(stage)[1..]
            .iter()
            .flat_map(|&ancestor| ctx.stage_instructions(ancestor))
            .flat_map(|(_, instruction)| declared_names(instruction))
            .collect();
        if ctx.root_image(stage).is_some() {
            declared.extend(IMAGE_ENV.iter().map(|name| name.to_string()));
        }
        for (_, instruction) in ctx.stage_instructions(stage) {
            for (name, span) in uses(ctx, instruction) {
                let automatic = !globals.contains(name.as_str()) && is_automatic(&name);
                if declared.contains(&name) || !(globals.contains(name.as_str()) || automatic) {
                    continue;
                }
                out.push(finding(ctx, stage, &name, span, automatic));
            }
            declared.extend(declared_names(instruction));
        }
    }
}

fn finding(
    ctx: &DockerfileContext<'_>,
    stage: usize,
    name: &str,
    span: Span,
    automatic: bool,
) -> Finding {
    let label = ctx.stage_label(stage);
    let kind = if automatic {
        "BuildKit's platform ARG"
    } else {
        "the global ARG"
    };
    let from = ctx.instruction(ctx.stage(stage).from_instruction);
    let at = from.span.end;
    let prefix = if ctx.file.source[..at].ends_with('\n') {
        ""
    } else {
        "\n"
    };
    ctx.finding(
        &RULE,
        span,
        format!(
            "`{}` is empty here: {kind} {name} reaches {label} only if the stage declares `ARG {name}`",
            ctx.file.text(span)
        ),
    )
    .with_help(format!(
        "add `ARG {name}` (without a value, to keep the global one) after the stage's FROM"
    ))
    .with_fix(Fix::new(
        format!("declare ARG {name} in {label}"),
        Applicability::Unsafe,
        Edit::insert(at, format!("{prefix}ARG {name}\n")),
    ))
}

/// The names an instruction puts in scope for the instructions after it.
fn declared_names(instruction: &Instruction) -> Vec<String> {
    match &instruction.command.args {
        Args::Names(words) if instruction.keyword() == Keyword::Arg => words
            .iter()
            .map(|w| arg_name(&w.text).to_string())
            .collect(),
        Args::KeyValues(pairs) if instruction.keyword() == Keyword::Env => pairs
            .iter()
            .map(|p| p.key.text.trim_matches(['"', '\'']).to_string())
            .collect(),
        _ => Vec::new(),
    }
}

fn arg_name(word: &str) -> &str {
    word.split_once('=').map_or(word, |(name, _)| name)
}

/// The variables an instruction reads, with where they are written.
fn uses(ctx: &DockerfileContext<'_>, instruction: &Instruction) -> Vec<(String, Span)> {
    match instruction.keyword() {
        Keyword::Run => run_uses(ctx, instruction),
        Keyword::Arg => arg_uses(ctx, instruction),
        Keyword::Add
        | Keyword::Copy
        | Keyword::Env
        | Keyword::Expose
        | Keyword::Label
        | Keyword::Stopsignal
        | Keyword::User
        | Keyword::Volume
        | Keyword::Workdir => instruction_refs(instruction, ctx.file.escape)
            .into_iter()
            .map(|(r, span)| (r.name, span))
            .collect(),
        _ => Vec::new(),
    }
}

/// `ARG A=1 B=$A`: BuildKit declares the names in order, so a default may
/// use the names written before it in the same instruction.
fn arg_uses(ctx: &DockerfileContext<'_>, instruction: &Instruction) -> Vec<(String, Span)> {
    let Args::Names(words) = &instruction.command.args else {
        return Vec::new();
    };
    instruction_refs(instruction, ctx.file.escape)
        .into_iter()
        .filter(|(reference, span)| {
            let Some(word) = words.iter().position(|w| starts_in(w.span, *span)) else {
                return true;
            };
            !words[..word]
                .iter()
                .any(|w| arg_name(&w.text) == reference.name)
        })
        .map(|(r, span)| (r.name, span))
        .collect()
}

/// The variables the shell reads in a `RUN`: its command line and the
/// heredocs the shell expands.
fn run_uses(ctx: &DockerfileContext<'_>, instruction: &Instruction) -> Vec<(String, Span)> {
    // `RUN <<EOF` alone runs the heredoc body as the script, whatever its
    // delimiter's quoting; a quoted delimiter on a data heredoc
    // (`cat <<'EOF' >file`) keeps `$` literal.
    let body_is_script = matches!(
        &instruction.command.args,
        Args::Shell(word) if word.text.trim().starts_with("<<")
            && !word.text.trim().contains(char::is_whitespace)
    );
    let mut uses = Vec::new();
    for script in ctx.scripts(instruction) {
        let start = script.span(0, 0).start;
        let heredoc = instruction
            .heredocs
            .iter()
            .position(|h| h.body_span.start == start);
        if let Some(k) = heredoc {
            if !(instruction.heredocs[k].expand || body_is_script && k == 0) {
                continue;
            }
        }
        for reference in variable_refs(&script.text, Quoting::Shell) {
            if assigned_in(&script.commands, &reference.name) {
                continue;
            }
            let span = script.span(reference.start, reference.end);
            uses.push((reference.name, span));
        }
    }
    uses
}

/// Whether a script sets the variable itself (`V=1`, `export V=1`,
/// `for V in`, `read V`), so its value does not come from the build.
fn assigned_in(commands: &[ShellCommand], name: &str) -> bool {
    commands.iter().any(|command| {
        command.assignments.iter().any(|(k, _)| k == name)
            || matches!(
                command.program(),
                Some("export" | "local" | "declare" | "typeset" | "readonly" | "read" | "for")
            ) && command
                .args()
                .any(|a| arg_name(a) == name && !a.starts_with('-'))
    })
}
