use distill_dockerfile::json_array::{JsonArray, parse_json_array};
use distill_dockerfile::{Args, Command, DiagnosticKind, Instruction, Keyword, Word};
use distill_report::{Finding, Fix, Severity};
use distill_source::{Applicability, Edit};

use crate::dockerfile::DockerfileContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "DF103",
    name: "exec-form-not-json",
    severity: Severity::Error,
    summary: "CMD/ENTRYPOINT/RUN/SHELL looks like an exec-form array but is not valid JSON of strings: BuildKit either falls back to shell form (single quotes) or rejects the file (non-string items).",
    doc: r#"
## What it finds

The argument of `CMD`, `ENTRYPOINT`, `RUN`, `SHELL`, `HEALTHCHECK CMD` or
an `ONBUILD` trigger that is written like an exec-form array, between `[`
and `]`, but is not a JSON array of strings:

- single quotes: `CMD ['python', 'app.py']`;
- a trailing comma: `CMD ["python", "app.py",]`;
- unquoted items: `CMD [python, app.py]`;
- items that are not strings: `CMD ["sleep", 10]`, in any instruction.

Shell test commands such as `RUN [ -f /etc/os-release ]` are not arrays
and are not reported.

## Why it matters

BuildKit decides between exec and shell form by decoding the argument as
JSON. When that fails, it silently treats the whole text as a shell
command: `CMD ['python', 'app.py']` becomes `/bin/sh -c "['python',
'app.py']"`, which fails when the container starts (and cannot run at all
on an image without a shell). `SHELL` accepts only JSON, and an array with
a number or an object in it is rejected outright, so the build stops.

## Example

```dockerfile
FROM python:3.12-slim
COPY app.py /app/
CMD ['python', '/app/app.py']
```

## Fix

Write a JSON array of strings with double quotes:
`CMD ["python", "/app/app.py"]`. When the array only uses single quotes
and swapping them for double quotes gives the same strings, the fix does
that and is safe.
"#,
    targets: &[Target::Dockerfile],
    fix: FixKind::Sometimes,
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    for instruction in &ctx.file.instructions {
        let command = instruction.effective_command();
        let Some(word) = shell_form_word(command) else {
            continue;
        };
        let Some(problem) = array_problem(&word.text) else {
            continue;
        };
        let keyword = command.keyword.as_str();
        let message = if command.keyword == Keyword::Shell {
            format!(
                "SHELL takes a JSON array of strings and this one has {problem}, so BuildKit rejects the file"
            )
        } else {
            format!(
                "this {keyword} looks like an exec-form array but has {problem}, so BuildKit runs the whole text with `/bin/sh -c`, which fails"
            )
        };
        let mut finding = ctx.finding(&RULE, word.span, message).with_help(
            "write a JSON array of double-quoted strings, such as `[\"app\", \"--flag\"]`",
        );
        if let Some(fix) = double_quote_fix(instruction, word) {
            finding = finding.with_fix(fix);
        }
        out.push(finding);
    }

    // `["sleep", 10]` is valid JSON: the parser records it, and PE101
    // leaves it to this rule.
    for diagnostic in &ctx.file.diagnostics {
        if diagnostic.kind != DiagnosticKind::JsonNotStrings {
            continue;
        }
        out.push(
            ctx.finding(
                &RULE,
                diagnostic.span,
                "an exec-form array item is not a string, so BuildKit rejects the instruction",
            )
            .with_help("quote every item of the array, such as `[\"sleep\", \"10\"]`"),
        );
    }
}

/// The argument of a command that takes exec or shell form, when it was
/// read as shell form.
fn shell_form_word(command: &Command) -> Option<&Word> {
    match (&command.keyword, &command.args) {
        (Keyword::Cmd | Keyword::Entrypoint | Keyword::Run | Keyword::Shell, Args::Shell(word)) => {
            Some(word)
        }
        (Keyword::Healthcheck, Args::Healthcheck { command, .. }) => match command.as_ref() {
            Args::Shell(word) => Some(word),
            _ => None,
        },
        _ => None,
    }
}

/// What keeps `[...]` text from being a JSON array of strings, when it is
/// meant as one: every comma-separated item is quoted, empty (a trailing
/// comma) or a bare word, and a lone item is quoted. `[ -f /x ]` is a
/// shell test, not an array.
fn array_problem(text: &str) -> Option<&'static str> {
    let inner = text.trim().strip_prefix('[')?.strip_suffix(']')?;
    let items = split_items(inner)?;
    let mut single = false;
    let mut double = false;
    let mut bare = 0;
    let mut empty = false;
    for item in &items {
        match item.chars().next() {
            None => empty = true,
            Some('\'') => single = true,
            Some('"') => double = true,
            Some(_) => bare += 1,
        }
    }
    let quoted = single || double;
    if !quoted && (items.len() < 2 || bare == 0) {
        return None;
    }
    Some(if single {
        "single quotes instead of double quotes"
    } else if bare > 0 {
        "unquoted items"
    } else if empty {
        "a trailing or empty comma"
    } else {
        "invalid JSON"
    })
}

/// The trimmed items between commas, or `None` when an item is neither a
/// whole quoted string, nor empty, nor a word without blanks or quotes.
fn split_items(inner: &str) -> Option<Vec<&str>> {
    let mut items = Vec::new();
    let mut start = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in inner.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == ',' => {
                items.push(inner[start..i].trim());
                start = i + 1;
            }
            None => {}
        }
    }
    if quote.is_some() {
        return None;
    }
    items.push(inner[start..].trim());
    items.iter().all(|item| is_item(item)).then_some(items)
}

fn is_item(item: &str) -> bool {
    let Some(first) = item.chars().next() else {
        return true;
    };
    if first != '\'' && first != '"' {
        return !item.contains(|c: char| c.is_whitespace() || c == '\'' || c == '"');
    }
    // One quoted string, closed by the item's last character.
    let mut escaped = false;
    for (i, c) in item.char_indices().skip(1) {
        if escaped {
            escaped = false;
        } else if c == '\\' && first == '"' {
            escaped = true;
        } else if c == first {
            return i + 1 == item.len();
        }
    }
    false
}

/// `['a', 'b']` to `["a", "b"]`, when the strings stay the same: no double
/// quote or backslash inside, and the result is a JSON array of strings.
fn double_quote_fix(instruction: &Instruction, word: &Word) -> Option<Fix> {
    let text = word.text.as_str();
    if !text.contains('\'') || text.contains(['"', '\\']) {
        return None;
    }
    let converted = text.replace('\'', "\"");
    let JsonArray::Strings(strings) = parse_json_array(converted.trim_start()) else {
        return None;
    };
    let offset = converted.len() - converted.trim_start().len();
    let same = strings.iter().all(|s| {
        let range = (offset + s.range.start + 1)..(offset + s.range.end - 1);
        text.get(range) == Some(s.value.as_str())
    });
    if !same {
        return None;
    }

    // The argument runs to the end of the joined line; map each quote back
    // to the source, across continuation lines.
    let logical = &instruction.logical;
    let base = logical.text.trim_end().len().checked_sub(text.len())?;
    if logical.text.get(base..base + text.len()) != Some(text) {
        return None;
    }
    let edits = text
        .match_indices('\'')
        .map(|(i, _)| Edit::replace(logical.span(base + i, base + i + 1), "\""))
        .collect();
    Some(Fix {
        title: "write the array with double quotes".to_string(),
        applicability: Applicability::Safe,
        edits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_that_are_not_json() {
        assert_eq!(
            array_problem("['a', 'b']"),
            Some("single quotes instead of double quotes")
        );
        assert_eq!(
            array_problem("['a']"),
            Some("single quotes instead of double quotes")
        );
        assert_eq!(
            array_problem("[\"a\", \"b\",]"),
            Some("a trailing or empty comma")
        );
        assert_eq!(array_problem("[a, b]"), Some("unquoted items"));
        assert_eq!(array_problem("[\"a\" \"b\"]"), None);
    }

    #[test]
    fn shell_tests_are_not_arrays() {
        for text in [
            "[ -f /etc/os-release ]",
            "[ \"$A\" = \"b\" ]",
            "[[ -d /tmp ]]",
            "[ -n \"$A\" ] && echo [x]",
            "[a]",
        ] {
            assert_eq!(array_problem(text), None, "{text}");
        }
    }
}
