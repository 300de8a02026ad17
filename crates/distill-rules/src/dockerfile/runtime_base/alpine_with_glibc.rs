use distill_catalog::Libc;
use distill_dockerfile::{Args, Keyword, StageRef};
use distill_report::{Finding, Severity};

use super::runtime_base;
use crate::dockerfile::DockerfileContext;
use crate::dockerfile::build_structure::{
    RunCommand, build_label, copy_sources, run_commands, run_scripts, stage_runs,
};
use crate::dockerfile::shell::{self, BuildTool, Installer, ShellCommand};
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "RB104",
    name: "alpine-with-glibc",
    severity: Severity::Warning,
    summary: "A musl (Alpine) runtime carrying glibc-dependent software or glibc shims.",
    doc: r#"
## What it finds

A runtime whose base uses musl (Alpine, and the `-alpine` language
images) that

- installs a glibc shim in the runtime stage or a stage it is built
  `FROM`: `apk add gcompat`, `libc6-compat`, `glibc`, `glibc-bin`,
  `glibc-i18n`, or a downloaded `glibc-*.apk`;
- copies a binary from a build stage on a glibc image that links glibc
  dynamically: Go built without `CGO_ENABLED=0` (nor `-static` link
  flags) on `golang` or Chainguard `go`, or Rust built without a `*-musl`
  target (nor `crt-static`) on `rust` or Chainguard `rust`. A `COPY` counts
  when its source is the build's output (`go build -o` path, the `go
  build` working directory, `go install`'s `/go/bin`, cargo's `target/`
  directory, `cargo install`'s `bin`), or a directory that holds it.

## Why it matters

musl and glibc are different C libraries. A glibc binary on Alpine either
fails to start (`not found` for a binary that exists: the glibc loader is
missing) or runs on a compatibility shim that implements part of glibc,
with failures that show up only at run time: DNS resolution, locales,
`dlopen`, thread stack sizes. The shims also bring packages that a
shell-less runtime would not need.

## Example

```dockerfile
FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/server ./cmd/server

FROM alpine:3.20
RUN apk add --no-cache gcompat
COPY --from=build /out/server /server
ENTRYPOINT ["/server"]
```

## Fix

Match the C library of the build and the runtime: build statically
(`CGO_ENABLED=0`, a `*-unknown-linux-musl` target) for `static` runtimes,
or ship glibc binaries on a glibc runtime
(`gcr.io/distroless/cc-debian13:nonroot`,
`cgr.dev/chainguard/glibc-dynamic:latest`) and drop the shim.
"#,
    targets: &[Target::Dockerfile],
    fix: FixKind::None,
};

/// Packages whose only purpose on Alpine is to run glibc programs.
const GLIBC_SHIMS: [&str; 5] = [
    "gcompat",
    "libc6-compat",
    "glibc",
    "glibc-bin",
    "glibc-i18n",
];

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    let Some(base) = runtime_base(ctx) else {
        return;
    };
    if base.facts.libc != Libc::Musl {
        return;
    }
    let help = glibc_runtimes(ctx);
    check_shims(ctx, base.text, &help, out);
    check_copied_binaries(ctx, base.text, &help, out);
}

fn glibc_runtimes(ctx: &DockerfileContext<'_>) -> String {
    let replacement = ctx
        .catalog
        .get("distroless-cc")
        .map(|e| e.facts().replacement.clone())
        .unwrap_or_default();
    let names: Vec<String> = [replacement.distroless, replacement.chainguard]
        .into_iter()
        .flatten()
        .map(|r| format!("`{r}`"))
        .collect();
    if names.is_empty() {
        "build for musl or statically, or run glibc software on a glibc runtime".to_string()
    } else {
        format!(
            "build for musl or statically, or run glibc software on a glibc runtime such as {}",
            names.join(" or ")
        )
    }
}

fn check_shims(ctx: &DockerfileContext<'_>, runtime: &str, help: &str, out: &mut Vec<Finding>) {
    for &stage in ctx.runtime_chain().iter().rev() {
        for (_, instruction) in stage_runs(ctx, stage) {
            for command in run_commands(ctx, instruction) {
                let Some(install) = shell::install(&command.command) else {
                    continue;
                };
                if install.installer != Installer::Apk {
                    continue;
                }
                let shims: Vec<String> = install
                    .packages
                    .iter()
                    .filter(|p| is_glibc_shim(p))
                    .map(|p| format!("`{p}`"))
                    .collect();
                if shims.is_empty() {
                    continue;
                }
                out.push(
                    ctx.finding(
                        &RULE,
                        command.span(),
                        format!(
                            "`apk add` installs the glibc shim {} on the musl runtime `{runtime}`, so glibc software runs on a partial emulation of glibc that fails at run time in ways tests rarely catch",
                            shims.join(", ")
                        ),
                    )
                    .with_help(help.to_string()),
                );
            }
        }
    }
}

/// `gcompat`, `glibc=2.35-r1`, `glibc-bin-2.35-r1.apk`,
/// `/tmp/glibc-2.35-r1.apk`.
fn is_glibc_shim(package: &str) -> bool {
    let name = package
        .split(['=', '<', '>', '~'])
        .next()
        .unwrap_or(package);
    let file = name.rsplit('/').next().unwrap_or(name);
    if file.ends_with(".apk") {
        return file.starts_with("glibc-");
    }
    GLIBC_SHIMS.contains(&name)
}

fn check_copied_binaries(
    ctx: &DockerfileContext<'_>,
    runtime: &str,
    help: &str,
    out: &mut Vec<Finding>,
) {
    for &stage in ctx.runtime_chain().iter().rev() {
        for (index, _, reference) in ctx.model.references(stage) {
            let StageRef::Stage(from) = reference else {
                continue;
            };
            if ctx.instruction(index).keyword() != Keyword::Copy
                || ctx.facts(from).map(|f| f.libc) != Some(Libc::Glibc)
            {
                continue;
            }
            let builds = dynamic_builds(ctx, from);
            let copied = copy_sources(ctx, index).into_iter().find_map(|source| {
                let path = absolute(&source.text);
                builds
                    .iter()
                    .find(|b| b.output.holds(&path))
                    .map(|b| (source, b))
            });
            let Some((source, build)) = copied else {
                continue;
            };
            out.push(
                ctx.finding(
                    &RULE,
                    source.span,
                    format!(
                        "`{}` comes from {} on glibc `{}`, where {} links it against glibc dynamically, so it cannot run properly on the musl runtime `{runtime}`",
                        source.text,
                        ctx.stage_label(from),
                        ctx.stage(ctx.root_stage(from)).base_expanded,
                        build.label
                    ),
                )
                .with_help(help.to_string()),
            );
        }
    }
}

/// A build that produces a dynamically linked binary, and where it puts it.
struct DynamicBuild {
    label: String,
    output: Output,
}

/// Where a build writes its binaries.
enum Output {
    /// A file or directory named by the build (`go build -o /out/app`).
    Path(String),
    /// A directory the build writes a binary into (`go install` ->
    /// `/go/bin`).
    Dir(String),
    /// A relative path whose base directory is not known: any source
    /// ending in it.
    Suffix(String),
}

impl Output {
    /// Whether copying `source` (absolute) copies the output.
    fn holds(&self, source: &str) -> bool {
        let within = |outer: &str, inner: &str| {
            outer == inner || outer == "/" || inner.starts_with(&format!("{outer}/"))
        };
        let pattern = source.split(['*', '?', '[']).next().unwrap_or(source);
        let glob = pattern.len() != source.len();
        match self {
            Output::Path(path) | Output::Dir(path) if glob => path.starts_with(pattern),
            Output::Path(path) => within(source, path) || within(path, source),
            // A binary directly in the directory: `/go/bin/tool`, not
            // `/src/config.yaml` or `/src/static/logo.png`.
            Output::Dir(dir) => {
                within(source, dir)
                    || source
                        .strip_prefix(&format!("{dir}/"))
                        .is_some_and(|name| !name.contains(['/', '.']))
            }
            Output::Suffix(suffix) => {
                source.ends_with(&format!("/{suffix}")) || source.contains(&format!("/{suffix}/"))
            }
        }
    }
}

/// The Go and Rust builds of a stage (and the stages it is built on)
/// whose output links the C library dynamically.
fn dynamic_builds(ctx: &DockerfileContext<'_>, stage: usize) -> Vec<DynamicBuild> {
    let mut builds = Vec::new();
    for &s in ctx.model.base_chain(stage).iter().rev() {
        for (index, instruction) in stage_runs(ctx, s) {
            for script in run_scripts(ctx, instruction) {
                for (position, command) in script.iter().enumerate() {
                    let exported = &script[..position];
                    let build = match shell::build_tool(&command.command) {
                        Some(BuildTool::Go) => go_build(ctx, s, index, command, exported),
                        Some(BuildTool::Cargo) => cargo_build(ctx, s, index, command, exported),
                        _ => None,
                    };
                    builds.extend(build);
                }
            }
        }
    }
    builds
}

fn go_build(
    ctx: &DockerfileContext<'_>,
    stage: usize,
    index: usize,
    command: &RunCommand,
    before: &[RunCommand],
) -> Option<DynamicBuild> {
    let cmd = &command.command;
    let cgo = variable(ctx, index, cmd, before, "CGO_ENABLED");
    if cgo.as_deref() == Some("0") || cmd.args().any(|a| a.contains("-static")) {
        return None;
    }
    let output = match (option_value(cmd, "-o"), cmd.subcommand()) {
        (Some(path), _) => resolve(ctx, stage, index, &path),
        (None, Some("install")) => {
            let gobin = variable(ctx, index, cmd, before, "GOBIN");
            let gopath = variable(ctx, index, cmd, before, "GOPATH");
            Output::Dir(
                gobin.unwrap_or_else(|| format!("{}/bin", gopath.as_deref().unwrap_or("/go"))),
            )
        }
        // `go build` without `-o` writes into the working directory; the
        // golang image's is /go.
        (None, _) => Output::Dir(workdir(ctx, stage, index).unwrap_or_else(|| "/go".to_string())),
    };
    Some(DynamicBuild {
        label: build_label(BuildTool::Go, cmd) + " without `CGO_ENABLED=0`",
        output,
    })
}

fn cargo_build(
    ctx: &DockerfileContext<'_>,
    stage: usize,
    index: usize,
    command: &RunCommand,
    before: &[RunCommand],
) -> Option<DynamicBuild> {
    let cmd = &command.command;
    let target = option_value(cmd, "--target")
        .or_else(|| variable(ctx, index, cmd, before, "CARGO_BUILD_TARGET"))
        .unwrap_or_default();
    let rustflags = variable(ctx, index, cmd, before, "RUSTFLAGS").unwrap_or_default();
    if target.contains("musl") || rustflags.contains("crt-static") {
        return None;
    }
    let output = if cmd.subcommand() == Some("install") {
        let root = option_value(cmd, "--root")
            .or_else(|| variable(ctx, index, cmd, before, "CARGO_INSTALL_ROOT"))
            .or_else(|| variable(ctx, index, cmd, before, "CARGO_HOME"))
            .unwrap_or_else(|| "/usr/local/cargo".to_string());
        Output::Dir(format!("{}/bin", root.trim_end_matches('/')))
    } else {
        match option_value(cmd, "--target-dir")
            .or_else(|| variable(ctx, index, cmd, before, "CARGO_TARGET_DIR"))
        {
            Some(dir) => resolve(ctx, stage, index, &dir),
            None => resolve(ctx, stage, index, "target"),
        }
    };
    Some(DynamicBuild {
        label: build_label(BuildTool::Cargo, cmd) + " without a musl target",
        output,
    })
}

/// A path written in a `RUN`, made absolute with the stage's `WORKDIR`.
fn resolve(ctx: &DockerfileContext<'_>, stage: usize, index: usize, path: &str) -> Output {
    let path = path.trim_end_matches('/');
    if path.starts_with('/') {
        return Output::Path(path.to_string());
    }
    let path = path.trim_start_matches("./");
    match workdir(ctx, stage, index) {
        Some(dir) => Output::Path(join(&dir, path)),
        None => Output::Suffix(path.to_string()),
    }
}

fn join(dir: &str, path: &str) -> String {
    format!("{}/{path}", dir.trim_end_matches('/'))
}

fn absolute(source: &str) -> String {
    let path = source.trim_start_matches("./").trim_end_matches('/');
    if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    }
}

/// The `WORKDIR` in effect at an instruction, if the file sets one.
fn workdir(ctx: &DockerfileContext<'_>, stage: usize, index: usize) -> Option<String> {
    let mut dir: Option<String> = None;
    for &s in ctx.model.base_chain(stage).iter().rev() {
        for (i, instruction) in ctx.stage_instructions(s) {
            if i >= index {
                break;
            }
            if instruction.keyword() != Keyword::Workdir {
                continue;
            }
            if let Args::Shell(word) = &instruction.command.args {
                let value = ctx.model.expand_at(i, &word.text).value;
                dir = Some(if value.starts_with('/') {
                    value
                } else {
                    join(dir.as_deref().unwrap_or("/"), &value)
                });
            }
        }
    }
    dir
}

/// `-o value` or `-o=value` (and the `--long` forms) of a command.
fn option_value(command: &ShellCommand, option: &str) -> Option<String> {
    let args: Vec<&str> = command.args().collect();
    args.iter().enumerate().find_map(|(i, arg)| {
        if *arg == option {
            args.get(i + 1).map(|v| v.to_string())
        } else {
            arg.strip_prefix(option)
                .and_then(|rest| rest.strip_prefix('='))
                .map(str::to_string)
        }
    })
}

/// A variable as the command sees it: written before the program, exported
/// earlier in the script, or set by `ENV`/`ARG` in the stage.
fn variable(
    ctx: &DockerfileContext<'_>,
    index: usize,
    command: &ShellCommand,
    before: &[RunCommand],
    name: &str,
) -> Option<String> {
    if let Some(value) = command.assignment(name) {
        return Some(value.to_string());
    }
    let exported = before.iter().rev().find_map(|c| {
        if c.command.program() != Some("export") {
            return None;
        }
        c.command
            .args()
            .find_map(|a| a.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
            .map(str::to_string)
    });
    exported.or_else(|| {
        ctx.model
            .scope(index)
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shim_packages() {
        assert!(is_glibc_shim("gcompat"));
        assert!(is_glibc_shim("libc6-compat=1.2.5-r0"));
        assert!(is_glibc_shim("/tmp/glibc-bin-2.35-r1.apk"));
        assert!(!is_glibc_shim("musl-dev"));
        assert!(!is_glibc_shim("glibc-tools"));
    }

    #[test]
    fn outputs_hold_sources() {
        let path = Output::Path("/out/server".to_string());
        assert!(path.holds("/out/server"));
        assert!(path.holds("/out"));
        assert!(path.holds("/out/*"));
        assert!(!path.holds("/src/config.yaml"));
        let dir = Output::Dir("/go/bin".to_string());
        assert!(dir.holds("/go/bin/tool"));
        assert!(!dir.holds("/go/pkg"));
        assert!(!Output::Dir("/src".to_string()).holds("/src/config.yaml"));
        let suffix = Output::Suffix("target".to_string());
        assert!(suffix.holds("/app/target/release/server"));
        assert!(!suffix.holds("/app/static"));
    }
}
