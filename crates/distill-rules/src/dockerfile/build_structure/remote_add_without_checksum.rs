use distill_dockerfile::Keyword;
use distill_report::{Finding, Severity};

use super::copy_sources;
use crate::dockerfile::DockerfileContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "BS105",
    name: "remote-add-without-checksum",
    severity: Severity::Warning,
    summary: "`ADD` of a URL without `--checksum`, or of a git repository at a ref that is not a commit.",
    doc: r#"
## What it finds

`ADD` instructions, in any stage, whose source is

- an `http://` or `https://` URL, and the instruction has no
  `--checksum=`;
- a git repository (`git@host:...`, `git://`, `ssh://`, or an HTTP URL
  ending in `.git`) whose ref is not a full commit hash (`#<40 or 64 hex
  digits>`, or `commit=`/`checksum=` in the query) and that has no
  `--checksum=`.

## Why it matters

BuildKit fetches the URL at build time and trusts whatever comes back. A
compromised server, a moved release asset or a retagged branch changes
what the image contains without any change to the Dockerfile, and two
builds of the same commit ship different bytes. With `--checksum`
BuildKit refuses content that does not match (Dockerfile reference,
"ADD --checksum").

## Example

```dockerfile
FROM debian:12-slim AS tools
ADD https://github.com/golangci/golangci-lint/releases/download/v1.61.0/golangci-lint-1.61.0-linux-amd64.tar.gz /tmp/
ADD https://github.com/example/assets.git#main /assets
```

## Fix

Add the digest of the file, `ADD --checksum=sha256:<digest> <url>
<dest>`, and pin git sources to a commit: `ADD
https://github.com/example/assets.git#<commit> /assets`.
"#,
    targets: &[Target::Dockerfile],
    fix: FixKind::None,
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    for stage in 0..ctx.model.stages.len() {
        for (index, instruction) in ctx.stage_instructions(stage) {
            if instruction.keyword() != Keyword::Add
                || instruction.command.flag("checksum").is_some()
            {
                continue;
            }
            for source in copy_sources(ctx, index) {
                let url = source.text.as_str();
                let message = if is_git_source(url) {
                    if is_commit_pinned(url) {
                        continue;
                    }
                    format!(
                        "`ADD` fetches the git repository `{url}` at a branch or tag, not a commit, so its contents can change without the Dockerfile changing"
                    )
                } else if is_http_source(url) {
                    format!(
                        "`ADD` downloads `{url}` without `--checksum`, so a changed or compromised server silently changes what the build ships"
                    )
                } else {
                    continue;
                };
                let help = if is_git_source(url) {
                    "pin the ref to a full commit hash (`#<commit>`) or add `--checksum=<commit>`"
                } else {
                    "add `--checksum=sha256:<digest>` so that BuildKit verifies the download"
                };
                out.push(ctx.finding(&RULE, source.span, message).with_help(help));
            }
        }
    }
}

fn is_http_source(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Whether BuildKit reads `source` as a git repository: the scp-like
/// `git@host:path`, the `git://` and `ssh://` schemes, or an HTTP URL
/// whose path ends in `.git`.
fn is_git_source(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    if lower.starts_with("git@") || lower.starts_with("git://") || lower.starts_with("ssh://") {
        return true;
    }
    let path = lower.split(['#', '?']).next().unwrap_or_default();
    is_http_source(&lower) && path.trim_end_matches('/').ends_with(".git")
}

/// Whether a git source names a full commit: `repo.git#<commit>[:subdir]`
/// or `?commit=<commit>` / `?checksum=<commit>` / `?ref=<commit>`.
fn is_commit_pinned(source: &str) -> bool {
    let is_commit =
        |s: &str| matches!(s.len(), 40 | 64) && s.chars().all(|c| c.is_ascii_hexdigit());
    if let Some((_, fragment)) = source.split_once('#') {
        let reference = fragment.split(':').next().unwrap_or_default();
        if is_commit(reference) {
            return true;
        }
    }
    let query = source
        .split_once('?')
        .map(|(_, q)| q.split('#').next().unwrap_or_default())
        .unwrap_or_default();
    query.split('&').any(|pair| {
        matches!(
            pair.split_once('='),
            Some(("commit" | "checksum" | "ref", value)) if is_commit(value)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_sources_and_pins() {
        assert!(is_git_source("git@github.com:moby/buildkit.git#v0.16.0"));
        assert!(is_git_source("https://github.com/moby/buildkit.git#main"));
        assert!(!is_git_source("https://example.com/tool.tar.gz"));
        let commit = "a".repeat(40);
        assert!(is_commit_pinned(&format!("https://x/y.git#{commit}:docs")));
        assert!(is_commit_pinned(&format!(
            "https://x/y.git?ref=v1&commit={commit}"
        )));
        assert!(!is_commit_pinned("https://x/y.git#v1.2.3"));
    }
}
