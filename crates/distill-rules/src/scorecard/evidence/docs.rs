//! Documentation that tells how to debug without a shell in the image:
//! `kubectl debug`, which attaches an ephemeral container.

use super::Located;
use crate::scorecard::SignalKind;

/// The first mention of `kubectl debug` in a document.
pub(crate) fn debug_docs_signals(text: &str) -> Vec<Located> {
    text.find("kubectl debug")
        .map(|offset| Located {
            kind: SignalKind::DebugDocs,
            offset,
            note: "the documentation shows `kubectl debug` with an ephemeral container".to_string(),
        })
        .into_iter()
        .collect()
}
