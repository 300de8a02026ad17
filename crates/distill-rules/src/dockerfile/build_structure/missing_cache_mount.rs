use distill_dockerfile::mount::{MountType, parse_mount};
use distill_dockerfile::{Args, Instruction, Keyword};
use distill_report::{Finding, Fix, Severity};
use distill_source::{Applicability, Edit, Span};

use super::{RunCommand, build_label, install_label, run_commands, stage_runs};
use crate::dockerfile::DockerfileContext;
use crate::dockerfile::shell::{self, BuildTool, Installer, ShellCommand};
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "BS104",
    name: "missing-cache-mount",
    severity: Severity::Info,
    summary: "A package-manager or dependency-download step without `RUN --mount=type=cache`.",
    doc: r#"
## What it finds

A `RUN` in a build stage (any stage outside the runtime chain; installs in
the runtime are BS102's) that installs packages or downloads dependencies
and has no `--mount=type=cache`: `apt-get install`, `apk add`, `yum`/`dnf`/
`zypper install`, `pip install` (and `uv`, `poetry`), `npm`, `yarn`,
`pnpm`, `gem`/`bundle install`, `composer install`, `pip wheel`, `go mod
download`, `go build`, `cargo build`/`fetch`, `mvn`, `gradle` and `dotnet
restore`/`build`/`publish`. Each
`RUN` is reported once, at its first such command. Commands told to stay
offline (`--offline`, `pip --no-index`, `mvn -o`, `go -mod=vendor`)
download nothing and are not reported. Any cache mount on the `RUN`
counts, whatever its target, since tools can be pointed at other cache
directories.

`apk add --no-cache` and `pip install --no-cache-dir` are reported too: in
a build stage nothing is gained by keeping the cache out of the layer,
while a cache mount keeps it out of the layer and across builds.

## Why it matters

Without a cache mount, every change to an earlier layer (a new line in
`requirements.txt`, a bumped base image) downloads every package and
module again. BuildKit cache mounts keep the package manager's cache
between builds without putting it in any layer.

## Example

```dockerfile
FROM golang:1.23 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
```

## Fix

Mount the tool's cache directory on the `RUN`:

```dockerfile
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go mod download
```

The fix adds one mount per cache directory of each tool in the `RUN`:
apt `/var/cache/apt` and `/var/lib/apt`, apk `/var/cache/apk`, yum
`/var/cache/yum`, dnf `/var/cache/dnf`, zypper `/var/cache/zypp` (system
package managers with `sharing=locked`, since they need exclusive access),
pip `/root/.cache/pip`, uv `/root/.cache/uv`, poetry
`/root/.cache/pypoetry`, npm `/root/.npm`, yarn
`/usr/local/share/.cache/yarn`, pnpm `/root/.local/share/pnpm/store`, gem
and bundler `/usr/local/bundle/cache`, Go `/go/pkg/mod` and
`/root/.cache/go-build`, cargo `/usr/local/cargo/registry`, Maven
`/root/.m2/repository` (not all of `/root/.m2`, which would hide a
`settings.xml` copied there), NuGet `/root/.nuget/packages`, Gradle `/root/.gradle/caches` and
`/root/.gradle/wrapper`. Where the stage sets the tool's own variable
(`PIP_CACHE_DIR`, `GOMODCACHE`, `GOPATH`, `GOCACHE`, `CARGO_HOME`,
`GRADLE_USER_HOME`, `GEM_HOME`, `npm_config_cache`, `YARN_CACHE_FOLDER`, `NUGET_PACKAGES`,
`UV_CACHE_DIR`), its value is used. It also removes `--no-cache` from
`apk add` and `--no-cache-dir` from `pip install` in that `RUN`, which
would otherwise bypass the mount.

The fix is unsafe and is not offered when the same `RUN` empties the cache
again (`rm -rf /var/lib/apt/lists/*`, `apt-get clean`, `npm cache clean`),
which would leave the mount with nothing to keep (the help line says what
to remove), when the `RUN` runs as a non-root
user (cache mounts belong to root unless `uid=` says otherwise), for
microdnf and composer (no well-known cache directory), for exec-form
`RUN`s that would need an option removed, and when `PIP_NO_CACHE_DIR` or
`UV_NO_CACHE` is set. Debian and Ubuntu images delete downloaded packages
after each install (`/etc/apt/apt.conf.d/docker-clean`) and dnf keeps them
only with `keepcache=1`; without that change the mounts keep only the
package lists and metadata.
"#,
    targets: &[Target::Dockerfile],
    fix: FixKind::Sometimes,
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    for stage in ctx.build_stages() {
        for (index, instruction) in stage_runs(ctx, stage) {
            if has_cache_mount(instruction) {
                continue;
            }
            let steps: Vec<(RunCommand, Installer)> = run_commands(ctx, instruction)
                .into_iter()
                .filter_map(|c| download_tool(&c.command).map(|tool| (c, tool)))
                .collect();
            let Some((first, _)) = steps.first() else {
                continue;
            };

            let mut labels: Vec<String> = Vec::new();
            for (command, _) in &steps {
                let label = step_label(&command.command);
                if !labels.contains(&label) {
                    labels.push(label);
                }
            }
            let (names, verb) = match labels.as_slice() {
                [one] => (one.clone(), "runs"),
                [rest @ .., last] => (format!("{} and {last}", rest.join(", ")), "run"),
                [] => continue,
            };
            let mut finding = ctx
                .finding(
                    &RULE,
                    first.span(),
                    format!(
                        "{names} {verb} without a BuildKit cache mount, so every rebuild of this step starts from an empty cache and downloads (or compiles) everything again"
                    ),
                )
                .with_help("add `--mount=type=cache,target=<cache directory>` to the RUN");
            let cleanups = cache_cleanups(ctx, instruction);
            if cleanups.is_empty() {
                if let Some(fix) = fix(ctx, stage, index, instruction, &steps) {
                    finding = finding.with_fix(fix);
                }
            } else {
                // A mount that the same RUN empties again keeps nothing.
                let mut remove: Vec<String> = cleanups.iter().map(|c| format!("`{c}`")).collect();
                for (command, tool) in &steps {
                    for position in opt_out_words(*tool, &command.command) {
                        let word = format!("`{}`", command.command.words[position].text);
                        if !remove.contains(&word) {
                            remove.push(word);
                        }
                    }
                }
                finding = finding.with_help(format!(
                    "remove {}, which empty or bypass the cache that a mount would keep, and add `--mount=type=cache,target=<cache directory>` to the RUN",
                    join_and(&remove)
                ));
            }
            out.push(finding);
        }
    }
}

/// A package or dependency step, as the scorecard counts it.
pub(crate) struct Step {
    /// Index of the `RUN`.
    pub index: usize,
    /// What it runs (`` `apt-get install` ``).
    pub label: String,
    /// Whether it mounts a cache.
    pub cached: bool,
    /// Whether it runs in the runtime stage (where this rule leaves it to
    /// BS102 and offers no fix).
    pub in_runtime: bool,
}

/// Every package or dependency step of the file, in every stage.
pub(crate) fn package_steps(ctx: &DockerfileContext<'_>) -> Vec<Step> {
    let mut steps = Vec::new();
    for stage in 0..ctx.model.stages.len() {
        for (index, instruction) in stage_runs(ctx, stage) {
            let first = run_commands(ctx, instruction)
                .into_iter()
                .find(|c| download_tool(&c.command).is_some());
            if let Some(command) = first {
                steps.push(Step {
                    index,
                    label: step_label(&command.command),
                    cached: has_cache_mount(instruction),
                    in_runtime: ctx.is_runtime(stage),
                });
            }
        }
    }
    steps
}

fn has_cache_mount(instruction: &Instruction) -> bool {
    instruction.command.flags_named("mount").any(|flag| {
        flag.value
            .as_deref()
            .and_then(|v| parse_mount(v).ok())
            .is_some_and(|m| m.mount_type() == MountType::Cache)
    })
}

/// The tool whose cache a command fills: an install or dependency download,
/// `pip wheel`, or a Go, Cargo, Maven or Gradle build (which download what
/// they lack). Commands told to stay offline download nothing.
fn download_tool(command: &ShellCommand) -> Option<Installer> {
    let offline = command.args().any(|a| {
        matches!(a, "--offline" | "--no-index" | "-mod=vendor")
            || (a == "-o" && matches!(command.program(), Some("mvn" | "mvnw")))
    });
    if offline {
        return None;
    }
    if let Some(install) = shell::install(command) {
        return Some(install.installer);
    }
    // Every Gradle or Maven task resolves the dependencies it lacks, custom
    // tasks (`./gradlew downloadRepos`) included.
    match command.program() {
        Some("gradle" | "gradlew") if command.subcommand().is_some() => {
            return Some(Installer::Gradle);
        }
        Some("mvn" | "mvnw") if command.subcommand().is_some() => return Some(Installer::Maven),
        _ => {}
    }
    match shell::build_tool(command)? {
        BuildTool::Go => Some(Installer::Go),
        BuildTool::Cargo => Some(Installer::Cargo),
        BuildTool::Maven => Some(Installer::Maven),
        BuildTool::Gradle => Some(Installer::Gradle),
        BuildTool::PipWheel => Some(Installer::Pip),
        // `dotnet build` and `dotnet publish` restore what they lack.
        BuildTool::Dotnet => Some(Installer::Dotnet),
        _ => None,
    }
}

/// `apt-get install`, `go build`, `pip wheel`.
fn step_label(command: &ShellCommand) -> String {
    match (shell::install(command), shell::build_tool(command)) {
        (Some(install), _) => install_label(&install, command),
        (None, Some(tool)) => build_label(tool, command),
        (None, None) => format!("`{}`", command.program().unwrap_or_default()),
    }
}

/// The commands of the `RUN` that empty a package cache (`rm -rf
/// /var/lib/apt/lists/*`, `apt-get clean`, `npm cache clean`, `pip cache
/// purge`), as written, shortened.
fn cache_cleanups(ctx: &DockerfileContext<'_>, instruction: &Instruction) -> Vec<String> {
    const CACHES: [&str; 11] = [
        "/var/lib/apt",
        "/var/cache/apt",
        "/var/cache/apk",
        "/var/cache/yum",
        "/var/cache/dnf",
        "/var/cache/zypp",
        "/root/.cache",
        "/root/.npm",
        "/usr/local/share/.cache",
        "/root/.m2",
        "/root/.gradle",
    ];
    let mut out: Vec<String> = Vec::new();
    for run in run_commands(ctx, instruction) {
        let command = &run.command;
        let args: Vec<&str> = command.args().collect();
        let cleans = match command.program() {
            Some("rm") => args
                .iter()
                .any(|a| CACHES.iter().any(|cache| a.starts_with(cache))),
            Some("apt-get" | "apt" | "yum" | "dnf" | "zypper") => args.first() == Some(&"clean"),
            Some("npm" | "yarn") => args.first() == Some(&"cache") && args.get(1) == Some(&"clean"),
            Some("pip" | "pip3") => args.first() == Some(&"cache") && args.get(1) == Some(&"purge"),
            _ => false,
        };
        if cleans {
            let words: Vec<&str> = command.words.iter().map(|w| w.text.as_str()).collect();
            let label = words.join(" ");
            if !out.contains(&label) {
                out.push(label);
            }
        }
    }
    out
}

/// "`a`", "`a` and `b`", "`a`, `b` and `c`".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A cache directory to mount.
#[derive(Clone, Debug, PartialEq, Eq)]
struct CacheDir {
    target: String,
    locked: bool,
}

fn fix(
    ctx: &DockerfileContext<'_>,
    stage: usize,
    index: usize,
    instruction: &Instruction,
    steps: &[(RunCommand, Installer)],
) -> Option<Fix> {
    if !runs_as_root(ctx, stage, index) {
        return None;
    }
    let env = |command: &ShellCommand, name: &str| -> Option<String> {
        let value = command.assignment(name).map(str::to_string).or_else(|| {
            ctx.model
                .scope(index)
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        })?;
        (!value.is_empty() && !value.contains('$')).then_some(value)
    };

    let mut dirs: Vec<CacheDir> = Vec::new();
    let mut edits: Vec<Edit> = Vec::new();
    for (command, tool) in steps {
        if ["PIP_NO_CACHE_DIR", "UV_NO_CACHE"]
            .iter()
            .any(|name| env(&command.command, name).is_some())
        {
            return None;
        }
        for dir in cache_dirs(*tool, &command.command, |name| env(&command.command, name))? {
            if !dirs.contains(&dir) {
                dirs.push(dir);
            }
        }
        for position in opt_out_words(*tool, &command.command) {
            edits.push(remove_word(ctx, command, position)?);
        }
    }

    let mounts: String = dirs
        .iter()
        .map(|dir| {
            let sharing = if dir.locked { ",sharing=locked" } else { "" };
            format!(" --mount=type=cache,target={}{sharing}", dir.target)
        })
        .collect();
    edits.push(Edit::insert(instruction.command.keyword_span.end, mounts));
    Some(Fix {
        title: "mount the package caches with `--mount=type=cache`".to_string(),
        applicability: Applicability::Unsafe,
        edits,
    })
}

/// The cache directories of a tool, as the official images lay them out
/// for root, or where the stage's variables move them; `None` when there
/// is no well-known directory.
fn cache_dirs(
    tool: Installer,
    command: &ShellCommand,
    env: impl Fn(&str) -> Option<String>,
) -> Option<Vec<CacheDir>> {
    let shared = |target: String| CacheDir {
        target,
        locked: false,
    };
    let locked = |target: &str| CacheDir {
        target: target.to_string(),
        locked: true,
    };
    let or = |name: &str, default: &str| env(name).unwrap_or_else(|| default.to_string());
    Some(match tool {
        Installer::Apt => vec![locked("/var/cache/apt"), locked("/var/lib/apt")],
        Installer::Apk => vec![locked("/var/cache/apk")],
        Installer::Yum => vec![locked("/var/cache/yum")],
        Installer::Dnf => vec![locked("/var/cache/dnf")],
        Installer::Zypper => vec![locked("/var/cache/zypp")],
        Installer::Microdnf | Installer::Composer => return None,
        Installer::Pip => match command.program() {
            Some("uv") => vec![shared(or("UV_CACHE_DIR", "/root/.cache/uv"))],
            Some("poetry") => vec![shared(or("POETRY_CACHE_DIR", "/root/.cache/pypoetry"))],
            _ => vec![shared(or("PIP_CACHE_DIR", "/root/.cache/pip"))],
        },
        Installer::Npm => vec![shared(
            env("npm_config_cache")
                .or_else(|| env("NPM_CONFIG_CACHE"))
                .unwrap_or_else(|| "/root/.npm".to_string()),
        )],
        Installer::Yarn => vec![shared(or(
            "YARN_CACHE_FOLDER",
            "/usr/local/share/.cache/yarn",
        ))],
        Installer::Pnpm => vec![shared("/root/.local/share/pnpm/store".to_string())],
        Installer::Gem | Installer::Bundler => {
            vec![shared(format!(
                "{}/cache",
                or("GEM_HOME", "/usr/local/bundle")
            ))]
        }
        Installer::Go => {
            let gopath = or("GOPATH", "/go");
            vec![
                shared(env("GOMODCACHE").unwrap_or_else(|| format!("{gopath}/pkg/mod"))),
                shared(or("GOCACHE", "/root/.cache/go-build")),
            ]
        }
        Installer::Cargo => vec![shared(format!(
            "{}/registry",
            or("CARGO_HOME", "/usr/local/cargo")
        ))],
        Installer::Maven => vec![shared("/root/.m2/repository".to_string())],
        Installer::Dotnet => vec![shared(or("NUGET_PACKAGES", "/root/.nuget/packages"))],
        Installer::Gradle => {
            let home = or("GRADLE_USER_HOME", "/root/.gradle");
            vec![
                shared(format!("{home}/caches")),
                shared(format!("{home}/wrapper")),
            ]
        }
    })
}

/// Positions (in `command.words`) of options that tell the tool to bypass
/// its cache: `apk add --no-cache`, `pip install --no-cache-dir`, `uv` and
/// `poetry` `--no-cache`.
fn opt_out_words(tool: Installer, command: &ShellCommand) -> Vec<usize> {
    let option = match (tool, command.program()) {
        (Installer::Apk, _) => "--no-cache",
        (Installer::Pip, Some("uv" | "poetry")) => "--no-cache",
        (Installer::Pip, _) => "--no-cache-dir",
        _ => return Vec::new(),
    };
    command
        .words
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, w)| w.text == option)
        .map(|(i, _)| i)
        .collect()
}

/// An edit deleting word `position` of a command with the blanks after it
/// (or, for a last word, before it); `None` when a line break or an
/// exec-form array is in the way.
fn remove_word(ctx: &DockerfileContext<'_>, command: &RunCommand, position: usize) -> Option<Edit> {
    if command.exec_form {
        return None;
    }
    let source = &ctx.file.source;
    let spans = &command.word_spans;
    let word = *spans.get(position)?;
    let blank = |start: usize, end: usize| {
        start <= end && source[start..end].chars().all(|c| c == ' ' || c == '\t')
    };
    if let Some(next) = spans.get(position + 1) {
        if blank(word.end, next.start) {
            return Some(Edit::delete(Span::new(word.start, next.start)));
        }
    }
    let previous = spans.get(position.checked_sub(1)?)?;
    blank(previous.end, word.start).then(|| Edit::delete(Span::new(previous.end, word.end)))
}

/// Whether the `RUN` at `index` runs as root: the last `USER` before it in
/// the stage and the stages it is built on, else the base image's default
/// user (an image the catalog does not know is taken to run as root, as
/// most do).
fn runs_as_root(ctx: &DockerfileContext<'_>, stage: usize, index: usize) -> bool {
    let mut user = None;
    for &s in ctx.model.base_chain(stage).iter().rev() {
        for (i, instruction) in ctx.stage_instructions(s) {
            if i >= index {
                break;
            }
            if instruction.keyword() == Keyword::User {
                if let Args::Shell(word) = &instruction.command.args {
                    user = Some(ctx.model.expand_at(i, &word.text).value);
                }
            }
        }
    }
    match user {
        Some(user) => {
            let name = user.split(':').next().unwrap_or_default().trim();
            name == "root" || name == "0"
        }
        None => ctx.facts(stage).is_none_or(|f| f.default_user.is_root()),
    }
}
