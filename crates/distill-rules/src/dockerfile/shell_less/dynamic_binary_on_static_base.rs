use distill_catalog::{Language, Libc};
use distill_dockerfile::Keyword;
use distill_report::{Finding, Fix, Severity};
use distill_source::{Applicability, Edit};

use super::{basename, chain_instructions, file_copy, normalize_dir, runtime_stage_copies};
use crate::dockerfile::shell::{ShellCommand, install};
use crate::dockerfile::{DockerfileContext, Script};
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "SL105",
    name: "dynamic-binary-on-static-base",
    severity: Severity::Warning,
    summary: "A dynamically linked artifact (e.g. Go built without `CGO_ENABLED=0`) copied into scratch, distroless static or Chainguard static.",
    doc: r#"
## What it finds

A `COPY --from=<stage>` into a runtime without a C library (`scratch`,
`gcr.io/distroless/static-*`, `cgr.dev/chainguard/static`) of a program the
builder links dynamically:

- Go from `go build` or `go install` with cgo on: the builder has a C
  compiler (Docker Hub `golang:*` images and Chainguard `go` do;
  `golang:*-alpine` only after `apk add gcc` or `build-base`, since Go turns
  cgo off when it finds no compiler), and `CGO_ENABLED=0` is set neither
  before the command, nor by `export`, `ENV`, `ARG` or `go env -w` in the
  stage or the stages it is built `FROM`;
- Rust from `cargo build` or `cargo install` for a glibc target: no
  `--target *-musl`, no `CARGO_BUILD_TARGET` naming musl, no `rustup target
  add *-musl`, no `-C target-feature=+crt-static` in `RUSTFLAGS`, and not on
  an Alpine (musl) builder;
- C and C++ from `gcc`, `g++`, `cc`, `clang` (not `-c`) without `-static`.

The copied path must be the program's output: the `-o` path, the cargo
target directory, the install directory, or where a later `cp`, `mv` or
`install` put it. A runtime that also copies in a C library (`ld-linux*`,
`libc.so*`, `/lib`) is left alone.

## Why it matters

A dynamically linked program asks the kernel for its loader
(`/lib64/ld-linux-x86-64.so.2` or `/lib/ld-musl-*.so.1`) before its first
instruction. Without it the container fails at once with the misleading
`exec /app: no such file or directory`, though `/app` is there.

## Example

```dockerfile
FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app ./cmd/app

FROM scratch
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
```

## Fix

For Go, build with `CGO_ENABLED=0 go build ...`; the fix inserts that
before the `go build` it found, and is unsafe, since code that needs cgo
then fails to build. For Rust, build for `x86_64-unknown-linux-musl` or
with `+crt-static`; for C, link with `-static`. Otherwise ship on a base
with a C library: `gcr.io/distroless/base-debian13` or `cc-debian13`, or
`cgr.dev/chainguard/glibc-dynamic`.
"#,
    targets: &[Target::Dockerfile],
    fix: FixKind::Sometimes,
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    let Some(target) = ctx.target else {
        return;
    };
    if ctx.runtime_facts().is_none_or(|f| f.libc != Libc::None) || brings_libc(ctx) {
        return;
    }
    let base = &ctx.stage(ctx.root_stage(target)).base_expanded;
    for (copy, source) in runtime_stage_copies(ctx) {
        let artifacts = Builds::walk(ctx, source);
        let mut found = copy.sources.iter().flat_map(|s| {
            artifacts
                .iter()
                .filter(move |a| a.dynamic.is_some() && a.place.matches(s))
                .map(move |a| (s, a))
        });
        let Some((path, first)) = found.next() else {
            continue;
        };
        let reason = first.dynamic.as_deref().unwrap_or_default();
        let message = format!(
            "`{path}` from {} is built by {reason}, so it needs a C library that `{base}` does not have: it fails to start with `no such file or directory`",
            ctx.stage_label(source)
        );
        let mut finding = ctx
            .finding(&RULE, ctx.instruction_span(copy.instruction), message)
            .with_help(first.tool.help());

        let mut edits: Vec<Edit> = Vec::new();
        for (_, artifact) in std::iter::once((path, first)).chain(found) {
            if let Some(edit) = &artifact.fix {
                if !edits.contains(edit) {
                    edits.push(edit.clone());
                }
            }
        }
        if !edits.is_empty() {
            finding = finding.with_fix(Fix {
                title: "build with CGO_ENABLED=0".to_string(),
                applicability: Applicability::Unsafe,
                edits,
            });
        }
        out.push(finding);
    }
}

/// Whether the runtime copies in a C library or its loader.
fn brings_libc(ctx: &DockerfileContext<'_>) -> bool {
    ctx.runtime_instructions()
        .into_iter()
        .any(|(index, instruction)| {
            file_copy(ctx, index, instruction).is_some_and(|copy| {
                copy.sources
                    .iter()
                    .chain(std::iter::once(&copy.dest))
                    .any(|path| {
                        let name = basename(path);
                        name.starts_with("ld-linux")
                            || name.starts_with("ld-musl")
                            || name.starts_with("libc.")
                            || name.ends_with("-linux-gnu")
                            || matches!(normalize_dir(path), "/lib" | "/lib64" | "/usr/lib")
                    })
            })
        })
}

/// The toolchain that built an artifact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tool {
    Go,
    Rust,
    C,
}

impl Tool {
    fn help(self) -> &'static str {
        match self {
            Tool::Go => {
                "build with `CGO_ENABLED=0` for a static binary; if it needs cgo, ship on a base with a C library (`gcr.io/distroless/base-debian13`, `cgr.dev/chainguard/glibc-dynamic`)"
            }
            Tool::Rust => {
                "build for `x86_64-unknown-linux-musl` or with `RUSTFLAGS=\"-C target-feature=+crt-static\"`, or ship on `gcr.io/distroless/cc-debian13` or `cgr.dev/chainguard/glibc-dynamic`"
            }
            Tool::C => {
                "link with `-static`, or ship on `gcr.io/distroless/cc-debian13` or `cgr.dev/chainguard/glibc-dynamic`"
            }
        }
    }
}

/// Where a build puts its output, in the builder's filesystem.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Place {
    /// One file (`go build -o /out/app`).
    File(String),
    /// Anything under a directory (cargo's `target/`, `/go/bin`).
    Tree(String),
    /// A file directly in a directory, name unknown (`go build` without
    /// `-o` writes it to the working directory).
    ///
    /// Limitation: any file copied from that directory is taken for the
    /// program, so a configuration file next to it is reported too; the
    /// module's name from `go.mod` would lift this, and distill does not
    /// read the build context.
    FileIn(String),
    /// A path relative to a working directory distill does not know.
    Relative(String),
}

impl Place {
    /// Whether a `COPY --from` source path takes this output along.
    fn matches(&self, source: &str) -> bool {
        let (source, glob) = copy_source(source);
        match self {
            Place::File(path) => path == &source || inside(path, &source),
            Place::Tree(dir) => dir == &source || inside(dir, &source) || inside(&source, dir),
            Place::FileIn(dir) => {
                dir == &source || inside(dir, &source) || (!glob && parent(&source) == dir)
            }
            Place::Relative(rel) => {
                source.ends_with(&format!("/{rel}")) || source.contains(&format!("/{rel}/"))
            }
        }
    }
}

/// A `COPY --from` source as an absolute path (sources of another stage
/// are relative to its root), cut before its first wildcard; and whether
/// it had one.
fn copy_source(source: &str) -> (String, bool) {
    let absolute = join("/", source);
    match absolute.find(['*', '?', '[']) {
        Some(at) => {
            let dir = absolute[..at].rsplit_once('/').map_or("/", |(d, _)| d);
            (
                normalize_dir(if dir.is_empty() { "/" } else { dir }).to_string(),
                true,
            )
        }
        None => (absolute, false),
    }
}

/// The directory of an absolute path (`/` for `/app`).
fn parent(path: &str) -> &str {
    match path.rsplit_once('/') {
        Some(("", _)) | None => "/",
        Some((dir, _)) => dir,
    }
}

/// Whether `path` is strictly inside directory `dir`.
fn inside(path: &str, dir: &str) -> bool {
    if dir == "/" {
        return path != "/";
    }
    path.strip_prefix(dir)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// `path` resolved against `dir`, with `.` and `..` applied.
fn join(dir: &str, path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let start = if path.starts_with('/') { "" } else { dir };
    for part in start.split('/').chain(path.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

/// One program a builder produced.
#[derive(Clone, Debug)]
struct Artifact {
    tool: Tool,
    place: Place,
    /// Why it is linked dynamically (`go build` with cgo on, ...); `None`
    /// when it is static.
    dynamic: Option<String>,
    /// For Go: `CGO_ENABLED=0 ` inserted before `go build`.
    fix: Option<Edit>,
}

/// What the `RUN`s of a stage and its ancestors build, in order.
struct Builds<'c, 'a> {
    ctx: &'c DockerfileContext<'a>,
    stage: usize,
    /// The `WORKDIR` in effect, when one is known.
    workdir: Option<String>,
    /// `go env -w CGO_ENABLED=0` has run.
    go_env_static: bool,
    /// `rustup target add <...-musl>` has run.
    musl_target: bool,
    artifacts: Vec<Artifact>,
}

/// One command with what it sees: its index, script, working directory
/// and exported variables.
struct At<'s> {
    index: usize,
    script: &'s Script<'s>,
    command: &'s ShellCommand,
    workdir: Option<&'s str>,
    exported: &'s [(String, String)],
}

impl<'c, 'a> Builds<'c, 'a> {
    fn walk(ctx: &'c DockerfileContext<'a>, stage: usize) -> Vec<Artifact> {
        let mut builds = Builds {
            ctx,
            stage,
            workdir: None,
            go_env_static: false,
            musl_target: false,
            artifacts: Vec::new(),
        };
        for (index, instruction) in chain_instructions(ctx, stage) {
            match instruction.keyword() {
                Keyword::Workdir => {
                    let Some(word) = instruction.command.args.buildkit_values().pop() else {
                        continue;
                    };
                    let dir = ctx.model.expand_at(index, &word).value;
                    builds.workdir = match (&builds.workdir, dir.starts_with('/')) {
                        (_, true) => Some(join("/", &dir)),
                        (Some(current), false) => Some(join(current, &dir)),
                        (None, false) => None,
                    };
                }
                Keyword::Run => {
                    for script in ctx.scripts(instruction) {
                        builds.script(index, &script);
                    }
                }
                _ => {}
            }
        }
        builds.artifacts
    }

    fn script(&mut self, index: usize, script: &Script<'_>) {
        let mut workdir = self.workdir.clone();
        let mut exported: Vec<(String, String)> = Vec::new();
        for command in &script.commands {
            let at = At {
                index,
                script,
                command,
                workdir: workdir.as_deref(),
                exported: &exported,
            };
            let sub = command.subcommand().unwrap_or("");
            match command.program().unwrap_or("") {
                "go" if matches!(sub, "build" | "install") => self.go(&at),
                "go" if sub == "env" && command.has_arg("-w") => {
                    self.go_env_static |= command.has_arg("CGO_ENABLED=0");
                }
                "cargo" if matches!(sub, "build" | "install") => self.cargo(&at),
                "rustup" if sub == "target" => {
                    self.musl_target |= command.args().any(|a| a.contains("musl"));
                }
                "gcc" | "g++" | "cc" | "c++" | "clang" | "clang++" => self.c(&at),
                "cp" | "mv" | "install" => self.copy(&at),
                "cd" => {
                    let dir = command.args().next().unwrap_or("/");
                    workdir = resolve(workdir.as_deref(), dir);
                }
                "export" => {
                    for arg in command.args() {
                        if let Some((k, v)) = arg.split_once('=') {
                            exported.push((k.to_string(), v.to_string()));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// A variable as the command sees it: set before it, exported earlier
    /// in the script, or set by `ENV`/`ARG`.
    fn var(&self, at: &At<'_>, name: &str) -> Option<String> {
        at.command
            .assignment(name)
            .map(str::to_string)
            .or_else(|| {
                at.exported
                    .iter()
                    .rev()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
            })
            .or_else(|| {
                self.ctx
                    .model
                    .scope(at.index)
                    .iter()
                    .rev()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
            })
    }

    /// A path argument, variables expanded, as a place.
    fn place(&self, at: &At<'_>, path: &str, tree: bool) -> Place {
        let path = self.ctx.model.expand_at(at.index, path).value;
        match resolve(at.workdir, &path) {
            Some(p) if tree || path.ends_with('/') => Place::Tree(p),
            Some(p) => Place::File(p),
            None => Place::Relative(path.trim_start_matches("./").to_string()),
        }
    }

    fn go(&mut self, at: &At<'_>) {
        let command = at.command;
        let cgo = self.var(at, "CGO_ENABLED").filter(|v| !v.is_empty());
        let args: Vec<&str> = command.args().collect();
        let label = format!("`go {}`", command.subcommand().unwrap_or("build"));
        let tags = option_value(&args, "-tags").unwrap_or_default();
        let dynamic = match cgo.as_deref() {
            Some("0") => None,
            Some(value) => Some(format!("{label} with `CGO_ENABLED={value}`")),
            None if self.go_env_static
                || args.iter().any(|a| a.contains("-static"))
                || (tags.contains("netgo") && tags.contains("osusergo"))
                || !self.has_c_compiler(at.index) =>
            {
                None
            }
            None => Some(format!(
                "{label} with cgo on (the builder has a C compiler and `CGO_ENABLED` is not 0)"
            )),
        };
        let fix = if cgo.is_none() && dynamic.is_some() {
            go_fix(at)
        } else {
            None
        };
        let places: Vec<Place> = match (command.subcommand(), option_value(&args, "-o")) {
            (Some("build"), Some(output)) => vec![self.place(at, &output, false)],
            (Some("build"), None) => at
                .workdir
                .map(|w| Place::FileIn(w.to_string()))
                .into_iter()
                .collect(),
            _ => match self
                .var(at, "GOBIN")
                .or_else(|| self.var(at, "GOPATH").map(|p| format!("{p}/bin")))
            {
                Some(dir) => vec![Place::Tree(dir)],
                None => vec![
                    Place::Tree("/go/bin".into()),
                    Place::Tree("/root/go/bin".into()),
                ],
            },
        };
        self.add(Tool::Go, places, dynamic, fix);
    }

    fn cargo(&mut self, at: &At<'_>) {
        let command = at.command;
        let args: Vec<&str> = command.args().collect();
        let target = option_value(&args, "--target")
            .or_else(|| self.var(at, "CARGO_BUILD_TARGET"))
            .unwrap_or_default();
        let rustflags = self.var(at, "RUSTFLAGS").unwrap_or_default();
        let musl_builder = self
            .ctx
            .facts(self.stage)
            .is_some_and(|f| f.libc == Libc::Musl);
        let is_static = target.contains("musl")
            || rustflags.contains("crt-static")
            || self.musl_target
            || musl_builder;
        let sub = command.subcommand().unwrap_or("build");
        let dynamic = (!is_static).then(|| format!("`cargo {sub}` for a glibc target"));
        let places: Vec<Place> = if command.subcommand() == Some("install") {
            match option_value(&args, "--root").or_else(|| self.var(at, "CARGO_INSTALL_ROOT")) {
                Some(root) => vec![self.place(at, &format!("{root}/bin"), true)],
                None => vec![
                    Place::Tree("/usr/local/cargo/bin".into()),
                    Place::Tree("/root/.cargo/bin".into()),
                ],
            }
        } else {
            let dir = option_value(&args, "--target-dir")
                .or_else(|| self.var(at, "CARGO_TARGET_DIR"))
                .unwrap_or_else(|| "target".to_string());
            vec![self.place(at, &dir, true)]
        };
        self.add(Tool::Rust, places, dynamic, None);
    }

    fn c(&mut self, at: &At<'_>) {
        let command = at.command;
        let args: Vec<&str> = command.args().collect();
        if args
            .iter()
            .any(|a| matches!(*a, "-c" | "-S" | "-E" | "-M" | "-MM" | "-shared"))
        {
            return;
        }
        let ldflags = self.var(at, "LDFLAGS").unwrap_or_default();
        let is_static = args
            .iter()
            .copied()
            .chain(ldflags.split_whitespace())
            .any(|a| matches!(a, "-static" | "-static-pie"));
        let compiler = command.program().unwrap_or("cc");
        let dynamic = (!is_static).then(|| format!("`{compiler}` without `-static`"));
        let output = option_value(&args, "-o").unwrap_or_else(|| "a.out".to_string());
        let place = self.place(at, &output, false);
        self.add(Tool::C, vec![place], dynamic, None);
    }

    /// `cp`, `mv` and `install` carry an artifact to a new place.
    fn copy(&mut self, at: &At<'_>) {
        let command = at.command;
        let mut operands: Vec<&str> = Vec::new();
        let mut target_dir: Option<&str> = None;
        let mut args = command.args();
        while let Some(arg) = args.next() {
            match arg {
                "-t" => target_dir = args.next(),
                // install's options that take a value.
                "-m" | "-o" | "-g" if command.program() == Some("install") => {
                    args.next();
                }
                a if a.starts_with('-') => {}
                a => operands.push(a),
            }
        }
        let (dest, sources, dest_is_dir) = match target_dir {
            Some(dir) => (dir, &operands[..], true),
            None => match operands.split_last() {
                Some((dest, sources)) if !sources.is_empty() => {
                    (*dest, sources, dest.ends_with('/') || sources.len() > 1)
                }
                _ => return,
            },
        };
        let mut carried = Vec::new();
        for source in sources {
            let Some(path) = resolve(at.workdir, source) else {
                continue;
            };
            let Some(artifact) = self.artifacts.iter().find(|a| a.place.matches(&path)) else {
                continue;
            };
            let into = |p: String| Artifact {
                place: Place::File(p),
                ..artifact.clone()
            };
            let Some(dest) = resolve(at.workdir, dest) else {
                continue;
            };
            carried.push(into(join(&dest, basename(source))));
            if !dest_is_dir {
                carried.push(into(dest));
            }
        }
        self.artifacts.extend(carried);
    }

    fn add(&mut self, tool: Tool, places: Vec<Place>, dynamic: Option<String>, fix: Option<Edit>) {
        for place in places {
            self.artifacts.push(Artifact {
                tool,
                place,
                dynamic: dynamic.clone(),
                fix: fix.clone(),
            });
        }
    }

    /// Whether the builder has a C compiler for cgo before instruction
    /// `index`: the catalog's Go images on glibc and C images have one;
    /// otherwise it must be installed.
    fn has_c_compiler(&self, index: usize) -> bool {
        let facts = self.ctx.facts(self.stage);
        if facts.is_some_and(|f| {
            f.language == Some(Language::C)
                || (f.language == Some(Language::Go) && f.libc == Libc::Glibc)
        }) {
            return true;
        }
        chain_instructions(self.ctx, self.stage)
            .into_iter()
            .filter(|(i, _)| *i < index)
            .flat_map(|(_, instruction)| self.ctx.scripts(instruction))
            .flat_map(|script| script.commands)
            .filter_map(|command| install(&command))
            .flat_map(|i| i.packages)
            .any(|p| {
                p.starts_with("gcc")
                    || matches!(
                        p.as_str(),
                        "g++" | "clang" | "build-base" | "build-essential"
                    )
            })
    }
}

/// `path` resolved against a working directory; `None` when it is
/// relative and the directory is not known.
fn resolve(workdir: Option<&str>, path: &str) -> Option<String> {
    if path.starts_with('/') {
        return Some(join("/", path));
    }
    workdir.map(|w| join(w, path))
}

/// The value of `-o out`, `-o=out` or `-oout` style options.
fn option_value(args: &[&str], name: &str) -> Option<String> {
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if *arg == name {
            return iter.next().map(|v| v.to_string());
        }
        if let Some(value) = arg.strip_prefix(name).and_then(|r| r.strip_prefix('=')) {
            return Some(value.to_string());
        }
    }
    None
}

/// `CGO_ENABLED=0 ` before `go build`, when the command is written
/// literally with nothing but assignments or a command separator before
/// it (a wrapper such as `time` or `sudo` would read the assignment as a
/// program).
fn go_fix(at: &At<'_>) -> Option<Edit> {
    let (start, _) = at.command.range()?;
    let first = at.command.words.first()?;
    // A line break ends the previous command, as `;` does.
    let before = at.script.text.get(..start)?.trim_end_matches([' ', '\t']);
    let previous = before.rsplit([' ', '\t', '\n']).next().unwrap_or("");
    let separated = previous.is_empty()
        || ["&&", "||", ";", "|", "(", "{", "then", "do"]
            .iter()
            .any(|s| previous.ends_with(s))
        || previous
            .split_once('=')
            .is_some_and(|(name, _)| name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric()));
    let written = at
        .script
        .text
        .get(start..)?
        .starts_with(first.text.as_str());
    if !separated || !written {
        return None;
    }
    let offset = at.script.span(start, start).start;
    Some(Edit::insert(offset, "CGO_ENABLED=0 "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_match_copy_sources() {
        let file = Place::File("/out/app".into());
        assert!(file.matches("/out/app"));
        assert!(file.matches("/out/"));
        assert!(file.matches("/out/*"));
        assert!(file.matches("out/app"));
        assert!(!file.matches("/etc/ssl/certs/ca-certificates.crt"));
        let tree = Place::Tree("/src/target".into());
        assert!(tree.matches("/src/target/release/app"));
        assert!(!tree.matches("/src/config.toml"));
        let file_in = Place::FileIn("/src".into());
        assert!(file_in.matches("/src/app"));
        assert!(!file_in.matches("/src/web/static"));
        let relative = Place::Relative("target".into());
        assert!(relative.matches("/go/target/release/app"));
    }

    #[test]
    fn paths_and_options() {
        assert_eq!(join("/src", "../out/./app"), "/out/app");
        assert_eq!(join("/", "/a/b/"), "/a/b");
        assert_eq!(
            option_value(&["build", "-o", "/x", "."], "-o").as_deref(),
            Some("/x")
        );
        assert_eq!(
            option_value(&["--target=x86_64-unknown-linux-musl"], "--target").as_deref(),
            Some("x86_64-unknown-linux-musl")
        );
        assert_eq!(option_value(&["-tags", "netgo"], "-o"), None);
    }
}
