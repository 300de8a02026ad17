use crate::Span;

/// A 1-based line and column. Columns count Unicode scalar values, the
/// way editors and SARIF's `unicodeCodePoints` column kind count them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// Maps byte offsets of one text to lines and columns.
///
/// A line ends after its `\n`; a lone `\r` does not end a line, as in
/// BuildKit's scanner and in YAML.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Index the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut line_starts = Vec::with_capacity(text.len() / 40 + 2);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            line_starts,
            len: text.len(),
        }
    }

    /// Number of lines; a trailing newline does not open a further line
    /// unless text follows it.
    pub fn line_count(&self) -> usize {
        match self.line_starts.last() {
            Some(&last) if last == self.len && self.line_starts.len() > 1 => {
                self.line_starts.len() - 1
            }
            _ => self.line_starts.len(),
        }
    }

    /// The 1-based line holding `offset` (offsets past the end map to the
    /// last line).
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// Byte offset where the 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.len)
    }

    /// The span of the 1-based `line`, without its line break.
    pub fn line_span(&self, text: &str, line: usize) -> Span {
        let start = self.line_start(line);
        let next = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.len)
            .min(text.len());
        let body = text.get(start..next).unwrap_or("");
        let trimmed = body.trim_end_matches(['\n', '\r']);
        Span::new(start, start + trimmed.len())
    }

    /// Line and column of `offset` in `text` (the text this index was
    /// built from).
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let column = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start)
            + 1;
        LineCol { line, column }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters() {
        let text = "FROM a\nRUN é x\r\nCMD y";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        assert_eq!(index.line_col(text, 0), LineCol { line: 1, column: 1 });
        let x = text.find(" x").unwrap() + 1;
        assert_eq!(index.line_col(text, x), LineCol { line: 2, column: 7 });
        let cmd = text.find("CMD").unwrap();
        assert_eq!(index.line_col(text, cmd), LineCol { line: 3, column: 1 });
        assert_eq!(index.line_span(text, 2).text(text), "RUN é x");
    }

    #[test]
    fn trailing_newline_opens_no_line() {
        let index = LineIndex::new("a\nb\n");
        assert_eq!(index.line_count(), 2);
        assert_eq!(LineIndex::new("").line_count(), 1);
    }
}
