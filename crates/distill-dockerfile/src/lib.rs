//! A lossless Dockerfile parser that reads files the way BuildKit reads
//! them, and the semantic model built on it: stages, build arguments and
//! their scopes, variable expansion, base images and stage references.
//!
//! ```
//! let file = distill_dockerfile::Dockerfile::parse("FROM alpine:3.20\nRUN echo hi\n");
//! assert_eq!(file.instructions.len(), 2);
//! assert_eq!(file.print(), "FROM alpine:3.20\nRUN echo hi\n");
//! ```
//!
//! Deliberate differences from BuildKit are listed in `DIFFERENCES.md`
//! beside this crate's manifest.

mod checks;
mod command;
pub mod expand;
mod image_ref;
pub mod json_array;
pub mod model;
pub mod mount;
mod parser;
pub mod syntax;
mod trim;

use std::fmt;
use std::sync::OnceLock;

use distill_source::{LineCol, LineIndex, Span};

pub use image_ref::{ImageRef, ImageRefError};
pub use model::{BaseImage, Model, Stage, StageRef};
pub use syntax::LogicalLine;
pub use syntax::{
    Args, Command, Directive, Flag, Heredoc, Instruction, Item, ItemKind, KeyValue, Keyword, Token,
    TokenKind, Word,
};

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// BuildKit would refuse the file.
    Error,
    /// BuildKit accepts the file but warns.
    Warning,
}

/// What kind of problem a diagnostic reports, for callers that treat some
/// of them specially.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DiagnosticKind {
    /// Anything BuildKit's parser or instruction layer refuses.
    Syntax,
    /// An exec-form JSON array with an item that is not a string.
    JsonNotStrings,
    /// A blank line inside a continued instruction (a BuildKit warning).
    EmptyContinuation,
}

/// A problem found while reading a Dockerfile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What kind of problem.
    pub kind: DiagnosticKind,
    /// What is wrong, starting lowercase.
    pub message: String,
    /// Where.
    pub span: Span,
}

impl Diagnostic {
    pub(crate) fn error(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            kind: DiagnosticKind::Syntax,
            message: message.into(),
            span,
        }
    }

    pub(crate) fn warning(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            kind: DiagnosticKind::Syntax,
            message: message.into(),
            span,
        }
    }

    pub(crate) fn of_kind(mut self, kind: DiagnosticKind) -> Self {
        self.kind = kind;
        self
    }
}

/// A parsed Dockerfile: the source, its lossless syntax tree and what was
/// wrong with it.
#[derive(Clone)]
pub struct Dockerfile {
    /// The text that was parsed.
    pub source: String,
    /// Top-level items in order; their tokens spell `source`.
    pub items: Vec<Item>,
    /// Instructions in order.
    pub instructions: Vec<Instruction>,
    /// Parser directives at the top of the file.
    pub directives: Vec<Directive>,
    /// The escape character in effect (`\` or a backtick).
    pub escape: char,
    /// Syntax errors and warnings, in source order.
    pub diagnostics: Vec<Diagnostic>,
    /// True when the input was not valid UTF-8 and was read with
    /// replacement characters; the syntax tree then describes that text,
    /// not the bytes on disk, and nothing should be written back.
    pub lossy: bool,
    /// Built on first use: many files are read without any position
    /// being asked for.
    line_index: OnceLock<LineIndex>,
}

impl fmt::Debug for Dockerfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dockerfile")
            .field("source", &self.source)
            .field("items", &self.items)
            .field("instructions", &self.instructions)
            .field("directives", &self.directives)
            .field("escape", &self.escape)
            .field("diagnostics", &self.diagnostics)
            .field("lossy", &self.lossy)
            .field("line_index", self.line_index())
            .finish()
    }
}

impl Dockerfile {
    /// Parse Dockerfile text. Never fails: problems become diagnostics.
    pub fn parse(source: &str) -> Dockerfile {
        let parsed = parser::parse(source);
        let mut file = Dockerfile {
            source: source.to_string(),
            items: parsed.items,
            instructions: parsed.instructions,
            directives: parsed.directives,
            escape: parsed.escape,
            diagnostics: parsed.diagnostics,
            lossy: false,
            line_index: OnceLock::new(),
        };
        let checked = checks::check(&file);
        file.diagnostics.extend(checked);
        file.diagnostics
            .sort_by_key(|d| (d.span.start, d.span.end, d.severity));
        file
    }

    /// Parse raw bytes. Invalid UTF-8 is reported at its first bad byte
    /// and read with replacement characters so that the rest of the file
    /// is still checked.
    pub fn parse_bytes(bytes: &[u8]) -> Dockerfile {
        match std::str::from_utf8(bytes) {
            Ok(text) => Dockerfile::parse(text),
            Err(err) => {
                let text = String::from_utf8_lossy(bytes);
                let mut file = Dockerfile::parse(&text);
                file.lossy = true;
                // Offsets before the first bad byte are the same in both.
                let at = err.valid_up_to();
                file.diagnostics.insert(
                    0,
                    Diagnostic::error(
                        Span::new(at, at + 1),
                        "the file is not valid UTF-8; invalid bytes were read as U+FFFD",
                    ),
                );
                file
            }
        }
    }

    /// The source again, rebuilt from the syntax tree's tokens.
    pub fn print(&self) -> String {
        let mut out = String::with_capacity(self.source.len());
        for item in &self.items {
            for token in &item.tokens {
                out.push_str(token.span.text(&self.source));
            }
        }
        out
    }

    /// The text of `span`.
    pub fn text(&self, span: Span) -> &str {
        span.text(&self.source)
    }

    /// 1-based line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        self.line_index().line_col(&self.source, offset)
    }

    /// The line index of the source.
    pub fn line_index(&self) -> &LineIndex {
        self.line_index.get_or_init(|| LineIndex::new(&self.source))
    }

    /// Errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }

    /// The semantic model under the ARG defaults.
    pub fn model(&self) -> Model<'_> {
        Model::new(self, &[])
    }
}
