//! Dockerfile rules and the engine that runs them over one file.

pub mod context;
pub mod facts;
pub mod shell;

pub(crate) mod build_structure;
pub(crate) mod image_refs;
mod runtime_base;
mod secrets;
mod semantics;
pub(crate) mod shell_less;
mod syntax;

pub(crate) use syntax::SYNTAX_ERROR;
mod user;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use distill_catalog::Catalog;
use distill_dockerfile::{Dockerfile, ItemKind};
use distill_report::Finding;

pub use context::{DockerfileContext, DockerfileOptions, Script};
pub use facts::{DockerfileFacts, PackageStep, RuntimeFacts, dockerfile_facts};

use crate::RuleSettings;
use crate::rule::RuleMeta;
use crate::suppress::{Directive, code_matches, parse_comment};

/// A rule's check over a Dockerfile.
pub struct DockerfileCheck {
    /// The rule.
    pub rule: &'static RuleMeta,
    /// Adds the rule's findings.
    pub run: fn(&DockerfileContext<'_>, &mut Vec<Finding>),
}

/// Every Dockerfile check, family by family.
pub fn checks() -> &'static [&'static DockerfileCheck] {
    static CHECKS: OnceLock<Vec<&'static DockerfileCheck>> = OnceLock::new();
    CHECKS.get_or_init(|| {
        let families: [&'static [DockerfileCheck]; 8] = [
            syntax::CHECKS,
            semantics::CHECKS,
            image_refs::CHECKS,
            runtime_base::CHECKS,
            build_structure::CHECKS,
            user::CHECKS,
            shell_less::CHECKS,
            secrets::CHECKS,
        ];
        families.iter().flat_map(|f| f.iter()).collect()
    })
}

/// What the comments of a file silence.
#[derive(Debug, Default)]
struct Suppressions {
    file: Vec<String>,
    /// Instruction index to the codes silenced for it.
    instructions: BTreeMap<usize, Vec<String>>,
}

impl Suppressions {
    fn read(file: &Dockerfile) -> Self {
        let mut out = Suppressions::default();
        let mut pending: Vec<String> = Vec::new();
        for item in &file.items {
            match item.kind {
                ItemKind::Comment => match parse_comment(file.text(item.span)) {
                    Some(Directive::Next(codes)) => pending.extend(codes),
                    Some(Directive::File(codes)) => out.file.extend(codes),
                    None => {}
                },
                ItemKind::Instruction(index) => {
                    if !pending.is_empty() {
                        out.instructions.insert(index, std::mem::take(&mut pending));
                    }
                }
                // A blank line ends the comment block above an instruction.
                ItemKind::Blank => pending.clear(),
                ItemKind::Bom | ItemKind::Directive(_) => {}
            }
        }
        out
    }

    fn silences(&self, file: &Dockerfile, finding: &Finding) -> bool {
        if self.file.iter().any(|p| code_matches(p, finding.code)) {
            return true;
        }
        let at = finding.span.start;
        let Some(index) = file
            .instructions
            .iter()
            .position(|i| i.span.start <= at && at < i.span.end.max(i.span.start + 1))
        else {
            return false;
        };
        self.instructions
            .get(&index)
            .is_some_and(|codes| codes.iter().any(|p| code_matches(p, finding.code)))
    }
}

/// Run every enabled rule over one parsed file.
pub fn check_dockerfile(
    path: &str,
    file: &Dockerfile,
    catalog: &Catalog,
    options: &DockerfileOptions,
    settings: &RuleSettings,
) -> Vec<Finding> {
    let ctx = DockerfileContext::new(path, file, catalog, options);
    run_checks(&ctx, settings)
}

/// Run every enabled rule over one parsed file, and gather the facts the
/// scorecard needs from the same reading of it.
pub fn audit_dockerfile(
    path: &str,
    file: &Dockerfile,
    catalog: &Catalog,
    options: &DockerfileOptions,
    settings: &RuleSettings,
) -> (Vec<Finding>, DockerfileFacts) {
    let ctx = DockerfileContext::new(path, file, catalog, options);
    (run_checks(&ctx, settings), dockerfile_facts(&ctx))
}

fn run_checks(ctx: &DockerfileContext<'_>, settings: &RuleSettings) -> Vec<Finding> {
    let file = ctx.file;
    let mut findings = Vec::new();
    for check in checks() {
        if settings.enabled(check.rule.code) {
            (check.run)(ctx, &mut findings);
        }
    }
    let suppressions = Suppressions::read(file);
    findings.retain(|f| !suppressions.silences(file, f));
    crate::config::settle(&mut findings, settings);
    findings
}
