//! The `distill` command line.

mod audit;
mod cli;
mod discover;
mod parse_cmd;
mod rules_cmd;
mod terminal;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};

// Parsing builds many small strings and vectors; glibc's allocator halves
// the throughput of `distill parse` and `distill audit` compared to mimalloc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What a run ended with, as STYLE.md fixes the exit codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing at or above the failure threshold.
    Clean,
    /// Findings at or above the failure threshold.
    Findings,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    terminal::init(&cli.global);

    let result = match &cli.command {
        Command::Audit(args) => audit::run(args),
        Command::Parse(args) => parse_cmd::run(args),
        Command::Rules(args) => rules_cmd::list(args),
        Command::Rule(args) => rules_cmd::show(args),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::from(0),
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(err) => {
            terminal::report_error(&err);
            ExitCode::from(2)
        }
    }
}
