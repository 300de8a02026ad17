//! `distill rules` and `distill rule CODE`.

use std::io::Write;

use anyhow::{Result, bail};
use distill_rules::registry::{all_rules, rule};
use serde::Serialize;

use crate::Outcome;
use crate::cli::{ParseFormat, RuleArgs, RulesArgs};

#[derive(Serialize)]
struct RuleJson {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    summary: &'static str,
    targets: Vec<&'static str>,
}

/// List every rule.
pub fn list(args: &RulesArgs) -> Result<Outcome> {
    let mut out = std::io::BufWriter::new(anstream::stdout().lock());
    match args.format {
        ParseFormat::Json => {
            let rules: Vec<RuleJson> = all_rules()
                .iter()
                .map(|r| RuleJson {
                    code: r.code,
                    name: r.name,
                    severity: r.severity.as_str(),
                    summary: r.summary,
                    targets: r.targets.iter().map(|t| t.as_str()).collect(),
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &rules)?;
            writeln!(out)?;
        }
        ParseFormat::Text => {
            let bold = anstyle::Style::new().bold();
            for rule in all_rules() {
                writeln!(
                    out,
                    "{bold}{}{bold:#}  {:<34} {:<8} {}",
                    rule.code, rule.name, rule.severity, rule.summary
                )?;
            }
        }
    }
    out.flush()?;
    Ok(Outcome::Clean)
}

/// Print one rule's documentation.
pub fn show(args: &RuleArgs) -> Result<Outcome> {
    let wanted = args.code.to_ascii_uppercase();
    let found = rule(&wanted).or_else(|| all_rules().iter().copied().find(|r| r.name == args.code));
    let Some(found) = found else {
        bail!("no rule {:?}: `distill rules` lists them", args.code);
    };
    let mut out = anstream::stdout().lock();
    write!(out, "{}", found.page())?;
    Ok(Outcome::Clean)
}
