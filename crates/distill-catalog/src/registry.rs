//! Registry and repository names as the catalog compares them.
//!
//! Every repository, whether written in the data file or passed to a
//! lookup, is turned into one key: `registry/repository`, lowercase, with
//! Docker Hub spelled `docker.io` and its official images under `library/`.
//! The rules are Docker's reference normalization (distribution/reference,
//! `ParseNormalizedNamed`) plus the well-known mirrors of Docker Hub.

/// Docker Hub, as the key spells it.
const DOCKER_HUB: &str = "docker.io";

/// The key for a registry and repository as a reference parser gives them
/// ("docker.io" + "library/python", "gcr.io" + "distroless/static-debian12").
///
/// An empty registry means the repository is a full name still to be split
/// ("python", "gcr.io/distroless/static").
pub(crate) fn reference_key(registry: &str, repository: &str) -> String {
    let repository = repository.trim().trim_matches('/').to_ascii_lowercase();
    let registry = registry.trim().trim_end_matches('/').to_ascii_lowercase();
    if registry.is_empty() {
        return name_key(&repository);
    }
    hub_aliases(&registry, &repository)
}

/// The key for a full name as written in the data file: the first path
/// component is a registry when it looks like a host (has a `.` or a `:`,
/// or is `localhost`), otherwise the name is on Docker Hub.
pub(crate) fn name_key(name: &str) -> String {
    let name = name.trim().trim_matches('/').to_ascii_lowercase();
    match name.split_once('/') {
        Some((first, rest)) if looks_like_host(first) => hub_aliases(first, rest),
        _ => hub_aliases(DOCKER_HUB, &name),
    }
}

fn looks_like_host(component: &str) -> bool {
    component.contains('.') || component.contains(':') || component == "localhost"
}

/// Folds the names under which Docker Hub images are also served onto
/// `docker.io`, and puts one-component Hub names under `library/`.
fn hub_aliases(registry: &str, repository: &str) -> String {
    let (registry, repository) = match registry {
        "docker.io" | "index.docker.io" | "registry-1.docker.io" | "registry.hub.docker.com" => {
            (DOCKER_HUB, repository)
        }
        // Google's pull-through cache of Docker Hub.
        "mirror.gcr.io" => (DOCKER_HUB, repository),
        // Amazon's copy of the Docker Official Images.
        "public.ecr.aws" => match repository.strip_prefix("docker/") {
            Some(rest) if rest.starts_with("library/") => (DOCKER_HUB, rest),
            _ => (registry, repository),
        },
        _ => (registry, repository),
    };

    if registry == DOCKER_HUB && !repository.contains('/') {
        format!("{DOCKER_HUB}/library/{repository}")
    } else {
        format!("{registry}/{repository}")
    }
}

/// Why a repository pattern from the data file is not usable, if it is not.
pub(crate) fn check_pattern(pattern: &str) -> Result<(), String> {
    if pattern.trim().is_empty() {
        return Err("a repository pattern must not be empty".to_owned());
    }
    if let Some(bad) = pattern
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/' | ':' | '*')))
    {
        return Err(format!(
            "repository pattern `{pattern}` contains `{bad}`; write the repository without a tag or digest"
        ));
    }
    // A leading `*` would be read as a Docker Hub path, not as "any registry".
    if pattern
        .split('/')
        .next()
        .is_some_and(|first| first.contains('*'))
    {
        return Err(format!(
            "repository pattern `{pattern}` must start with a registry host or a Docker Hub name, not `*`"
        ));
    }
    let key = name_key(pattern);
    let path = key.split_once('/').map_or("", |(_, path)| path);
    if path.contains(':') {
        return Err(format!(
            "repository pattern `{pattern}` contains a tag; tags go in `tags` or `known_tags`"
        ));
    }
    if path.split('/').any(str::is_empty) {
        return Err(format!(
            "repository pattern `{pattern}` has an empty path component"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{check_pattern, name_key, reference_key};

    #[test]
    fn docker_hub_aliases_share_one_key() {
        let expected = "docker.io/library/python";
        let spellings = [
            ("docker.io", "library/python"),
            ("docker.io", "python"),
            ("index.docker.io", "library/python"),
            ("registry-1.docker.io", "python"),
            ("mirror.gcr.io", "library/python"),
            ("public.ecr.aws", "docker/library/python"),
            ("DOCKER.IO", "Python"),
            ("", "python"),
            ("", "docker.io/library/python"),
        ];
        for (registry, repository) in spellings {
            assert_eq!(
                reference_key(registry, repository),
                expected,
                "{registry} {repository}"
            );
        }
    }

    #[test]
    fn other_registries_are_kept_apart() {
        assert_eq!(
            reference_key("gcr.io", "distroless/static-debian12"),
            "gcr.io/distroless/static-debian12"
        );
        assert_eq!(
            reference_key("public.ecr.aws", "ubuntu/ubuntu"),
            "public.ecr.aws/ubuntu/ubuntu"
        );
        assert_eq!(
            reference_key("docker.io", "redhat/ubi9"),
            "docker.io/redhat/ubi9"
        );
        assert_eq!(name_key("localhost/app"), "localhost/app");
        assert_eq!(
            name_key("registry.example.com:5000/team/app"),
            "registry.example.com:5000/team/app"
        );
    }

    #[test]
    fn patterns_reject_tags_and_digests() {
        assert!(check_pattern("python").is_ok());
        assert!(check_pattern("cgr.dev/*/python").is_ok());
        assert!(check_pattern("registry.example.com:5000/app").is_ok());
        assert!(check_pattern("python:3.12").is_err());
        assert!(check_pattern("python@sha256:abc").is_err());
        assert!(check_pattern("gcr.io//static").is_err());
        assert!(check_pattern(" ").is_err());
        assert!(check_pattern("*/ubi8").is_err());
    }
}
