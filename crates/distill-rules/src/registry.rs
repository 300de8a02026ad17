//! Every rule, in one place.

use std::sync::OnceLock;

use crate::rule::RuleMeta;
use crate::{dockerfile, manifest};

/// Every rule, sorted by code, each once.
pub fn all_rules() -> &'static [&'static RuleMeta] {
    static RULES: OnceLock<Vec<&'static RuleMeta>> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut rules: Vec<&'static RuleMeta> =
            dockerfile::checks().iter().map(|c| c.rule).collect();
        rules.extend(manifest::rules());
        rules.sort_by_key(|r| r.code);
        rules.dedup_by_key(|r| r.code);
        rules
    })
}

/// The rule with `code`.
pub fn rule(code: &str) -> Option<&'static RuleMeta> {
    all_rules().iter().copied().find(|r| r.code == code)
}

/// Every rule's documentation page, for `docs/rules/`: `(file name,
/// contents)`, plus an index page.
pub fn doc_pages() -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = all_rules()
        .iter()
        .map(|r| (format!("{}.md", r.code), r.page()))
        .collect();
    let mut index = String::from(
        "# distill rules\n\nGenerated from the rules' own documentation; `distill rule CODE` prints the same text.\n\n| code | name | default | summary |\n| --- | --- | --- | --- |\n",
    );
    for rule in all_rules() {
        index.push_str(&format!(
            "| [{code}]({code}.md) | {} | {} | {} |\n",
            rule.name,
            rule.severity,
            rule.summary,
            code = rule.code
        ));
    }
    pages.push(("README.md".to_string(), index));
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let rules = all_rules();
        let mut names: Vec<&str> = rules.iter().map(|r| r.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), rules.len(), "rule names repeat");
        for rule in rules {
            assert!(
                rule.code.len() == 5 && rule.code[2..].chars().all(|c| c.is_ascii_digit()),
                "{}",
                rule.code
            );
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()),
                "{}",
                rule.name
            );
            for section in [
                "## What it finds",
                "## Why it matters",
                "## Example",
                "## Fix",
            ] {
                assert!(rule.doc.contains(section), "{} lacks {section}", rule.code);
            }
        }
    }
}
