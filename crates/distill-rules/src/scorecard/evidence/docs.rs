//! Documentation that tells how to debug without a shell in the image:
//! `kubectl debug`, which attaches an ephemeral container.

use super::Located;
use crate::scorecard::SignalKind;

/// The first `kubectl debug` command in a document: the words followed by
/// flags on the same line (`kubectl debug -it POD --image=busybox`), not a
/// sentence that merely names the command.
pub(crate) fn debug_docs_signals(text: &str) -> Vec<Located> {
    text.match_indices("kubectl debug")
        .find(|(at, found)| {
            let rest = &text[at + found.len()..];
            let line = rest.split('\n').next().unwrap_or("");
            line.starts_with([' ', '\t']) && line.split_whitespace().any(|w| w.starts_with('-'))
        })
        .map(|(offset, _)| Located {
            kind: SignalKind::DebugDocs,
            offset,
            note: "the documentation shows `kubectl debug` with an ephemeral container".to_string(),
        })
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_count_and_mentions_do_not() {
        let command = "Run:\n\n    kubectl debug -it web-0 --image=busybox:1.36 --target=web\n";
        assert_eq!(debug_docs_signals(command).len(), 1);
        let prose = "This removes the need to drop out to kubectl debug.\nkubectl debug\n";
        assert!(debug_docs_signals(prose).is_empty());
    }
}
