//! Suppressions in manifests and Compose files.
//!
//! - The annotation `distill/ignore: "HD101,HD106 -- reason"` on a
//!   workload (or on its pod template) silences those codes for the whole
//!   object.
//! - `# distill-ignore: CODE[,CODE] -- reason` on the line above a field
//!   or a list item silences those codes for that field and everything
//!   nested under it; `# distill-ignore-file: CODE` for the whole file.

use distill_manifest::kube::{Object, PodSpec};
use distill_report::Finding;

use crate::suppress::{Directive, code_matches, parse_comment};

/// The annotation key that lists the codes an object ignores.
pub const IGNORE_ANNOTATION: &str = "distill/ignore";

/// The codes the object's `distill/ignore` annotations list.
pub fn annotation_codes(object: &Object<'_, '_>, pod: &PodSpec<'_, '_>) -> Vec<String> {
    object
        .annotations()
        .into_iter()
        .chain(pod.annotations())
        .filter(|(key, _)| *key == IGNORE_ANNOTATION)
        .filter_map(|(_, value)| value.as_str())
        .flat_map(|value| {
            let codes = value.split("--").next().unwrap_or("");
            codes
                .split([',', ' '])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// What the comments of a YAML file silence.
#[derive(Debug, Default)]
pub struct Comments {
    file: Vec<String>,
    /// Byte ranges with the codes silenced in them.
    blocks: Vec<(usize, usize, Vec<String>)>,
}

impl Comments {
    /// Read the comments of `text`.
    pub fn read(text: &str) -> Self {
        let mut out = Comments::default();
        let lines = lines_of(text);
        let mut pending: Vec<String> = Vec::new();
        for (at, line) in lines.iter().enumerate() {
            let trimmed = line.text.trim();
            if trimmed.starts_with('#') {
                match parse_comment(trimmed) {
                    Some(Directive::File(codes)) => out.file.extend(codes),
                    Some(Directive::Next(codes)) => pending.extend(codes),
                    None => {}
                }
                continue;
            }
            if trimmed.is_empty() {
                // A blank line ends the comment block above a field.
                pending.clear();
                continue;
            }
            if !pending.is_empty() {
                let end = block_end(&lines, at);
                out.blocks
                    .push((line.start, end, std::mem::take(&mut pending)));
            }
        }
        out
    }

    /// Whether a finding is silenced.
    pub fn silences(&self, finding: &Finding) -> bool {
        let matches = |codes: &[String]| codes.iter().any(|p| code_matches(p, finding.code));
        matches(&self.file)
            || self.blocks.iter().any(|(start, end, codes)| {
                *start <= finding.span.start && finding.span.start < *end && matches(codes)
            })
    }
}

struct Line<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

fn lines_of(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        out.push(Line {
            start,
            end: start + piece.len(),
            text: piece.trim_end_matches(['\n', '\r']),
        });
        start += piece.len();
    }
    out
}

fn indent(text: &str) -> usize {
    text.len() - text.trim_start_matches(' ').len()
}

/// The end of the block that starts at line `first`: the lines indented
/// deeper than it, and, after a `key:` line, the `- item` lines at its own
/// indentation (`containers:` followed by `- name: app` at the same
/// column is common in Kubernetes manifests).
fn block_end(lines: &[Line<'_>], first: usize) -> usize {
    let head = &lines[first];
    let head_indent = indent(head.text);
    let opens_list = head.text.trim_end().ends_with(':');
    let mut end = head.end;
    for line in &lines[first + 1..] {
        let trimmed = line.text.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let depth = indent(line.text);
        let same_level_item = opens_list && depth == head_indent && trimmed.starts_with('-');
        if depth > head_indent || same_level_item {
            end = line.end;
        } else {
            break;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_covers_the_field_below_and_what_it_holds() {
        let text = "\
spec:
  # distill-ignore: HD101 -- writes its cache
  containers:
  - name: app
    securityContext: {}
  volumes: []
# distill-ignore-file: IR
";
        let comments = Comments::read(text);
        assert_eq!(comments.file, ["IR"]);
        let (start, end, codes) = &comments.blocks[0];
        assert_eq!(
            &text[*start..*end],
            "  containers:\n  - name: app\n    securityContext: {}\n"
        );
        assert_eq!(codes, &["HD101"]);
    }
}
