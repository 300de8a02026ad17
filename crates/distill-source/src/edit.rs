use std::fmt;

use crate::Span;

/// How safe it is to apply a fix without a human looking at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// Keeps the meaning of the file; applied by `--fix`.
    Safe,
    /// Changes behaviour in a way the user should review; applied only
    /// with `--unsafe-fixes`.
    Unsafe,
    /// Shown as a suggestion, never applied.
    DisplayOnly,
}

impl Applicability {
    /// The lowercase name used in JSON output and configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// Replace the bytes of `span` with `replacement` (an empty span inserts).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edit {
    /// The bytes to replace.
    pub span: Span,
    /// The new text.
    pub replacement: String,
}

impl Edit {
    /// Replace `span` with `replacement`.
    pub fn replace(span: Span, replacement: impl Into<String>) -> Self {
        Edit {
            span,
            replacement: replacement.into(),
        }
    }

    /// Insert `text` at `offset`.
    pub fn insert(offset: usize, text: impl Into<String>) -> Self {
        Edit::replace(Span::empty(offset), text)
    }

    /// Delete the bytes of `span`.
    pub fn delete(span: Span) -> Self {
        Edit::replace(span, "")
    }
}

/// Why a set of edits could not be applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// Two edits touch the same bytes.
    Overlap(Span, Span),
    /// An edit reaches past the end of the text or splits a character.
    OutOfBounds(Span),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::Overlap(a, b) => write!(f, "edits at {a} and {b} overlap"),
            EditError::OutOfBounds(s) => write!(f, "edit at {s} is outside the text"),
        }
    }
}

impl std::error::Error for EditError {}

/// Apply `edits` to `text`. Edits may come in any order; two insertions at
/// the same offset keep their given order. Overlapping edits are refused
/// so that no fix silently eats another.
pub fn apply_edits(text: &str, edits: &[Edit]) -> Result<String, EditError> {
    let mut order: Vec<usize> = (0..edits.len()).collect();
    order.sort_by_key(|&i| (edits[i].span.start, edits[i].span.end, i));

    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    let mut previous: Option<Span> = None;
    for i in order {
        let span = edits[i].span;
        if span.end > text.len()
            || !text.is_char_boundary(span.start)
            || !text.is_char_boundary(span.end)
        {
            return Err(EditError::OutOfBounds(span));
        }
        if let Some(prev) = previous {
            let touches_inside = span.start < prev.end;
            let replaces_same_point = !prev.is_empty() && span.start == prev.start;
            if touches_inside || replaces_same_point {
                return Err(EditError::Overlap(prev, span));
            }
        }
        out.push_str(&text[cursor..span.start]);
        out.push_str(&edits[i].replacement);
        cursor = span.end;
        previous = Some(span);
    }
    out.push_str(&text[cursor..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_in_offset_order() {
        let text = "FROM ubuntu\nUSER root\n";
        let edits = [
            Edit::replace(Span::new(17, 21), "65532"),
            Edit::replace(Span::new(5, 11), "debian"),
        ];
        assert_eq!(
            apply_edits(text, &edits).unwrap(),
            "FROM debian\nUSER 65532\n"
        );
    }

    #[test]
    fn insertions_at_one_point_keep_order() {
        let edits = [Edit::insert(1, "x"), Edit::insert(1, "y")];
        assert_eq!(apply_edits("ab", &edits).unwrap(), "axyb");
    }

    #[test]
    fn refuses_overlap_and_out_of_bounds() {
        let overlap = [
            Edit::replace(Span::new(0, 3), ""),
            Edit::replace(Span::new(2, 4), ""),
        ];
        assert!(matches!(
            apply_edits("abcdef", &overlap),
            Err(EditError::Overlap(..))
        ));
        let outside = [Edit::replace(Span::new(2, 9), "")];
        assert!(matches!(
            apply_edits("abc", &outside),
            Err(EditError::OutOfBounds(_))
        ));
    }
}
