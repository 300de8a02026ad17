//! `distill.toml`: which rules run, at what severity, where; when a run
//! fails; which registries are trusted; and users' own base images.
//!
//! ```toml
//! fail-on = "error"
//! trusted-registries = ["gcr.io/distroless", "cgr.dev/chainguard", "registry.example.com"]
//!
//! [rules]
//! select = ["ALL"]
//! ignore = ["IR102"]
//! severity = { BS104 = "warning" }
//!
//! [[overrides]]
//! paths = ["legacy/**"]
//! ignore = ["US101"]
//!
//! [catalog]
//! files = ["ci/bases.toml"]
//! ```
//!
//! Every problem in the file is an error that names the line and column.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use distill_report::{Finding, Severity};
use distill_source::{LineIndex, Span};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::manifest::Profile;
use crate::registry;
use crate::suppress::code_matches;

/// A problem in a configuration file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

impl std::error::Error for ConfigError {}

/// When a run exits with 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    /// At a finding of this severity or worse.
    Severity(Severity),
    /// Never.
    Never,
}

impl FailOn {
    /// Whether a finding of `severity` fails the run.
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Severity(threshold) => severity >= threshold,
            FailOn::Never => false,
        }
    }

    /// Parse `error`, `warning`, `info` or `never`.
    pub fn parse(text: &str) -> Result<FailOn, String> {
        match text {
            "never" => Ok(FailOn::Never),
            other => other
                .parse::<Severity>()
                .map(FailOn::Severity)
                .map_err(|_| {
                    format!("unknown fail-on {other:?}: use error, warning, info or never")
                }),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    fail_on: Option<Spanned<String>>,
    #[serde(default)]
    trusted_registries: Vec<String>,
    #[serde(default)]
    rules: RawRules,
    #[serde(default)]
    overrides: Vec<RawOverride>,
    #[serde(default)]
    catalog: RawCatalog,
    #[serde(default)]
    kubernetes: RawKubernetes,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    paths: Vec<Spanned<String>>,
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    #[serde(default)]
    files: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKubernetes {
    profile: Option<Spanned<String>>,
}

/// Rule selection and severities: the top-level one, or one override.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Codes, families or `ALL` that are on; `None` leaves the choice to
    /// what comes before (all rules at the top level).
    pub select: Option<Vec<String>>,
    /// Codes, families or `ALL` that are off.
    pub ignore: Vec<String>,
    /// Severity per code or family.
    pub severity: BTreeMap<String, Severity>,
}

#[derive(Clone, Debug)]
struct Override {
    globs: GlobSet,
    selection: Selection,
}

/// A loaded configuration.
#[derive(Clone, Debug)]
pub struct Config {
    /// The file it came from (`None` for the defaults).
    pub path: Option<PathBuf>,
    /// When a run fails.
    pub fail_on: FailOn,
    /// Registries or repository prefixes images may come from.
    pub trusted_registries: Vec<String>,
    /// Extra catalog files, resolved against the config file's folder.
    pub catalog_files: Vec<PathBuf>,
    /// The Pod Security Standards profile for manifests, if set.
    pub kubernetes_profile: Option<Profile>,
    selection: Selection,
    overrides: Vec<Override>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            path: None,
            fail_on: FailOn::Severity(Severity::Error),
            trusted_registries: Vec::new(),
            catalog_files: Vec::new(),
            kubernetes_profile: None,
            selection: Selection::default(),
            overrides: Vec::new(),
        }
    }
}

/// The configuration file names looked for, in order.
pub const CONFIG_NAMES: [&str; 2] = ["distill.toml", ".distill.toml"];

impl Config {
    /// Find the configuration for `start` by walking up its folders.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let start = if start.is_file() {
            start.parent()?
        } else {
            start
        };
        let absolute = std::fs::canonicalize(start).ok()?;
        for dir in absolute.ancestors() {
            for name in CONFIG_NAMES {
                let candidate = dir.join(name);
                if candidate.is_file() {
                    return Some(candidate);
                }
            }
        }
        None
    }

    /// Parse the text of `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let index = LineIndex::new(text);
        let error_at = |span: Span, message: String| {
            let at = index.line_col(text, span.start);
            ConfigError {
                path: path.to_path_buf(),
                line: at.line,
                column: at.column,
                message,
            }
        };
        let raw: RawConfig = toml::from_str(text).map_err(|err| {
            let span = err.span().map(Span::from).unwrap_or_default();
            error_at(span, err.message().to_string())
        })?;

        let fail_on = match &raw.fail_on {
            Some(value) => {
                FailOn::parse(value.get_ref()).map_err(|m| error_at(Span::from(value.span()), m))?
            }
            None => FailOn::Severity(Severity::Error),
        };
        let selection = parse_selection(
            raw.rules.select,
            raw.rules.ignore,
            raw.rules.severity,
            &error_at,
        )?;
        let mut overrides = Vec::new();
        for raw_override in raw.overrides {
            let mut builder = GlobSetBuilder::new();
            for pattern in &raw_override.paths {
                let glob = Glob::new(pattern.get_ref()).map_err(|e| {
                    error_at(
                        Span::from(pattern.span()),
                        format!("invalid path pattern: {e}"),
                    )
                })?;
                builder.add(glob);
            }
            let globs = builder
                .build()
                .map_err(|e| error_at(Span::default(), format!("invalid path patterns: {e}")))?;
            overrides.push(Override {
                globs,
                selection: parse_selection(
                    raw_override.select,
                    raw_override.ignore,
                    raw_override.severity,
                    &error_at,
                )?,
            });
        }
        let kubernetes_profile = match raw.kubernetes.profile {
            Some(profile) => Some(
                Profile::parse(profile.get_ref())
                    .map_err(|m| error_at(Span::from(profile.span()), m))?,
            ),
            None => None,
        };
        let base = path.parent().unwrap_or(Path::new("."));
        Ok(Config {
            path: Some(path.to_path_buf()),
            fail_on,
            trusted_registries: raw.trusted_registries,
            catalog_files: raw.catalog.files.iter().map(|f| base.join(f)).collect(),
            kubernetes_profile,
            selection,
            overrides,
        })
    }

    /// Read and parse `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: format!("cannot read: {e}"),
        })?;
        Config::parse(path, &text)
    }

    /// Narrow the selection further (command-line `--select`/`--ignore`).
    pub fn restrict(&mut self, select: &[String], ignore: &[String]) {
        if !select.is_empty() {
            self.selection.select = Some(select.to_vec());
        }
        self.selection.ignore.extend(ignore.iter().cloned());
    }

    /// The rule settings for a file, `relative` to the audited folder.
    pub fn settings_for(&self, relative: &str) -> RuleSettings {
        let mut layers = vec![&self.selection];
        for o in &self.overrides {
            if o.globs.is_match(relative) {
                layers.push(&o.selection);
            }
        }
        RuleSettings {
            layers: layers.into_iter().cloned().collect(),
        }
    }
}

type ErrorAt<'a> = dyn Fn(Span, String) -> ConfigError + 'a;

fn check_code(code: &Spanned<String>, error_at: &ErrorAt<'_>) -> Result<String, ConfigError> {
    let text = code.get_ref();
    let known = text == "ALL"
        || registry::rule(text).is_some()
        || registry::all_rules().iter().any(|r| r.family() == text);
    if !known {
        return Err(error_at(
            Span::from(code.span()),
            format!("unknown rule code {text:?}: see `distill rules`"),
        ));
    }
    Ok(text.clone())
}

fn parse_selection(
    select: Option<Vec<Spanned<String>>>,
    ignore: Vec<Spanned<String>>,
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    error_at: &ErrorAt<'_>,
) -> Result<Selection, ConfigError> {
    let select = select
        .map(|codes| codes.iter().map(|c| check_code(c, error_at)).collect())
        .transpose()?;
    let ignore = ignore
        .iter()
        .map(|c| check_code(c, error_at))
        .collect::<Result<_, _>>()?;
    let mut severities = BTreeMap::new();
    for (code, level) in &severity {
        let code = check_code(code, error_at)?;
        let level = level
            .get_ref()
            .parse::<Severity>()
            .map_err(|m| error_at(Span::from(level.span()), m))?;
        severities.insert(code, level);
    }
    Ok(Selection {
        select,
        ignore,
        severity: severities,
    })
}

/// Give a file's findings their configured severities, put them in
/// source order and drop exact repeats.
pub(crate) fn settle(findings: &mut Vec<Finding>, settings: &RuleSettings) {
    for finding in findings.iter_mut() {
        finding.severity = settings.severity(finding.code, finding.severity);
    }
    findings.sort_by(|a, b| {
        (a.span.start, a.code, a.span.end).cmp(&(b.span.start, b.code, b.span.end))
    });
    findings.dedup_by(|a, b| a.code == b.code && a.span == b.span && a.message == b.message);
}

/// Which rules run for one file, and at what severity.
#[derive(Clone, Debug, Default)]
pub struct RuleSettings {
    layers: Vec<Selection>,
}

impl RuleSettings {
    /// Every rule at its default severity.
    pub fn all() -> Self {
        RuleSettings::default()
    }

    /// Only the given codes or families.
    pub fn only(codes: &[&str]) -> Self {
        RuleSettings {
            layers: vec![Selection {
                select: Some(codes.iter().map(|c| c.to_string()).collect()),
                ..Selection::default()
            }],
        }
    }

    /// Whether `code` runs. Later layers (overrides) win over earlier ones;
    /// within a layer, `ignore` wins over `select`.
    pub fn enabled(&self, code: &str) -> bool {
        let mut on = true;
        for layer in &self.layers {
            if let Some(select) = &layer.select {
                on = select.iter().any(|p| code_matches(p, code));
            }
            if layer.ignore.iter().any(|p| code_matches(p, code)) {
                on = false;
            }
        }
        on
    }

    /// The severity of `code` after configuration; the most specific
    /// pattern of the last layer that mentions it wins.
    pub fn severity(&self, code: &str, default: Severity) -> Severity {
        let mut severity = default;
        for layer in &self.layers {
            let best = layer
                .severity
                .iter()
                .filter(|(pattern, _)| code_matches(pattern, code))
                .max_by_key(|(pattern, _)| {
                    if pattern.as_str() == "ALL" {
                        0
                    } else {
                        pattern.len()
                    }
                });
            if let Some((_, level)) = best {
                severity = *level;
            }
        }
        severity
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("distill.toml"), text)
    }

    #[test]
    fn selection_severity_and_overrides() {
        let config = parse(
            "fail-on = \"warning\"\n[rules]\nignore = [\"IR102\"]\nseverity = { IR = \"error\", IR102 = \"info\" }\n\
             [[overrides]]\npaths = [\"legacy/**\"]\nignore = [\"US\"]\n",
        )
        .unwrap();
        assert_eq!(config.fail_on, FailOn::Severity(Severity::Warning));
        let root = config.settings_for("Dockerfile");
        assert!(!root.enabled("IR102"));
        assert!(root.enabled("US101"));
        assert_eq!(root.severity("IR101", Severity::Warning), Severity::Error);
        assert_eq!(root.severity("IR102", Severity::Warning), Severity::Info);
        let legacy = config.settings_for("legacy/app/Dockerfile");
        assert!(!legacy.enabled("US101"));
    }

    #[test]
    fn errors_point_into_the_file() {
        let err = parse("[rules]\nignore = [\"XX999\"]\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 11));
        assert!(err.message.contains("unknown rule code"));
        let err = parse("fail-on = \"sometimes\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (1, 11));
        let err = parse("[rules]\nselct = []\n").unwrap_err();
        assert_eq!(err.line, 2);
        let err = parse("[rules]\nseverity = { US101 = \"loud\" }\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("unknown severity"));
    }
}
