use distill_dockerfile::expand::{EmptyEnv, expand};
use distill_dockerfile::{Args, Keyword, Word};
use distill_report::{Finding, Severity};
use distill_source::Span;

use crate::dockerfile::DockerfileContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "SC101",
    name: "secret-in-build-config",
    severity: Severity::Error,
    summary: "A literal credential in ENV/ARG/LABEL (judged by name and value, never by package pins like `libssl3=3.3.2-r0`).",
    doc: r#"
## What it finds

A literal value in `ENV`, `LABEL` or an `ARG` default that is a
credential:

- by name: the name has a part such as `PASSWORD`, `PASSWD`, `PASS`,
  `SECRET`, `TOKEN`, `API_KEY`, `APIKEY`, `ACCESS_KEY`, `PRIVATE_KEY`,
  `CREDENTIALS` or `AUTH` (`DB_PASSWORD`, `NPM_TOKEN`, `dbPassword`), and
  the value is written out: not empty, not a `$VARIABLE`, not a
  placeholder (`changeme`, `<token>`, `xxx`, `your-key-here`) and not a
  file path (`/run/secrets/db`). Names ending in `_FILE`, `_PATH`, `_URL`,
  `_USER`, `_VERSION` and the like, and public key material (`GPG_KEY`,
  `*_FINGERPRINT`, `PUBLIC_KEY`), are not credentials;
- by value, whatever the name: an AWS access key ID (`AKIA...`), a GitHub
  token (`ghp_...`, `github_pat_...`), a Slack token (`xoxb-...`), a Stripe
  live key (`sk_live_...`), a PEM private key, or a URL with a password
  (`https://user:password@host`).

The message shows at most the first four characters of the value.

## Why it matters

`ENV` and `LABEL` values are stored in the image configuration, and `ARG`
values end up in the build cache and in the history of every image whose
`RUN` steps use them. Anyone who can pull the image, or read the build
logs, can read the credential with `docker inspect` or `docker history`,
and deleting the line later does not remove it from images already
pushed.

## Example

```dockerfile
FROM node:22-slim
ENV NPM_TOKEN=npm_0123456789abcdefABCDEF
RUN npm ci
```

## Fix

Pass the secret to the step that needs it with a BuildKit secret mount,
`RUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat
/run/secrets/npm_token) npm ci`, built with `docker build --secret
id=npm_token,env=NPM_TOKEN`; give runtime secrets to the container at run
time (a Kubernetes Secret, an orchestrator variable). Then rotate the
credential: it has already been exposed. There is no automatic fix.
"#,
    targets: &[Target::Dockerfile],
    fix: FixKind::None,
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    for instruction in &ctx.file.instructions {
        let command = instruction.effective_command();
        match (command.keyword, &command.args) {
            (Keyword::Env | Keyword::Label, Args::KeyValues(pairs)) => {
                for pair in pairs {
                    let finding =
                        check_value(ctx, command.keyword, &pair.key.text, &pair.value.text)
                            .map(|message| finding(ctx, pair.value.span, message));
                    out.extend(finding);
                }
            }
            (Keyword::Arg, Args::Names(words)) => {
                for word in words {
                    let Some((name, default)) = word.text.split_once('=') else {
                        continue;
                    };
                    let finding = check_value(ctx, Keyword::Arg, name, default)
                        .map(|message| finding(ctx, default_span(ctx, word, name), message));
                    out.extend(finding);
                }
            }
            _ => {}
        }
    }
}

fn finding(ctx: &DockerfileContext<'_>, span: Span, message: String) -> Finding {
    ctx.finding(&RULE, span, message).with_help(
        "pass it with `RUN --mount=type=secret,id=...` (or at run time) instead, and rotate the exposed credential",
    )
}

/// Where the default of `NAME=default` is, when the word is written on
/// one line; else the whole word.
fn default_span(ctx: &DockerfileContext<'_>, word: &Word, name: &str) -> Span {
    if ctx.file.text(word.span) == word.text.as_str() {
        Span::new(word.span.start + name.len() + 1, word.span.end)
    } else {
        word.span
    }
}

/// The message for a `NAME=value` of `keyword` that holds a secret.
fn check_value(
    ctx: &DockerfileContext<'_>,
    keyword: Keyword,
    name: &str,
    raw: &str,
) -> Option<String> {
    // The value BuildKit sets, with variables left empty: a `$TOKEN` is
    // passed in, not written down.
    let (value, has_variables) = match expand(raw, ctx.file.escape, &EmptyEnv) {
        Ok(e) => (e.value, !e.unmatched.is_empty() || !e.matched.is_empty()),
        Err(_) => (raw.to_string(), raw.contains('$')),
    };
    let name = name.trim_matches(['"', '\'']);
    let what = match known_format(&value) {
        Some(what) => what,
        None if !has_variables && is_secret_name(name) && is_literal_secret(&value) => {
            "a literal credential"
        }
        None => return None,
    };
    let stored = match keyword {
        Keyword::Arg => {
            "ARG values are kept in the build cache and in the history of images whose RUN steps use them"
        }
        Keyword::Label => {
            "labels are stored in the image configuration that anyone who pulls the image can read"
        }
        _ => {
            "ENV values are stored in the image configuration that anyone who pulls the image can read"
        }
    };
    Some(format!(
        "`{} {name}` holds {what} (`{}`): {stored}",
        keyword.as_str(),
        redact(&value)
    ))
}

/// The first characters of a value, never more than four and never more
/// than half of it.
fn redact(value: &str) -> String {
    let shown = (value.chars().count() / 2).min(4);
    let prefix: String = value.chars().take(shown).collect();
    format!("{prefix}…")
}

/// Name parts that make a value a credential.
const SECRET_PARTS: [&str; 11] = [
    "PASSWORD",
    "PASSWD",
    "PASS",
    "SECRET",
    "SECRETS",
    "TOKEN",
    "APIKEY",
    "CREDENTIALS",
    "CREDENTIAL",
    "AUTH",
    "PRIVATEKEY",
];

/// Endings of a joined word (`DBPASSWORD`, `clientSecret`).
const SECRET_SUFFIXES: [&str; 6] = [
    "PASSWORD",
    "PASSWD",
    "SECRET",
    "TOKEN",
    "APIKEY",
    "ACCESSKEY",
];

/// A last name part that says the value is about a secret, not the secret
/// itself: `PASSWORD_FILE`, `TOKEN_URL`, `AUTH_ENABLED`.
const NOT_SECRET_LAST: [&str; 30] = [
    "FILE",
    "PATH",
    "DIR",
    "URL",
    "URI",
    "HOST",
    "HOSTNAME",
    "PORT",
    "ENDPOINT",
    "SERVER",
    "USER",
    "USERNAME",
    "NAME",
    "TYPE",
    "MODE",
    "METHOD",
    "ENABLED",
    "DISABLED",
    "REQUIRED",
    "LENGTH",
    "TTL",
    "TIMEOUT",
    "EXPIRY",
    "EXPIRATION",
    "HEADER",
    "PREFIX",
    "PROVIDER",
    "REALM",
    "VERSION",
    "ID",
];

/// Whether a name says its value is a credential.
fn is_secret_name(name: &str) -> bool {
    let parts: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(str::to_ascii_uppercase)
        .collect();
    let Some(last) = parts.last() else {
        return false;
    };
    if NOT_SECRET_LAST.contains(&last.as_str())
        || parts.iter().any(|p| p == "PUBLIC" || p == "FINGERPRINT")
    {
        return false;
    }
    parts.iter().enumerate().any(|(i, part)| {
        SECRET_PARTS.contains(&part.as_str())
            || SECRET_SUFFIXES.iter().any(|s| part.ends_with(s))
            || (part == "KEY"
                && i > 0
                && matches!(parts[i - 1].as_str(), "API" | "ACCESS" | "PRIVATE"))
    })
}

/// Whether a value under a credential's name is a real value: not empty,
/// a placeholder, a path, a switch or a package pin.
fn is_literal_secret(value: &str) -> bool {
    let value = value.trim();
    let lower = value.to_ascii_lowercase();
    !value.is_empty()
        && !is_placeholder(&lower)
        && !["/", "./", "../", "~/"]
            .iter()
            .any(|p| value.starts_with(p))
        && !matches!(
            lower.as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "0" | "1"
        )
        && !is_package_pin(value)
}

fn is_placeholder(lower: &str) -> bool {
    const WORDS: [&str; 17] = [
        "changeme",
        "change-me",
        "change_me",
        "changeit",
        "replaceme",
        "replace-me",
        "replace_me",
        "placeholder",
        "dummy",
        "example",
        "redacted",
        "none",
        "null",
        "nil",
        "unset",
        "undefined",
        "secret-here",
    ];
    WORDS.contains(&lower)
        || (lower.starts_with('<') && lower.ends_with('>'))
        || (lower.starts_with("{{") && lower.ends_with("}}"))
        || (lower.len() >= 3 && lower.chars().all(|c| matches!(c, 'x' | '*' | '.')))
        || lower.starts_with("your")
}

/// `libssl3=3.3.2-r0`: a package and its version, as `apk add` takes them.
fn is_package_pin(value: &str) -> bool {
    let Some((package, version)) = value.split_once('=') else {
        return false;
    };
    !package.is_empty()
        && package
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-' | '_'))
        && version.starts_with(|c: char| c.is_ascii_digit())
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-' | '~' | ':'))
}

/// A credential recognised by its format, whatever the name.
fn known_format(value: &str) -> Option<&'static str> {
    let alnum = |c: char| c.is_ascii_alphanumeric();
    let aws = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit();
    if value.contains("-----BEGIN ") && value.contains("PRIVATE KEY-----") {
        return Some("a private key");
    }
    if ["AKIA", "ASIA"]
        .iter()
        .any(|p| has_token(value, p, aws, 16, Some(16)))
    {
        return Some("an AWS access key ID");
    }
    if ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"]
        .iter()
        .any(|p| has_token(value, p, alnum, 30, None))
        || has_token(value, "github_pat_", |c| alnum(c) || c == '_', 22, None)
    {
        return Some("a GitHub token");
    }
    if ["xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-"]
        .iter()
        .any(|p| has_token(value, p, |c| alnum(c) || c == '-', 10, None))
    {
        return Some("a Slack token");
    }
    if ["sk_live_", "rk_live_"]
        .iter()
        .any(|p| has_token(value, p, alnum, 16, None))
    {
        return Some("a Stripe live key");
    }
    if has_url_password(value) {
        return Some("a URL with a password");
    }
    None
}

/// Whether `prefix` starts a word of `value` and is followed by at least
/// `min` (and at most `max`) characters that `allowed` accepts.
fn has_token(
    value: &str,
    prefix: &str,
    allowed: impl Fn(char) -> bool,
    min: usize,
    max: Option<usize>,
) -> bool {
    value.match_indices(prefix).any(|(at, _)| {
        let starts_word = !value[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        let length = value[at + prefix.len()..]
            .chars()
            .take_while(|&c| allowed(c))
            .count();
        starts_word && length >= min && max.is_none_or(|max| length == max)
    })
}

/// `scheme://user:password@host` with a password written out.
fn has_url_password(value: &str) -> bool {
    value.match_indices("://").any(|(at, _)| {
        let rest = &value[at + 3..];
        let authority = rest
            .split(|c: char| matches!(c, '/' | '?' | '#') || c.is_whitespace())
            .next()
            .unwrap_or_default();
        let Some((userinfo, _)) = authority.rsplit_once('@') else {
            return false;
        };
        userinfo.split_once(':').is_some_and(|(_, password)| {
            !password.is_empty() && !is_placeholder(&password.to_ascii_lowercase())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for name in [
            "DB_PASSWORD",
            "MYSQL_ROOT_PASSWORD",
            "NPM_TOKEN",
            "dbPassword",
            "CLIENT_SECRET",
            "STRIPE_API_KEY",
            "AWS_SECRET_ACCESS_KEY",
            "SSH_PRIVATE_KEY",
            "BASIC_AUTH",
            "SMTP_PASS",
            "com.example.api-token",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "PASSWORD_FILE",
            "TOKEN_URL",
            "AUTH_ENABLED",
            "GPG_KEY",
            "PUBLIC_KEY",
            "SIGNING_KEY_FINGERPRINT",
            "PASSPORT_VERSION",
            "COMPASS_HOME",
            "TOKENIZER_MODEL",
            "org.opencontainers.image.authors",
            "BYPASS_CACHE",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn literal_values() {
        for value in ["s3cr3t-Pa55", "hunter2", "postgres"] {
            assert!(is_literal_secret(value), "{value}");
        }
        for value in [
            "",
            "changeme",
            "<token>",
            "xxx",
            "your-api-key",
            "/run/secrets/db",
            "true",
            "libssl3=3.3.2-r0",
        ] {
            assert!(!is_literal_secret(value), "{value}");
        }
    }

    #[test]
    fn formats() {
        assert_eq!(
            known_format("AKIAIOSFODNN7EXAMPLE"),
            Some("an AWS access key ID")
        );
        assert_eq!(known_format("AKIAIOSFODNN7EXAMPLEX"), None);
        assert_eq!(
            known_format("ghp_0123456789abcdefghijABCDEFGHIJ0123"),
            Some("a GitHub token")
        );
        assert_eq!(
            known_format("xoxb-1234567890-abcdefghij"),
            Some("a Slack token")
        );
        assert_eq!(
            known_format("postgres://app:s3cret@db:5432/app"),
            Some("a URL with a password")
        );
        assert_eq!(known_format("postgres://app@db:5432/app"), None);
        assert_eq!(known_format("https://user:@host/"), None);
        assert_eq!(
            known_format("-----BEGIN OPENSSH PRIVATE KEY-----\nabc"),
            Some("a private key")
        );
        assert_eq!(known_format("3.3.2-r0"), None);
    }

    #[test]
    fn redaction_shows_at_most_four_characters() {
        assert_eq!(redact("ghp_0123456789"), "ghp_…");
        assert_eq!(redact("abc"), "a…");
        assert_eq!(redact(""), "…");
    }
}
