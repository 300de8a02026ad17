//! `docs/rules/` is generated from the rules' own documentation; this test
//! fails when it is stale. Regenerate with
//! `DISTILL_UPDATE_DOCS=1 cargo test -p distill-rules --test docs_up_to_date`.

use std::path::Path;

use distill_rules::registry::doc_pages;

#[test]
fn rule_docs_are_up_to_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules");
    let pages = doc_pages();
    if std::env::var_os("DISTILL_UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(&dir).expect("create docs/rules");
        for entry in std::fs::read_dir(&dir).expect("list docs/rules") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "md") {
                std::fs::remove_file(path).expect("remove an old page");
            }
        }
        for (name, text) in &pages {
            std::fs::write(dir.join(name), text).expect("write a page");
        }
    }
    let mut stale = Vec::new();
    for (name, text) in &pages {
        match std::fs::read_to_string(dir.join(name)) {
            Ok(on_disk) if &on_disk == text => {}
            Ok(_) => stale.push(format!("{name} differs")),
            Err(_) => stale.push(format!("{name} is missing")),
        }
    }
    let expected: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.ends_with(".md") && !expected.contains(&name.as_str()) {
            stale.push(format!("{name} documents no rule"));
        }
    }
    assert!(
        stale.is_empty(),
        "docs/rules is stale ({}); regenerate with DISTILL_UPDATE_DOCS=1 cargo test -p distill-rules --test docs_up_to_date",
        stale.join(", ")
    );
}

#[test]
fn scorecard_doc_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/scorecard.md");
    let page = distill_rules::scorecard::doc_page();
    if std::env::var_os("DISTILL_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &page).expect("write docs/scorecard.md");
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == page,
        "docs/scorecard.md is stale; regenerate with DISTILL_UPDATE_DOCS=1 cargo test -p distill-rules --test docs_up_to_date"
    );
}
