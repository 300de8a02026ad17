//! SL: shell-less runtime compatibility: what breaks when the image a
//! stage runs in has no shell (distroless, Chainguard images without
//! `-dev`, scratch).
//!
//! An image has no shell only when the catalog says so: an unknown base is
//! never guessed at. A shell the Dockerfile brings in itself (a `COPY` of
//! busybox, or a `RUN --mount` of one, at the path the instruction's shell
//! runs from) counts as a shell.
//!
//! Limitation: the catalog records which shell an image has, not where.
//! The distroless `:debug` images keep busybox under `/busybox` and have
//! no `/bin/sh`, so a shell-form `RUN` there fails without `SHELL
//! ["/busybox/sh", "-c"]`; distill counts them as having a shell and says
//! nothing. A shell path in the catalog would lift this.

mod dynamic_binary_on_static_base;
mod repeated_interpreter;
mod run_without_shell;
mod shell_form_without_shell;
mod venv_interpreter_mismatch;

use distill_dockerfile::mount::{MountType, parse_mount};
use distill_dockerfile::{Args, Instruction, Keyword};

use super::{DockerfileCheck, DockerfileContext};

pub(super) const CHECKS: &[DockerfileCheck] = &[
    DockerfileCheck {
        rule: &shell_form_without_shell::RULE,
        run: shell_form_without_shell::check,
    },
    DockerfileCheck {
        rule: &run_without_shell::RULE,
        run: run_without_shell::check,
    },
    DockerfileCheck {
        rule: &repeated_interpreter::RULE,
        run: repeated_interpreter::check,
    },
    DockerfileCheck {
        rule: &venv_interpreter_mismatch::RULE,
        run: venv_interpreter_mismatch::check,
    },
    DockerfileCheck {
        rule: &dynamic_binary_on_static_base::RULE,
        run: dynamic_binary_on_static_base::check,
    },
];

/// The shell BuildKit wraps shell-form instructions in when no `SHELL`
/// instruction says otherwise (Dockerfile reference, "SHELL").
const DEFAULT_SHELL: &str = "/bin/sh";

/// Program names that are shells.
const SHELLS: [&str; 6] = ["sh", "bash", "ash", "dash", "zsh", "ksh"];

/// Directories a bare program name is looked up in: the usual `PATH`, and
/// `/busybox` of the distroless debug images.
const PATH_DIRS: [&str; 5] = ["/bin", "/usr/bin", "/usr/local/bin", "/sbin", "/busybox"];

/// The last path component.
pub(crate) fn basename(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    trimmed.rsplit('/').next().unwrap_or(trimmed)
}

/// Whether a program, by name or path, is a shell.
pub(crate) fn is_shell_program(program: &str) -> bool {
    SHELLS.contains(&basename(program))
}

/// The instructions of a stage and of the stages it is built `FROM`, in
/// the order they shape the stage's filesystem.
pub(crate) fn chain_instructions<'a>(
    ctx: &DockerfileContext<'a>,
    stage: usize,
) -> Vec<(usize, &'a Instruction)> {
    let mut out = Vec::new();
    for &s in ctx.model.base_chain(stage).iter().rev() {
        out.extend(ctx.stage_instructions(s));
    }
    out
}

/// A shell an instruction needs and its image does not have.
pub(crate) struct MissingShell {
    /// The shell's path, `/bin/sh` unless a `SHELL` instruction names
    /// another.
    pub shell: String,
    /// The image the stage is built on, as its `FROM` expands.
    pub base: String,
}

/// The shell that a shell-form instruction at `at` in `stage` runs with,
/// when the catalog says the stage's image has no shell and the Dockerfile
/// does not bring one in.
pub(crate) fn missing_shell(
    ctx: &DockerfileContext<'_>,
    stage: usize,
    at: usize,
) -> Option<MissingShell> {
    let shell = chain_instructions(ctx, stage)
        .into_iter()
        .filter(|(i, instruction)| *i < at && instruction.keyword() == Keyword::Shell)
        .filter_map(|(_, instruction)| instruction.command.args.exec_strings().into_iter().next())
        .next_back()
        .unwrap_or_else(|| DEFAULT_SHELL.to_string());
    missing_program(ctx, stage, at, &shell)
}

/// `program` as a [`MissingShell`], when the stage's image has no shell
/// and the Dockerfile does not put `program` there before `at`.
pub(crate) fn missing_program(
    ctx: &DockerfileContext<'_>,
    stage: usize,
    at: usize,
    program: &str,
) -> Option<MissingShell> {
    let facts = ctx.facts(stage)?;
    if facts.has_shell() || brought_in(ctx, stage, at, program) {
        return None;
    }
    Some(MissingShell {
        shell: program.to_string(),
        base: ctx.stage(ctx.root_stage(stage)).base_expanded.clone(),
    })
}

/// Whether a `COPY`/`ADD` of the stage's chain before `at`, or a bind mount
/// of the `RUN` at `at`, puts `program` where it is run from.
fn brought_in(ctx: &DockerfileContext<'_>, stage: usize, at: usize, program: &str) -> bool {
    let candidates: Vec<String> = if program.contains('/') {
        vec![program.to_string()]
    } else {
        PATH_DIRS.iter().map(|d| format!("{d}/{program}")).collect()
    };
    let places = |sources: &[String], dest: &str, from: &str| {
        candidates
            .iter()
            .any(|path| places_program(sources, dest, from, path))
    };
    for (index, instruction) in chain_instructions(ctx, stage) {
        if index < at {
            if let Some(copy) = file_copy(ctx, index, instruction) {
                let from = copy.from.as_deref().unwrap_or("");
                if places(&copy.sources, &copy.dest, from) {
                    return true;
                }
            }
        } else if index == at {
            // RUN --mount=type=bind,from=busybox:musl,source=/bin,target=/bin sh -c '...'
            for flag in instruction.command.flags_named("mount") {
                let Some(mount) = flag.value.as_deref().and_then(|v| parse_mount(v).ok()) else {
                    continue;
                };
                let (Some(target), MountType::Bind) = (&mount.target, mount.mount_type()) else {
                    continue;
                };
                let source = mount.source.clone().unwrap_or_else(|| "/".to_string());
                if places(&[source], target, mount.from.as_deref().unwrap_or("")) {
                    return true;
                }
            }
        }
    }
    false
}

/// Whether copying `sources` (from `from`) to `dest` puts a shell at
/// `path`: the destination is the path itself, or a directory above it
/// that receives a file of that name, a `bin` directory or busybox.
fn places_program(sources: &[String], dest: &str, from: &str, path: &str) -> bool {
    let dest = normalize_dir(dest);
    if dest == path {
        return true;
    }
    let inside = dest == "/" || path.starts_with(&format!("{dest}/"));
    inside
        && (from.contains("busybox")
            || sources.iter().any(|s| {
                basename(s) == basename(path)
                    || s.contains("busybox")
                    || s.trim_end_matches('/').ends_with("/bin")
                    || s.trim_end_matches('/').is_empty()
            }))
}

/// A path without its trailing slashes (`/` stays `/`).
pub(crate) fn normalize_dir(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() && path.starts_with('/') {
        "/"
    } else {
        trimmed
    }
}

/// A `COPY` or `ADD` with its words expanded.
pub(crate) struct FileCopy<'a> {
    /// The instruction.
    pub instruction: &'a Instruction,
    /// The `--from` value, expanded.
    pub from: Option<String>,
    /// The source paths, expanded.
    pub sources: Vec<String>,
    /// The destination, expanded.
    pub dest: String,
}

/// The parts of a `COPY` or `ADD`; `None` for any other instruction.
pub(crate) fn file_copy<'a>(
    ctx: &DockerfileContext<'_>,
    index: usize,
    instruction: &'a Instruction,
) -> Option<FileCopy<'a>> {
    if !matches!(instruction.keyword(), Keyword::Copy | Keyword::Add) {
        return None;
    }
    let words = match &instruction.command.args {
        Args::List(words) | Args::Exec(words) => words,
        _ => return None,
    };
    let expand = |text: &str| ctx.model.expand_at(index, text).value;
    let (dest, sources) = words.split_last()?;
    if sources.is_empty() {
        return None;
    }
    Some(FileCopy {
        instruction,
        from: instruction
            .command
            .flag("from")
            .and_then(|f| f.value.as_deref())
            .map(expand),
        sources: sources.iter().map(|w| expand(&w.text)).collect(),
        dest: expand(&dest.text),
    })
}

/// The `COPY --from=<stage>` instructions of the runtime chain, with the
/// stage each copies from.
pub(crate) fn runtime_stage_copies<'a>(ctx: &DockerfileContext<'a>) -> Vec<(FileCopy<'a>, usize)> {
    ctx.runtime_instructions()
        .into_iter()
        .filter(|(_, i)| i.keyword() == Keyword::Copy)
        .filter_map(|(index, instruction)| {
            let copy = file_copy(ctx, index, instruction)?;
            let from = copy.from.as_deref()?;
            match ctx.model.resolve_ref(from) {
                distill_dockerfile::StageRef::Stage(stage) => Some((copy, stage)),
                _ => None,
            }
        })
        .collect()
}

/// The `CMD` and `ENTRYPOINT` that take effect in the runtime image.
pub(crate) struct StartCommands<'a> {
    /// The last `ENTRYPOINT` of the runtime chain.
    pub entrypoint: Option<(usize, &'a Instruction)>,
    /// The last `CMD`, unless a later stage's `ENTRYPOINT` cleared it.
    pub cmd: Option<(usize, &'a Instruction)>,
}

/// The runtime's effective `CMD` and `ENTRYPOINT`. BuildKit clears the
/// inherited `CMD` when a stage sets `ENTRYPOINT` without setting `CMD`
/// itself (`dispatchEntrypoint` in `dockerfile2llb`).
pub(crate) fn start_commands<'a>(ctx: &DockerfileContext<'a>) -> StartCommands<'a> {
    let mut out = StartCommands {
        entrypoint: None,
        cmd: None,
    };
    for &stage in ctx.runtime_chain().iter().rev() {
        let mut cmd_set = false;
        for (index, instruction) in ctx.stage_instructions(stage) {
            match instruction.keyword() {
                Keyword::Cmd => {
                    out.cmd = Some((index, instruction));
                    cmd_set = true;
                }
                Keyword::Entrypoint => {
                    out.entrypoint = Some((index, instruction));
                    if !cmd_set {
                        out.cmd = None;
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// Shell builtins and keywords: a command starting with one needs the
/// shell even when it has no operators.
const SHELL_ONLY: [&str; 28] = [
    ".", ":", "alias", "case", "cd", "do", "done", "elif", "else", "esac", "eval", "exit",
    "export", "fi", "for", "function", "if", "local", "read", "readonly", "return", "set", "shift",
    "source", "then", "trap", "unset", "while",
];

/// The words of a shell command that uses no shell feature: no variables,
/// operators, redirections, globs, escapes or builtins, and quotes only
/// around plain text. `exec` in front is dropped, since exec form runs
/// the program directly anyway.
pub(crate) fn simple_words(script: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = script.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => words.extend(word.take()),
            '\'' | '"' => {
                let text = word.get_or_insert_with(String::new);
                loop {
                    match chars.next()? {
                        q if q == c => break,
                        '$' | '`' | '\\' => return None,
                        q => text.push(q),
                    }
                }
            }
            '$' | '`' | '\\' | '|' | '&' | ';' | '<' | '>' | '(' | ')' | '{' | '}' | '*' | '?'
            | '[' | ']' | '~' | '#' | '!' | '\n' | '\r' => return None,
            _ => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    if words.first().is_some_and(|w| w == "exec") {
        words.remove(0);
        if words.first().is_some_and(|w| w.starts_with('-')) {
            return None;
        }
    }
    let first = words.first()?;
    if is_assignment(first) || SHELL_ONLY.contains(&first.as_str()) {
        return None;
    }
    Some(words)
}

/// `NAME=value`, which the shell reads as a variable assignment.
fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty()
            && !name.starts_with(|c: char| c.is_ascii_digit())
            && name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
    })
}

/// Words as an exec-form JSON array: `["./app", "--port", "8080"]`.
pub(crate) fn json_array(words: &[String]) -> String {
    let items: Vec<String> = words.iter().map(|w| json_string(w)).collect();
    format!("[{}]", items.join(", "))
}

/// A string as a JSON string literal.
pub(crate) fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(script: &str) -> Option<Vec<String>> {
        simple_words(script)
    }

    #[test]
    fn simple_commands_become_words() {
        assert_eq!(
            words("./app --port 8080").unwrap(),
            ["./app", "--port", "8080"]
        );
        assert_eq!(
            words("exec /app --name \"my app\" 'x'").unwrap(),
            ["/app", "--name", "my app", "x"]
        );
        assert_eq!(words("--port=8080").unwrap(), ["--port=8080"]);
        assert_eq!(
            json_array(&words("node  server.js").unwrap()),
            r#"["node", "server.js"]"#
        );
        assert_eq!(
            json_array(&["a\"b".to_string(), "c\\d".to_string()]),
            r#"["a\"b", "c\\d"]"#
        );
    }

    #[test]
    fn shell_features_are_refused() {
        for script in [
            "./app --port $PORT",
            "./migrate && ./app",
            "./app > /log",
            "./app | tee x",
            "cd /app; ./run",
            "cp *.conf /etc",
            "echo `date`",
            "FOO=1 ./app",
            "PATH=/x app",
            "cd /app",
            "./app \"$HOME\"",
            "./app 'unterminated",
            "exec -a name ./app",
            "",
        ] {
            assert_eq!(words(script), None, "{script}");
        }
    }

    #[test]
    fn shells_and_placement() {
        assert!(is_shell_program("/bin/sh"));
        assert!(is_shell_program("bash"));
        assert!(!is_shell_program("/app/shell"));
        let busybox = ["/bin/busybox".to_string()];
        assert!(places_program(&busybox, "/bin/sh", "", "/bin/sh"));
        assert!(places_program(
            &["/bin/".to_string()],
            "/bin/",
            "busybox:musl",
            "/bin/sh"
        ));
        assert!(!places_program(
            &["app".to_string()],
            "/bin/",
            "",
            "/bin/sh"
        ));
        assert!(!places_program(&["app".to_string()], "/app", "", "/bin/sh"));
        assert_eq!(normalize_dir("/"), "/");
        assert_eq!(normalize_dir("/bin/"), "/bin");
    }
}
