//! Finding the files to audit: a walk that respects .gitignore (the
//! `ignore` crate, from ripgrep) and recognises files by name.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use distill_manifest::compose::is_compose_name;
use distill_rules::scorecard::evidence::{EvidenceFile, evidence_kind};

/// What a file is, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A Dockerfile or Containerfile.
    Dockerfile,
    /// A Compose file: a base file, or an override merged over one.
    Compose,
    /// A YAML or JSON file that may hold Kubernetes objects.
    Manifest,
    /// CI, bot or documentation files the scorecard reads.
    Evidence(EvidenceFile),
}

/// A file to audit.
#[derive(Clone, Debug)]
pub struct Input {
    /// Where it is.
    pub path: PathBuf,
    /// How reports name it: relative to the audited folder, `/`-separated.
    pub display: String,
    /// What it is.
    pub kind: Kind,
}

/// Whether a file name is a Dockerfile's: `Dockerfile`, `Dockerfile.*`,
/// `*.Dockerfile`, `*.dockerfile`, `Containerfile`, `Containerfile.*`.
/// `Dockerfile.dockerignore` and the like are ignore files, not Dockerfiles.
pub fn is_dockerfile_name(name: &str) -> bool {
    if name.ends_with(".dockerignore") || name.ends_with(".containerignore") {
        return false;
    }
    // The docker CLI falls back to a lowercase `dockerfile` when there is
    // no `Dockerfile`.
    name == "Dockerfile"
        || name == "dockerfile"
        || name.starts_with("Dockerfile.")
        || name.ends_with(".Dockerfile")
        || name.ends_with(".dockerfile")
        || name == "Containerfile"
        || name.starts_with("Containerfile.")
}

fn kind_of(path: &Path) -> Option<Kind> {
    let name = path.file_name()?.to_str()?;
    if is_dockerfile_name(name) {
        return Some(Kind::Dockerfile);
    }
    if is_compose_name(name) {
        return Some(Kind::Compose);
    }
    if let Some(kind) = evidence_kind(&path.to_string_lossy()) {
        return Some(Kind::Evidence(kind));
    }
    let manifest = [".yaml", ".yml", ".json"]
        .iter()
        .any(|ext| name.ends_with(ext));
    manifest.then_some(Kind::Manifest)
}

fn display(path: &Path, base: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    let text = relative.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}

/// The folder report paths are relative to: the one folder given, or the
/// current folder.
pub fn base_dir(roots: &[PathBuf]) -> PathBuf {
    match roots {
        [only] if only.is_dir() => only.clone(),
        _ => PathBuf::from("."),
    }
}

/// Every file to audit under `roots`, plus `extra` files read as
/// Dockerfiles whatever their names, sorted by path.
pub fn find_inputs(roots: &[PathBuf], extra: &[PathBuf], base: &Path) -> Result<Vec<Input>> {
    let mut inputs = Vec::new();
    for root in roots {
        if !root.exists() {
            bail!("{}: no such file or folder", root.display());
        }
        if root.is_file() {
            // A file named on the command line is audited whatever its
            // name; unknown names are read as Dockerfiles.
            inputs.push(Input {
                display: display(root, base),
                kind: kind_of(root).unwrap_or(Kind::Dockerfile),
                path: root.clone(),
            });
            continue;
        }
        // The walk runs on several threads; large trees are mostly
        // directory reads.
        let found = std::sync::Mutex::new(Vec::new());
        ignore::WalkBuilder::new(root)
            .hidden(false)
            .require_git(false)
            .filter_entry(|entry| entry.file_name() != ".git")
            .build_parallel()
            .run(|| {
                Box::new(|entry| {
                    match entry {
                        Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                            if let Some(kind) = kind_of(entry.path()) {
                                let path = entry.into_path();
                                if let Ok(mut found) = found.lock() {
                                    found.push(Input {
                                        display: display(&path, base),
                                        kind,
                                        path,
                                    });
                                }
                            }
                        }
                        Ok(_) => {}
                        Err(err) => tracing::warn!("skipping: {err}"),
                    }
                    ignore::WalkState::Continue
                })
            });
        inputs.extend(found.into_inner().unwrap_or_default());
    }
    for path in extra {
        if !path.is_file() {
            bail!("{}: no such file", path.display());
        }
        inputs.push(Input {
            display: display(path, base),
            kind: Kind::Dockerfile,
            path: path.clone(),
        });
    }
    inputs.sort_by(|a, b| a.display.cmp(&b.display));
    inputs.dedup_by(|a, b| a.path == b.path);
    Ok(inputs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerfile_names() {
        for name in [
            "Dockerfile",
            "Dockerfile.prod",
            "api.Dockerfile",
            "api.dockerfile",
            "Containerfile",
            "Containerfile.dev",
            "dockerfile",
        ] {
            assert!(is_dockerfile_name(name), "{name}");
        }
        for name in [
            "Dockerfile.dockerignore",
            "dockerfile-notes.md",
            "README",
            "Dockerfiles",
        ] {
            assert!(!is_dockerfile_name(name), "{name}");
        }
    }
}
