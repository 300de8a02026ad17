//! What every rule declares about itself.

use distill_report::{RuleInfo, Severity};

/// Where a rule looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// Dockerfiles and Containerfiles.
    Dockerfile,
    /// Kubernetes manifests.
    Kubernetes,
    /// Compose files.
    Compose,
    /// Built images.
    Image,
}

impl Target {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Dockerfile => "dockerfile",
            Target::Kubernetes => "kubernetes",
            Target::Compose => "compose",
            Target::Image => "image",
        }
    }
}

/// Whether a rule offers fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixKind {
    /// Never.
    None,
    /// When the case is clear enough.
    Sometimes,
    /// For every finding.
    Always,
}

/// A rule's identity and documentation. The documentation lives beside
/// the rule's code and is the single source of `distill rule CODE` and
/// `docs/rules/`.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable code, `US101`.
    pub code: &'static str,
    /// Kebab-case name, `runs-as-root`.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One sentence: what the rule finds.
    pub summary: &'static str,
    /// Markdown with the sections "What it finds", "Why it matters",
    /// "Example" and "Fix".
    pub doc: &'static str,
    /// Where the rule looks.
    pub targets: &'static [Target],
    /// Whether it offers fixes.
    pub fix: FixKind,
}

impl RuleMeta {
    /// The rule's family: the letters of its code (`US`).
    pub fn family(&self) -> &'static str {
        let letters = self
            .code
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(self.code.len());
        &self.code[..letters]
    }

    /// What renderers need.
    pub fn info(&self) -> RuleInfo {
        RuleInfo {
            code: self.code,
            name: self.name,
            severity: self.severity,
            summary: self.summary,
            doc: self.doc,
        }
    }

    /// The full documentation page, as `distill rule CODE` prints it and
    /// `docs/rules/CODE.md` holds it.
    pub fn page(&self) -> String {
        let targets: Vec<&str> = self.targets.iter().map(|t| t.as_str()).collect();
        let fix = match self.fix {
            FixKind::None => "no",
            FixKind::Sometimes => "sometimes",
            FixKind::Always => "yes",
        };
        format!(
            "# {} {}\n\n{}\n\n- Default severity: {}\n- Checks: {}\n- Fix available: {}\n\n{}\n",
            self.code,
            self.name,
            self.summary,
            self.severity,
            targets.join(", "),
            fix,
            self.doc.trim()
        )
    }
}
