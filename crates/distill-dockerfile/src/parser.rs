//! Lines to instructions, the way BuildKit's `parser.Parse` reads them.
//!
//! The reading follows moby/buildkit `frontend/dockerfile/parser`: a line
//! is a run of bytes ending in `\n`; trailing `\r` and `\n` are dropped;
//! parser directives are recognised only before anything else; comment
//! lines and blank lines inside a continued instruction are skipped; a
//! heredoc body starts on the line after the logical line that opens it.
//! Where BuildKit stops at the first error, this parser records a
//! diagnostic and carries on with the next line.

use std::collections::HashSet;

use distill_source::Span;

use crate::Diagnostic;
use crate::command::parse_command;
use crate::expand::{EmptyEnv, Lexer};
use crate::syntax::{
    Command, Directive, Heredoc, Instruction, Item, ItemKind, LogicalLine, Token, TokenKind,
};
use crate::trim::trim_start;

const BOM: &str = "\u{feff}";

/// One physical line: `start..content_end` is its text without the line
/// break, `content_end..end` the `\r`s and the `\n`.
#[derive(Clone, Copy, Debug)]
struct Line {
    start: usize,
    content_end: usize,
    end: usize,
}

/// What the parser produced, before the checks of the instruction layer.
pub(crate) struct Parsed {
    pub items: Vec<Item>,
    pub instructions: Vec<Instruction>,
    pub directives: Vec<Directive>,
    pub escape: char,
    pub diagnostics: Vec<Diagnostic>,
}

pub(crate) fn parse(source: &str) -> Parsed {
    let lines = split_lines(source);
    // An instruction starts on a line of its own that is neither blank nor
    // a comment; sizing the vector for them all saves growing it, which
    // moves every instruction.
    let instructions = lines
        .iter()
        .filter(|line| may_start_instruction(&source.as_bytes()[line.start..line.content_end]))
        .count();
    let items = lines.len() + 1;
    let mut parser = Parser {
        source,
        lines,
        next: 0,
        escape: '\\',
        directive_state: DirectiveState::default(),
        out: Parsed {
            items: Vec::with_capacity(items),
            instructions: Vec::with_capacity(instructions),
            directives: Vec::new(),
            escape: '\\',
            diagnostics: Vec::new(),
        },
    };
    parser.run();
    parser.out.escape = parser.escape;
    parser.out
}

fn split_lines(source: &str) -> Vec<Line> {
    let bytes = source.as_bytes();
    // Counting the line breaks first is cheaper than growing the vector.
    let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
    let mut start = 0;
    while start < bytes.len() {
        let end = match memchr::memchr(b'\n', &bytes[start..]) {
            Some(i) => start + i + 1,
            None => bytes.len(),
        };
        let mut content_end = end;
        while content_end > start && matches!(bytes[content_end - 1], b'\n' | b'\r') {
            content_end -= 1;
        }
        lines.push(Line {
            start,
            content_end,
            end,
        });
        start = end;
    }
    lines
}

/// Whether a line may start an instruction: a cheap estimate that is
/// exact for ordinary files.
fn may_start_instruction(line: &[u8]) -> bool {
    line.iter()
        .find(|b| !matches!(b, b' ' | b'\t'))
        .is_some_and(|&b| b != b'#')
}

struct Parser<'a> {
    source: &'a str,
    lines: Vec<Line>,
    next: usize,
    escape: char,
    directive_state: DirectiveState,
    out: Parsed,
}

impl<'a> Parser<'a> {
    fn text(&self, start: usize, end: usize) -> &'a str {
        let source: &'a str = self.source;
        source.get(start..end).unwrap_or("")
    }

    fn run(&mut self) {
        while self.next < self.lines.len() {
            let index = self.next;
            let mut line = self.lines[index];
            self.next += 1;

            let mut tokens = Vec::with_capacity(6);
            if index == 0 && self.text(line.start, line.content_end).starts_with(BOM) {
                let bom = Span::new(line.start, line.start + BOM.len());
                self.out.items.push(Item {
                    kind: ItemKind::Bom,
                    span: bom,
                    tokens: vec![Token {
                        kind: TokenKind::Bom,
                        span: bom,
                    }],
                });
                line.start += BOM.len();
            }

            let raw = self.text(line.start, line.content_end);
            let trimmed = trim_start(raw);
            let content_start = line.content_end - trimmed.len();
            push_token(&mut tokens, TokenKind::Indent, line.start, content_start);

            if let Some(item) = self.directive_or_comment(index, line, content_start, &mut tokens) {
                self.out.items.push(item);
                continue;
            }
            if trimmed.is_empty() {
                push_token(&mut tokens, TokenKind::Blank, line.start, line.content_end);
                tokens.retain(|t| t.kind != TokenKind::Indent);
                push_token(&mut tokens, TokenKind::Newline, line.content_end, line.end);
                self.out.items.push(Item {
                    kind: ItemKind::Blank,
                    span: Span::new(line.start, line.end),
                    tokens,
                });
                continue;
            }
            // An instruction line ends the run of parser directives.
            self.directive_state.done = true;

            // A lone escape character still starts an instruction whose
            // first piece is empty, as in BuildKit.
            let (piece_len, continues) = continuation(trimmed, self.escape);
            self.instruction(index, line, content_start, piece_len, continues, tokens);
        }
        if self.out.instructions.is_empty() {
            let at = self.source.len();
            self.out.diagnostics.push(Diagnostic::error(
                Span::empty(at),
                "file with no instructions: BuildKit refuses to build it",
            ));
        }
    }

    /// A parser directive or a comment line, as a whole item.
    fn directive_or_comment(
        &mut self,
        index: usize,
        line: Line,
        content_start: usize,
        tokens: &mut Vec<Token>,
    ) -> Option<Item> {
        let content = self.text(content_start, line.content_end);
        let outcome = self.directive_state.check(content);
        let kind = match outcome {
            DirectiveCheck::Directive {
                name,
                value_start,
                value_end,
            } => {
                let value = content[value_start..value_end].to_string();
                let value_span = Span::new(content_start + value_start, content_start + value_end);
                if name == "escape" {
                    match value.as_str() {
                        "\\" => self.escape = '\\',
                        "`" => self.escape = '`',
                        _ => self.out.diagnostics.push(Diagnostic::error(
                            value_span,
                            format!(
                                "invalid escape character {value:?}: only ` and \\ are allowed"
                            ),
                        )),
                    }
                }
                self.out.directives.push(Directive {
                    name,
                    value,
                    span: Span::new(content_start, line.content_end),
                    value_span,
                    line: index + 1,
                });
                Some((
                    ItemKind::Directive(self.out.directives.len() - 1),
                    TokenKind::Directive,
                ))
            }
            DirectiveCheck::Duplicate { name } => {
                self.out.diagnostics.push(Diagnostic::error(
                    Span::new(content_start, line.content_end),
                    format!("only one {name} parser directive can be used"),
                ));
                Some((ItemKind::Comment, TokenKind::Comment))
            }
            DirectiveCheck::NotADirective if content.starts_with('#') => {
                Some((ItemKind::Comment, TokenKind::Comment))
            }
            DirectiveCheck::NotADirective => None,
        };
        let (item_kind, token_kind) = kind?;
        push_token(tokens, token_kind, content_start, line.content_end);
        push_token(tokens, TokenKind::Newline, line.content_end, line.end);
        Some(Item {
            kind: item_kind,
            span: Span::new(line.start, line.end),
            tokens: std::mem::take(tokens),
        })
    }

    fn instruction(
        &mut self,
        first_index: usize,
        first: Line,
        content_start: usize,
        piece_len: usize,
        mut continues: bool,
        mut tokens: Vec<Token>,
    ) {
        let mut logical = LogicalLine::default();
        let piece_end = content_start + piece_len;
        let piece = self.text(content_start, piece_end);
        logical.push(piece, content_start);
        // The keyword runs to the first blank; it is a token of its own when
        // it ends on this line.
        let keyword_end = piece
            .bytes()
            .position(|b| matches!(b, b'\t' | b'\x0b' | b'\x0c' | b'\r' | b' '));
        match keyword_end {
            Some(len) => {
                push_token(
                    &mut tokens,
                    TokenKind::Keyword,
                    content_start,
                    content_start + len,
                );
                push_token(&mut tokens, TokenKind::Text, content_start + len, piece_end);
            }
            None if !continues => {
                push_token(&mut tokens, TokenKind::Keyword, content_start, piece_end);
            }
            None => push_token(&mut tokens, TokenKind::Text, content_start, piece_end),
        }
        if continues {
            push_token(
                &mut tokens,
                TokenKind::Continuation,
                piece_end,
                first.content_end,
            );
        } else {
            // Trailing blanks belong to the text when the line does not
            // continue.
            push_token(&mut tokens, TokenKind::Text, piece_end, first.content_end);
        }
        push_token(
            &mut tokens,
            TokenKind::Newline,
            first.content_end,
            first.end,
        );

        let mut last_line = first_index;
        let mut empty_continuation: Option<Span> = None;
        while continues && self.next < self.lines.len() {
            let line = self.lines[self.next];
            last_line = self.next;
            self.next += 1;
            let content = self.text(line.start, line.content_end);
            let trimmed = trim_start(content);
            if trimmed.starts_with('#') {
                push_token(
                    &mut tokens,
                    TokenKind::Comment,
                    line.start,
                    line.content_end,
                );
            } else if trimmed.is_empty() {
                push_token(&mut tokens, TokenKind::Blank, line.start, line.content_end);
                empty_continuation.get_or_insert(Span::new(line.start, line.content_end));
            } else {
                let (len, more) = continuation(content, self.escape);
                continues = more;
                logical.push(&content[..len], line.start);
                push_token(&mut tokens, TokenKind::Text, line.start, line.start + len);
                if more {
                    push_token(
                        &mut tokens,
                        TokenKind::Continuation,
                        line.start + len,
                        line.content_end,
                    );
                } else if let Some(last) = tokens.last_mut() {
                    last.span.end = line.content_end;
                }
            }
            push_token(&mut tokens, TokenKind::Newline, line.content_end, line.end);
        }
        if let Some(span) = empty_continuation {
            self.out.diagnostics.push(
                Diagnostic::warning(
                    span,
                    "empty continuation line: BuildKit warns that these will become errors",
                )
                .of_kind(crate::DiagnosticKind::EmptyContinuation),
            );
        }

        let command = parse_command(
            &logical,
            0,
            logical.text.len(),
            self.escape,
            &mut self.out.diagnostics,
        );

        // The instruction is assembled once everything in it is known, so
        // that it is moved into the list only once.
        let mut heredocs = Vec::new();
        if opens_heredocs(&command, &logical) {
            let keyword_span = command.keyword_span;
            if let Some(last) =
                self.read_heredocs(&logical.text, keyword_span, &mut heredocs, &mut tokens)
            {
                last_line = last;
            }
        }
        let span = Span::new(first.start, self.lines[last_line].end);
        self.out.instructions.push(Instruction {
            command,
            heredocs,
            span,
            start_line: first_index + 1,
            end_line: last_line + 1,
            logical,
        });
        self.out.items.push(Item {
            kind: ItemKind::Instruction(self.out.instructions.len() - 1),
            span,
            tokens,
        });
    }

    /// Read the bodies of the heredocs that the logical line `text` opens
    /// into `heredocs`; returns the index of the last line consumed, if
    /// any. Problems are reported at `keyword_span`.
    fn read_heredocs(
        &mut self,
        text: &str,
        keyword_span: Span,
        heredocs: &mut Vec<Heredoc>,
        tokens: &mut Vec<Token>,
    ) -> Option<usize> {
        let words = match heredoc_words(text) {
            Ok(words) => words,
            Err(message) => {
                self.out
                    .diagnostics
                    .push(Diagnostic::error(keyword_span, message));
                return None;
            }
        };
        let mut last = None;
        for word in words {
            let body_start = self
                .lines
                .get(self.next)
                .map_or(self.source.len(), |l| l.start);
            let mut end_span = Span::default();
            while self.next < self.lines.len() {
                let line = self.lines[self.next];
                self.next += 1;
                last = Some(self.next - 1);
                let content = self.text(line.start, line.content_end);
                let candidate = if word.chomp {
                    content.trim_start_matches('\t')
                } else {
                    content
                };
                if candidate == word.name {
                    end_span = Span::new(line.start, line.content_end);
                    break;
                }
            }
            let body_end = if end_span == Span::default() {
                self.source.len()
            } else {
                end_span.start
            };
            push_token(tokens, TokenKind::HeredocBody, body_start, body_end);
            if end_span == Span::default() {
                self.out.diagnostics.push(Diagnostic::error(
                    keyword_span,
                    format!(
                        "unterminated heredoc: no line `{}` ends it, so the rest of the file is its body",
                        word.name
                    ),
                ));
            } else {
                push_token(tokens, TokenKind::HeredocEnd, end_span.start, end_span.end);
                let line = self.lines[self.next - 1];
                push_token(tokens, TokenKind::Newline, line.content_end, line.end);
            }
            heredocs.push(Heredoc {
                name: word.name,
                fd: word.fd,
                chomp: word.chomp,
                expand: word.expand,
                content: self.text(body_start, body_end).to_string(),
                body_span: Span::new(body_start, body_end),
                end_span,
            });
        }
        last
    }
}

fn push_token(tokens: &mut Vec<Token>, kind: TokenKind, start: usize, end: usize) {
    if end > start {
        tokens.push(Token {
            kind,
            // Built directly: `end > start`, so there is nothing to clamp.
            span: Span { start, end },
        });
    }
}

/// BuildKit's line-continuation test: the escape character, followed only
/// by spaces and tabs, ends the line, unless the escape character is itself
/// escaped. Returns the length of the text before it and whether the line
/// continues.
fn continuation(line: &str, escape: char) -> (usize, bool) {
    let body = line.trim_end_matches([' ', '\t']);
    let Some(before) = body.strip_suffix(escape) else {
        return (line.len(), false);
    };
    if before.ends_with(escape) {
        return (line.len(), false);
    }
    (before.len(), true)
}

fn opens_heredocs(command: &Command, logical: &LogicalLine) -> bool {
    let command = command.effective();
    command.keyword.takes_heredocs()
        && !command.args.is_exec_form()
        && !matches!(command.args, crate::syntax::Args::Invalid)
        && logical.text.contains("<<")
}

/// A word that opens a heredoc.
pub(crate) struct HeredocWord {
    pub name: String,
    pub fd: u64,
    pub chomp: bool,
    pub expand: bool,
}

/// The heredocs a logical line opens: its words, split the way BuildKit
/// splits them with quotes and escapes kept, that read `[fd]<<[-]NAME`.
fn heredoc_words(line: &str) -> Result<Vec<HeredocWord>, String> {
    let mut heredocs = Vec::new();
    if line
        .bytes()
        .all(|b| is_plain(b) || matches!(b, b' ' | b'\t'))
    {
        for word in plain_words(line) {
            if let Some(heredoc) = heredoc_word(word)? {
                heredocs.push(heredoc);
            }
        }
        return Ok(heredocs);
    }
    let mut lexer = Lexer::new('\\');
    lexer.raw_quotes = true;
    lexer.raw_escapes = true;
    lexer.skip_unset_env = true;
    // BuildKit ignores a lexing error here: the line then opens no heredoc.
    let Ok(split) = lexer.expand(line, &EmptyEnv) else {
        return Ok(Vec::new());
    };
    for word in split.words {
        if let Some(heredoc) = heredoc_word(&word)? {
            heredocs.push(heredoc);
        }
    }
    Ok(heredocs)
}

/// Whether the lexer reads `b` as an ordinary character of a word: a
/// visible ASCII character that is not `$`, a quote, the escape
/// character, or the `<` that may start a heredoc.
fn is_plain(b: u8) -> bool {
    b.is_ascii_graphic() && !matches!(b, b'$' | b'\'' | b'"' | b'\\' | b'<')
}

/// The words the lexer makes of a line that has nothing in it for the
/// lexer to act on but spaces, tabs and `<`, without running the lexer:
/// blanks separate words, except those right after `<<`, which the lexer
/// keeps with it so that `<< EOF` reads as one heredoc word.
fn plain_words(line: &str) -> impl Iterator<Item = &str> {
    let bytes = line.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        while bytes.get(pos).is_some_and(|b| matches!(b, b' ' | b'\t')) {
            pos += 1;
        }
        let start = pos;
        while let Some(&b) = bytes.get(pos) {
            if matches!(b, b' ' | b'\t') {
                break;
            }
            pos += 1;
            if b == b'<' && bytes.get(pos) == Some(&b'<') {
                pos += 1;
                while bytes.get(pos).is_some_and(|b| matches!(b, b' ' | b'\t')) {
                    pos += 1;
                }
            }
        }
        (pos > start).then(|| &line[start..pos])
    })
}

/// Match one word against `^(\d*)<<(-?)\s*([^<]*)$` and read its name.
pub(crate) fn heredoc_word(word: &str) -> Result<Option<HeredocWord>, String> {
    let digits = word.len() - word.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let Some(after) = word[digits..].strip_prefix("<<") else {
        return Ok(None);
    };
    let (chomp, after) = match after.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    let rest = after.trim_start_matches(['\t', '\n', '\x0c', '\r', ' ']);
    if rest.is_empty() || rest.contains('<') {
        return Ok(None);
    }
    let fd = if digits == 0 {
        0
    } else {
        word[..digits].parse::<u64>().unwrap_or(u64::MAX)
    };

    let (name, expand) = if rest.bytes().all(is_plain) {
        // Nothing in the delimiter for the lexer to act on: it reads as
        // itself, and a delimiter without quotes expands the body.
        (rest.to_string(), true)
    } else {
        match delimiter(rest)? {
            Some(read) => read,
            None => return Ok(None),
        }
    };
    Ok(Some(HeredocWord {
        name,
        fd,
        chomp,
        expand,
    }))
}

/// Read a heredoc delimiter with the lexer: its name with quotes removed
/// and whether the body expands, or `None` when it is not one word.
fn delimiter(rest: &str) -> Result<Option<(String, bool)>, String> {
    let mut lexer = Lexer::new('\\');
    lexer.skip_unset_env = true;
    let plain = lexer
        .expand(rest, &EmptyEnv)
        .map_err(|e| format!("heredoc delimiter {rest:?}: {e}"))?;
    if plain.words.len() != 1 {
        return Ok(None);
    }
    lexer.raw_quotes = true;
    let raw = lexer
        .expand(rest, &EmptyEnv)
        .map_err(|e| format!("heredoc delimiter {rest:?}: {e}"))?;
    if raw.words.len() != plain.words.len() {
        return Err(format!("heredoc delimiter {rest:?} reads inconsistently"));
    }
    let quotes = |s: &str| s.chars().filter(|c| matches!(c, '\'' | '"')).count();
    let name = plain.words[0].clone();
    let expand = quotes(&name) == quotes(&raw.words[0]);
    Ok(Some((name, expand)))
}

/// Parser directives: `# name=value` lines at the very top of the file.
#[derive(Default)]
struct DirectiveState {
    done: bool,
    seen: HashSet<String>,
}

enum DirectiveCheck {
    Directive {
        name: String,
        value_start: usize,
        value_end: usize,
    },
    Duplicate {
        name: String,
    },
    NotADirective,
}

const DIRECTIVES: [&str; 3] = ["syntax", "escape", "check"];

fn is_regex_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0c' | '\r' | ' ')
}

impl DirectiveState {
    /// BuildKit's `DirectiveParser.ParseLine` on a line with its leading
    /// blanks removed. The first line that is not a known directive ends
    /// the directives for good.
    fn check(&mut self, line: &str) -> DirectiveCheck {
        if self.done {
            return DirectiveCheck::NotADirective;
        }
        match parse_directive(line) {
            Some((name, value_start, value_end)) if DIRECTIVES.contains(&name.as_str()) => {
                if !self.seen.insert(name.clone()) {
                    return DirectiveCheck::Duplicate { name };
                }
                DirectiveCheck::Directive {
                    name,
                    value_start,
                    value_end,
                }
            }
            _ => {
                self.done = true;
                DirectiveCheck::NotADirective
            }
        }
    }
}

/// Match `#` then blanks then `^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`;
/// returns the lower-cased name and the value's byte range in `line`.
fn parse_directive(line: &str) -> Option<(String, usize, usize)> {
    let after_hash = line.strip_prefix('#')?;
    let body = after_hash.trim_start();
    let name_len = body
        .char_indices()
        .take_while(|(i, c)| {
            if *i == 0 {
                c.is_ascii_alphabetic()
            } else {
                c.is_ascii_alphanumeric()
            }
        })
        .count();
    if name_len == 0 {
        return None;
    }
    let name = body[..name_len].to_ascii_lowercase();
    let rest = body[name_len..].trim_start_matches(is_regex_space);
    let value_part = rest.strip_prefix('=')?;
    if value_part.is_empty() {
        return None;
    }
    let value_part_start = line.len() - value_part.len();
    let trimmed_start = value_part.trim_start_matches(is_regex_space);
    if trimmed_start.is_empty() {
        // Only blanks after `=`: the lazy `(.+?)` takes the last of them.
        let last = value_part.chars().last()?;
        let end = line.len();
        return Some((name, end - last.len_utf8(), end));
    }
    let value = trimmed_start.trim_end_matches(is_regex_space);
    let start = value_part_start + (value_part.len() - trimmed_start.len());
    Some((name, start, start + value.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_follows_buildkit() {
        assert_eq!(continuation("RUN a \\", '\\'), (6, true));
        assert_eq!(continuation("RUN a \\ \t", '\\'), (6, true));
        assert_eq!(continuation("RUN a \\\\", '\\'), (8, false));
        assert_eq!(continuation("\\", '\\'), (0, true));
        assert_eq!(continuation("RUN a `", '`'), (6, true));
        assert_eq!(continuation("RUN a \\", '`'), (7, false));
        assert_eq!(continuation("RUN a \\\r", '\\'), (8, false));
    }

    #[test]
    fn directives_parse_like_buildkit() {
        assert_eq!(
            parse_directive("# syntax = docker/dockerfile:1 "),
            Some(("syntax".to_string(), 11, 30))
        );
        assert_eq!(
            parse_directive("#escape=`").map(|d| d.0),
            Some("escape".into())
        );
        assert_eq!(
            parse_directive("# escape=   ").map(|d| (d.1, d.2)),
            Some((11, 12))
        );
        assert_eq!(parse_directive("# escape="), None);
        assert_eq!(parse_directive("# 1abc=x"), None);
        assert_eq!(parse_directive("FROM x"), None);
    }

    #[test]
    fn plain_lines_split_as_the_lexer_splits_them() {
        let mut lexer = Lexer::new('\\');
        lexer.raw_quotes = true;
        lexer.raw_escapes = true;
        lexer.skip_unset_env = true;
        for line in [
            "RUN <<EOF",
            "RUN cat << EOF > /x",
            "COPY <<A\t<<B /dst/",
            "  RUN  a<<  \t b  ",
            "RUN <<<",
            "RUN x<y <<-EOT 2<<Z",
            "",
            " \t ",
        ] {
            let words: Vec<&str> = plain_words(line).collect();
            assert_eq!(
                words,
                lexer.expand(line, &EmptyEnv).unwrap().words,
                "{line:?}"
            );
        }
        for word in ["EOF", "E-O.F_1", "`x`", "a&b"] {
            assert_eq!(
                delimiter(word),
                Ok(Some((word.to_string(), true))),
                "{word}"
            );
        }
    }

    #[test]
    fn heredoc_words_match_the_pattern() {
        let names = |line: &str| -> Vec<(String, bool, bool)> {
            heredoc_words(line)
                .unwrap()
                .into_iter()
                .map(|w| (w.name, w.chomp, w.expand))
                .collect()
        };
        assert_eq!(names("RUN <<EOF"), [("EOF".into(), false, true)]);
        assert_eq!(names("RUN <<-'EOT' cat"), [("EOT".into(), true, false)]);
        assert_eq!(
            names("COPY <<A <<\"B\" /dst/"),
            [("A".into(), false, true), ("B".into(), false, false)]
        );
        assert_eq!(names("RUN echo \"<<EOF\""), []);
        assert_eq!(names("RUN cat<<EOF"), []);
        assert_eq!(names("RUN 3<<EOF cat"), [("EOF".into(), false, true)]);
        assert_eq!(names("RUN cat << EOF"), [("EOF".into(), false, true)]);
        // BuildKit counts only quote characters when deciding whether the
        // body expands, so a backslash-quoted delimiter still expands.
        assert_eq!(names("RUN <<\\EOF"), [("EOF".into(), false, true)]);
    }
}
