//! Image references (`registry/repository:tag@digest`) with Docker Hub's
//! defaults, read by the grammar of the distribution project's `reference`
//! package (the one `docker pull` and BuildKit use):
//!
//! ```text
//! reference   := name [ ":" tag ] [ "@" digest ]
//! name        := [ domain "/" ] path
//! domain      := host [ ":" port ]           host: DNS name, IPv4 or [IPv6]
//! path        := component [ "/" component ]*
//! component   := [a-z0-9]+ ( ( [._] | "__" | "-"* ) [a-z0-9]+ )*
//! tag         := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
//! digest      := algorithm ":" hex           (sha256: 64, sha384: 96, sha512: 128 hex digits)
//! ```
//!
//! The first path element is a registry only when it contains `.` or `:`,
//! is `localhost`, or has an upper-case letter; otherwise the image is on
//! Docker Hub, where a one-element path is an official image under
//! `library/`.
//!
//! The grammar is written out by hand rather than as one regular
//! expression: compiling the reference regular expression (as the
//! `oci-spec` crate does) costs about 100 ms and 20 MB per process, more
//! than auditing a thousand Dockerfiles. The tests compare this parser with
//! `oci-spec` on generated references.

use std::fmt;

/// The longest name the distribution project accepts.
const NAME_TOTAL_LENGTH_MAX: usize = 255;

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

fn is_alnum_lower(c: u8) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// `[a-z0-9]+ ( ( [._] | "__" | "-"* ) [a-z0-9]+ )*`
fn is_path_component(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.is_empty() || !is_alnum_lower(bytes[0]) || !is_alnum_lower(bytes[bytes.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if is_alnum_lower(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !is_alnum_lower(bytes[i]) {
            i += 1;
        }
        let separator = &text[start..i];
        let valid = matches!(separator, "." | "_" | "__") || separator.bytes().all(|b| b == b'-');
        if !valid {
            return false;
        }
    }
    true
}

/// `[a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]`
fn is_domain_component(text: &str) -> bool {
    let bytes = text.as_bytes();
    !bytes.is_empty()
        && bytes[0].is_ascii_alphanumeric()
        && bytes[bytes.len() - 1].is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
}

/// A host with an optional port: DNS name, IPv4 or bracketed IPv6.
fn is_domain(text: &str) -> bool {
    let (host, port) = if let Some(rest) = text.strip_prefix('[') {
        let Some(close) = rest.find(']') else {
            return false;
        };
        let address = &rest[..close];
        let valid_v6 = !address.is_empty()
            && address.contains(':')
            && address
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
        if !valid_v6 {
            return false;
        }
        let after = &rest[close + 1..];
        match after.strip_prefix(':') {
            Some(port) => return !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()),
            None => return after.is_empty(),
        }
    } else {
        match text.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (text, None),
        }
    };
    if let Some(port) = port {
        if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    !host.is_empty() && host.split('.').all(is_domain_component)
}

/// `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`
fn is_tag(text: &str) -> bool {
    let bytes = text.as_bytes();
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    !bytes.is_empty()
        && bytes.len() <= 128
        && word(&bytes[0])
        && bytes[1..]
            .iter()
            .all(|b| word(b) || *b == b'.' || *b == b'-')
}

fn check_digest(text: &str) -> Result<(), String> {
    let Some((algorithm, hex)) = text.split_once(':') else {
        return Err("invalid checksum digest format".to_string());
    };
    let algorithm_ok = !algorithm.is_empty()
        && algorithm.split(['+', '.', '-', '_']).all(|part| {
            let bytes = part.as_bytes();
            !bytes.is_empty()
                && bytes[0].is_ascii_alphabetic()
                && bytes.iter().all(|b| b.is_ascii_alphanumeric())
        });
    if !algorithm_ok || hex.len() < 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("invalid checksum digest format".to_string());
    }
    let expected = match algorithm {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => return Err("unsupported digest algorithm".to_string()),
    };
    if hex.len() != expected {
        return Err("invalid checksum digest length".to_string());
    }
    Ok(())
}

/// Docker's `splitDockerDomain`: the registry and the repository of a
/// valid name.
fn split_domain(name: &str) -> (String, String) {
    let (mut domain, mut remainder) = match name.split_once('/') {
        Some((first, rest))
            if first.contains(['.', ':'])
                || first == "localhost"
                || first.to_lowercase() != first =>
        {
            (first.to_string(), rest.to_string())
        }
        _ => ("docker.io".to_string(), name.to_string()),
    };
    if domain == "index.docker.io" {
        domain = "docker.io".to_string();
    }
    if domain == "docker.io" && !remainder.contains('/') {
        remainder = format!("library/{remainder}");
    }
    (domain, remainder)
}

impl ImageRef {
    /// Parse a reference as `docker pull` would.
    pub fn parse(text: &str) -> Result<ImageRef, ImageRefError> {
        let error = |reason: &str| ImageRefError {
            text: text.to_string(),
            reason: reason.to_string(),
        };
        if text.is_empty() {
            return Err(error("repository name must have at least one component"));
        }
        let (name_and_tag, digest) = match text.split_once('@') {
            Some((left, digest)) => {
                check_digest(digest).map_err(|reason| error(&reason))?;
                (left, Some(digest.to_string()))
            }
            None => (text, None),
        };
        let (name, tag) = match name_and_tag.rfind(':') {
            Some(i) if !name_and_tag[i + 1..].contains('/') => {
                (&name_and_tag[..i], Some(&name_and_tag[i + 1..]))
            }
            _ => (name_and_tag, None),
        };
        if let Some(tag) = tag {
            if !is_tag(tag) {
                return Err(error("invalid reference format: the tag is not valid"));
            }
        }
        if name.len() > NAME_TOTAL_LENGTH_MAX {
            return Err(error(
                "repository name must not be more than 255 characters",
            ));
        }
        let valid_path = |path: &str| path.split('/').all(is_path_component);
        let valid = valid_path(name)
            || name
                .split_once('/')
                .is_some_and(|(domain, path)| is_domain(domain) && valid_path(path));
        if !valid {
            let reason = if name.chars().any(|c| c.is_ascii_uppercase()) {
                "repository name must be lowercase"
            } else {
                "invalid reference format"
            };
            return Err(error(reason));
        }
        let (registry, repository) = split_domain(name);
        Ok(ImageRef {
            original: text.to_string(),
            registry,
            repository,
            tag: tag.map(str::to_string),
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
        let r = ImageRef::parse("index.docker.io/bitnami/redis:7").unwrap();
        assert_eq!(
            (r.registry.as_str(), r.repository.as_str()),
            ("docker.io", "bitnami/redis")
        );
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
        let r = ImageRef::parse("[::1]:5000/app:1").unwrap();
        assert_eq!(r.registry, "[::1]:5000");
        let r = ImageRef::parse("Registry/app").unwrap();
        assert_eq!(r.registry, "Registry");
    }

    #[test]
    fn invalid_references() {
        for bad in [
            "",
            "UPPER/Case",
            "a b",
            "x@sha256:abc",
            "${BASE}",
            "a:b:c",
            "a/",
            "-a",
            "a..b",
            "a:tag with space",
            "x@md5:0123456789abcdef0123456789abcdef",
        ] {
            assert!(ImageRef::parse(bad).is_err(), "{bad}");
        }
        let long = format!("a/{}", "b".repeat(260));
        assert!(ImageRef::parse(&long).is_err());
    }
}
