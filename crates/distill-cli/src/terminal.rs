//! Colour and logging set-up, and how errors that stop a run are shown.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

use anstream::ColorChoice;

use crate::cli::{ColorWhen, GlobalArgs};

/// Whether progress may be drawn: stderr is a terminal and `-q` is off.
static PROGRESS: AtomicBool = AtomicBool::new(false);

/// Whether a progress indicator would be seen.
pub fn progress_wanted() -> bool {
    PROGRESS.load(Ordering::Relaxed)
}

/// Apply `--color`, `NO_COLOR` and the verbosity flags.
pub fn init(global: &GlobalArgs) {
    PROGRESS.store(
        !global.quiet && std::io::stderr().is_terminal(),
        Ordering::Relaxed,
    );
    let choice = match global.color {
        ColorWhen::Always => ColorChoice::Always,
        ColorWhen::Never => ColorChoice::Never,
        ColorWhen::Auto => ColorChoice::Auto,
    };
    choice.write_global();

    let level = match (global.quiet, global.verbose) {
        (true, _) => tracing::Level::ERROR,
        (false, 0) => tracing::Level::WARN,
        (false, 1) => tracing::Level::INFO,
        (false, _) => tracing::Level::DEBUG,
    };
    let ansi = match global.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stderr().is_terminal()
        }
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .with_target(false)
        .without_time()
        .with_ansi(ansi)
        .init();
}

/// Print an error that stopped the run, with its causes.
pub fn report_error(err: &anyhow::Error) {
    let red = anstyle::Style::new()
        .bold()
        .fg_color(Some(anstyle::AnsiColor::Red.into()));
    let mut out = anstream::stderr();
    use std::io::Write;
    let _ = writeln!(out, "{red}error{red:#}: {err}");
    for cause in err.chain().skip(1) {
        let _ = writeln!(out, "  cause: {cause}");
    }
}
