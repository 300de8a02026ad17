//! The lossless syntax tree of a Dockerfile.
//!
//! Every byte of the input belongs to exactly one [`Token`], and the tokens
//! of the [`Item`]s, in order, spell the input again. Instructions also
//! carry a structured view (keyword, flags, arguments, heredocs) whose
//! spans point back into the source, so that rules can report exact places
//! and fixes can rewrite only the bytes they mean to.

use std::fmt;

use distill_source::Span;
use smol_str::SmolStr;

/// Every instruction BuildKit knows, plus `Unknown` for anything else.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    /// Not an instruction BuildKit knows; BuildKit rejects the file.
    Unknown,
}

impl Keyword {
    /// Every known keyword.
    pub const ALL: [Keyword; 18] = [
        Keyword::Add,
        Keyword::Arg,
        Keyword::Cmd,
        Keyword::Copy,
        Keyword::Entrypoint,
        Keyword::Env,
        Keyword::Expose,
        Keyword::From,
        Keyword::Healthcheck,
        Keyword::Label,
        Keyword::Maintainer,
        Keyword::Onbuild,
        Keyword::Run,
        Keyword::Shell,
        Keyword::Stopsignal,
        Keyword::User,
        Keyword::Volume,
        Keyword::Workdir,
    ];

    /// Look a keyword up case-insensitively.
    pub fn from_word(word: &str) -> Keyword {
        // The length and the second letter tell the keywords apart, so
        // only one of them needs comparing with the word.
        let bytes = word.as_bytes();
        let candidate = match (bytes.len(), bytes.get(1).map(u8::to_ascii_uppercase)) {
            (3, Some(b'D')) => Keyword::Add,
            (3, Some(b'R')) => Keyword::Arg,
            (3, Some(b'M')) => Keyword::Cmd,
            (3, Some(b'N')) => Keyword::Env,
            (3, Some(b'U')) => Keyword::Run,
            (4, Some(b'O')) => Keyword::Copy,
            (4, Some(b'R')) => Keyword::From,
            (4, Some(b'S')) => Keyword::User,
            (5, Some(b'A')) => Keyword::Label,
            (5, Some(b'H')) => Keyword::Shell,
            (6, Some(b'X')) => Keyword::Expose,
            (6, Some(b'O')) => Keyword::Volume,
            (7, Some(b'N')) => Keyword::Onbuild,
            (7, Some(b'O')) => Keyword::Workdir,
            (10, Some(b'N')) => Keyword::Entrypoint,
            (10, Some(b'A')) => Keyword::Maintainer,
            (10, Some(b'T')) => Keyword::Stopsignal,
            (11, Some(b'E')) => Keyword::Healthcheck,
            _ => return Keyword::Unknown,
        };
        if candidate.as_str().eq_ignore_ascii_case(word) {
            candidate
        } else {
            Keyword::Unknown
        }
    }

    /// The keyword in upper case, as documentation writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Add => "ADD",
            Keyword::Arg => "ARG",
            Keyword::Cmd => "CMD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::From => "FROM",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Run => "RUN",
            Keyword::Shell => "SHELL",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::User => "USER",
            Keyword::Volume => "VOLUME",
            Keyword::Workdir => "WORKDIR",
            Keyword::Unknown => "UNKNOWN",
        }
    }

    /// Instructions whose arguments may open heredocs (BuildKit's
    /// `heredocDirectives`).
    pub fn takes_heredocs(self) -> bool {
        matches!(self, Keyword::Add | Keyword::Copy | Keyword::Run)
    }
}

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// The UTF-8 byte-order mark at the start of the file.
    Bom,
    /// Blanks before an instruction's keyword or around a comment.
    Indent,
    /// An instruction keyword.
    Keyword,
    /// Argument text of an instruction on one physical line (flags
    /// included; see [`Command::flags`] for their structure).
    Text,
    /// The escape character that continues a line, with the blanks after it.
    Continuation,
    /// A line break: `\n`, with any `\r` before it.
    Newline,
    /// A parser directive line such as `# syntax=docker/dockerfile:1`.
    Directive,
    /// A comment line, on its own or inside a continued instruction.
    Comment,
    /// A line with nothing but blanks.
    Blank,
    /// The lines of a heredoc body.
    HeredocBody,
    /// The line that ends a heredoc.
    HeredocEnd,
}

/// A run of source bytes with a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Token {
    /// What the bytes are.
    pub kind: TokenKind,
    /// Where they are.
    pub span: Span,
}

/// What an [`Item`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// The byte-order mark.
    Bom,
    /// A parser directive; the index into [`crate::Dockerfile::directives`].
    Directive(usize),
    /// A comment line outside any instruction.
    Comment,
    /// An empty or blank line outside any instruction.
    Blank,
    /// An instruction; the index into [`crate::Dockerfile::instructions`].
    Instruction(usize),
}

/// A top-level piece of the file: a line or a whole instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// What it is.
    pub kind: ItemKind,
    /// Its bytes, line break included.
    pub span: Span,
    /// Its tokens, which cover `span` exactly.
    pub tokens: Vec<Token>,
}

/// A parser directive (`# syntax=`, `# escape=`, `# check=`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// The directive's name in lower case.
    pub name: String,
    /// Its value as written (trimmed).
    pub value: String,
    /// The whole line, without its line break.
    pub span: Span,
    /// The value's bytes.
    pub value_span: Span,
    /// 1-based line.
    pub line: usize,
}

/// A piece of argument text with its place in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// The text as BuildKit's parser hands it on: quotes kept for
    /// whitespace-split and name/value words, decoded for exec-form
    /// strings.
    pub text: SmolStr,
    /// Where it was written. A word continued over several lines spans
    /// them all.
    pub span: Span,
}

/// One `key=value` (or legacy `key value`) of `ENV` or `LABEL`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyValue {
    /// The key as written.
    pub key: Word,
    /// The value as written, quotes and escapes kept; expand it to get the
    /// value BuildKit sets.
    pub value: Word,
    /// Whether it was written with `=` (false for the legacy form).
    pub has_equals: bool,
}

/// One flag such as `--mount=type=cache,target=/root/.cache`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    /// The flag as written (quotes and escapes kept).
    pub raw: SmolStr,
    /// The flag as BuildKit reads it: quotes removed, escapes applied.
    pub text: SmolStr,
    /// The name without the dashes, as written (BuildKit matches flag
    /// names case-sensitively).
    pub name: SmolStr,
    /// The value after `=`, if there is one.
    pub value: Option<SmolStr>,
    /// Where it was written.
    pub span: Span,
}

/// The arguments of an instruction, shaped as BuildKit's parser shapes
/// them for that instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Args {
    /// No arguments.
    Empty,
    /// A JSON array of strings (exec form).
    Exec(Vec<Word>),
    /// The rest of the line as one string (shell form of `RUN`, `CMD`,
    /// `ENTRYPOINT`, `SHELL`; and `USER`, `WORKDIR`, `MAINTAINER`,
    /// `STOPSIGNAL`).
    Shell(Word),
    /// Words split on blanks (`FROM`, `EXPOSE`, non-JSON `COPY`, `ADD`,
    /// `VOLUME`).
    List(Vec<Word>),
    /// `ENV` and `LABEL` pairs.
    KeyValues(Vec<KeyValue>),
    /// `ARG` words: `NAME` or `NAME=default`, quotes kept.
    Names(Vec<Word>),
    /// `HEALTHCHECK`: the type (`CMD` or `NONE`) and the command.
    Healthcheck {
        /// `CMD` or `NONE` as written.
        kind: Word,
        /// The command after `CMD`.
        command: Box<Args>,
    },
    /// `ONBUILD`: the trigger instruction.
    Onbuild(Box<Command>),
    /// An unknown instruction: BuildKit keeps no arguments.
    Ignored,
    /// The arguments could not be read; a diagnostic says why.
    Invalid,
}

impl Args {
    /// Whether the arguments were written as a JSON array.
    pub fn is_exec_form(&self) -> bool {
        match self {
            Args::Exec(_) => true,
            Args::Healthcheck { command, .. } => command.is_exec_form(),
            Args::Onbuild(command) => command.args.is_exec_form(),
            _ => false,
        }
    }

    /// The values of BuildKit's syntax node chain for these arguments, in
    /// the order its `Node.Next` list holds them (`ENV` and `LABEL` give
    /// key, value and separator for each pair).
    pub fn buildkit_values(&self) -> Vec<String> {
        self.buildkit_value_strs()
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// [`Args::buildkit_values`] borrowed from the arguments.
    pub(crate) fn buildkit_value_strs(&self) -> Vec<&str> {
        let mut values = Vec::with_capacity(self.value_count());
        self.push_buildkit_values(&mut values);
        values
    }

    fn push_buildkit_values<'a>(&'a self, values: &mut Vec<&'a str>) {
        match self {
            Args::Empty | Args::Invalid => {}
            Args::Exec(words) | Args::List(words) | Args::Names(words) => {
                values.extend(words.iter().map(|w| w.text.as_str()));
            }
            Args::Shell(word) => values.push(&word.text),
            Args::KeyValues(pairs) => {
                for kv in pairs {
                    let sep = if kv.has_equals { "=" } else { "" };
                    values.extend([kv.key.text.as_str(), kv.value.text.as_str(), sep]);
                }
            }
            Args::Healthcheck { kind, command } => {
                values.push(&kind.text);
                command.push_buildkit_values(values);
            }
            Args::Onbuild(command) => command.args.push_buildkit_values(values),
            Args::Ignored => values.push(""),
        }
    }

    /// How many values [`Args::buildkit_values`] would give, without
    /// building them.
    pub fn value_count(&self) -> usize {
        match self {
            Args::Empty | Args::Invalid => 0,
            Args::Exec(words) | Args::List(words) | Args::Names(words) => words.len(),
            Args::Shell(_) | Args::Ignored => 1,
            Args::KeyValues(pairs) => pairs.len() * 3,
            Args::Healthcheck { command, .. } => 1 + command.value_count(),
            Args::Onbuild(command) => command.args.value_count(),
        }
    }

    /// The decoded exec-form strings, or nothing for any other form.
    pub fn exec_strings(&self) -> Vec<String> {
        match self {
            Args::Exec(words) => words.iter().map(|w| w.text.to_string()).collect(),
            Args::Healthcheck { command, .. } => command.exec_strings(),
            Args::Onbuild(command) => command.args.exec_strings(),
            _ => Vec::new(),
        }
    }
}

/// A keyword with its flags and arguments: an instruction, or the trigger
/// inside `ONBUILD`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    /// Which instruction.
    pub keyword: Keyword,
    /// The keyword as written.
    pub keyword_text: SmolStr,
    /// Where the keyword is.
    pub keyword_span: Span,
    /// Flags in the order written.
    pub flags: Vec<Flag>,
    /// The arguments after the flags.
    pub args: Args,
    /// The bytes of the arguments after the flags (empty when none).
    pub args_span: Span,
}

impl Command {
    /// The command that runs: the trigger for `ONBUILD`, else itself.
    pub(crate) fn effective(&self) -> &Command {
        match &self.args {
            Args::Onbuild(trigger) => trigger,
            _ => self,
        }
    }

    /// The first flag called `name`.
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name == name)
    }

    /// Every flag called `name`, for repeatable flags such as `--mount`.
    pub fn flags_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Flag> + 'a {
        self.flags.iter().filter(move |f| f.name == name)
    }
}

/// A heredoc attached to an instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter word, quotes removed.
    pub name: String,
    /// The file descriptor written before `<<` (0 when none).
    pub fd: u64,
    /// `<<-`: leading tabs are stripped from the body and the delimiter.
    pub chomp: bool,
    /// Whether variables in the body are expanded (the delimiter was not
    /// quoted).
    pub expand: bool,
    /// The body exactly as written, line breaks included.
    pub content: String,
    /// Where the body is.
    pub body_span: Span,
    /// The delimiter line that ends it (empty when unterminated).
    pub end_span: Span,
}

/// The instruction's text with continuations removed, and the way back
/// from an offset in it to an offset in the source.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct LogicalLine {
    /// The joined text BuildKit parses.
    pub text: String,
    /// `(offset in text, offset in source)` at the start of each piece.
    pieces: Pieces,
}

impl fmt::Debug for LogicalLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LogicalLine")
            .field("text", &self.text)
            .field("pieces", &self.pieces.as_slice())
            .finish()
    }
}

/// The pieces of a logical line. Most instructions fit on one line, so a
/// single piece is kept in place rather than in a vector of its own.
#[derive(Clone, Debug)]
enum Pieces {
    One([(usize, usize); 1]),
    Many(Vec<(usize, usize)>),
}

impl Default for Pieces {
    fn default() -> Self {
        Pieces::Many(Vec::new())
    }
}

impl PartialEq for Pieces {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Pieces {}

impl Pieces {
    fn as_slice(&self) -> &[(usize, usize)] {
        match self {
            Pieces::One(one) => one,
            Pieces::Many(many) => many,
        }
    }

    fn push(&mut self, piece: (usize, usize)) {
        match self {
            Pieces::Many(many) if many.is_empty() => *self = Pieces::One([piece]),
            Pieces::One([first]) => *self = Pieces::Many(vec![*first, piece]),
            Pieces::Many(many) => many.push(piece),
        }
    }
}

impl LogicalLine {
    pub(crate) fn push(&mut self, piece: &str, source_offset: usize) {
        if piece.is_empty() {
            return;
        }
        if self.text.is_empty() {
            self.text.reserve_exact(piece.len());
        }
        self.pieces.push((self.text.len(), source_offset));
        self.text.push_str(piece);
    }

    fn piece_len(&self, index: usize) -> usize {
        let pieces = self.pieces.as_slice();
        let next = pieces.get(index + 1).map_or(self.text.len(), |p| p.0);
        next - pieces[index].0
    }

    /// The source offset of the byte at `offset` in the joined text.
    pub fn source_offset(&self, offset: usize) -> usize {
        let pieces = self.pieces.as_slice();
        let index = match pieces.binary_search_by_key(&offset, |p| p.0) {
            Ok(i) => i,
            Err(0) => return pieces.first().map_or(offset, |p| p.1),
            Err(i) => i - 1,
        };
        let (logical, source) = pieces[index];
        source + (offset - logical)
    }

    /// The source offset just after the byte before `offset`, so that a
    /// span never reaches over a continuation it does not contain.
    pub fn source_end(&self, offset: usize) -> usize {
        let pieces = self.pieces.as_slice();
        let index = match pieces.binary_search_by(|p| {
            if p.0 < offset {
                std::cmp::Ordering::Less
            } else {
                std::cmp::Ordering::Greater
            }
        }) {
            Ok(i) | Err(i) => i,
        };
        if index == 0 {
            return self.source_offset(offset);
        }
        let index = index - 1;
        let (logical, source) = pieces[index];
        source + (offset - logical).min(self.piece_len(index))
    }

    /// The source span of `start..end` in the joined text.
    #[inline]
    pub fn span(&self, start: usize, end: usize) -> Span {
        // Inlined for the common one-piece line, which is plain arithmetic;
        // `start.min(end)` keeps the span ordered, so it is built directly.
        if let Pieces::One([(0, source)]) = self.pieces {
            let end = end.min(self.text.len());
            return Span {
                start: source + start.min(end),
                end: source + end,
            };
        }
        self.span_across_pieces(start, end)
    }

    fn span_across_pieces(&self, start: usize, end: usize) -> Span {
        if start >= end {
            let at = self.source_offset(start);
            return Span::empty(at);
        }
        Span::new(self.source_offset(start), self.source_end(end))
    }
}

/// One Dockerfile instruction with everything it spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    /// The keyword, flags and arguments.
    pub command: Command,
    /// Heredocs opened on the instruction line, in order.
    pub heredocs: Vec<Heredoc>,
    /// The whole instruction: continuation lines, heredoc bodies and the
    /// final line break included.
    pub span: Span,
    /// 1-based first line.
    pub start_line: usize,
    /// 1-based last line (a heredoc instruction ends on its delimiter).
    pub end_line: usize,
    /// The joined text BuildKit parses.
    pub logical: LogicalLine,
}

impl Instruction {
    /// Which instruction this is.
    pub fn keyword(&self) -> Keyword {
        self.command.keyword
    }

    /// The command that runs: the trigger for `ONBUILD`, else itself.
    pub fn effective_command(&self) -> &Command {
        self.command.effective()
    }

    /// The span from the keyword to the end of the instruction's text,
    /// without the trailing line break: where a finding about the whole
    /// instruction points.
    pub fn text_span(&self, source: &str) -> Span {
        let start = self.command.keyword_span.start;
        let end = self
            .heredocs
            .last()
            .map(|h| h.end_span.end)
            .filter(|e| *e > 0)
            .unwrap_or(self.logical_end());
        let text = Span::new(start, end).text(source);
        let trimmed = text.trim_end_matches(['\n', '\r']);
        Span::new(start, start + trimmed.len())
    }

    fn logical_end(&self) -> usize {
        self.logical.source_end(self.logical.text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_found_in_any_case() {
        for keyword in Keyword::ALL {
            let name = keyword.as_str();
            assert_eq!(Keyword::from_word(name), keyword);
            assert_eq!(Keyword::from_word(&name.to_lowercase()), keyword);
        }
        assert_eq!(Keyword::from_word("rUn"), Keyword::Run);
        for word in [
            "",
            "RUNS",
            "HEALTHCHECKS",
            "UNKNOWN",
            "RUN\u{e9}",
            "ﬀ",
            "ZZZ",
        ] {
            assert_eq!(Keyword::from_word(word), Keyword::Unknown, "{word}");
        }
    }
}
