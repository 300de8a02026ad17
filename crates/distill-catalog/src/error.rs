//! Errors from reading a catalog file.

use std::fmt;
use std::ops::Range;

/// A catalog file that could not be read, with the place in the text that is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    message: String,
    line: usize,
    column: usize,
}

impl CatalogError {
    /// An error about the text at `span` (byte offsets into `source`).
    pub(crate) fn at(source: &str, span: Option<Range<usize>>, message: impl Into<String>) -> Self {
        let (line, column) = span.map_or((1, 1), |span| line_column(source, span.start));
        CatalogError {
            message: message.into(),
            line,
            column,
        }
    }

    /// What is wrong, without the position.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The 1-based line of the offending text.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The 1-based column, in characters, of the offending text.
    pub fn column(&self) -> usize {
        self.column
    }
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for CatalogError {}

/// 1-based line and character column of a byte offset.
fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::line_column;

    #[test]
    fn positions_count_characters_from_one() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        assert_eq!(line_column(text, 9), (2, 3));
        assert_eq!(line_column(text, 999), (3, 1));
    }
}
