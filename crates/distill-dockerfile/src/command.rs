//! One logical line to a [`Command`]: the keyword, the flags and the
//! arguments shaped per instruction, as BuildKit's `splitCommand`,
//! `extractBuilderFlags` and line parsers (`line_parsers.go`) shape them.
//!
//! Offsets here are byte offsets into the logical line; the
//! [`LogicalLine`] maps them back to the source.

use std::borrow::Cow;

use smol_str::SmolStr;

use crate::Diagnostic;
use crate::json_array::{JsonArray, read_json_array};
use crate::syntax::{Args, Command, Flag, KeyValue, Keyword, LogicalLine, Word};
use crate::trim::{trim_end, trim_start};

/// BuildKit's `reWhitespace`: the blanks that separate words.
fn is_separator(c: char) -> bool {
    matches!(c, '\t' | '\x0b' | '\x0c' | '\r' | ' ')
}

/// [`is_separator`] on a byte. The separators are ASCII, and no byte of a
/// multi-byte UTF-8 character is, so text can be split on bytes.
fn is_separator_byte(b: u8) -> bool {
    matches!(b, b'\t' | b'\x0b' | b'\x0c' | b'\r' | b' ')
}

struct Ctx<'a, 'd> {
    line: &'a LogicalLine,
    escape: char,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl<'a> Ctx<'a, '_> {
    /// A slice of the logical line; it borrows the line, not the context,
    /// so diagnostics can be added while it is held.
    fn text(&self, start: usize, end: usize) -> &'a str {
        let line: &'a LogicalLine = self.line;
        &line.text[start..end]
    }

    fn word(&self, text: impl AsRef<str>, start: usize, end: usize) -> Word {
        Word {
            text: SmolStr::new(text),
            span: self.line.span(start, end),
        }
    }

    fn error(&mut self, start: usize, end: usize, message: impl Into<String>) {
        let span = self.line.span(start, end);
        self.diagnostics.push(Diagnostic::error(span, message));
    }
}

/// Parse `line.text[start..end]` as one instruction, adding what is wrong
/// with it to `diagnostics`.
pub(crate) fn parse_command(
    line: &LogicalLine,
    start: usize,
    end: usize,
    escape: char,
    diagnostics: &mut Vec<Diagnostic>,
) -> Command {
    let mut ctx = Ctx {
        line,
        escape,
        diagnostics,
    };
    command_at(&mut ctx, start, end, 0)
}

/// `ONBUILD ONBUILD ...` nests one command per keyword; BuildKit rejects
/// any chaining, so a bound far above one only protects the call stack.
const MAX_ONBUILD_DEPTH: usize = 16;

fn command_at(ctx: &mut Ctx<'_, '_>, start: usize, end: usize, depth: usize) -> Command {
    let (start, end) = trim_range(ctx.text(0, ctx.line.text.len()), start, end);
    let text = ctx.text(start, end);
    let keyword_len = text
        .bytes()
        .position(is_separator_byte)
        .unwrap_or(text.len());
    let keyword_end = start + keyword_len;
    let written = ctx.text(start, keyword_end);
    let keyword = Keyword::from_word(written);
    // Keywords are nearly always written in upper case; the text is then
    // the keyword's own static name, and nothing needs copying.
    let keyword_text = if written == keyword.as_str() {
        SmolStr::new_static(keyword.as_str())
    } else {
        SmolStr::new(written)
    };

    let rest_start = keyword_end
        + ctx
            .text(keyword_end, end)
            .bytes()
            .position(|b| !is_separator_byte(b))
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
    let left = slice.len() - trim_start(slice).len();
    let right = trim_end(slice).len();
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
fn extract_flags(ctx: &mut Ctx<'_, '_>, start: usize, end: usize) -> (Vec<Flag>, usize) {
    let text = ctx.text(start, end);
    let mut flags = Vec::new();
    let mut pos = 0;
    loop {
        pos = text.len() - trim_start(&text[pos..]).len();
        if pos == text.len() {
            return (flags, end);
        }
        // Most instructions have no flags at all, and a word that does not
        // start with `--` ends them.
        if !text[pos..].starts_with("--") {
            return (flags, start + pos);
        }
        let word = read_flag_word(text, pos, ctx.escape);
        if word.decoded == "--" {
            return (flags, start + word.end);
        }
        let span = ctx.line.span(start + pos, start + word.end);
        flags.push(make_flag(&text[pos..word.end], &word.decoded, span));
        if word.end == text.len() {
            return (flags, end);
        }
        pos = word.end;
    }
}

/// One word of [`extract_flags`] and where it ends: at the blank after it
/// or at the end of the text.
struct FlagWord<'a> {
    /// Quotes removed and escapes applied; borrowed when there were none.
    decoded: Cow<'a, str>,
    end: usize,
}

/// Read the flag word that starts at `start`, as BuildKit's
/// `extractBuilderFlags` reads it: blanks end it except inside quotes, and
/// the escape character takes the next character literally (one at the
/// very end is dropped). The word starts with `--`, so it is never empty.
fn read_flag_word(text: &str, start: usize, escape: char) -> FlagWord<'_> {
    let mut decoded: Option<String> = None;
    let mut quote = None;
    let mut pos = start;
    loop {
        // Characters that stand for themselves are taken a run at a time.
        let run = text.as_bytes()[pos..]
            .iter()
            .position(|&b| !stands_for_itself(b, quote.is_some(), escape))
            .unwrap_or(text.len() - pos);
        if let Some(out) = decoded.as_mut() {
            out.push_str(&text[pos..pos + run]);
        }
        pos += run;
        let Some(ch) = char_at(text, pos) else {
            break;
        };
        let width = ch.len_utf8();
        if quote.is_none() && ch.is_whitespace() {
            break;
        }
        pos += width;
        let quoted = quote.is_some();
        if quote == Some(ch) {
            quote = None;
            continue;
        }
        if !quoted && (ch == '\'' || ch == '"') {
            decoded.get_or_insert_with(|| text[start..pos - width].to_string());
            quote = Some(ch);
            continue;
        }
        if ch == escape {
            let out = decoded.get_or_insert_with(|| text[start..pos - width].to_string());
            match char_at(text, pos) {
                Some(next) => {
                    out.push(next);
                    pos += next.len_utf8();
                }
                // Dropped, and inside quotes it also closes them.
                None => quote = None,
            }
            continue;
        }
        if let Some(out) = decoded.as_mut() {
            out.push(ch);
        }
    }
    FlagWord {
        decoded: decoded.map_or(Cow::Borrowed(&text[start..pos]), Cow::Owned),
        end: pos,
    }
}

/// Whether byte `b` of a flag word is a whole character that is copied as
/// it is: ASCII, neither a quote nor the escape character, and not a blank
/// outside quotes.
fn stands_for_itself(b: u8, quoted: bool, escape: char) -> bool {
    b.is_ascii()
        && !matches!(b, b'\'' | b'"')
        && char::from(b) != escape
        && (quoted || !matches!(b, b'\t'..=b'\r' | b' '))
}

fn make_flag(raw: &str, decoded: &str, span: distill_source::Span) -> Flag {
    let without_dashes = decoded.strip_prefix("--").unwrap_or(decoded);
    let (name, value) = match without_dashes.split_once('=') {
        Some((name, value)) => (SmolStr::new(name), Some(SmolStr::new(value))),
        None => (SmolStr::new(without_dashes), None),
    };
    let raw = SmolStr::new(raw);
    // Most flags have no quotes or escapes; their text is then shared.
    let text = if raw == decoded {
        raw.clone()
    } else {
        SmolStr::new(decoded)
    };
    Flag {
        raw,
        text,
        name,
        value,
        span,
    }
}

fn dispatch(
    ctx: &mut Ctx<'_, '_>,
    keyword: Keyword,
    start: usize,
    end: usize,
    depth: usize,
) -> Args {
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
                Args::Shell(ctx.word(ctx.text(start, end), start, end))
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
fn json(ctx: &mut Ctx<'_, '_>, start: usize, end: usize) -> Option<Args> {
    let text = ctx.text(start, end);
    if !text.starts_with('[') {
        return None;
    }
    match read_json_array(text) {
        Err(JsonArray::NonString { range }) => {
            let span = ctx.line.span(start + range.start, start + range.end);
            ctx.diagnostics.push(
                Diagnostic::error(
                    span,
                    "when using JSON array syntax, arrays must be comprised of strings only",
                )
                .of_kind(crate::DiagnosticKind::JsonNotStrings),
            );
            Some(Args::Invalid)
        }
        Err(_) => None,
        Ok(items) => Some(Args::Exec(
            items
                .into_iter()
                .map(|(value, range)| ctx.word(value, start + range.start, start + range.end))
                .collect(),
        )),
    }
}

fn maybe_json(ctx: &mut Ctx<'_, '_>, start: usize, end: usize) -> Args {
    if start == end {
        return Args::Empty;
    }
    json(ctx, start, end).unwrap_or_else(|| Args::Shell(ctx.word(ctx.text(start, end), start, end)))
}

fn maybe_json_to_list(ctx: &mut Ctx<'_, '_>, start: usize, end: usize) -> Args {
    json(ctx, start, end).unwrap_or_else(|| whitespace_list(ctx, start, end))
}

/// `parseStringsWhitespaceDelimited`.
fn whitespace_list(ctx: &mut Ctx<'_, '_>, start: usize, end: usize) -> Args {
    if start == end {
        return Args::Empty;
    }
    let text = ctx.text(start, end);
    let mut words = Vec::with_capacity(4);
    let mut word_start = 0;
    let mut in_gap = false;
    for (i, b) in text.bytes().enumerate() {
        if is_separator_byte(b) {
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
fn healthcheck(ctx: &mut Ctx<'_, '_>, start: usize, end: usize) -> Args {
    let text = ctx.text(start, end);
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
fn name_values(ctx: &mut Ctx<'_, '_>, keyword: Keyword, start: usize, end: usize) -> Args {
    let words = split_words(ctx, start, end);
    let Some(first) = words.first() else {
        return Args::Empty;
    };
    if !first.0.contains('=') {
        let text = ctx.text(start, end);
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
///
/// Since quotes and escapes are kept, a word is the text it was read from,
/// except that an escape character at the very end of the text is dropped;
/// so the words are slices of the line and nothing is copied.
fn split_words<'a>(ctx: &Ctx<'a, '_>, start: usize, end: usize) -> Vec<(&'a str, usize, usize)> {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let text = ctx.text(start, end);
    let mut words = Vec::with_capacity(2);
    let mut phase = Phase::Spaces;
    let mut word_start = 0;
    let mut blank_ok = false;
    let mut quote = '\0';
    // Where the last word's text ends: before a final escape character.
    let mut text_end = text.len();
    let mut next = 0;
    while let Some(ch) = char_at(text, next) {
        let pos = next;
        next += ch.len_utf8();
        let at_last = next == text.len();
        if phase == Phase::Spaces {
            if ch.is_whitespace() {
                continue;
            }
            phase = Phase::Word;
            word_start = pos;
        }
        if phase == Phase::Word {
            if ch.is_whitespace() {
                if blank_ok || pos > word_start {
                    words.push((&text[word_start..pos], start + word_start, start + pos));
                }
                blank_ok = false;
                phase = Phase::Spaces;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
            }
            if ch == ctx.escape {
                if at_last {
                    text_end = pos;
                    continue;
                }
                // An unquoted escape keeps itself and the next character.
                next += char_at(text, next).map_or(0, char::len_utf8);
            }
            continue;
        }
        // Inside quotes.
        if ch == quote {
            phase = Phase::Word;
        }
        if ch == ctx.escape && quote != '\'' {
            if at_last {
                text_end = pos;
                phase = Phase::Word;
                continue;
            }
            next += char_at(text, next).map_or(0, char::len_utf8);
        }
    }
    if phase != Phase::Spaces && (blank_ok || text_end > word_start) {
        words.push((&text[word_start..text_end], start + word_start, end));
    }
    words
}

/// The character at byte `pos` of `text`, decoded only when it is not
/// ASCII.
fn char_at(text: &str, pos: usize) -> Option<char> {
    match *text.as_bytes().get(pos)? {
        b if b.is_ascii() => Some(char::from(b)),
        _ => text[pos..].chars().next(),
    }
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
        let mut diagnostics = Vec::new();
        let command = parse_command(&l, 0, text.len(), '\\', &mut diagnostics);
        (command, diagnostics)
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
