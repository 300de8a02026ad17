use distill_dockerfile::{Args, Keyword, Word};
use distill_report::{Finding, Fix, Severity};
use distill_source::{Applicability, Edit, Span};

use super::{
    DEFAULT_SHELL, is_shell_program, json_array, missing_program, missing_shell, simple_words,
    start_commands,
};
use crate::dockerfile::DockerfileContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "SL101",
    name: "shell-form-without-shell",
    severity: Severity::Error,
    summary: "A shell-form CMD, ENTRYPOINT or HEALTHCHECK (or one that runs a shell) where the runtime has no shell: the container cannot start.",
    doc: r#"
## What it finds

The command the shipped image starts with, or checks its health with, when
the runtime's base has no shell (distroless, Chainguard images without
`-dev`, scratch):

- a shell-form `CMD`, `ENTRYPOINT` or `HEALTHCHECK CMD` (`CMD ./app
  --port 8080`), which Docker runs as `/bin/sh -c "./app --port 8080"`;
- an exec-form one that runs a shell anyway (`["/bin/sh", "-c", "..."]`,
  `["bash", "start.sh"]`) or a shell script (`["/entrypoint.sh"]`).

Only the `CMD` and `ENTRYPOINT` that take effect count: the last of each in
the runtime stage and the stages it is built `FROM`, and no `CMD` at all
when a shell-form `ENTRYPOINT` ignores it. A shell the Dockerfile copies in
itself, at the path the `SHELL` instruction names, counts as a shell.
Bases distill does not know are not judged.

## Why it matters

There is no `/bin/sh` to run the command: the container exits at once with
`exec: "/bin/sh": stat /bin/sh: no such file or directory`, or a health
check that can never pass marks it unhealthy. A shell-form `CMD` under an
exec-form `ENTRYPOINT` (the Dockerfile's or the base image's, such as
distroless python3's interpreter) reaches that program as the arguments
`/bin/sh -c ...`, which it cannot use either.

## Example

```dockerfile
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
CMD /app --port 8080
```

## Fix

Write the command in exec form, as a JSON array: `CMD ["/app", "--port",
"8080"]`. When the command is a plain program with arguments (no
variables, operators, redirections, globs or escapes), the fix does this,
and unwraps `["sh", "-c", "<plain command>"]` the same way; it is safe,
since the command could not run before. Commands that need the shell have
no fix: move that logic into the program, or into a builder stage.
"#,
    targets: &[Target::Dockerfile, Target::Image],
    fix: FixKind::Sometimes,
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    let Some(target) = ctx.target else {
        return;
    };
    let start = start_commands(ctx);
    let cannot_start = "the container cannot start";

    // The program a CMD is handed to as arguments, if any.
    let mut receiver = ctx
        .runtime_facts()
        .and_then(|f| f.entrypoint.first().cloned());
    let mut cmd_runs = true;
    if let Some((index, instruction)) = start.entrypoint {
        receiver = None;
        let spot = Spot::new(ctx, target, index, "ENTRYPOINT", cannot_start);
        match &instruction.command.args {
            Args::Shell(word) => {
                out.extend(spot.shell_form(word, None));
                // A shell-form ENTRYPOINT never runs CMD.
                cmd_runs = false;
            }
            Args::Exec(words) => {
                out.extend(spot.exec_form(words));
                receiver = words.first().map(|w| w.text.to_string());
            }
            _ => {}
        }
    }

    if let Some((index, instruction)) = start.cmd.filter(|_| cmd_runs) {
        let spot = Spot::new(ctx, target, index, "CMD", cannot_start);
        match &instruction.command.args {
            Args::Shell(word) => out.extend(spot.shell_form(word, receiver.as_deref())),
            Args::Exec(words) if receiver.is_none() => out.extend(spot.exec_form(words)),
            _ => {}
        }
    }

    check_healthcheck(ctx, target, out);
}

/// `HEALTHCHECK CMD curl -f http://localhost/ || exit 1`
fn check_healthcheck(ctx: &DockerfileContext<'_>, target: usize, out: &mut Vec<Finding>) {
    let Some((index, instruction)) = ctx.last_runtime(Keyword::Healthcheck) else {
        return;
    };
    let Args::Healthcheck { kind, command } = &instruction.command.args else {
        return;
    };
    if !kind.text.eq_ignore_ascii_case("CMD") {
        return;
    }
    let unhealthy = "the check always fails and the container is reported unhealthy";
    let spot = Spot::new(ctx, target, index, "HEALTHCHECK", unhealthy);
    match command.as_ref() {
        Args::Shell(word) => out.extend(spot.shell_form(word, None)),
        Args::Exec(words) => out.extend(spot.exec_form(words)),
        _ => {}
    }
}

/// One instruction to judge: where it is and what its failure means.
struct Spot<'c, 'a> {
    ctx: &'c DockerfileContext<'a>,
    stage: usize,
    index: usize,
    what: &'static str,
    consequence: &'static str,
}

impl<'c, 'a> Spot<'c, 'a> {
    fn new(
        ctx: &'c DockerfileContext<'a>,
        stage: usize,
        index: usize,
        what: &'static str,
        consequence: &'static str,
    ) -> Self {
        Spot {
            ctx,
            stage,
            index,
            what,
            consequence,
        }
    }

    /// `CMD ./app --port 8080`
    fn shell_form(&self, word: &Word, receiver: Option<&str>) -> Option<Finding> {
        let missing = missing_shell(self.ctx, self.stage, self.index)?;
        let message = match receiver {
            None => format!(
                "shell-form {} runs through `{} -c`, and `{}` has no shell: {}",
                self.what, missing.shell, missing.base, self.consequence
            ),
            Some(program) => format!(
                "shell-form {} reaches the ENTRYPOINT `{program}` as the arguments `{} -c ...`, and `{}` has no shell: the command never runs",
                self.what, missing.shell, missing.base
            ),
        };
        let finding = self.ctx.finding(&RULE, word.span, message);
        Some(self.with_exec_fix(finding, word.span, &word.text, |words| json_array(&words)))
    }

    /// `CMD ["/bin/sh", "-c", "./app"]`, `ENTRYPOINT ["/entrypoint.sh"]`
    fn exec_form(&self, words: &[Word]) -> Option<Finding> {
        let program = words.first()?;
        if is_shell_program(&program.text) {
            let missing = missing_program(self.ctx, self.stage, self.index, &program.text)?;
            let message = format!(
                "{} runs `{}`, and `{}` has no shell: {}",
                self.what, program.text, missing.base, self.consequence
            );
            let finding = self.ctx.finding(&RULE, program.span, message);
            // ["sh", "-c", "./app --port 8080"]: the items become the command's.
            if let [_, flag, script] = words {
                if flag.text == "-c" {
                    let span = program.span.cover(script.span);
                    return Some(self.with_exec_fix(finding, span, &script.text, |words| {
                        let array = json_array(&words);
                        array[1..array.len() - 1].to_string()
                    }));
                }
            }
            return Some(finding.with_help(self.no_fix_help()));
        }
        if program.text.ends_with(".sh") {
            let missing = missing_program(self.ctx, self.stage, self.index, DEFAULT_SHELL)?;
            let message = format!(
                "{} runs the shell script `{}`, and `{}` has no shell to interpret it: {}",
                self.what, program.text, missing.base, self.consequence
            );
            return Some(self.ctx.finding(&RULE, program.span, message).with_help(
                "run the program itself in exec form, and move what the script does into the program or a builder stage",
            ));
        }
        None
    }

    /// Add the exec-form rewrite of `script` at `span`, or say why there is
    /// none.
    fn with_exec_fix(
        &self,
        finding: Finding,
        span: Span,
        script: &str,
        render: impl Fn(Vec<String>) -> String,
    ) -> Finding {
        match simple_words(script) {
            Some(words) => finding
                .with_help("write it in exec form, which runs the program without a shell")
                .with_fix(Fix::new(
                    format!("write the {} in exec form", self.what),
                    Applicability::Safe,
                    Edit::replace(span, render(words)),
                )),
            None => finding.with_help(self.no_fix_help()),
        }
    }

    fn no_fix_help(&self) -> String {
        format!(
            "write the {} in exec form (`{} [\"/app\", \"--port\", \"8080\"]`); this command needs shell features (variables, operators, redirections, globs or a script), so move that logic into the program or a builder stage",
            self.what,
            if self.what == "HEALTHCHECK" {
                "HEALTHCHECK CMD"
            } else {
                self.what
            }
        )
    }
}
