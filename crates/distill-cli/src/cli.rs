//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Take container images to a near-zero-CVE posture: audit Dockerfiles,
/// Compose files and Kubernetes manifests against the distroless strategy.
#[derive(Debug, Parser)]
#[command(name = "distill", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Log more: once for a line per phase, twice for the decisions.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Log nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// When to use colour; `auto` honours NO_COLOR and whether the output
    /// is a terminal.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

/// When to colour output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Colour when writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The verbs.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit a folder: find Dockerfiles (and more) and run every rule.
    Audit(Box<AuditArgs>),
    /// Show how distill (and BuildKit) read Dockerfiles: instructions,
    /// flags, forms, heredocs, stages and syntax problems.
    Parse(ParseArgs),
    /// List every rule.
    Rules(RulesArgs),
    /// Explain one rule: what it finds, why it matters, an example, the fix.
    Rule(RuleArgs),
}

/// Output formats of `distill audit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// Findings grouped by file with code frames, help and fixes.
    Human,
    /// The stable JSON contract (docs/audit-json.md).
    Json,
    /// SARIF 2.1.0 for code-scanning services.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
    /// Markdown for a pull-request comment.
    Markdown,
}

/// `distill audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Folders or files to audit (default: the current folder).
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = AuditFormat::Human)]
    pub format: AuditFormat,

    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Use this configuration file instead of looking for distill.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,

    /// Ignore every configuration file.
    #[arg(long)]
    pub isolated: bool,

    /// The stage that ships, as `docker build --target` names it (default:
    /// the last stage of each Dockerfile).
    #[arg(long, value_name = "STAGE")]
    pub target: Option<String>,

    /// A build argument, as `docker build --build-arg` takes it.
    #[arg(long = "build-arg", value_name = "NAME=VALUE", value_parser = parse_key_value)]
    pub build_args: Vec<(String, String)>,

    /// Which workload rules run on Kubernetes manifests and Compose files:
    /// `baseline` or `restricted` (the Pod Security Standards levels), or
    /// `distroless`, restricted plus the strategy's own rules (default, or
    /// `[kubernetes] profile` from distill.toml).
    #[arg(long, value_name = "PROFILE", value_parser = ["baseline", "restricted", "distroless"])]
    pub profile: Option<String>,

    /// Also audit FILE as a Dockerfile whatever its name.
    #[arg(long = "dockerfile", value_name = "FILE")]
    pub dockerfiles: Vec<PathBuf>,

    /// Run only these rules: codes, families (`US`) or ALL, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Vec<String>,

    /// Skip these rules: codes, families or ALL, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,

    /// Exit with 1 when a finding of this severity or worse remains
    /// (default: error, or `fail-on` from distill.toml).
    #[arg(long, value_name = "LEVEL", value_parser = ["error", "warning", "info", "never"])]
    pub fail_on: Option<String>,

    /// Apply safe fixes to the files.
    #[arg(long)]
    pub fix: bool,

    /// With --fix, apply unsafe fixes too.
    #[arg(long, requires = "fix")]
    pub unsafe_fixes: bool,

    /// Print only the adoption scorecard (human and Markdown output; JSON
    /// keeps the findings).
    #[arg(long)]
    pub scorecard_only: bool,

    /// Leave the adoption scorecard out.
    #[arg(long, conflicts_with_all = ["scorecard_only", "fail_under"])]
    pub no_scorecard: bool,

    /// Exit with 1 when the scorecard's score is below N (pass counts 1,
    /// partial ½), whatever the findings.
    #[arg(long, value_name = "N")]
    pub fail_under: Option<f64>,
}

fn parse_key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("expected NAME=VALUE, got {text:?}")),
    }
}

/// `distill rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ParseFormat::Text)]
    pub format: ParseFormat,
}

/// `distill rule`.
#[derive(Debug, Args)]
pub struct RuleArgs {
    /// The rule's code (`US101`) or name (`runs-as-root`).
    pub code: String,
}

/// `distill parse`.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Dockerfiles to read.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ParseFormat::Text)]
    pub format: ParseFormat,
}

/// Formats of `distill parse`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ParseFormat {
    /// A readable listing.
    Text,
    /// A JSON array with one object per file (see docs/parse-json.md).
    Json,
}
