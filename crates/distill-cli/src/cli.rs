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
    /// Show how distill (and BuildKit) read Dockerfiles: instructions,
    /// flags, forms, heredocs, stages and syntax problems.
    Parse(ParseArgs),
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
