//! One logical line to a [`Command`]: the keyword, the flags and the
//! arguments shaped per instruction, as BuildKit's `splitCommand`,
//! `extractBuilderFlags` and line parsers (`line_parsers.go`) shape them.
//!
//! Offsets here are byte offsets into the logical line; the
//! [`LogicalLine`] maps them back to the source.

use crate::Diagnostic;
use crate::json_array::{JsonArray, parse_json_array};
use crate::syntax::{Args, Command, Flag, KeyValue, Keyword, LogicalLine, Word};

/// BuildKit's `reWhitespace`: the blanks that separate words.
fn is_separator(c: char) -> bool {
    matches!(c, '\t' | '\x0b' | '\x0c' | '\r' | ' ')
}

struct Ctx<'a> {
    line: &'a LogicalLine,
    escape: char,
    diagnostics: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn text(&self, start: usize, end: usize) -> &str {
        &self.line.text[start..end]
    }

    fn word(&self, text: impl Into<String>, start: usize, end: usize) -> Word {
        Word {
            text: text.into(),
            span: self.line.span(start, end),
        }
    }

    fn error(&mut self, start: usize, end: usize, message: impl Into<String>) {
        let span = self.line.span(start, end);
        self.diagnostics.push(Diagnostic::error(span, message));
    }
}

/// Parse `line.text[start..end]` as one instruction.
pub(crate) fn parse_command(
    line: &LogicalLine,
    start: usize,
    end: usize,
    escape: char,
) -> (Command, Vec<Diagnostic>) {
    let mut ctx = Ctx {
        line,
        escape,
        diagnostics: Vec::new(),
    };
    let command = command_at(&mut ctx, start, end, 0);
    (command, ctx.diagnostics)
}

/// `ONBUILD ONBUILD ...` nests one command per keyword; BuildKit rejects
/// any chaining, so a bound far above one only protects the call stack.
const MAX_ONBUILD_DEPTH: usize = 16;

fn command_at(ctx: &mut Ctx<'_>, start: usize, end: usize, depth: usize) -> Command {
    let (start, end) = trim_range(ctx.text(0, ctx.line.text.len()), start, end);
    let text = ctx.text(start, end);
    let keyword_len = text.find(is_separator).unwrap_or(text.len());
    let keyword_end = start + keyword_len;
    let keyword_text = ctx.text(start, keyword_end).to_string();
    let keyword = Keyword::from_word(&keyword_text);

    let rest_start = keyword_end
        + ctx
            .text(keyword_end, end)
            .find(|c: char| !is_separator(c))
            .unwrap_or(end - keyword_end);
    let (flags, args_from) = if rest_start < end {
        extract_flags(ctx, rest_start, end)
    } else {
        (Vec::new(), end)
    };
    let (args_start, args_end) = trim_range(&ctx.line.text, args_from, end);
    let args = dispatch(ctx, keyword, args_start, args_end, depth);

    Command {
        keyword,
        keyword_span: ctx.line.span(start, keyword_end),
        keyword_text,
        flags,
        args,
        args_span: ctx.line.span(args_start, args_end),
    }
}

/// Narrow `start..end` to exclude leading and trailing Unicode whitespace,
/// as Go's `strings.TrimSpace` does.
fn trim_range(text: &str, start: usize, end: usize) -> (usize, usize) {
    let slice = &text[start..end];
    let left = slice.len() - slice.trim_start().len();
    let right = slice.trim_end().len();
    if left >= right {
        return (end, end);
    }
    (start + left, start + right)
}

/// BuildKit's `extractBuilderFlags`: leading words that start with `--`,
/// with quotes removed and escapes applied. Returns the flags and where
/// the remaining arguments start.
///
/// Limitation: BuildKit walks this text byte by byte and so mangles
/// non-ASCII characters in flags (each byte becomes a Latin-1 character,
/// and the bytes 0x85 and 0xA0 count as blanks); distill reads characters,
/// so such flags keep their text here. Non-ASCII flag values are rare and
/// are broken builds in BuildKit either way.
fn extract_flags(ctx: &mut Ctx<'_>, start: usize, end: usize) -> (Vec<Flag>, usize) {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let text = ctx.text(start, end).to_string();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut flags = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word = String::new();
    let mut word_start = 0;
    let mut blank_ok = false;
    let mut quote = '\0';
    let mut i = 0;

    let finish = |flags: &mut Vec<Flag>, decoded: &str, from: usize, to: usize| {
        flags.push(make_flag(ctx_line_text(&text, from, to), decoded, from, to));
    };

    loop {
        let at_end = i == chars.len();
        let (pos, mut ch) = chars.get(i).copied().unwrap_or((text.len(), '\0'));
        if phase == Phase::Spaces {
            if at_end {
                break;
            }
            if ch.is_whitespace() {
                i += 1;
                continue;
            }
            let next_is_dash = chars.get(i + 1).is_some_and(|c| c.1 == '-');
            if ch != '-' || !next_is_dash {
                return (offset_flags(ctx, flags, start), start + pos);
            }
            phase = Phase::Word;
            word_start = pos;
        }
        if at_end {
            if word != "--" && (blank_ok || !word.is_empty()) {
                finish(&mut flags, &word, word_start, text.len());
            }
            break;
        }
        if phase == Phase::Word {
            if ch.is_whitespace() {
                if word == "--" {
                    return (offset_flags(ctx, flags, start), start + pos);
                }
                if blank_ok || !word.is_empty() {
                    finish(&mut flags, &word, word_start, pos);
                }
                word.clear();
                blank_ok = false;
                phase = Phase::Spaces;
                i += 1;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
                i += 1;
                continue;
            }
            if ch == ctx.escape {
                if i + 1 == chars.len() {
                    i += 1;
                    continue;
                }
                i += 1;
                ch = chars[i].1;
            }
            word.push(ch);
            i += 1;
            continue;
        }
        // Inside quotes.
        if ch == quote {
            phase = Phase::Word;
            i += 1;
            continue;
        }
        if ch == ctx.escape {
            if i + 1 == chars.len() {
                phase = Phase::Word;
                i += 1;
                continue;
            }
            i += 1;
            ch = chars[i].1;
        }
        word.push(ch);
        i += 1;
    }
    (offset_flags(ctx, flags, start), end)
}

fn ctx_line_text(text: &str, from: usize, to: usize) -> String {
    text[from..to].to_string()
}

fn make_flag(raw: String, decoded: &str, from: usize, to: usize) -> Flag {
    let without_dashes = decoded.strip_prefix("--").unwrap_or(decoded);
    let (name, value) = match without_dashes.split_once('=') {
        Some((name, value)) => (name.to_string(), Some(value.to_string())),
        None => (without_dashes.to_string(), None),
    };
    Flag {
        raw,
        text: decoded.to_string(),
        name,
        value,
        // Offsets relative to the flag text; made absolute by offset_flags.
        span: distill_source::Span::new(from, to),
    }
}

/// Turn the flag offsets, relative to `base` in the logical line, into
/// source spans.
fn offset_flags(ctx: &Ctx<'_>, mut flags: Vec<Flag>, base: usize) -> Vec<Flag> {
    for flag in &mut flags {
        flag.span = ctx.line.span(base + flag.span.start, base + flag.span.end);
    }
    flags
}

fn dispatch(ctx: &mut Ctx<'_>, keyword: Keyword, start: usize, end: usize, depth: usize) -> Args {
    match keyword {
        Keyword::Add | Keyword::Copy | Keyword::Volume => maybe_json_to_list(ctx, start, end),
        Keyword::Arg => {
            let words = split_words(ctx, start, end);
            if words.is_empty() {
                Args::Empty
            } else {
                Args::Names(
                    words
                        .into_iter()
                        .map(|(text, from, to)| ctx.word(text, from, to))
                        .collect(),
                )
            }
        }
        Keyword::Cmd | Keyword::Entrypoint | Keyword::Run | Keyword::Shell => {
            maybe_json(ctx, start, end)
        }
        Keyword::Env | Keyword::Label => name_values(ctx, keyword, start, end),
        Keyword::Expose | Keyword::From => whitespace_list(ctx, start, end),
        Keyword::Healthcheck => healthcheck(ctx, start, end),
        Keyword::Maintainer | Keyword::Stopsignal | Keyword::User | Keyword::Workdir => {
            if start == end {
                Args::Empty
            } else {
                Args::Shell(ctx.word(ctx.text(start, end).to_string(), start, end))
            }
        }
        Keyword::Onbuild if start == end => Args::Empty,
        Keyword::Onbuild if depth >= MAX_ONBUILD_DEPTH => {
            ctx.error(start, end, "ONBUILD triggers nested too deeply");
            Args::Invalid
        }
        Keyword::Onbuild => Args::Onbuild(Box::new(command_at(ctx, start, end, depth + 1))),
        Keyword::Unknown => Args::Ignored,
    }
}

/// `parseJSON`: `Some(args)` when the text is a JSON array (of strings,
/// or an error for other items); `None` when it is not JSON at all.
fn json(ctx: &mut Ctx<'_>, start: usize, end: usize) -> Option<Args> {
    let text = ctx.text(start, end).to_string();
    match parse_json_array(&text) {
        JsonArray::NotArray | JsonArray::Invalid { .. } => None,
        JsonArray::NonString { range } => {
            ctx.error(
                start + range.start,
                start + range.end,
                "when using JSON array syntax, arrays must be comprised of strings only",
            );
            Some(Args::Invalid)
        }
        JsonArray::Strings(items) => Some(Args::Exec(
            items
                .into_iter()
                .map(|s| ctx.word(s.value, start + s.range.start, start + s.range.end))
                .collect(),
        )),
    }
}

fn maybe_json(ctx: &mut Ctx<'_>, start: usize, end: usize) -> Args {
    if start == end {
        return Args::Empty;
    }
    json(ctx, start, end)
        .unwrap_or_else(|| Args::Shell(ctx.word(ctx.text(start, end).to_string(), start, end)))
}

fn maybe_json_to_list(ctx: &mut Ctx<'_>, start: usize, end: usize) -> Args {
    json(ctx, start, end).unwrap_or_else(|| whitespace_list(ctx, start, end))
}

/// `parseStringsWhitespaceDelimited`.
fn whitespace_list(ctx: &mut Ctx<'_>, start: usize, end: usize) -> Args {
    if start == end {
        return Args::Empty;
    }
    let mut words = Vec::new();
    let text = ctx.text(start, end).to_string();
    let mut word_start = 0;
    let mut in_gap = false;
    for (i, c) in text.char_indices() {
        if is_separator(c) {
            if !in_gap {
                words.push(ctx.word(&text[word_start..i], start + word_start, start + i));
                in_gap = true;
            }
        } else if in_gap {
            word_start = i;
            in_gap = false;
        }
    }
    words.push(ctx.word(&text[word_start..], start + word_start, end));
    Args::List(words)
}

/// `parseHealthConfig`: the type word, then a maybe-JSON command.
fn healthcheck(ctx: &mut Ctx<'_>, start: usize, end: usize) -> Args {
    let text = ctx.text(start, end).to_string();
    let sep = text.find(char::is_whitespace).unwrap_or(text.len());
    if sep == 0 {
        return Args::Empty;
    }
    let next = text[sep..]
        .find(|c: char| !c.is_whitespace())
        .map_or(text.len(), |i| sep + i);
    let kind = ctx.word(&text[..sep], start, start + sep);
    let command = maybe_json(ctx, start + next, end);
    if command == Args::Invalid {
        return Args::Invalid;
    }
    Args::Healthcheck {
        kind,
        command: Box::new(command),
    }
}

/// `parseNameVal` for `ENV` and `LABEL`: `key=value ...`, or the legacy
/// `key value` when the first word has no `=`.
fn name_values(ctx: &mut Ctx<'_>, keyword: Keyword, start: usize, end: usize) -> Args {
    let words = split_words(ctx, start, end);
    let Some(first) = words.first() else {
        return Args::Empty;
    };
    if !first.0.contains('=') {
        let text = ctx.text(start, end).to_string();
        let Some(gap) = text.find(is_separator) else {
            ctx.error(
                start,
                end,
                format!("{} must have two arguments", keyword.as_str()),
            );
            return Args::Invalid;
        };
        let value_at = text[gap..]
            .find(|c: char| !is_separator(c))
            .map_or(text.len(), |i| gap + i);
        return Args::KeyValues(vec![KeyValue {
            key: ctx.word(&text[..gap], start, start + gap),
            value: ctx.word(&text[value_at..], start + value_at, end),
            has_equals: false,
        }]);
    }

    let mut pairs = Vec::with_capacity(words.len());
    for (text, from, to) in words {
        let Some((key, value)) = text.split_once('=') else {
            ctx.error(
                from,
                to,
                format!(
                    "syntax error: can't find = in {text:?}; {} takes name=value pairs",
                    keyword.as_str()
                ),
            );
            return Args::Invalid;
        };
        let key_end = from + key.len();
        pairs.push(KeyValue {
            key: ctx.word(key, from, key_end),
            value: ctx.word(value, (key_end + 1).min(to), to),
            has_equals: true,
        });
    }
    Args::KeyValues(pairs)
}

/// BuildKit's `parseWords`: split on blanks outside quotes, keeping quotes
/// and escapes in the words. Single quotes cannot be escaped inside.
/// Returns each word with its range in the logical line.
fn split_words(ctx: &Ctx<'_>, start: usize, end: usize) -> Vec<(String, usize, usize)> {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let text = ctx.text(start, end);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word = String::new();
    let mut word_start = 0;
    let mut blank_ok = false;
    let mut quote = '\0';
    let mut i = 0;
    loop {
        let at_end = i == chars.len();
        let (pos, mut ch) = chars.get(i).copied().unwrap_or((text.len(), '\0'));
        if phase == Phase::Spaces {
            if at_end {
                break;
            }
            if ch.is_whitespace() {
                i += 1;
                continue;
            }
            phase = Phase::Word;
            word_start = pos;
        }
        if at_end {
            if blank_ok || !word.is_empty() {
                words.push((std::mem::take(&mut word), start + word_start, end));
            }
            break;
        }
        if phase == Phase::Word {
            if ch.is_whitespace() {
                if blank_ok || !word.is_empty() {
                    words.push((std::mem::take(&mut word), start + word_start, start + pos));
                }
                word.clear();
                blank_ok = false;
                phase = Phase::Spaces;
                i += 1;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
            }
            if ch == ctx.escape {
                if i + 1 == chars.len() {
                    i += 1;
                    continue;
                }
                // An unquoted escape keeps itself and the next character.
                word.push(ch);
                i += 1;
                ch = chars[i].1;
            }
            word.push(ch);
            i += 1;
            continue;
        }
        // Inside quotes.
        if ch == quote {
            phase = Phase::Word;
        }
        if ch == ctx.escape && quote != '\'' {
            if i + 1 == chars.len() {
                phase = Phase::Word;
                i += 1;
                continue;
            }
            word.push(ch);
            i += 1;
            ch = chars[i].1;
        }
        word.push(ch);
        i += 1;
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> LogicalLine {
        let mut line = LogicalLine::default();
        line.push(text, 0);
        line
    }

    fn command(text: &str) -> (Command, Vec<Diagnostic>) {
        let l = line(text);
        parse_command(&l, 0, text.len(), '\\')
    }

    #[test]
    fn flags_are_split_and_decoded() {
        let (cmd, _) = command("COPY --from=build --chown=\"1:1\" --link a b");
        let names: Vec<_> = cmd.flags.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["from", "chown", "link"]);
        assert_eq!(cmd.flags[1].text, "--chown=1:1");
        assert_eq!(cmd.flags[1].raw, "--chown=\"1:1\"");
        assert_eq!(cmd.flags[2].value, None);
        assert_eq!(cmd.args.buildkit_values(), ["a", "b"]);
        // A word that does not start with `--` ends the flags.
        let (cmd, _) = command("COPY \"--chown=1:1\" a b");
        assert!(cmd.flags.is_empty());
    }

    #[test]
    fn double_dash_ends_flags() {
        let (cmd, _) = command("RUN --network=none -- --not-a-flag");
        assert_eq!(cmd.flags.len(), 1);
        assert_eq!(cmd.args.buildkit_values(), ["--not-a-flag"]);
    }

    #[test]
    fn exec_and_shell_forms() {
        let (cmd, _) = command("CMD [\"a\", \"b\"]");
        assert!(cmd.args.is_exec_form());
        let (cmd, _) = command("CMD ['a']");
        assert_eq!(cmd.args.buildkit_values(), ["['a']"]);
        let (cmd, diags) = command("CMD [\"a\", 1]");
        assert_eq!(cmd.args, Args::Invalid);
        assert_eq!(diags.len(), 1);
    }

    #[test]
    fn env_forms() {
        let (cmd, _) = command("ENV a=1 b=\"x y\"");
        assert_eq!(
            cmd.args.buildkit_values(),
            ["a", "1", "=", "b", "\"x y\"", "="]
        );
        let (cmd, _) = command("ENV a  1 2");
        assert_eq!(cmd.args.buildkit_values(), ["a", "1 2", ""]);
        let (_, diags) = command("ENV a");
        assert_eq!(diags.len(), 1);
        let (_, diags) = command("ENV a=1 b");
        assert_eq!(diags.len(), 1);
    }

    #[test]
    fn words_keep_quotes_and_escapes() {
        let (cmd, _) = command("ARG a=\"x y\" b='c\\'d c=e\\ f");
        assert_eq!(
            cmd.args.buildkit_values(),
            ["a=\"x y\"", "b='c\\'d", "c=e\\ f"]
        );
    }

    #[test]
    fn healthcheck_and_onbuild() {
        let (cmd, _) = command("HEALTHCHECK --interval=5s CMD [\"curl\", \"-f\"]");
        assert_eq!(cmd.args.buildkit_values(), ["CMD", "curl", "-f"]);
        assert!(cmd.args.is_exec_form());
        let (cmd, _) = command("ONBUILD COPY --from=x a b");
        let Args::Onbuild(trigger) = &cmd.args else {
            panic!("{:?}", cmd.args)
        };
        assert_eq!(trigger.keyword, Keyword::Copy);
        assert_eq!(trigger.flags[0].name, "from");
    }
}
