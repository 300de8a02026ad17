//! The adoption scorecard: the fourteen items of the distroless strategy,
//! each with a status, the evidence that decided it and the next step.

use std::fmt;

use serde::Serialize;

/// Where an item stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemStatus {
    /// Done everywhere it applies.
    Pass,
    /// Done in some places, or in part.
    Partial,
    /// Not done.
    Fail,
    /// Nothing in the repository it could apply to (no Kubernetes
    /// workloads for CL05, say); left out of the score.
    NotApplicable,
    /// It applies, but the repository holds no evidence either way (the
    /// CI may live elsewhere); counted as not done, and said so.
    Unknown,
}

impl ItemStatus {
    /// The kebab-case name, as in the JSON report.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Pass => "pass",
            ItemStatus::Partial => "partial",
            ItemStatus::Fail => "fail",
            ItemStatus::NotApplicable => "not-applicable",
            ItemStatus::Unknown => "unknown",
        }
    }

    /// What the item adds to the score: 1 for pass, ½ for partial.
    pub fn points(self) -> f64 {
        match self {
            ItemStatus::Pass => 1.0,
            ItemStatus::Partial => 0.5,
            _ => 0.0,
        }
    }
}

impl fmt::Display for ItemStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One piece of evidence: a place in the repository and what it shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Path relative to the audited folder, `/`-separated.
    pub path: String,
    /// 1-based line, when the evidence is one line.
    pub line: Option<usize>,
    /// What the place shows, lowercase first.
    pub note: String,
}

impl Evidence {
    /// Evidence at `path:line`.
    pub fn at(path: impl Into<String>, line: usize, note: impl Into<String>) -> Self {
        Evidence {
            path: path.into(),
            line: Some(line),
            note: note.into(),
        }
    }

    /// Evidence about a whole file.
    pub fn file(path: impl Into<String>, note: impl Into<String>) -> Self {
        Evidence {
            path: path.into(),
            line: None,
            note: note.into(),
        }
    }

    /// `path:line`, or `path` alone.
    pub fn location(&self) -> String {
        match self.line {
            Some(line) => format!("{}:{line}", self.path),
            None => self.path.clone(),
        }
    }
}

/// One item of the scorecard.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScoreItem {
    /// `CL01` ... `CL14`.
    pub id: &'static str,
    /// Kebab-case name, `multi-stage`.
    pub name: &'static str,
    /// Where it stands.
    pub status: ItemStatus,
    /// What decided the status, most telling first; empty only when there
    /// was nothing to look at, and then `summary` says so.
    pub evidence: Vec<Evidence>,
    /// One sentence on how the status was reached.
    pub summary: String,
    /// The one concrete thing to do next, absent when the item passes.
    pub next_step: Option<String>,
}

/// The fourteen items, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scorecard {
    /// The items.
    pub items: Vec<ScoreItem>,
}

impl Scorecard {
    /// Pass counts one, partial one half.
    pub fn score(&self) -> f64 {
        self.items.iter().map(|i| i.status.points()).sum()
    }

    /// The items that apply: every item but the not-applicable ones.
    pub fn max(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.status != ItemStatus::NotApplicable)
            .count()
    }

    /// `9/14` or `9.5/14`.
    pub fn display_score(&self) -> String {
        format!("{}/{}", format_points(self.score()), self.max())
    }

    /// The score as a percentage of what applies (100 when nothing does).
    pub fn percent(&self) -> f64 {
        match self.max() {
            0 => 100.0,
            max => self.score() * 100.0 / max as f64,
        }
    }
}

/// `9`, `9.5`.
pub fn format_points(points: f64) -> String {
    if points.fract() == 0.0 {
        format!("{points:.0}")
    } else {
        format!("{points:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(status: ItemStatus) -> ScoreItem {
        ScoreItem {
            id: "CL01",
            name: "multi-stage",
            status,
            evidence: Vec::new(),
            summary: String::new(),
            next_step: None,
        }
    }

    #[test]
    fn partial_counts_half_and_not_applicable_leaves_the_denominator() {
        let card = Scorecard {
            items: vec![
                item(ItemStatus::Pass),
                item(ItemStatus::Partial),
                item(ItemStatus::Fail),
                item(ItemStatus::NotApplicable),
                item(ItemStatus::Unknown),
            ],
        };
        assert_eq!(card.score(), 1.5);
        assert_eq!(card.max(), 4);
        assert_eq!(card.display_score(), "1.5/4");
        assert_eq!(card.percent(), 37.5);
    }

    #[test]
    fn whole_scores_print_without_a_fraction() {
        let card = Scorecard {
            items: vec![item(ItemStatus::Pass), item(ItemStatus::Pass)],
        };
        assert_eq!(card.display_score(), "2/2");
    }
}
