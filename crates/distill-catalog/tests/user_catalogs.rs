//! Users' own catalogs: parsing, errors with positions, and merging.

use distill_catalog::{Catalog, CatalogError, DefaultUser, Family, Shell};

const ACME: &str = r#"
[[image]]
id = "acme-base"
repositories = ["registry.acme.example/base/debian"]
family = "debian"
distro = "debian12"
shell = "bash"
package_manager = "apt"
libc = "glibc"
user = "root"
role = "runtime"
variant_sets = ["distroless-tags"]
"#;

fn parse_error(text: &str) -> CatalogError {
    match Catalog::from_toml(text) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(error) => error,
    }
}

#[test]
fn a_user_entry_can_use_builtin_variant_sets() {
    let catalog = Catalog::from_toml(ACME).expect("valid catalog");
    let facts = catalog
        .lookup(
            "registry.acme.example",
            "base/debian",
            Some("debug-nonroot"),
        )
        .expect("acme base is known");
    assert_eq!(facts.shell, Shell::Busybox);
    assert_eq!(facts.default_user, DefaultUser::NonRoot { uid: 65532 });
    assert!(facts.debug_variant);
}

#[test]
fn extending_adds_entries_and_user_entries_win() {
    let mut catalog = Catalog::builtin().clone();
    let before = catalog.entries().count();

    let overrides = Catalog::from_toml(
        r#"
[[image]]
id = "acme-python"
repositories = ["python"]
family = "language-image"
distro = "debian12"
shell = "bash"
package_manager = "apt"
libc = "glibc"
user = 1000
role = "runtime"
language = "python"

[[image]]
id = "scratch"
repositories = ["scratch"]
family = "scratch"
shell = "none"
package_manager = "none"
libc = "none"
user = "unknown"
role = "runtime"
"#,
    )
    .expect("valid catalog");
    catalog.extend(overrides);
    catalog.extend(Catalog::from_toml(ACME).expect("valid catalog"));

    // acme-python and acme-base are new; scratch replaced the built-in one.
    assert_eq!(catalog.entries().count(), before + 2);

    let python = catalog
        .lookup("docker.io", "library/python", Some("3.12"))
        .expect("python");
    assert_eq!(python.id, "acme-python");
    assert_eq!(python.default_user, DefaultUser::NonRoot { uid: 1000 });

    let scratch = catalog
        .lookup("docker.io", "scratch", None)
        .expect("scratch");
    assert_eq!(scratch.default_user, DefaultUser::Unknown);
    assert_eq!(
        catalog.get("scratch").map(|e| e.facts().family),
        Some(Family::Scratch)
    );

    assert!(
        catalog
            .lookup("registry.acme.example", "base/debian", None)
            .is_some()
    );
    assert!(
        Catalog::builtin()
            .lookup("registry.acme.example", "base/debian", None)
            .is_none()
    );
}

#[test]
fn a_syntax_error_names_line_and_column() {
    let error = parse_error("[[image]]\nid = \"broken\nrepositories = []\n");
    assert_eq!((error.line(), error.column()), (2, 13), "{error}");
}

#[test]
fn an_unknown_key_names_its_line() {
    let text = ACME.replace("libc = \"glibc\"", "libc = \"glibc\"\nshel = \"bash\"");
    let error = parse_error(&text);
    assert_eq!((error.line(), error.column()), (10, 1), "{error}");
    assert!(error.message().contains("shel"), "{error}");
}

#[test]
fn a_wrong_value_names_its_position() {
    let text = ACME.replace("shell = \"bash\"", "shell = \"zsh\"");
    let error = parse_error(&text);
    assert_eq!((error.line(), error.column()), (7, 9), "{error}");
}

#[test]
fn a_missing_fact_points_at_the_image_id() {
    let text = ACME.replace("shell = \"bash\"\n", "");
    let error = parse_error(&text);
    assert_eq!((error.line(), error.column()), (3, 6), "{error}");
    assert!(error.message().contains("`shell`"), "{error}");
}

#[test]
fn an_unknown_variant_set_points_at_its_name() {
    let text = ACME.replace("[\"distroless-tags\"]", "[\"distroless-tags\", \"nope\"]");
    let error = parse_error(&text);
    assert_eq!((error.line(), error.column()), (12, 36), "{error}");
    assert!(error.message().contains("nope"), "{error}");
}

#[test]
fn repositories_and_tags_are_checked() {
    let with_tag = ACME.replace("base/debian\"", "base/debian:12\"");
    let error = parse_error(&with_tag);
    assert_eq!(error.line(), 4, "{error}");

    let bad_tag = format!("{ACME}\n[[image.variant]]\nname = \"v\"\ntags = [\"1 0\"]\n");
    let error = parse_error(&bad_tag);
    assert_eq!(error.line(), 16, "{error}");

    let no_matcher = format!("{ACME}\n[[image.variant]]\nname = \"everything\"\ndebug = true\n");
    let error = parse_error(&no_matcher);
    assert_eq!(error.line(), 15, "{error}");
}

#[test]
fn duplicate_ids_are_rejected() {
    let error = parse_error(&format!("{ACME}{ACME}"));
    assert_eq!(error.line(), 15, "{error}");
    assert!(
        error.to_string().starts_with("line 15, column 6:"),
        "{error}"
    );
}
