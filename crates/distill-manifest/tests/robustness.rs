//! Hostile and odd input: reading never panics, and every span it gives
//! lies inside the text on character boundaries.

use distill_manifest::{Node, Yaml};
use proptest::prelude::*;

fn check_spans(text: &str, node: Node<'_, '_>, depth: usize) {
    let span = node.span();
    assert!(span.start <= span.end && span.end <= text.len(), "{span:?}");
    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
    if depth > 12 {
        return;
    }
    for item in node.items() {
        check_spans(text, item, depth + 1);
    }
    for entry in node.own_entries() {
        check_spans(text, entry.key, depth + 1);
        check_spans(text, entry.value, depth + 1);
    }
}

fn read(text: &str) {
    let yaml = Yaml::parse(text);
    for doc in &yaml.documents {
        if let Some(root) = doc.root() {
            check_spans(text, root, 0);
        }
        for span in doc.member_spans(text) {
            assert!(span.end <= text.len());
        }
    }
    for error in &yaml.errors {
        assert!(error.span.end <= text.len());
    }
    let _ = yaml.has_collection_keys();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        read(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn yaml_like_text(text in "[-:{}\\[\\],&*!|>'\"#%@` \t\n\ra-z0-9é<]{0,300}") {
        read(&text);
    }
}

#[test]
fn deep_nesting_and_alias_loops() {
    read(&"[".repeat(100_000));
    read(&format!("{}a{}", "{".repeat(5_000), "}".repeat(5_000)));
    read(&"- ".repeat(20_000));
    read("a: &x [*x, *x]\nb: *x\n");
    read("a: &x {<<: *x}\nb:\n  <<: *x\n");
    read("a: &x {<<: [*x, *x, *x, *x]}\nb: {<<: [*x, *x, *x, *x]}\n");
    let yaml = Yaml::parse("a: &x {<<: [*x, *x, *x, *x]}\n");
    let a = yaml.documents[0].root().unwrap().get("a").unwrap();
    assert!(a.entries().is_empty() && a.get("k").is_none());
    let yaml = Yaml::parse("a: &x {<<: *x}\n");
    let a = yaml.documents[0].root().unwrap().get("a").unwrap();
    assert!(a.get("missing").is_none());
    assert!(a.entries().is_empty());
}

#[test]
fn many_documents_with_errors_between() {
    let text = "---\na: 1\n---\n: : :\n---\nb: [\n---\nc: 3\n".repeat(200);
    let yaml = Yaml::parse(&text);
    assert_eq!(yaml.documents.len(), 600);
    assert_eq!(yaml.errors.len(), 200);
}
