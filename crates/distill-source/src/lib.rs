//! Source text plumbing shared by every distill model: byte spans, the
//! mapping from byte offsets to 1-based lines and columns, and text edits
//! that rewrite a file without disturbing the bytes around them.

mod edit;
mod line_index;
mod span;

pub use edit::{Applicability, Edit, EditError, apply_edits};
pub use line_index::{LineCol, LineIndex};
pub use span::Span;
