//! Table-driven lookups of real-looking references against the built-in catalog.

mod support;

use distill_catalog::{BaseFacts, Catalog, DefaultUser, Family, Libc, PackageManager, Role, Shell};
use support::split_reference;

const NONROOT: DefaultUser = DefaultUser::NonRoot { uid: 65532 };

struct Expected {
    id: &'static str,
    family: Family,
    distro: Option<&'static str>,
    shell: Shell,
    package_manager: Option<PackageManager>,
    libc: Libc,
    user: DefaultUser,
    debug: bool,
    entrypoint: &'static [&'static str],
}

fn lookup(reference: &str) -> Option<BaseFacts> {
    let (registry, repository, tag) = split_reference(reference);
    Catalog::builtin().lookup(&registry, &repository, tag.as_deref())
}

fn debian_image(id: &'static str, distro: &'static str) -> Expected {
    Expected {
        id,
        family: Family::LanguageImage,
        distro: Some(distro),
        shell: Shell::Bash,
        package_manager: Some(PackageManager::Apt),
        libc: Libc::Glibc,
        user: DefaultUser::Root,
        debug: false,
        entrypoint: &[],
    }
}

fn alpine_image(id: &'static str) -> Expected {
    Expected {
        shell: Shell::Busybox,
        package_manager: Some(PackageManager::Apk),
        libc: Libc::Musl,
        ..debian_image(id, "alpine")
    }
}

fn distro_image(
    id: &'static str,
    family: Family,
    distro: Option<&'static str>,
    pm: PackageManager,
) -> Expected {
    Expected {
        family,
        distro,
        package_manager: Some(pm),
        ..debian_image(id, "")
    }
}

fn distroless(id: &'static str, distro: &'static str, user: DefaultUser, libc: Libc) -> Expected {
    Expected {
        id,
        family: Family::Distroless,
        distro: Some(distro),
        shell: Shell::None,
        package_manager: None,
        libc,
        user,
        debug: false,
        entrypoint: &[],
    }
}

fn chainguard(
    id: &'static str,
    shell: Shell,
    user: DefaultUser,
    entrypoint: &'static [&'static str],
) -> Expected {
    Expected {
        id,
        family: Family::Chainguard,
        distro: Some("wolfi"),
        shell,
        package_manager: None,
        libc: Libc::Glibc,
        user,
        debug: false,
        entrypoint,
    }
}

fn chainguard_dev(
    id: &'static str,
    user: DefaultUser,
    entrypoint: &'static [&'static str],
) -> Expected {
    Expected {
        package_manager: Some(PackageManager::Apk),
        debug: true,
        ..chainguard(id, Shell::Bash, user, entrypoint)
    }
}

fn known_references() -> Vec<(&'static str, Expected)> {
    use Family::*;
    use PackageManager::*;

    vec![
        // Docker Official language images: the tag picks the flavour.
        (
            "python:3.12-slim-bookworm",
            debian_image("python", "debian12"),
        ),
        ("python:3.12-slim", debian_image("python", "debian")),
        ("python:3.13-trixie", debian_image("python", "debian13")),
        ("python", debian_image("python", "debian")),
        ("python:3.12-alpine3.20", alpine_image("python")),
        (
            "docker.io/library/python:3.11-bullseye",
            debian_image("python", "debian11"),
        ),
        (
            "public.ecr.aws/docker/library/python:3.12-slim",
            debian_image("python", "debian"),
        ),
        (
            "node:22-alpine3.20",
            Expected {
                entrypoint: &["docker-entrypoint.sh"],
                ..alpine_image("node")
            },
        ),
        (
            "node:22",
            Expected {
                entrypoint: &["docker-entrypoint.sh"],
                ..debian_image("node", "debian")
            },
        ),
        (
            "mirror.gcr.io/library/node:20-bookworm-slim",
            Expected {
                entrypoint: &["docker-entrypoint.sh"],
                ..debian_image("node", "debian12")
            },
        ),
        // .NET: Debian by default, Ubuntu or Alpine by tag; chiseled tags
        // are shell-less and run as `app` (1654).
        (
            "mcr.microsoft.com/dotnet/aspnet:10.0",
            debian_image("dotnet-runtime", "debian"),
        ),
        (
            "mcr.microsoft.com/dotnet/sdk:10.0.100-noble",
            debian_image("dotnet-sdk", "ubuntu24.04"),
        ),
        (
            "mcr.microsoft.com/dotnet/runtime-deps:10.0.0-noble-chiseled",
            Expected {
                family: Distroless,
                shell: Shell::None,
                package_manager: None,
                user: DefaultUser::NonRoot { uid: 1654 },
                ..debian_image("dotnet-runtime", "ubuntu24.04")
            },
        ),
        (
            "mcr.microsoft.com/dotnet/runtime:9.0-alpine",
            alpine_image("dotnet-runtime"),
        ),
        (
            "nginx:1.27-alpine",
            Expected {
                entrypoint: &["/docker-entrypoint.sh"],
                ..alpine_image("nginx")
            },
        ),
        (
            "nginxinc/nginx-unprivileged:1.27",
            Expected {
                entrypoint: &["/docker-entrypoint.sh"],
                user: DefaultUser::NonRoot { uid: 101 },
                ..debian_image("nginx", "debian")
            },
        ),
        ("golang:1.23", debian_image("golang", "debian")),
        ("golang:1.23-alpine", alpine_image("golang")),
        ("rust:1-slim-bookworm", debian_image("rust", "debian12")),
        ("gcc:14", debian_image("gcc", "debian")),
        ("ruby:3.3-slim-bookworm", debian_image("ruby", "debian12")),
        (
            "php:8.3-fpm-alpine",
            Expected {
                entrypoint: &["docker-php-entrypoint"],
                ..alpine_image("php")
            },
        ),
        ("perl:5.40-slim-trixie", debian_image("perl", "debian13")),
        (
            "eclipse-temurin:21-jre-jammy",
            Expected {
                entrypoint: &["/__cacert_entrypoint.sh"],
                ..debian_image("eclipse-temurin", "ubuntu22.04")
            },
        ),
        (
            "eclipse-temurin:21-jre-alpine",
            Expected {
                entrypoint: &["/__cacert_entrypoint.sh"],
                ..alpine_image("eclipse-temurin")
            },
        ),
        (
            "eclipse-temurin:17-jdk-ubi9-minimal",
            Expected {
                entrypoint: &["/__cacert_entrypoint.sh"],
                package_manager: Some(Microdnf),
                ..debian_image("eclipse-temurin", "rhel")
            },
        ),
        (
            "maven:3.9-eclipse-temurin-21",
            Expected {
                entrypoint: &["/usr/local/bin/mvn-entrypoint.sh"],
                ..debian_image("maven", "ubuntu")
            },
        ),
        (
            "maven:3.9-amazoncorretto-21-alpine",
            Expected {
                entrypoint: &["/usr/local/bin/mvn-entrypoint.sh"],
                ..alpine_image("maven")
            },
        ),
        (
            "gradle:8.10-jdk21-noble",
            Expected {
                entrypoint: &["/__cacert_entrypoint.sh"],
                ..debian_image("gradle", "ubuntu24.04")
            },
        ),
        (
            "amazoncorretto:21",
            Expected {
                package_manager: Some(Dnf),
                ..debian_image("amazoncorretto", "amazonlinux2023")
            },
        ),
        (
            "amazoncorretto:17-al2",
            Expected {
                package_manager: Some(Yum),
                ..debian_image("amazoncorretto", "amazonlinux2")
            },
        ),
        (
            "openjdk:27-jdk-oraclelinux9",
            Expected {
                package_manager: Some(Microdnf),
                ..debian_image("openjdk", "oraclelinux")
            },
        ),
        // Distributions.
        (
            "ubuntu",
            distro_image("ubuntu", Ubuntu, Some("ubuntu"), Apt),
        ),
        (
            "ubuntu:24.04",
            distro_image("ubuntu", Ubuntu, Some("ubuntu24.04"), Apt),
        ),
        (
            "ubuntu:jammy-20240801",
            distro_image("ubuntu", Ubuntu, Some("ubuntu22.04"), Apt),
        ),
        (
            "debian:12-slim",
            distro_image("debian", Debian, Some("debian12"), Apt),
        ),
        (
            "debian:bookworm-slim",
            distro_image("debian", Debian, Some("debian12"), Apt),
        ),
        (
            "index.docker.io/library/debian:trixie",
            distro_image("debian", Debian, Some("debian13"), Apt),
        ),
        (
            "alpine:3.20",
            Expected {
                family: Alpine,
                ..alpine_image("alpine")
            },
        ),
        (
            "busybox:1.37",
            Expected {
                id: "busybox",
                family: Busybox,
                distro: None,
                shell: Shell::Busybox,
                package_manager: None,
                libc: Libc::Glibc,
                user: DefaultUser::Root,
                debug: true,
                entrypoint: &[],
            },
        ),
        (
            "centos:7",
            distro_image("centos", RhelLike, Some("centos7"), Yum),
        ),
        (
            "quay.io/centos/centos:stream9",
            distro_image("centos", RhelLike, Some("centos-stream9"), Dnf),
        ),
        (
            "fedora:41",
            distro_image("fedora", RhelLike, Some("fedora"), Dnf),
        ),
        (
            "rockylinux:9-minimal",
            distro_image("rockylinux", RhelLike, Some("rocky"), Microdnf),
        ),
        (
            "almalinux:9",
            distro_image("almalinux", RhelLike, Some("alma"), Dnf),
        ),
        (
            "registry.access.redhat.com/ubi9/ubi-minimal:9.4",
            distro_image("ubi-minimal", RhelLike, Some("rhel9"), Microdnf),
        ),
        (
            "registry.access.redhat.com/ubi8/ubi",
            distro_image("ubi", RhelLike, Some("rhel8"), Dnf),
        ),
        (
            "redhat/ubi9-micro:latest",
            Expected {
                package_manager: None,
                ..distro_image("ubi-micro", RhelLike, Some("rhel9"), Dnf)
            },
        ),
        (
            "amazonlinux:2",
            distro_image("amazonlinux", Amazonlinux, Some("amazonlinux2"), Yum),
        ),
        (
            "amazonlinux:2023",
            distro_image("amazonlinux", Amazonlinux, Some("amazonlinux2023"), Dnf),
        ),
        // Distroless.
        (
            "gcr.io/distroless/static-debian12:nonroot-amd64",
            distroless("distroless-static", "debian12", NONROOT, Libc::None),
        ),
        (
            "gcr.io/distroless/static-debian12",
            distroless(
                "distroless-static",
                "debian12",
                DefaultUser::Root,
                Libc::None,
            ),
        ),
        (
            "gcr.io/distroless/static-debian12@sha256:0000000000000000000000000000000000000000000000000000000000000000",
            distroless(
                "distroless-static",
                "debian12",
                DefaultUser::Root,
                Libc::None,
            ),
        ),
        (
            "gcr.io/distroless/static-debian13:debug",
            Expected {
                shell: Shell::Busybox,
                debug: true,
                entrypoint: &["/busybox/sh"],
                ..distroless(
                    "distroless-static",
                    "debian13",
                    DefaultUser::Root,
                    Libc::None,
                )
            },
        ),
        (
            "gcr.io/distroless/base-nossl-debian12:debug-nonroot-arm64",
            Expected {
                shell: Shell::Busybox,
                debug: true,
                entrypoint: &["/busybox/sh"],
                ..distroless("distroless-base-nossl", "debian12", NONROOT, Libc::Glibc)
            },
        ),
        (
            "gcr.io/distroless/cc-debian12",
            distroless("distroless-cc", "debian12", DefaultUser::Root, Libc::Glibc),
        ),
        (
            "gcr.io/distroless/python3-debian12:debug-nonroot",
            Expected {
                shell: Shell::Busybox,
                debug: true,
                entrypoint: &["/usr/bin/python3.11"],
                ..distroless("distroless-python3", "debian12", NONROOT, Libc::Glibc)
            },
        ),
        (
            "gcr.io/distroless/python3-debian13:nonroot",
            Expected {
                entrypoint: &["/usr/bin/python3.13"],
                ..distroless("distroless-python3", "debian13", NONROOT, Libc::Glibc)
            },
        ),
        (
            "gcr.io/distroless/python3",
            Expected {
                entrypoint: &["/usr/bin/python3.13"],
                ..distroless(
                    "distroless-python3",
                    "debian13",
                    DefaultUser::Root,
                    Libc::Glibc,
                )
            },
        ),
        (
            "gcr.io/distroless/nodejs22-debian12:nonroot",
            Expected {
                entrypoint: &["/nodejs/bin/node"],
                ..distroless("distroless-nodejs22", "debian12", NONROOT, Libc::Glibc)
            },
        ),
        (
            "gcr.io/distroless/java21-debian12:latest",
            Expected {
                entrypoint: &["/usr/bin/java", "-jar"],
                ..distroless(
                    "distroless-java21",
                    "debian12",
                    DefaultUser::Root,
                    Libc::Glibc,
                )
            },
        ),
        (
            "gcr.io/distroless/java17-debian11:debug",
            Expected {
                shell: Shell::Busybox,
                debug: true,
                entrypoint: &["/usr/bin/java", "-jar"],
                ..distroless(
                    "distroless-java17",
                    "debian11",
                    DefaultUser::Root,
                    Libc::Glibc,
                )
            },
        ),
        // Chainguard.
        (
            "cgr.dev/chainguard/python:latest-dev",
            chainguard_dev("chainguard-python", NONROOT, &["/usr/bin/python"]),
        ),
        (
            "cgr.dev/chainguard/python:latest",
            chainguard(
                "chainguard-python",
                Shell::None,
                NONROOT,
                &["/usr/bin/python"],
            ),
        ),
        (
            "cgr.dev/chainguard/static",
            Expected {
                libc: Libc::None,
                ..chainguard("chainguard-static", Shell::None, NONROOT, &[])
            },
        ),
        (
            "cgr.dev/myorg/node:22",
            chainguard(
                "chainguard-node",
                Shell::Busybox,
                NONROOT,
                &["/usr/bin/node"],
            ),
        ),
        (
            "cgr.dev/myorg/node:22-dev",
            chainguard_dev("chainguard-node", NONROOT, &["/usr/bin/node"]),
        ),
        (
            "cgr.dev/chainguard/jre:latest",
            chainguard("chainguard-jre", Shell::None, NONROOT, &["/usr/bin/java"]),
        ),
        (
            "cgr.dev/chainguard/go:latest-dev",
            chainguard_dev("chainguard-go", DefaultUser::Root, &["/usr/bin/go"]),
        ),
        (
            "cgr.dev/chainguard/wolfi-base",
            Expected {
                family: Wolfi,
                package_manager: Some(Apk),
                ..chainguard("wolfi-base", Shell::Busybox, DefaultUser::Root, &[])
            },
        ),
        (
            "cgr.dev/chainguard/glibc-dynamic:latest-dev",
            chainguard_dev("chainguard-glibc-dynamic", NONROOT, &[]),
        ),
        // The empty image.
        (
            "scratch",
            Expected {
                id: "scratch",
                family: Scratch,
                distro: None,
                shell: Shell::None,
                package_manager: None,
                libc: Libc::None,
                user: DefaultUser::Root,
                debug: false,
                entrypoint: &[],
            },
        ),
    ]
}

#[test]
fn known_references_resolve_to_their_facts() {
    let table = known_references();
    assert!(table.len() >= 40);
    for (reference, expected) in table {
        let facts = lookup(reference).unwrap_or_else(|| panic!("{reference}: not found"));
        let entrypoint: Vec<&str> = facts.entrypoint.iter().map(String::as_str).collect();
        assert_eq!(facts.id, expected.id, "{reference}: id");
        assert_eq!(facts.family, expected.family, "{reference}: family");
        assert_eq!(
            facts.distro.as_deref(),
            expected.distro,
            "{reference}: distro"
        );
        assert_eq!(facts.shell, expected.shell, "{reference}: shell");
        assert_eq!(
            facts.package_manager, expected.package_manager,
            "{reference}: package manager"
        );
        assert_eq!(facts.libc, expected.libc, "{reference}: libc");
        assert_eq!(facts.default_user, expected.user, "{reference}: user");
        assert_eq!(facts.debug_variant, expected.debug, "{reference}: debug");
        assert_eq!(entrypoint, expected.entrypoint, "{reference}: entrypoint");
    }
}

#[test]
fn unknown_references_find_nothing() {
    for reference in [
        "registry.example.com/team/app:1.2",
        "docker.io/someuser/python:3.12",
        "gcr.io/distroless/static-debian12:1.0",
        "gcr.io/distroless/nodejs",
        "python:3.12-windowsservercore-ltsc2022",
        "golang:1.23-nanoserver",
        "cgr.dev/chainguard/static:latest-dev",
        "gradle:jdk21-corretto",
        "maven:3.9-sapmachine-21",
    ] {
        assert_eq!(lookup(reference), None, "{reference}");
    }
}

#[test]
fn replacements_follow_the_strategy() {
    let cases = [
        (
            "python:3.12-slim",
            Some("gcr.io/distroless/python3-debian13:nonroot"),
            Some("cgr.dev/chainguard/python:latest"),
        ),
        (
            "node:22",
            Some("gcr.io/distroless/nodejs22-debian13:nonroot"),
            Some("cgr.dev/chainguard/node:latest"),
        ),
        (
            "node:lts-alpine",
            Some("gcr.io/distroless/nodejs24-debian13:nonroot"),
            Some("cgr.dev/chainguard/node:latest"),
        ),
        (
            "node:20",
            Some("gcr.io/distroless/nodejs22-debian13:nonroot"),
            Some("cgr.dev/chainguard/node:latest"),
        ),
        (
            "golang:1.23",
            Some("gcr.io/distroless/static-debian13:nonroot"),
            Some("cgr.dev/chainguard/static:latest"),
        ),
        (
            "ubuntu:24.04",
            Some("gcr.io/distroless/cc-debian13:nonroot"),
            Some("cgr.dev/chainguard/glibc-dynamic:latest"),
        ),
        (
            "debian:12-slim",
            Some("gcr.io/distroless/cc-debian13:nonroot"),
            Some("cgr.dev/chainguard/glibc-dynamic:latest"),
        ),
        (
            "eclipse-temurin:21",
            Some("gcr.io/distroless/java21-debian13:nonroot"),
            Some("cgr.dev/chainguard/jre:latest"),
        ),
        (
            "eclipse-temurin:17-jre",
            Some("gcr.io/distroless/java17-debian13:nonroot"),
            Some("cgr.dev/chainguard/jre:latest"),
        ),
        (
            "maven:3.9-eclipse-temurin-21",
            Some("gcr.io/distroless/java21-debian13:nonroot"),
            Some("cgr.dev/chainguard/jre:latest"),
        ),
        ("ruby:3.3", None, Some("cgr.dev/chainguard/ruby:latest")),
        ("perl:5.40", None, None),
    ];
    for (reference, distroless, chainguard) in cases {
        let facts = lookup(reference).unwrap_or_else(|| panic!("{reference}: not found"));
        assert_eq!(
            facts.replacement.distroless.as_deref(),
            distroless,
            "{reference}"
        );
        assert_eq!(
            facts.replacement.chainguard.as_deref(),
            chainguard,
            "{reference}"
        );
    }
}

#[test]
fn classification_matches_the_strategy() {
    let minimal = [
        "scratch",
        "gcr.io/distroless/static-debian13:nonroot",
        "gcr.io/distroless/java21-debian13",
        "cgr.dev/chainguard/python:latest",
        "cgr.dev/acme/node:22",
    ];
    for reference in minimal {
        let facts = lookup(reference).unwrap_or_else(|| panic!("{reference}: not found"));
        assert!(facts.is_minimal(), "{reference} should be minimal");
        assert!(
            !facts.is_full_distro(),
            "{reference} should not be a full distro"
        );
    }

    let debug = [
        "gcr.io/distroless/static-debian13:debug",
        "cgr.dev/chainguard/python:latest-dev",
        "busybox",
        "cgr.dev/chainguard/busybox",
    ];
    for reference in debug {
        let facts = lookup(reference).unwrap_or_else(|| panic!("{reference}: not found"));
        assert!(facts.debug_variant, "{reference} should be a debug variant");
        assert!(
            !facts.is_minimal(),
            "{reference} should not count as minimal"
        );
        assert!(facts.has_shell(), "{reference} should have a shell");
    }

    let full = [
        "ubuntu",
        "debian:12-slim",
        "alpine",
        "python:3.12",
        "node:22-alpine",
        "centos:7",
        "amazonlinux",
    ];
    for reference in full {
        let facts = lookup(reference).unwrap_or_else(|| panic!("{reference}: not found"));
        assert!(
            facts.is_full_distro(),
            "{reference} should be a full distro"
        );
        assert!(!facts.is_minimal(), "{reference} should not be minimal");
    }
}

#[test]
fn builders_and_runtimes_are_told_apart() {
    for reference in [
        "golang:1.23",
        "rust:1",
        "gcc:14",
        "maven:3",
        "gradle:8",
        "cgr.dev/chainguard/go:latest",
    ] {
        let facts = lookup(reference).unwrap_or_else(|| panic!("{reference}: not found"));
        assert_eq!(facts.role, Role::Builder, "{reference}");
    }
    for reference in [
        "eclipse-temurin:21-jre",
        "gcr.io/distroless/static",
        "cgr.dev/chainguard/jre",
    ] {
        let facts = lookup(reference).unwrap_or_else(|| panic!("{reference}: not found"));
        assert_eq!(facts.role, Role::Runtime, "{reference}");
    }
}

#[test]
fn variants_are_reported_by_name() {
    let facts = lookup("python:3.12-slim-bookworm").expect("python is known");
    assert_eq!(facts.variants, ["slim", "bookworm"]);

    let facts = lookup("gcr.io/distroless/python3-debian12:debug-nonroot")
        .expect("distroless python3 is known");
    assert_eq!(
        facts.variants,
        ["debian12", "nonroot", "debug", "python3.11"]
    );
    assert!(
        facts.note.is_some(),
        "debian12 distroless images carry an end-of-life note"
    );
}

#[test]
fn entries_are_reachable_by_id() {
    let catalog = Catalog::builtin();
    let entry = catalog
        .get("distroless-static")
        .expect("distroless-static exists");
    assert_eq!(
        entry.canonical_repository(),
        "gcr.io/distroless/static-debian13"
    );
    let nonroot = entry
        .resolve(Some("nonroot"))
        .expect("nonroot is a distroless tag");
    assert_eq!(nonroot.default_user, NONROOT);
    assert_eq!(entry.facts().default_user, DefaultUser::Root);
    assert!(catalog.get("no-such-entry").is_none());
}
