use distill_dockerfile::{Args, Word};
use distill_report::{Finding, Fix, Severity};
use distill_source::{Applicability, Edit, Span};

use super::{basename, json_string, start_commands};
use crate::dockerfile::DockerfileContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "SL103",
    name: "repeated-interpreter",
    severity: Severity::Error,
    summary: "An exec-form CMD repeats the interpreter that the base image's ENTRYPOINT already runs (distroless python3, nodejs, java).",
    doc: r#"
## What it finds

An exec-form `CMD` whose first item is the program the runtime base's own
`ENTRYPOINT` runs, when the Dockerfile sets no `ENTRYPOINT` of its own:

| base | its ENTRYPOINT | repeated by |
| --- | --- | --- |
| `gcr.io/distroless/python3-debian12` | `/usr/bin/python3.11` | `CMD ["python3", "app.py"]` |
| `gcr.io/distroless/nodejs22-debian13` | `/nodejs/bin/node` | `CMD ["node", "server.js"]` |
| `gcr.io/distroless/java21-debian13` | `/usr/bin/java -jar` | `CMD ["java", "-jar", "app.jar"]` |

Programs match by name whatever their directory and version: `python`,
`python3`, `python3.13` and `/usr/local/bin/python3` are all Python;
`node` and `nodejs` are Node.js. The same holds for any base whose
entrypoint the catalog records (Chainguard `python`, `node`, `jre`, `nginx`,
...).

## Why it matters

Docker appends `CMD` to `ENTRYPOINT`, so the container runs
`/usr/bin/python3.11 python3 app.py`: Python tries to open a script named
`python3` and exits (`can't open file '/python3'`); Node.js and Java fail
the same way. Images built from `python:3.x` or `node:22`, which have no
such entrypoint, did not need the distinction, so it appears when moving to
a distroless or Chainguard runtime.

## Example

```dockerfile
FROM gcr.io/distroless/python3-debian12:nonroot
COPY app.py /app/
CMD ["python3", "/app/app.py"]
```

## Fix

Drop the repeated items: `CMD ["/app/app.py"]` (for distroless java,
`CMD ["app.jar"]`); this fix is safe. When the first item is an
interpreter of its own, such as a virtualenv's `/venv/bin/python`, or the
arguments after it differ from the entrypoint's (`java -cp ...` under
`java -jar`), the fix turns the `CMD` into the `ENTRYPOINT` instead, which
replaces the base image's; it is unsafe, since `docker run` arguments then
no longer replace the command.
"#,
    targets: &[Target::Dockerfile],
    fix: FixKind::Sometimes,
};

/// Directories whose interpreters are the system's, as opposed to a
/// virtualenv's or an application's own.
const SYSTEM_BIN_DIRS: [&str; 5] = [
    "/bin",
    "/usr/bin",
    "/usr/local/bin",
    "/nodejs/bin",
    "/busybox",
];

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    let Some(facts) = ctx.runtime_facts() else {
        return;
    };
    let Some((interpreter, entry_args)) = facts.entrypoint.split_first() else {
        return;
    };
    let start = start_commands(ctx);
    if start.entrypoint.is_some() {
        return;
    }
    let Some((_, instruction)) = start.cmd else {
        return;
    };
    let Args::Exec(words) = &instruction.command.args else {
        return;
    };
    let Some(first) = words.first() else {
        return;
    };
    if program_family(&first.text).is_empty()
        || program_family(&first.text) != program_family(interpreter)
    {
        return;
    }

    // java -jar: the entrypoint's own arguments, repeated after it.
    let repeats_args = words.len() > entry_args.len()
        && words[1..=entry_args.len()]
            .iter()
            .zip(entry_args)
            .all(|(w, e)| w.text == *e);
    let repeated = if repeats_args {
        1 + entry_args.len()
    } else {
        1
    };
    let runs: Vec<&str> = facts
        .entrypoint
        .iter()
        .map(String::as_str)
        .chain(words.iter().map(|w| w.text.as_str()))
        .collect();
    let message = format!(
        "CMD starts with `{}`, which the base image's ENTRYPOINT `{}` already runs: the container runs `{}` and fails",
        first.text,
        facts.entrypoint.join(" "),
        runs.join(" ")
    );
    let finding = ctx.finding(&RULE, first.span, message);
    let system = is_system_interpreter(&first.text, interpreter);

    let finding = if repeats_args && system && words.len() > repeated {
        let dropped: Vec<&str> = words[..repeated].iter().map(|w| w.text.as_str()).collect();
        finding
            .with_help("drop the repeated items: the base image's ENTRYPOINT already runs them")
            .with_fix(Fix::new(
                format!("remove `{}` from CMD", dropped.join(" ")),
                Applicability::Safe,
                Edit::delete(Span::new(first.span.start, words[repeated].span.start)),
            ))
    } else if words.len() > 1 {
        finding
            .with_help("make the command the ENTRYPOINT, which replaces the base image's")
            .with_fix(entrypoint_fix(instruction, first, interpreter, system))
    } else {
        finding.with_help("remove the CMD, or name what the interpreter should run")
    };
    out.push(finding);
}

/// `CMD ["java", "-cp", "app.jar", "Main"]` becomes `ENTRYPOINT
/// ["/usr/bin/java", "-cp", "app.jar", "Main"]`; a virtualenv's
/// interpreter is kept as written.
fn entrypoint_fix(
    instruction: &distill_dockerfile::Instruction,
    first: &Word,
    interpreter: &str,
    system: bool,
) -> Fix {
    let mut fix = Fix::new(
        "run the command as the ENTRYPOINT",
        Applicability::Unsafe,
        Edit::replace(instruction.command.keyword_span, "ENTRYPOINT"),
    );
    if system && first.text != interpreter {
        fix.edits
            .push(Edit::replace(first.span, json_string(interpreter)));
    }
    fix
}

/// The program's name without directory or version, with `nodejs` read as
/// `node`: `/usr/bin/python3.11` gives `python`.
fn program_family(program: &str) -> &str {
    let name = basename(program).trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    match name {
        "nodejs" => "node",
        other => other,
    }
}

/// Whether `program` names the system's interpreter rather than one of
/// its own (a virtualenv's `/venv/bin/python`).
fn is_system_interpreter(program: &str, interpreter: &str) -> bool {
    if !program.contains('/') || program == interpreter {
        return true;
    }
    let dir = program.rsplit_once('/').map_or("", |(d, _)| d);
    SYSTEM_BIN_DIRS.contains(&dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_ignore_directory_and_version() {
        assert_eq!(program_family("/usr/bin/python3.11"), "python");
        assert_eq!(program_family("python3"), "python");
        assert_eq!(program_family("nodejs"), "node");
        assert_eq!(program_family("/nodejs/bin/node"), "node");
        assert_eq!(program_family("/usr/bin/java"), "java");
        assert!(is_system_interpreter(
            "/usr/local/bin/python",
            "/usr/bin/python3.11"
        ));
        assert!(!is_system_interpreter(
            "/venv/bin/python",
            "/usr/bin/python3.11"
        ));
    }
}
