//! BS: build structure: where building, installing and downloading happen,
//! and whether the runtime stage stays out of it.

mod missing_cache_mount;
mod package_install_in_runtime;
mod pipe_to_shell;
mod remote_add_without_checksum;
mod runtime_inherits_build_stage;
mod single_stage_build;

pub(crate) use missing_cache_mount::package_steps;

use distill_dockerfile::{Args, Instruction, Keyword};
use distill_source::Span;

use super::shell::{BuildTool, Install, Installer, ShellCommand, ShellWord};
use super::{DockerfileCheck, DockerfileContext};

pub(super) const CHECKS: &[DockerfileCheck] = &[
    DockerfileCheck {
        rule: &single_stage_build::RULE,
        run: single_stage_build::check,
    },
    DockerfileCheck {
        rule: &package_install_in_runtime::RULE,
        run: package_install_in_runtime::check,
    },
    DockerfileCheck {
        rule: &runtime_inherits_build_stage::RULE,
        run: runtime_inherits_build_stage::check,
    },
    DockerfileCheck {
        rule: &missing_cache_mount::RULE,
        run: missing_cache_mount::check,
    },
    DockerfileCheck {
        rule: &remote_add_without_checksum::RULE,
        run: remote_add_without_checksum::check,
    },
    DockerfileCheck {
        rule: &pipe_to_shell::RULE,
        run: pipe_to_shell::check,
    },
];

/// One simple command a `RUN` runs, with where its words are written.
#[derive(Clone, Debug)]
pub(crate) struct RunCommand {
    /// The command as the shell reader split it.
    pub command: ShellCommand,
    /// The source span of each word of `command.words`, in order.
    pub word_spans: Vec<Span>,
    /// Whether the words are the strings of an exec-form array, whose
    /// spans include the JSON quotes.
    pub exec_form: bool,
}

impl RunCommand {
    /// The source span from the program to the last argument.
    pub fn span(&self) -> Span {
        match (self.word_spans.first(), self.word_spans.last()) {
            (Some(first), Some(last)) => first.cover(*last),
            _ => Span::empty(0),
        }
    }
}

/// The `RUN` instructions of a stage, with their indices. `ONBUILD RUN`
/// is left out: its trigger runs in the builds of images made `FROM` this
/// one, not in this build.
pub(crate) fn stage_runs<'a>(
    ctx: &'a DockerfileContext<'_>,
    stage: usize,
) -> impl Iterator<Item = (usize, &'a Instruction)> + 'a {
    ctx.stage_instructions(stage)
        .filter(|(_, instruction)| instruction.keyword() == Keyword::Run)
}

/// The scripts a `RUN` runs, each as its commands in order (a pipeline
/// shows in `piped_from_previous`).
///
/// Besides what [`DockerfileContext::scripts`] reads (the shell form, heredocs
/// and `["sh", "-c", "..."]`), an exec-form `RUN ["go", "build", "."]` counts
/// as one command: the context leaves it out because no shell runs it, but
/// it still builds or installs.
pub(crate) fn run_scripts(
    ctx: &DockerfileContext<'_>,
    instruction: &Instruction,
) -> Vec<Vec<RunCommand>> {
    let scripts = ctx.scripts(instruction);
    if scripts.is_empty() {
        if let Args::Exec(words) = &instruction.command.args {
            return vec![exec_command(words)];
        }
    }
    scripts
        .iter()
        .map(|script| {
            script
                .commands
                .iter()
                .map(|command| RunCommand {
                    word_spans: command
                        .words
                        .iter()
                        .map(|w| script.span(w.start, w.end))
                        .collect(),
                    command: command.clone(),
                    exec_form: false,
                })
                .collect()
        })
        .collect()
}

fn exec_command(words: &[distill_dockerfile::Word]) -> Vec<RunCommand> {
    if words.is_empty() {
        return Vec::new();
    }
    let command = ShellCommand {
        words: words
            .iter()
            .map(|w| ShellWord {
                text: w.text.to_string(),
                start: w.span.start,
                end: w.span.end,
            })
            .collect(),
        assignments: Vec::new(),
        piped_from_previous: false,
    };
    vec![RunCommand {
        word_spans: words.iter().map(|w| w.span).collect(),
        command,
        exec_form: true,
    }]
}

/// Every command of a `RUN`, scripts one after the other.
pub(crate) fn run_commands(
    ctx: &DockerfileContext<'_>,
    instruction: &Instruction,
) -> Vec<RunCommand> {
    run_scripts(ctx, instruction)
        .into_iter()
        .flatten()
        .collect()
}

/// A source of `COPY` or `ADD`, expanded, with where it is written.
#[derive(Clone, Debug)]
pub(crate) struct SourceWord {
    /// The source after variable expansion and quote removal.
    pub text: String,
    /// Where it is written.
    pub span: Span,
}

/// The sources of the `COPY` or `ADD` at `index`: every argument but the
/// destination, heredoc sources (`<<EOF`) left out.
pub(crate) fn copy_sources(ctx: &DockerfileContext<'_>, index: usize) -> Vec<SourceWord> {
    let words = match &ctx.instruction(index).command.args {
        Args::List(words) | Args::Exec(words) => words,
        _ => return Vec::new(),
    };
    let Some((_, sources)) = words.split_last() else {
        return Vec::new();
    };
    sources
        .iter()
        .filter(|w| !w.text.starts_with("<<"))
        .map(|w| SourceWord {
            text: ctx.model.expand_at(index, &w.text).value,
            span: w.span,
        })
        .collect()
}

/// How a build command reads in a message: `go build`, `./mvnw package`
/// as `mvnw package`, `gcc`.
pub(crate) fn build_label(tool: BuildTool, command: &ShellCommand) -> String {
    let program = command.program().unwrap_or_default();
    let find = |wanted: &[&str]| {
        command
            .args()
            .find(|a| wanted.contains(a))
            .map(|a| format!("{program} {a}"))
    };
    let label = match tool {
        BuildTool::Go | BuildTool::Cargo | BuildTool::Dotnet | BuildTool::PipWheel => Some(
            format!("{program} {}", command.subcommand().unwrap_or_default()),
        ),
        BuildTool::Maven => find(&["package", "install", "verify", "compile"]),
        BuildTool::Gradle => find(&[
            "build",
            "assemble",
            "jar",
            "bootJar",
            "shadowJar",
            "installDist",
        ]),
        BuildTool::Npm if command.has_arg("run") => Some(format!("{program} run build")),
        BuildTool::Npm => Some(format!("{program} build")),
        BuildTool::Make | BuildTool::CCompiler | BuildTool::Cmake | BuildTool::Typescript => {
            Some(program.to_string())
        }
    }
    .unwrap_or_else(|| program.to_string());
    format!("`{}`", label.trim_end())
}

/// How an install command reads in a message: `apt-get install`, `apk
/// add`, `pip install`, `npm ci`.
pub(crate) fn install_label(install: &Install, command: &ShellCommand) -> String {
    let program = command.program().unwrap_or_default();
    let label = match install.installer {
        Installer::Pip if program.starts_with("python") => "pip install".to_string(),
        Installer::Pip if program == "uv" && command.subcommand() == Some("pip") => {
            "uv pip install".to_string()
        }
        Installer::Go if command.subcommand() == Some("mod") => "go mod download".to_string(),
        _ => format!("{program} {}", command.subcommand().unwrap_or_default()),
    };
    format!("`{}`", label.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::shell::{build_tool, commands, install};

    #[test]
    fn labels_name_the_program_and_its_step() {
        let label = |s: &str| {
            let command = &commands(s)[0];
            match (build_tool(command), install(command)) {
                (Some(tool), _) => build_label(tool, command),
                (None, Some(i)) => install_label(&i, command),
                (None, None) => String::new(),
            }
        };
        assert_eq!(label("CGO_ENABLED=0 go build -o /app ."), "`go build`");
        assert_eq!(label("./mvnw -B -DskipTests package"), "`mvnw package`");
        assert_eq!(label("./gradlew --no-daemon bootJar"), "`gradlew bootJar`");
        assert_eq!(label("yarn build"), "`yarn build`");
        assert_eq!(label("npm run build"), "`npm run build`");
        assert_eq!(label("gcc -O2 -o app main.c"), "`gcc`");
        assert_eq!(label("apt-get -y install curl"), "`apt-get install`");
        assert_eq!(label("python3 -m pip install -r r.txt"), "`pip install`");
        assert_eq!(label("uv pip install flask"), "`uv pip install`");
        assert_eq!(label("npm ci --omit=dev"), "`npm ci`");
        assert_eq!(label("go mod download -x"), "`go mod download`");
    }
}
