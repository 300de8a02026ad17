//! Image references (`registry/repository:tag@digest`) with Docker Hub's
//! defaults, parsed by the OCI reference grammar of the `oci-spec` crate.

use std::fmt;

use oci_spec::distribution::Reference;

/// A parsed image reference.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ImageRef {
    /// The reference as written.
    pub original: String,
    /// The registry host, `docker.io` for Docker Hub.
    pub registry: String,
    /// The repository path, with `library/` for Docker Hub official images.
    pub repository: String,
    /// The tag as written; `None` when no tag was written.
    pub tag: Option<String>,
    /// The digest (`sha256:...`), if pinned.
    pub digest: Option<String>,
}

/// Why a reference does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRefError {
    /// The text that was given.
    pub text: String,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for ImageRefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid image reference {:?}: {}",
            self.text, self.reason
        )
    }
}

impl std::error::Error for ImageRefError {}

impl ImageRef {
    /// Parse a reference as `docker pull` would.
    pub fn parse(text: &str) -> Result<ImageRef, ImageRefError> {
        let reference = Reference::try_from(text).map_err(|err| ImageRefError {
            text: text.to_string(),
            reason: err.to_string(),
        })?;
        if reference
            .repository()
            .chars()
            .any(|c| c.is_ascii_uppercase())
        {
            return Err(ImageRefError {
                text: text.to_string(),
                reason: "repository name must be lowercase".to_string(),
            });
        }
        let digest = reference.digest().map(str::to_string);
        let without_digest = text.split('@').next().unwrap_or(text);
        let last_segment = without_digest.rsplit('/').next().unwrap_or(without_digest);
        // oci-spec fills in `latest` when no tag is written; keep what the
        // user wrote.
        let tag = if last_segment.contains(':') {
            reference.tag().map(str::to_string)
        } else {
            None
        };
        Ok(ImageRef {
            original: text.to_string(),
            registry: reference.registry().to_string(),
            repository: reference.repository().to_string(),
            tag,
            digest,
        })
    }

    /// True for `scratch`, the empty image.
    pub fn is_scratch(&self) -> bool {
        self.registry == "docker.io" && self.repository == "library/scratch"
    }

    /// True for images on Docker Hub.
    pub fn is_docker_hub(&self) -> bool {
        self.registry == "docker.io"
    }

    /// The tag that is pulled: the written tag, or `latest` when neither a
    /// tag nor a digest is written.
    pub fn effective_tag(&self) -> Option<&str> {
        match (&self.tag, &self.digest) {
            (Some(tag), _) => Some(tag),
            (None, None) => Some("latest"),
            (None, Some(_)) => None,
        }
    }

    /// The short name users write: `python`, `bitnami/redis`,
    /// `gcr.io/distroless/static-debian12`.
    pub fn short_name(&self) -> String {
        if self.is_docker_hub() {
            self.repository
                .strip_prefix("library/")
                .unwrap_or(&self.repository)
                .to_string()
        } else {
            format!("{}/{}", self.registry, self.repository)
        }
    }
}

impl fmt::Display for ImageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.original)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_hub_defaults() {
        let r = ImageRef::parse("python:3.12-slim").unwrap();
        assert_eq!(r.registry, "docker.io");
        assert_eq!(r.repository, "library/python");
        assert_eq!(r.tag.as_deref(), Some("3.12-slim"));
        assert_eq!(r.short_name(), "python");
        let r = ImageRef::parse("ubuntu").unwrap();
        assert_eq!(r.tag, None);
        assert_eq!(r.effective_tag(), Some("latest"));
    }

    #[test]
    fn registries_ports_and_digests() {
        let digest = format!("sha256:{}", "a".repeat(64));
        let r = ImageRef::parse(&format!("localhost:5000/team/app@{digest}")).unwrap();
        assert_eq!(r.registry, "localhost:5000");
        assert_eq!(r.repository, "team/app");
        assert_eq!(r.tag, None);
        assert_eq!(r.digest.as_deref(), Some(digest.as_str()));
        let r = ImageRef::parse("gcr.io/distroless/static-debian12:nonroot").unwrap();
        assert_eq!(r.short_name(), "gcr.io/distroless/static-debian12");
        assert!(ImageRef::parse("scratch").unwrap().is_scratch());
    }

    #[test]
    fn invalid_references() {
        for bad in ["", "UPPER/case", "a b", "x@sha256:abc", "${BASE}"] {
            assert!(ImageRef::parse(bad).is_err(), "{bad}");
        }
    }
}
