use distill_report::{Finding, Severity};

use super::{RunCommand, run_scripts, stage_runs};
use crate::dockerfile::DockerfileContext;
use crate::dockerfile::shell::{self, ShellCommand};
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "BS106",
    name: "pipe-to-shell",
    severity: Severity::Warning,
    summary: "A download piped into a shell or interpreter (`curl ... | sh`).",
    doc: r#"
## What it finds

A `RUN`, in any stage, that pipes a download (`curl`, `wget`, `fetch`)
into a program that runs what it reads: `sh`, `bash`, `ash`, `dash`,
`zsh`, `ksh` reading their script from standard input (no script file,
or `-s`, or `-`), and `python`, `python3`, `perl`, `ruby`, `node` with no
script file or with `-`. `curl ... | python3 -c '...'` (a program that
reads the download as data) is not reported.

## Why it matters

The script is fetched and run in one step, with nothing that checks what
came back: a compromised or hijacked server, or a changed installer,
runs arbitrary code in the build, where it can tamper with the artifact
that ships. A download cut short halfway can also run a truncated script.

## Example

```dockerfile
FROM rust:1.82 AS build
RUN curl -fsSL https://get.example.dev/install.sh | sh -s -- -y
```

## Fix

Download to a file, verify it against a published checksum or
signature, then run it:

```dockerfile
ADD --checksum=sha256:<digest> https://get.example.dev/install.sh /tmp/install.sh
RUN sh /tmp/install.sh -y
```

Better still, install the tool from a package, or copy it from an image
pinned by digest.
"#,
    targets: &[Target::Dockerfile],
    fix: FixKind::None,
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    for stage in 0..ctx.model.stages.len() {
        for (_, instruction) in stage_runs(ctx, stage) {
            for script in run_scripts(ctx, instruction) {
                for (download, runner) in piped_downloads(&script) {
                    let program = runner.command.program().unwrap_or_default();
                    let fetcher = download.command.program().unwrap_or_default();
                    out.push(
                        ctx.finding(
                            &RULE,
                            download.span(),
                            format!(
                                "the output of `{fetcher}` is piped into `{program}`, which runs whatever the server returns with nothing that verifies it"
                            ),
                        )
                        .with_help(
                            "download to a file, check its checksum or signature, then run it (or `ADD --checksum=...` the script)",
                        ),
                    );
                }
            }
        }
    }
}

/// Each download whose output reaches, through one pipeline, a program
/// that runs its standard input; with that program.
fn piped_downloads(script: &[RunCommand]) -> Vec<(&RunCommand, &RunCommand)> {
    let mut found = Vec::new();
    let mut download: Option<&RunCommand> = None;
    for command in script {
        if !command.command.piped_from_previous {
            download = None;
        }
        if let Some(fetch) = download {
            if runs_stdin(&command.command) {
                found.push((fetch, command));
                download = None;
                continue;
            }
        }
        if shell::is_download(&command.command) {
            download = Some(command);
        }
    }
    found
}

/// Whether an interpreter executes what it reads on standard input:
/// `sh`, `bash -s -- -y`, `python3 -`; not `sh install.sh`, `bash -c '...'`
/// or `python3 -c '...'`.
fn runs_stdin(command: &ShellCommand) -> bool {
    if !shell::is_shell_interpreter(command) {
        return false;
    }
    let is_shell = matches!(
        command.program(),
        Some("sh" | "bash" | "zsh" | "dash" | "ash" | "ksh")
    );
    for arg in command.args() {
        if arg == "-" || arg == "--" {
            return true;
        }
        if let Some(short) = arg.strip_prefix('-').filter(|a| !a.starts_with('-')) {
            if is_shell && short.contains('s') {
                return true;
            }
            // `-c` runs the next argument; `-e`/`-E`/`-p` (perl, ruby,
            // node) evaluate code given on the command line.
            if short.contains('c') || (!is_shell && short.contains(['e', 'E', 'p'])) {
                return false;
            }
            continue;
        }
        if arg.starts_with("--") {
            if matches!(arg, "--eval" | "--print" | "--command") {
                return false;
            }
            continue;
        }
        // The first operand is a script file; standard input is data.
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::shell::commands;

    fn runs(script: &str) -> bool {
        runs_stdin(&commands(script)[0])
    }

    #[test]
    fn interpreters_reading_stdin() {
        assert!(runs("sh"));
        assert!(runs("bash -s -- --yes"));
        assert!(runs("sudo -E bash -"));
        assert!(runs("python3 -"));
        assert!(runs("sh -ex"));
        assert!(!runs("sh install.sh"));
        assert!(!runs("bash -c 'cat > /x'"));
        assert!(!runs(
            "python3 -c 'import json,sys; print(json.load(sys.stdin))'"
        ));
        assert!(!runs("node -e 'x'"));
        assert!(!runs("tar xz"));
    }
}
