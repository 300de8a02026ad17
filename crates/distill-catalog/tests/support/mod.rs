//! Splits image references the way the Dockerfile crate's parser hands them
//! to the catalog, so tests can be written as `FROM` references.

/// `(registry, repository, tag)` for `name[:tag][@digest]`.
pub fn split_reference(reference: &str) -> (String, String, Option<String>) {
    let name = reference
        .split_once('@')
        .map_or(reference, |(name, _digest)| name);
    let (name, tag) = match name.rsplit_once(':') {
        Some((name, tag)) if !tag.contains('/') => (name, Some(tag.to_owned())),
        _ => (name, None),
    };
    match name.split_once('/') {
        Some((first, rest))
            if first.contains('.') || first.contains(':') || first == "localhost" =>
        {
            (first.to_owned(), rest.to_owned(), tag)
        }
        _ => ("docker.io".to_owned(), name.to_owned(), tag),
    }
}
