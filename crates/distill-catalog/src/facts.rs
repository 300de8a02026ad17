//! What the catalog knows about one base image, with its tag applied.

use std::fmt;

use serde::Deserialize;

/// The kind of image an entry is, as the distroless strategy ranks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// Google's distroless images (gcr.io/distroless).
    Distroless,
    /// Chainguard images (cgr.dev), built on Wolfi.
    Chainguard,
    /// Wolfi itself with a shell and apk (wolfi-base).
    Wolfi,
    /// Debian, including the -slim images.
    Debian,
    /// Ubuntu.
    Ubuntu,
    /// Alpine Linux.
    Alpine,
    /// A busybox-only image.
    Busybox,
    /// Red Hat Enterprise Linux and its rebuilds: UBI, CentOS, Fedora, Rocky, Alma.
    RhelLike,
    /// Amazon Linux.
    Amazonlinux,
    /// The empty image.
    Scratch,
    /// A language runtime or toolchain image built on a distribution (python, node, golang, ...).
    LanguageImage,
}

impl Family {
    /// The name used in the catalog file.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Distroless => "distroless",
            Family::Chainguard => "chainguard",
            Family::Wolfi => "wolfi",
            Family::Debian => "debian",
            Family::Ubuntu => "ubuntu",
            Family::Alpine => "alpine",
            Family::Busybox => "busybox",
            Family::RhelLike => "rhel-like",
            Family::Amazonlinux => "amazonlinux",
            Family::Scratch => "scratch",
            Family::LanguageImage => "language-image",
        }
    }
}

/// The shell an image ships, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shell {
    /// No shell at all: shell-form instructions cannot run.
    None,
    /// A POSIX `/bin/sh` that is neither bash nor busybox (dash, for example).
    Sh,
    /// bash (usually with `/bin/sh` as well).
    Bash,
    /// busybox ash, as `/bin/sh` or under `/busybox`.
    Busybox,
}

impl Shell {
    /// The name used in the catalog file.
    pub fn as_str(self) -> &'static str {
        match self {
            Shell::None => "none",
            Shell::Sh => "sh",
            Shell::Bash => "bash",
            Shell::Busybox => "busybox",
        }
    }
}

/// A system package manager an image ships.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PackageManager {
    /// Debian and Ubuntu's apt (with dpkg).
    Apt,
    /// Alpine and Wolfi's apk.
    Apk,
    /// yum (RHEL 7, CentOS 7, Amazon Linux 2).
    Yum,
    /// dnf (RHEL 8+, Fedora, Amazon Linux 2023).
    Dnf,
    /// microdnf (UBI minimal and other -minimal RHEL rebuilds).
    Microdnf,
}

impl PackageManager {
    /// The name used in the catalog file, which is also the command.
    pub fn as_str(self) -> &'static str {
        match self {
            PackageManager::Apt => "apt",
            PackageManager::Apk => "apk",
            PackageManager::Yum => "yum",
            PackageManager::Dnf => "dnf",
            PackageManager::Microdnf => "microdnf",
        }
    }
}

/// The C library an image provides to dynamically linked programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Libc {
    /// GNU libc.
    Glibc,
    /// musl (Alpine).
    Musl,
    /// No C library: only static binaries run.
    None,
    /// Not known, or a libc this enum does not name (uClibc-ng).
    Unknown,
}

impl Libc {
    /// The name used in the catalog file.
    pub fn as_str(self) -> &'static str {
        match self {
            Libc::Glibc => "glibc",
            Libc::Musl => "musl",
            Libc::None => "none",
            Libc::Unknown => "unknown",
        }
    }
}

/// The user a container of this image runs as when nothing sets `USER`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DefaultUser {
    /// uid 0.
    Root,
    /// A numeric non-zero uid; distroless `:nonroot` and Chainguard use 65532.
    NonRoot {
        /// The numeric user id.
        uid: u32,
    },
    /// A user name whose uid the catalog does not record.
    Named(String),
    /// Not known.
    Unknown,
}

impl DefaultUser {
    /// Whether the default user is known to be root.
    pub fn is_root(&self) -> bool {
        matches!(self, DefaultUser::Root)
    }
}

impl fmt::Display for DefaultUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DefaultUser::Root => f.write_str("root"),
            DefaultUser::NonRoot { uid } => write!(f, "{uid}"),
            DefaultUser::Named(name) => f.write_str(name),
            DefaultUser::Unknown => f.write_str("unknown"),
        }
    }
}

/// What an image is meant for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Meant to ship: it runs the application.
    Runtime,
    /// Meant for build stages: compilers, SDKs, package managers.
    Builder,
    /// Commonly used for both (a general distribution, python, node).
    Both,
}

impl Role {
    /// The name used in the catalog file.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Runtime => "runtime",
            Role::Builder => "builder",
            Role::Both => "both",
        }
    }
}

/// The language runtime or toolchain an image is built around.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Language {
    /// Python.
    Python,
    /// Node.js.
    Node,
    /// Go.
    Go,
    /// Java and other JVM languages.
    Java,
    /// Rust.
    Rust,
    /// C and C++.
    C,
    /// Ruby.
    Ruby,
    /// PHP.
    Php,
    /// Perl.
    Perl,
    /// .NET.
    Dotnet,
    /// Any other language, by the name the catalog gives it.
    Other(String),
}

impl Language {
    /// The language for a catalog name; names the enum does not list become [`Language::Other`].
    pub fn from_name(name: &str) -> Language {
        match name {
            "python" => Language::Python,
            "node" => Language::Node,
            "go" => Language::Go,
            "java" => Language::Java,
            "rust" => Language::Rust,
            "c" => Language::C,
            "ruby" => Language::Ruby,
            "php" => Language::Php,
            "perl" => Language::Perl,
            "dotnet" => Language::Dotnet,
            other => Language::Other(other.to_owned()),
        }
    }

    /// The name used in the catalog file.
    pub fn as_str(&self) -> &str {
        match self {
            Language::Python => "python",
            Language::Node => "node",
            Language::Go => "go",
            Language::Java => "java",
            Language::Rust => "rust",
            Language::C => "c",
            Language::Ruby => "ruby",
            Language::Php => "php",
            Language::Perl => "perl",
            Language::Dotnet => "dotnet",
            Language::Other(name) => name,
        }
    }
}

/// The minimal runtimes that replace an image under the distroless strategy,
/// as references ready for a `FROM` line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Replacement {
    /// A gcr.io/distroless image, e.g. `gcr.io/distroless/python3-debian13:nonroot`.
    pub distroless: Option<String>,
    /// A Chainguard image, e.g. `cgr.dev/chainguard/python:latest`.
    pub chainguard: Option<String>,
}

impl Replacement {
    /// Whether neither replacement is known.
    pub fn is_empty(&self) -> bool {
        self.distroless.is_none() && self.chainguard.is_none()
    }
}

/// The facts about one image reference: an entry with the variants its tag
/// and repository select already applied.
#[derive(Debug, Clone, PartialEq)]
pub struct BaseFacts {
    /// The catalog entry's id ("python", "distroless-static", ...).
    pub id: String,
    /// The names of the variants that applied, in order ("slim", "bookworm").
    pub variants: Vec<String>,
    /// What kind of image this is.
    pub family: Family,
    /// The distribution and release it is built on ("debian12", "alpine", "wolfi",
    /// "ubuntu24.04"); a name without a version when the tag does not pin one.
    pub distro: Option<String>,
    /// The shell it ships.
    pub shell: Shell,
    /// The package manager it ships, if any.
    pub package_manager: Option<PackageManager>,
    /// The C library it provides.
    pub libc: Libc,
    /// The user it runs as without a `USER` instruction.
    pub default_user: DefaultUser,
    /// The ENTRYPOINT baked into the image config; empty when it sets none.
    pub entrypoint: Vec<String>,
    /// Whether this is a debugging variant (distroless `:debug*`, Chainguard `-dev`, busybox).
    pub debug_variant: bool,
    /// What the image is meant for.
    pub role: Role,
    /// The language it is built around, if any.
    pub language: Option<Language>,
    /// Typical compressed size in MB, where the vendor publishes one.
    pub size_mb: Option<f64>,
    /// Typical count of known CVEs, where the vendor publishes one.
    pub typical_cves: Option<u32>,
    /// The minimal runtimes that replace it.
    pub replacement: Replacement,
    /// Anything a finding about this image should mention (deprecation, end of life).
    pub note: Option<String>,
}

impl BaseFacts {
    /// Whether the image ships any shell.
    pub fn has_shell(&self) -> bool {
        self.shell != Shell::None
    }

    /// Whether this is a minimal runtime in the sense of the strategy:
    /// distroless, Chainguard or scratch, and not a debug variant.
    pub fn is_minimal(&self) -> bool {
        matches!(
            self.family,
            Family::Distroless | Family::Chainguard | Family::Scratch
        ) && !self.debug_variant
    }

    /// Whether this is a full distribution, or a language image built on one.
    pub fn is_full_distro(&self) -> bool {
        matches!(
            self.family,
            Family::Debian
                | Family::Ubuntu
                | Family::Alpine
                | Family::RhelLike
                | Family::Amazonlinux
                | Family::LanguageImage
        )
    }

    /// The distribution without its release ("debian" for "debian12",
    /// "ubuntu" for "ubuntu24.04", "centos-stream" for "centos-stream9").
    pub fn distro_name(&self) -> Option<&str> {
        let distro = self.distro.as_deref()?;
        let end = distro
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(distro.len());
        Some(distro[..end].trim_end_matches('-'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(family: Family, debug_variant: bool) -> BaseFacts {
        BaseFacts {
            id: "x".to_owned(),
            variants: Vec::new(),
            family,
            distro: None,
            shell: Shell::None,
            package_manager: None,
            libc: Libc::Glibc,
            default_user: DefaultUser::Root,
            entrypoint: Vec::new(),
            debug_variant,
            role: Role::Runtime,
            language: None,
            size_mb: None,
            typical_cves: None,
            replacement: Replacement::default(),
            note: None,
        }
    }

    #[test]
    fn minimal_excludes_debug_variants() {
        assert!(facts(Family::Distroless, false).is_minimal());
        assert!(!facts(Family::Distroless, true).is_minimal());
        assert!(facts(Family::Scratch, false).is_minimal());
        assert!(!facts(Family::Wolfi, false).is_minimal());
        assert!(!facts(Family::Debian, false).is_minimal());
    }

    #[test]
    fn distro_name_drops_the_release() {
        let mut f = facts(Family::Debian, false);
        for (distro, name) in [
            ("debian12", "debian"),
            ("ubuntu24.04", "ubuntu"),
            ("centos-stream9", "centos-stream"),
            ("alpine", "alpine"),
            ("amazonlinux2023", "amazonlinux"),
        ] {
            f.distro = Some(distro.to_owned());
            assert_eq!(f.distro_name(), Some(name));
        }
        f.distro = None;
        assert_eq!(f.distro_name(), None);
    }

    #[test]
    fn language_names_round_trip() {
        for name in [
            "python", "node", "go", "java", "rust", "c", "ruby", "php", "perl", "dotnet", "elixir",
        ] {
            assert_eq!(Language::from_name(name).as_str(), name);
        }
    }
}
