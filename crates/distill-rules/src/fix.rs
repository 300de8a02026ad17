//! Applying fixes: the edits of every fix that does not overlap another are
//! applied, the file is checked again, and so on until nothing changes.

use distill_report::Finding;
use distill_source::{Applicability, Edit, apply_edits};

/// The result of fixing one text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fixed {
    /// The text after fixing.
    pub text: String,
    /// How many fixes were applied, over all passes.
    pub applied: usize,
    /// The codes of the fixes applied, in order.
    pub codes: Vec<&'static str>,
}

/// Which fixes to apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixMode {
    /// Only fixes that keep the file's meaning.
    Safe,
    /// Safe and unsafe fixes.
    Unsafe,
}

impl FixMode {
    fn allows(self, applicability: Applicability) -> bool {
        match applicability {
            Applicability::Safe => true,
            Applicability::Unsafe => self == FixMode::Unsafe,
            Applicability::DisplayOnly => false,
        }
    }
}

/// One pass: apply the fixes of `findings` that do not overlap, in source
/// order. Returns the new text and the codes applied.
pub fn apply_once(text: &str, findings: &[Finding], mode: FixMode) -> (String, Vec<&'static str>) {
    let mut fixes: Vec<(&Finding, &distill_report::Fix)> = findings
        .iter()
        .filter_map(|f| f.fix.as_ref().map(|fix| (f, fix)))
        .filter(|(_, fix)| mode.allows(fix.applicability) && !fix.edits.is_empty())
        .collect();
    fixes.sort_by_key(|(_, fix)| fix.edits.iter().map(|e| e.span.start).min());

    let mut accepted: Vec<Edit> = Vec::new();
    let mut codes = Vec::new();
    for (finding, fix) in fixes {
        let overlaps = fix.edits.iter().any(|edit| {
            accepted.iter().any(|other| {
                edit.span.start < other.span.end.max(other.span.start + 1)
                    && other.span.start < edit.span.end.max(edit.span.start + 1)
            })
        });
        if overlaps || fix.edits.iter().any(|e| accepted.contains(e)) {
            continue;
        }
        accepted.extend(fix.edits.iter().cloned());
        codes.push(finding.code);
    }
    match apply_edits(text, &accepted) {
        Ok(fixed) => (fixed, codes),
        Err(_) => (text.to_string(), Vec::new()),
    }
}

/// Fix `text` until no more fixes apply (at most `max_passes` passes);
/// `check` gives the findings of a text.
pub fn fix_until_stable(
    text: &str,
    mode: FixMode,
    max_passes: usize,
    check: impl Fn(&str) -> Vec<Finding>,
) -> Fixed {
    let mut current = text.to_string();
    let mut codes = Vec::new();
    for _ in 0..max_passes {
        let findings = check(&current);
        let (next, applied) = apply_once(&current, &findings, mode);
        if applied.is_empty() || next == current {
            break;
        }
        codes.extend(applied);
        current = next;
    }
    Fixed {
        applied: codes.len(),
        text: current,
        codes,
    }
}
