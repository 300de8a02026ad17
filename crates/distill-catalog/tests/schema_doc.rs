//! Every TOML example in SCHEMA.md parses, so the document cannot drift from the code.

use distill_catalog::Catalog;

const SCHEMA: &str = include_str!("../SCHEMA.md");

fn toml_examples(markdown: &str) -> Vec<(usize, String)> {
    let mut examples = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (index, line) in markdown.lines().enumerate() {
        match &mut current {
            None if line.trim() == "```toml" => current = Some((index + 1, String::new())),
            None => {}
            Some(_) if line.trim() == "```" => examples.extend(current.take()),
            Some((_, text)) => {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    assert!(current.is_none(), "SCHEMA.md has an unclosed code block");
    examples
}

#[test]
fn every_schema_example_parses() {
    let examples = toml_examples(SCHEMA);
    assert!(examples.len() >= 4, "SCHEMA.md should show its examples");
    for (line, text) in examples {
        if let Err(error) = Catalog::from_toml(&text) {
            panic!("SCHEMA.md example at line {line}: {error}");
        }
    }
}

#[test]
fn the_variant_example_behaves_as_described() {
    let examples = toml_examples(SCHEMA);
    let (_, text) = examples
        .iter()
        .find(|(_, text)| text.contains("acme-runtime"))
        .expect("the variant example is in SCHEMA.md");
    let catalog = Catalog::from_toml(text).expect("example parses");

    let hardened = catalog
        .lookup(
            "registry.acme.example",
            "base/runtime",
            Some("1.4-hardened"),
        )
        .expect("1.4-hardened is described");
    assert!(!hardened.has_shell());
    assert_eq!(hardened.distro.as_deref(), Some("debian11"));
    assert!(
        catalog
            .lookup("registry.acme.example", "base/runtime", Some("3.0"))
            .is_none()
    );
}

#[test]
fn the_builtin_set_names_listed_in_the_schema_exist() {
    // The paragraph on built-in sets lists them in backticks after "name the built-in sets too".
    let start = SCHEMA
        .find("built-in sets too")
        .expect("the list is in SCHEMA.md");
    let paragraph = &SCHEMA[start
        ..SCHEMA[start..]
            .find("\n\n")
            .map_or(SCHEMA.len(), |end| start + end)];
    let names: Vec<&str> = paragraph.split('`').skip(1).step_by(2).collect();
    assert!(names.len() >= 5);
    for name in names {
        let text = format!(
            "[[image]]\nid = \"x\"\nrepositories = [\"x\"]\nfamily = \"debian\"\nshell = \"bash\"\n\
             package_manager = \"apt\"\nlibc = \"glibc\"\nuser = \"root\"\nrole = \"runtime\"\n\
             variant_sets = [\"{name}\"]\n"
        );
        if let Err(error) = Catalog::from_toml(&text) {
            panic!("built-in set `{name}`: {error}");
        }
    }
}
