use distill_catalog::{BaseFacts, Family, Language, Replacement};
use distill_report::{Finding, Severity};

use super::{distro_label, runtime_base};
use crate::dockerfile::DockerfileContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "RB101",
    name: "full-distro-runtime",
    severity: Severity::Warning,
    summary: "The runtime is a full distribution or a language image built on one; names the matching distroless and Chainguard runtimes.",
    doc: r#"
## What it finds

A runtime whose base image is a full distribution (`ubuntu`, `debian`,
`debian:*-slim`, `centos`, `fedora`, `alpine`, Red Hat UBI, Amazon Linux,
...) or a language image built on one (`python:3.12`, `node:22`,
`eclipse-temurin`, `golang`, ...). The runtime is the target stage (last by
default); when it is built `FROM` another stage, the base is the image at
the bottom of that chain, and the finding points there.

The message names the distroless and Chainguard images the catalog lists
as the matching runtime, and says when there is none. Bases the catalog
does not know are not reported: distill does not guess.

## Why it matters

A full distribution brings a shell, a package manager and hundreds of
packages the application never uses. Each is attack surface and each
carries CVEs: a scanner reports dozens to hundreds for a Debian or Ubuntu
base, against close to none for distroless and Chainguard images.

## Example

```dockerfile
FROM python:3.12-slim
COPY . /app
RUN pip install --no-cache-dir -r /app/requirements.txt
CMD ["python", "/app/main.py"]
```

## Fix

Install and build in a builder stage, then copy the result into the
matching minimal runtime (`gcr.io/distroless/python3-debian13:nonroot` or
`cgr.dev/chainguard/python:latest` here). There is no automatic fix, because the move changes
how the application is installed and started.
"#,
    targets: &[Target::Dockerfile],
    fix: FixKind::None,
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    let Some(base) = runtime_base(ctx) else {
        return;
    };
    let facts = base.facts;
    if !facts.is_full_distro() {
        return;
    }
    let carried = match carried(facts) {
        Some(tools) => format!("{tools} and the rest of the distribution"),
        None => "the packages of a whole distribution".to_string(),
    };
    let message = format!(
        "the runtime is built on `{}`, {} that ships {carried} with their CVEs; {}",
        base.text,
        kind(facts),
        replacements(&facts.replacement)
    );
    let mut help =
        "build in a builder stage and copy the artifact into a minimal runtime".to_string();
    if let Some(note) = &facts.note {
        help.push_str(&format!(" (note: {note})"));
    }
    out.push(ctx.finding(&RULE, base.span, message).with_help(help));
}

/// "a Python image on Debian", "a full Ubuntu distribution".
fn kind(facts: &BaseFacts) -> String {
    let distro = distro_label(facts);
    match (&facts.family, &facts.language) {
        (Family::LanguageImage, Some(language)) => {
            format!(
                "{} image on {distro}",
                with_article(language_label(language))
            )
        }
        (Family::LanguageImage, None) => format!("a language image on {distro}"),
        _ => format!("a full {distro} distribution"),
    }
}

/// "a Python", "an nginx": the article goes by how the name is said.
fn with_article(label: &str) -> String {
    let vowel_sound =
        label.starts_with(|c: char| "AEIOUaeiou".contains(c)) || label.starts_with("nginx");
    format!("{} {label}", if vowel_sound { "an" } else { "a" })
}

fn language_label(language: &Language) -> &str {
    match language {
        Language::Python => "Python",
        Language::Node => "Node.js",
        Language::Go => "Go",
        Language::Java => "Java",
        Language::Rust => "Rust",
        Language::C => "C/C++",
        Language::Ruby => "Ruby",
        Language::Php => "PHP",
        Language::Perl => "Perl",
        Language::Dotnet => ".NET",
        Language::Other(name) => name,
    }
}

/// "bash, apt", "bash".
fn carried(facts: &BaseFacts) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    if facts.has_shell() {
        parts.push(facts.shell.as_str());
    }
    if let Some(manager) = facts.package_manager {
        parts.push(manager.as_str());
    }
    match parts.as_slice() {
        [] => None,
        [one] => Some((*one).to_string()),
        [first, second, ..] => Some(format!("{first}, {second}")),
    }
}

fn replacements(replacement: &Replacement) -> String {
    match (&replacement.distroless, &replacement.chainguard) {
        (Some(distroless), Some(chainguard)) => format!(
            "the matching minimal runtimes are `{distroless}` (distroless) and `{chainguard}` (Chainguard)"
        ),
        (Some(distroless), None) => format!(
            "the matching minimal runtime is `{distroless}` (distroless; Chainguard has no public equivalent)"
        ),
        (None, Some(chainguard)) => format!(
            "the matching minimal runtime is `{chainguard}` (Chainguard; distroless has no equivalent)"
        ),
        (None, None) => {
            "neither distroless nor Chainguard publishes a matching minimal runtime".to_string()
        }
    }
}
