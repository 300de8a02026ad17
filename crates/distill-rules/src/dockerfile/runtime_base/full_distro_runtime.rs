use distill_catalog::{BaseFacts, Family, Language, Replacement};
use distill_report::{Finding, Severity};

use distill_dockerfile::Args;

use super::{distro_label, runtime_base};
use crate::dockerfile::DockerfileContext;
use crate::dockerfile::build_structure::{run_commands, stage_runs};
use crate::dockerfile::shell::{self, Installer};
use crate::dockerfile::shell_less::start_commands;
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
    // A plain distribution that installs an interpreter is replaced by
    // that language's minimal runtime, not by the distribution's.
    let language = (facts.family != Family::LanguageImage)
        .then(|| runtime_language(ctx))
        .flatten();
    let language_replacement = language
        .as_ref()
        .and_then(|l| language_runtime(ctx, l))
        .filter(|r| !r.is_empty());
    let suggestion = match (&language, &language_replacement) {
        (Some(language), Some(replacement)) => format!(
            "it runs {}, so {}",
            language_label(language),
            replacements(replacement)
        ),
        _ => replacements(&facts.replacement),
    };
    let message = format!(
        "the runtime is built on `{}`, {} that ships {carried} with their CVEs; {suggestion}",
        base.text,
        kind(facts),
    );
    let mut help =
        "build in a builder stage and copy the artifact into a minimal runtime".to_string();
    if let Some(note) = &facts.note {
        help.push_str(&format!(" (note: {note})"));
    }
    out.push(ctx.finding(&RULE, base.span, message).with_help(help));
}

/// The language a runtime on a plain distribution runs: the interpreter
/// its `RUN` steps install (`apk add nodejs`), or else the program its
/// `ENTRYPOINT` or `CMD` starts (`node`, `python3`, `java`).
fn runtime_language(ctx: &DockerfileContext<'_>) -> Option<Language> {
    for &stage in ctx.runtime_chain() {
        for (_, run) in stage_runs(ctx, stage) {
            for command in run_commands(ctx, run) {
                let Some(install) = shell::install(&command.command) else {
                    continue;
                };
                if matches!(install.installer, Installer::Pip | Installer::Npm) {
                    continue;
                }
                if let Some(language) = install.packages.iter().find_map(|p| package_language(p)) {
                    return Some(language);
                }
            }
        }
    }
    let start = start_commands(ctx);
    let (_, instruction) = start.entrypoint.or(start.cmd)?;
    let first = match &instruction.command.args {
        Args::Exec(words) => words.first()?.text.to_string(),
        Args::Shell(word) => word.text.split_whitespace().next()?.to_string(),
        _ => return None,
    };
    program_language(first.rsplit('/').next().unwrap_or(&first))
}

fn package_language(package: &str) -> Option<Language> {
    let name = package
        .split(['=', '~', '<', '>'])
        .next()
        .unwrap_or(package);
    match name {
        "nodejs" | "nodejs-current" | "nodejs-lts" | "node" => Some(Language::Node),
        "python3" | "python" | "python3-minimal" => Some(Language::Python),
        _ if name.starts_with("openjdk") || name.starts_with("temurin") => Some(Language::Java),
        _ if name.ends_with("-jre") || name.ends_with("-jre-headless") => Some(Language::Java),
        _ => None,
    }
}

fn program_language(program: &str) -> Option<Language> {
    match program {
        "node" | "nodejs" | "npm" => Some(Language::Node),
        "java" => Some(Language::Java),
        "gunicorn" | "uvicorn" => Some(Language::Python),
        _ if program.starts_with("python") => Some(Language::Python),
        _ => None,
    }
}

/// The minimal runtimes of a language: those of the build stage that
/// uses that language's image (`node:20` gives the Node.js 20 runtimes,
/// matching what it built), else those of the language's official image.
fn language_runtime(ctx: &DockerfileContext<'_>, language: &Language) -> Option<Replacement> {
    let builder = ctx
        .build_stages()
        .filter(|&stage| {
            ctx.facts(stage)
                .is_some_and(|f| f.language.as_ref() == Some(language))
        })
        .find_map(|stage| ctx.facts(stage).map(|f| f.replacement.clone()))
        .filter(|r| !r.is_empty());
    if builder.is_some() {
        return builder;
    }
    let repository = match language {
        Language::Node => "library/node",
        Language::Python => "library/python",
        Language::Java => "library/eclipse-temurin",
        _ => return None,
    };
    ctx.catalog
        .lookup("docker.io", repository, None)
        .map(|facts| facts.replacement)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_from_packages_and_programs() {
        assert_eq!(package_language("nodejs"), Some(Language::Node));
        assert_eq!(package_language("python3=3.11.2-1"), Some(Language::Python));
        assert_eq!(package_language("openjdk17-jre"), Some(Language::Java));
        assert_eq!(package_language("temurin-21-jre"), Some(Language::Java));
        assert_eq!(package_language("curl"), None);
        assert_eq!(program_language("python3.12"), Some(Language::Python));
        assert_eq!(program_language("gunicorn"), Some(Language::Python));
        assert_eq!(program_language("node"), Some(Language::Node));
        assert_eq!(program_language("/app"), None);
    }
}
