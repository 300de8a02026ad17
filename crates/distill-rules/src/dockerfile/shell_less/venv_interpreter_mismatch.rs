use distill_catalog::Family;
use distill_report::{Finding, Severity};

use super::{basename, chain_instructions, normalize_dir, runtime_stage_copies};
use crate::dockerfile::DockerfileContext;
use crate::dockerfile::shell::{Installer, install};
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "SL104",
    name: "venv-interpreter-mismatch",
    severity: Severity::Error,
    summary: "A virtualenv (or site-packages) copied from a builder whose Python version or path differs from the runtime's interpreter.",
    doc: r#"
## What it finds

A `COPY --from=<stage>` into the runtime whose source is a virtualenv or a
package directory (`/opt/venv`, `/app/.venv`, `.../site-packages`,
`.../dist-packages`), when the builder's Python and the runtime's differ in
version or in where the interpreter lives:

| image | interpreter |
| --- | --- |
| `python:3.12-slim` (Docker Hub) | `/usr/local/bin/python3.12` |
| `debian:12` + `apt-get install python3` | `/usr/bin/python3.11` (Debian 13: 3.13) |
| `gcr.io/distroless/python3-debian12` | `/usr/bin/python3.11` (from the catalog's entrypoint) |
| `cgr.dev/chainguard/python:latest` and `:latest-dev` | `/usr/bin/python` |

When either side's version is not known (a `python:3` or a Chainguard
`latest` tag) only the paths are compared. A builder distill cannot place
is not judged, and neither is a runtime that also copies the builder's
interpreter.

## Why it matters

A virtualenv is tied to the interpreter that created it: `bin/python` is a
link to that interpreter's path, the scripts in `bin/` start with a
`#!` line naming it, and compiled packages are built for its minor version.
On a runtime where that path does not exist the entrypoint fails with `no
such file or directory`; on another minor version imports fail.

## Example

```dockerfile
FROM python:3.12-slim AS build
RUN python -m venv /opt/venv && /opt/venv/bin/pip install -r requirements.txt

FROM gcr.io/distroless/python3-debian12
COPY --from=build /opt/venv /opt/venv
ENTRYPOINT ["/opt/venv/bin/python", "-m", "app"]
```

## Fix

Build the virtualenv with the interpreter the runtime has: for distroless
`python3-debian12`, `FROM debian:12-slim` and `apt-get install
python3-venv`; for `cgr.dev/chainguard/python:latest`, build on
`cgr.dev/chainguard/python:latest-dev`. There is no automatic fix.
"#,
    targets: &[Target::Dockerfile],
    fix: FixKind::None,
};

/// The Python 3 that `apt-get install python3` gives on each release
/// (packages.debian.org and packages.ubuntu.com, package `python3`).
const DISTRO_PYTHON: [(&str, &str); 7] = [
    ("debian10", "3.7"),
    ("debian11", "3.9"),
    ("debian12", "3.11"),
    ("debian13", "3.13"),
    ("ubuntu20.04", "3.8"),
    ("ubuntu22.04", "3.10"),
    ("ubuntu24.04", "3.12"),
];

/// A Python interpreter an image has.
#[derive(Debug, PartialEq, Eq)]
struct Python {
    /// Where the interpreter is.
    path: String,
    /// `major.minor`, when known.
    version: Option<String>,
}

impl Python {
    fn dir(&self) -> &str {
        self.path.rsplit_once('/').map_or("", |(dir, _)| dir)
    }

    fn describe(&self) -> String {
        match &self.version {
            Some(version) => format!("Python {version} at `{}`", self.path),
            None => format!("`{}`", self.path),
        }
    }
}

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    let Some(target) = ctx.target else {
        return;
    };
    let Some(runtime) = python_of(ctx, target) else {
        return;
    };
    let copies = runtime_stage_copies(ctx);
    for (copy, source) in &copies {
        let Some(packages) = copy.sources.iter().find(|s| is_package_dir(s)) else {
            continue;
        };
        let Some(builder) = python_of(ctx, *source) else {
            continue;
        };
        let path_differs = builder.dir() != runtime.dir();
        let version_differs =
            matches!((&builder.version, &runtime.version), (Some(b), Some(r)) if b != r);
        if !path_differs && !version_differs {
            continue;
        }
        // COPY --from=build /usr/local /usr/local brings the interpreter along.
        let source_chain = ctx.model.base_chain(*source);
        let interpreter_copied = copies.iter().any(|(other, from)| {
            source_chain.contains(from)
                && (builder.path == other.dest
                    || normalize_dir(&other.dest) == "/"
                    || builder
                        .path
                        .starts_with(&format!("{}/", normalize_dir(&other.dest))))
        });
        if interpreter_copied {
            continue;
        }

        let mut harm = Vec::new();
        if path_differs {
            harm.push(format!(
                "its `bin/python` link and script shebangs point at the interpreter in `{}`, which the runtime does not have",
                builder.dir()
            ));
        }
        if version_differs {
            harm.push("its packages are installed for another Python version".to_string());
        }
        let message = format!(
            "`{packages}` from {} was made with {}, but the runtime runs {}: {}",
            ctx.stage_label(*source),
            builder.describe(),
            runtime.describe(),
            harm.join(", and ")
        );
        out.push(
            ctx.finding(&RULE, ctx.instruction_span(copy.instruction), message)
                .with_help(help(ctx, target, &runtime)),
        );
    }
}

/// Whether a copied path is a virtualenv or a package directory.
fn is_package_dir(path: &str) -> bool {
    path.contains("venv") || path.contains("site-packages") || path.contains("dist-packages")
}

/// The Python of a stage, when distill can tell where it is.
fn python_of(ctx: &DockerfileContext<'_>, stage: usize) -> Option<Python> {
    let image = ctx.root_image(stage)?;
    let facts = ctx.facts(stage)?;
    let tag_version = image.tag.as_deref().and_then(leading_version);

    // Docker Hub's python images build Python into /usr/local.
    if facts.id == "python" {
        let path = format!(
            "/usr/local/bin/python{}",
            tag_version.as_deref().unwrap_or("3")
        );
        return Some(Python {
            path,
            version: tag_version,
        });
    }

    // Images whose entrypoint is the interpreter (distroless python3,
    // Chainguard python and its -dev tags).
    if let Some(entrypoint) = facts
        .entrypoint
        .first()
        .filter(|e| basename(e).starts_with("python"))
    {
        let version = basename(entrypoint)
            .strip_prefix("python")
            .and_then(leading_version)
            .or(tag_version);
        return Some(Python {
            path: entrypoint.clone(),
            version,
        });
    }

    // Debian and Ubuntu with the distribution's python3 installed.
    if matches!(facts.family, Family::Debian | Family::Ubuntu) && installs_python(ctx, stage) {
        let distro = facts.distro.as_deref()?;
        let (_, version) = DISTRO_PYTHON.iter().find(|(d, _)| *d == distro)?;
        return Some(Python {
            path: format!("/usr/bin/python{version}"),
            version: Some(version.to_string()),
        });
    }
    None
}

/// Whether the stage's chain installs the distribution's python3.
fn installs_python(ctx: &DockerfileContext<'_>, stage: usize) -> bool {
    chain_instructions(ctx, stage)
        .into_iter()
        .flat_map(|(_, instruction)| ctx.scripts(instruction))
        .flat_map(|script| script.commands)
        .filter_map(|command| install(&command))
        .any(|i| {
            i.installer == Installer::Apt && i.packages.iter().any(|p| p.starts_with("python3"))
        })
}

/// `3.12` from `3.12-slim`, `3.12.4` or `3.12`; `None` without a minor
/// version.
fn leading_version(text: &str) -> Option<String> {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let mut parts = text[..end].split('.');
    let major = parts.next().filter(|p| !p.is_empty())?;
    let minor = parts.next().filter(|p| !p.is_empty())?;
    Some(format!("{major}.{minor}"))
}

/// How to build the virtualenv with the runtime's interpreter.
fn help(ctx: &DockerfileContext<'_>, target: usize, runtime: &Python) -> String {
    let lead = "create the virtualenv with the interpreter the runtime has";
    let facts = ctx.runtime_facts();
    let image = ctx.root_image(target);
    match (facts.map(|f| (f.family, f.distro.as_deref())), image) {
        (Some((Family::Distroless, Some(distro))), _) if distro.starts_with("debian") => {
            let release = distro.trim_start_matches("debian");
            format!("{lead}: build on `debian:{release}-slim` with `apt-get install python3-venv`")
        }
        (Some((Family::Chainguard, _)), Some(image)) => {
            let tag = image.tag.as_deref().unwrap_or("latest");
            format!("{lead}: build on `{}:{tag}-dev`", image.short_name())
        }
        _ => format!("{lead} (`{}`)", runtime.path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_from_tags_and_names() {
        assert_eq!(leading_version("3.12-slim").as_deref(), Some("3.12"));
        assert_eq!(leading_version("3.12.4-bookworm").as_deref(), Some("3.12"));
        assert_eq!(leading_version("3"), None);
        assert_eq!(leading_version("latest-dev"), None);
        assert_eq!(leading_version("3.11"), Some("3.11".to_string()));
        assert!(is_package_dir("/app/.venv"));
        assert!(is_package_dir("/usr/local/lib/python3.12/site-packages"));
        assert!(!is_package_dir("/app"));
    }
}
