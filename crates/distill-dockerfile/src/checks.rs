//! The checks BuildKit's instruction layer (`frontend/dockerfile/
//! instructions/parse.go` and `bflag.go`) makes after parsing: unknown
//! instructions, flags an instruction does not take, argument counts,
//! stage names, and instructions before the first `FROM`. BuildKit stops
//! at the first of these; here every one is reported.

use distill_source::Span;

use crate::mount::check_mount;
use crate::syntax::{Args, Command, Keyword};
use crate::{Diagnostic, Dockerfile};

#[derive(Clone, Copy, PartialEq, Eq)]
enum FlagKind {
    Bool,
    Value,
    Repeated,
}

fn allowed_flags(command: &Command) -> &'static [(&'static str, FlagKind)] {
    use FlagKind::*;
    match command.keyword {
        Keyword::Add => &[
            ("chown", Value),
            ("chmod", Value),
            ("link", Bool),
            ("keep-git-dir", Bool),
            ("checksum", Value),
            ("unpack", Bool),
            ("exclude", Repeated),
        ],
        Keyword::Copy => &[
            ("chown", Value),
            ("from", Value),
            ("chmod", Value),
            ("link", Bool),
            ("exclude", Repeated),
            ("parents", Bool),
        ],
        Keyword::From => &[("platform", Value)],
        Keyword::Run => &[
            ("mount", Repeated),
            ("network", Value),
            ("security", Value),
            ("device", Repeated),
        ],
        Keyword::Healthcheck => &[
            ("interval", Value),
            ("timeout", Value),
            ("start-period", Value),
            ("start-interval", Value),
            ("retries", Value),
        ],
        _ => &[],
    }
}

pub(crate) fn check(file: &Dockerfile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen_from = false;
    for instruction in &file.instructions {
        let command = &instruction.command;
        let span = instruction.command.keyword_span;
        if command.keyword == Keyword::From {
            seen_from = true;
        } else if !seen_from
            && command.keyword != Keyword::Arg
            && command.keyword != Keyword::Unknown
        {
            out.push(Diagnostic::error(
                command.keyword_span,
                format!(
                    "{} before the first FROM: only ARG may come before it (no build stage in current context)",
                    command.keyword_text
                ),
            ));
        }
        check_command(command, span, &mut out);
        if let Args::Onbuild(trigger) = &command.args {
            check_trigger(trigger, &mut out);
            check_command(trigger, span, &mut out);
        }
        check_heredoc_destination(instruction, &mut out);
    }
    out
}

fn check_command(command: &Command, span: Span, out: &mut Vec<Diagnostic>) {
    if command.keyword == Keyword::Unknown {
        out.push(Diagnostic::error(
            command.keyword_span,
            format!("unknown instruction: {}", command.keyword_text),
        ));
        return;
    }
    if matches!(command.args, Args::Invalid) {
        return;
    }
    check_flags(command, out);
    check_arguments(command, span, out);
}

fn check_flags(command: &Command, out: &mut Vec<Diagnostic>) {
    // HEALTHCHECK NONE never looks at its flags.
    if let Args::Healthcheck { kind, .. } = &command.args {
        if kind.text.eq_ignore_ascii_case("none") {
            return;
        }
    }
    let allowed = allowed_flags(command);
    for (index, flag) in command.flags.iter().enumerate() {
        let written = flag.text.split('=').next().unwrap_or(&flag.text);
        let Some(&(_, kind)) = allowed.iter().find(|(name, _)| *name == flag.name) else {
            let hint = if allowed.is_empty() {
                format!("{} takes no flags", command.keyword.as_str())
            } else {
                let names: Vec<String> = allowed.iter().map(|(n, _)| format!("--{n}")).collect();
                format!("{} takes {}", command.keyword.as_str(), names.join(", "))
            };
            out.push(Diagnostic::error(
                flag.span,
                format!("unknown flag: {written} ({hint})"),
            ));
            continue;
        };
        // An earlier flag of the same name was allowed too.
        let used = command.flags[..index]
            .iter()
            .any(|earlier| earlier.name == flag.name);
        if kind != FlagKind::Repeated && used {
            out.push(Diagnostic::error(
                flag.span,
                format!("duplicate flag specified: {written}"),
            ));
        }
        let problem = match (kind, flag.value.as_deref()) {
            (FlagKind::Bool, Some("")) => Some(format!("missing a value on flag: {written}")),
            (FlagKind::Bool, Some(v))
                if !v.eq_ignore_ascii_case("true") && !v.eq_ignore_ascii_case("false") =>
            {
                Some(format!(
                    "expecting boolean value for flag {written}, not: {v}"
                ))
            }
            (FlagKind::Value | FlagKind::Repeated, None) => {
                Some(format!("missing a value on flag: {written}"))
            }
            _ => None,
        };
        if let Some(message) = problem {
            out.push(Diagnostic::error(flag.span, message));
            continue;
        }
        check_flag_value(command, flag, out);
    }
}

fn check_flag_value(command: &Command, flag: &crate::Flag, out: &mut Vec<Diagnostic>) {
    let Some(value) = flag.value.as_deref() else {
        return;
    };
    let has_variable = value.contains('$');
    let problem = match (command.keyword, flag.name.as_str()) {
        (Keyword::Run, "mount") => check_mount(value).err(),
        (Keyword::Run, "network") if !has_variable => {
            (!matches!(value, "default" | "none" | "host"))
                .then(|| format!("unsupported network mode {value:?}: use default, none or host"))
        }
        (Keyword::Run, "security") if !has_variable => (!matches!(value, "sandbox" | "insecure"))
            .then(|| format!("unsupported security mode {value:?}: use sandbox or insecure")),
        (Keyword::Healthcheck, "interval" | "timeout" | "start-period" | "start-interval") => {
            check_duration(&flag.name, value).err()
        }
        (Keyword::Healthcheck, "retries") => match value.parse::<i32>() {
            Ok(n) if n < 0 => Some(format!("--retries cannot be negative ({n})")),
            Ok(_) => None,
            Err(_) => Some(format!("--retries must be a whole number, not {value:?}")),
        },
        _ => None,
    };
    if let Some(message) = problem {
        out.push(Diagnostic::error(flag.span, message));
    }
}

/// Go's `time.ParseDuration` grammar, and BuildKit's 1ms minimum.
fn check_duration(name: &str, value: &str) -> Result<(), String> {
    let nanos = parse_go_duration(value)
        .ok_or_else(|| format!("time: invalid duration {value:?} for --{name}"))?;
    if nanos != 0.0 && nanos < 1_000_000.0 {
        return Err(format!("Interval --{name} cannot be less than 1ms"));
    }
    Ok(())
}

fn parse_go_duration(value: &str) -> Option<f64> {
    let (negative, mut rest) = match value.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, value.strip_prefix('+').unwrap_or(value)),
    };
    if rest == "0" {
        return Some(0.0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total = 0.0;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number = &rest[..number_len];
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return None;
        }
        let amount: f64 = number.parse().ok()?;
        rest = &rest[number_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale = match &rest[..unit_len] {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return None,
        };
        rest = &rest[unit_len..];
        total += amount * scale;
    }
    Some(if negative { -total } else { total })
}

fn values(command: &Command) -> Vec<&str> {
    command.args.buildkit_value_strs()
}

fn check_arguments(command: &Command, span: Span, out: &mut Vec<Diagnostic>) {
    let name = command.keyword.as_str();
    let at = if command.args_span.is_empty() {
        span
    } else {
        command.args_span
    };
    let mut error = |message: String| out.push(Diagnostic::error(at, message));
    let count = command.args.value_count();
    match command.keyword {
        Keyword::From => check_from(command, at, &mut error),
        Keyword::Maintainer | Keyword::Workdir | Keyword::User | Keyword::Stopsignal
            if count != 1 =>
        {
            error(format!("{name} requires exactly one argument"))
        }
        Keyword::Env | Keyword::Label => match &command.args {
            Args::KeyValues(pairs) => {
                if pairs.iter().any(|kv| kv.key.text.is_empty()) {
                    error(format!("{name} names can not be blank"));
                }
            }
            _ => error(format!("{name} requires at least one argument")),
        },
        Keyword::Arg => match &command.args {
            Args::Names(words) => {
                if words.iter().any(|w| w.text.starts_with('=')) {
                    error("ARG names can not be blank".to_string());
                }
            }
            _ => error("ARG requires at least one argument".to_string()),
        },
        Keyword::Onbuild if matches!(command.args, Args::Empty) => {
            error("ONBUILD requires at least one argument".to_string())
        }
        Keyword::Expose | Keyword::Volume if count == 0 => {
            error(format!("{name} requires at least one argument"))
        }
        Keyword::Volume if values(command).iter().any(|v| v.trim().is_empty()) => {
            error("VOLUME specified can not be an empty string".to_string())
        }
        Keyword::Shell => {
            if !matches!(command.args, Args::Exec(_)) {
                error("SHELL requires the arguments to be in JSON form".to_string());
            } else if count == 0 {
                error("SHELL requires at least one argument".to_string());
            }
        }
        Keyword::Add | Keyword::Copy if count < 2 => error(format!(
            "{name} requires at least two arguments, but only one was provided: the destination could not be determined"
        )),
        Keyword::Healthcheck => check_healthcheck(command, &mut error),
        _ => {}
    }
}

fn check_from(command: &Command, _at: Span, error: &mut dyn FnMut(String)) {
    let values = values(command);
    match values.len() {
        1 => {}
        3 if values[1].eq_ignore_ascii_case("as") => {
            if !is_valid_stage_name_any_case(values[2]) {
                error(format!(
                    "invalid name for build stage: {:?}, name can't start with a number or contain symbols",
                    values[2]
                ));
            }
        }
        _ => error("FROM requires either one or three arguments (FROM image [AS name])".into()),
    }
}

/// [`is_valid_stage_name`] on `name` lower-cased; ASCII names, nearly all
/// of them, are checked without building the lower-cased copy.
fn is_valid_stage_name_any_case(name: &str) -> bool {
    if !name.is_ascii() {
        return is_valid_stage_name(&name.to_lowercase());
    }
    let mut bytes = name.bytes().map(|b| b.to_ascii_lowercase());
    bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b))
}

/// BuildKit's `^[a-z][a-z0-9-_.]*$` on the lower-cased name.
pub(crate) fn is_valid_stage_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c))
}

fn check_healthcheck(command: &Command, error: &mut dyn FnMut(String)) {
    let Args::Healthcheck { kind, command: cmd } = &command.args else {
        error("HEALTHCHECK requires at least one argument".into());
        return;
    };
    if kind.text.eq_ignore_ascii_case("none") {
        if !matches!(**cmd, Args::Empty) {
            error("HEALTHCHECK NONE takes no arguments".into());
        }
    } else if !kind.text.eq_ignore_ascii_case("cmd") {
        error(format!(
            "unknown type {:?} in HEALTHCHECK (try CMD)",
            kind.text.to_uppercase()
        ));
    } else if cmd.value_count() == 0 {
        error("Missing command after HEALTHCHECK CMD".into());
    }
}

fn check_trigger(trigger: &Command, out: &mut Vec<Diagnostic>) {
    let message = match trigger.keyword {
        Keyword::Onbuild => "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".to_string(),
        Keyword::From | Keyword::Maintainer => format!(
            "{} isn't allowed as an ONBUILD trigger",
            trigger.keyword.as_str()
        ),
        _ => return,
    };
    out.push(Diagnostic::error(trigger.keyword_span, message));
}

/// `COPY <<EOF` is fine; a heredoc as the destination is not.
fn check_heredoc_destination(instruction: &crate::Instruction, out: &mut Vec<Diagnostic>) {
    let command = instruction.effective_command();
    if !matches!(command.keyword, Keyword::Copy | Keyword::Add) {
        return;
    }
    let Args::List(words) = &command.args else {
        return;
    };
    if let Some(dest) = words.last() {
        if words.len() >= 2 && matches!(crate::parser::heredoc_word(&dest.text), Ok(Some(_))) {
            out.push(Diagnostic::error(
                dest.span,
                format!(
                    "{} cannot accept a heredoc as a destination",
                    command.keyword.as_str()
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        Dockerfile::parse(text)
            .errors()
            .map(|d| d.message.clone())
            .collect()
    }

    #[test]
    fn valid_files_have_no_errors() {
        let text = "ARG V=1\nFROM alpine:3 AS build\nRUN --mount=type=cache,target=/c --network=none true\n\
                    COPY --from=build --chmod=755 --link a b\nHEALTHCHECK --interval=30s --retries=3 CMD true\n";
        assert_eq!(errors(text), Vec::<String>::new());
    }

    #[test]
    fn instruction_layer_errors() {
        let cases = [
            ("FROM a\nFOO bar\n", "unknown instruction: FOO"),
            ("FROM a\nCOPY --form=x a b\n", "unknown flag: --form"),
            ("FROM a\nCOPY --link=maybe a b\n", "expecting boolean value"),
            (
                "FROM a\nCOPY --from a b\n",
                "missing a value on flag: --from",
            ),
            ("FROM a AS 1x\n", "invalid name for build stage"),
            ("FROM a b\n", "FROM requires either one or three arguments"),
            ("RUN x\nFROM a\n", "before the first FROM"),
            ("FROM a\nCOPY a\n", "requires at least two arguments"),
            (
                "FROM a\nSHELL sh -c\n",
                "SHELL requires the arguments to be in JSON form",
            ),
            (
                "FROM a\nHEALTHCHECK --interval=1us CMD true\n",
                "cannot be less than 1ms",
            ),
            (
                "FROM a\nHEALTHCHECK NONE x\n",
                "HEALTHCHECK NONE takes no arguments",
            ),
            (
                "FROM a\nONBUILD FROM b\n",
                "isn't allowed as an ONBUILD trigger",
            ),
            (
                "FROM a\nRUN --mount=type=nfs,target=/x true\n",
                "unsupported mount type",
            ),
            ("FROM a\nUSER\n", "USER requires exactly one argument"),
            (
                "FROM a\nCOPY a <<EOF\nx\nEOF\n",
                "cannot accept a heredoc as a destination",
            ),
        ];
        for (text, expected) in cases {
            let found = errors(text);
            assert!(
                found.iter().any(|m| m.contains(expected)),
                "{text:?}: expected {expected:?}, got {found:?}"
            );
        }
    }

    #[test]
    fn go_durations() {
        assert_eq!(parse_go_duration("1h30m"), Some(5400e9));
        assert_eq!(parse_go_duration("1.5s"), Some(1.5e9));
        assert_eq!(parse_go_duration("0"), Some(0.0));
        assert_eq!(parse_go_duration("10"), None);
        assert_eq!(parse_go_duration("5 s"), None);
    }
}
