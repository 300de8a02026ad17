//! The base-image catalog: what distill knows about container base images.
//!
//! The knowledge is data, kept in `catalog.toml` next to this crate and
//! embedded in the binary. Rules ask it about the base of a stage ("does it
//! have a shell, which libc, which user, which entrypoint, is it a debug
//! variant, what replaces it"), and users add their own bases with the same
//! schema (see `SCHEMA.md`).
//!
//! ```
//! use distill_catalog::{Catalog, Shell};
//!
//! let facts = Catalog::builtin()
//!     .lookup("docker.io", "library/python", Some("3.12-slim-bookworm"))
//!     .expect("python is in the catalog");
//! assert_eq!(facts.shell, Shell::Bash);
//! assert_eq!(facts.distro.as_deref(), Some("debian12"));
//! assert!(facts.is_full_distro());
//! ```

mod entry;
mod error;
mod facts;
mod pattern;
mod registry;
mod schema;

use std::collections::HashSet;
use std::sync::LazyLock;

pub use entry::Entry;
pub use error::CatalogError;
pub use facts::{
    BaseFacts, DefaultUser, Family, Language, Libc, PackageManager, Replacement, Role, Shell,
};

use schema::VariantSets;

/// The catalog shipped with distill.
const BUILTIN_TOML: &str = include_str!("../catalog.toml");

static BUILTIN: LazyLock<Catalog> = LazyLock::new(|| {
    Catalog::parse(BUILTIN_TOML, &VariantSets::new())
        .expect("the embedded catalog.toml parses; the builtin_catalog_parses test guards it")
});

/// A set of base-image entries with typed lookups.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Later entries win when several match one repository.
    entries: Vec<Entry>,
    variant_sets: VariantSets,
}

impl Catalog {
    /// The catalog shipped in the binary, parsed on first use.
    ///
    /// # Panics
    ///
    /// Only if the embedded file is broken, which the crate's tests rule out.
    pub fn builtin() -> &'static Catalog {
        &BUILTIN
    }

    /// Parses a catalog written in the same schema as the built-in one.
    ///
    /// Its images may name the built-in variant sets in `variant_sets`.
    /// Errors carry the line and column of the offending text.
    pub fn from_toml(text: &str) -> Result<Catalog, CatalogError> {
        Catalog::parse(text, &Catalog::builtin().variant_sets)
    }

    fn parse(text: &str, inherited: &VariantSets) -> Result<Catalog, CatalogError> {
        let parsed = schema::parse(text, inherited)?;
        Ok(Catalog {
            entries: parsed.entries,
            variant_sets: parsed.variant_sets,
        })
    }

    /// Adds `other`'s entries and variant sets; where ids are the same, and
    /// where both claim a repository, `other` wins.
    pub fn extend(&mut self, other: Catalog) {
        let replaced: HashSet<&str> = other.entries.iter().map(|e| e.id.as_str()).collect();
        self.entries.retain(|e| !replaced.contains(e.id.as_str()));
        self.entries.extend(other.entries);
        self.variant_sets.extend(other.variant_sets);
    }

    /// The facts for an image reference, with its tag's variants applied.
    ///
    /// `registry` and `repository` are as a reference parser gives them
    /// ("docker.io" + "library/python", "gcr.io" + "distroless/static-debian12",
    /// "cgr.dev" + "chainguard/python"); Docker Hub's aliases and mirrors and a
    /// missing `library/` are normalized here. `tag` is `None` when no tag is
    /// written, digest-only references included, and then means `latest`, the
    /// tag a registry serves for an untagged name.
    ///
    /// Returns `None` for a repository the catalog does not know, and for a
    /// tag outside what its entry describes (a Windows tag, a tag distroless
    /// does not publish): the catalog does not guess.
    pub fn lookup(&self, registry: &str, repository: &str, tag: Option<&str>) -> Option<BaseFacts> {
        let key = registry::reference_key(registry, repository);
        let entry = self
            .entries
            .iter()
            .rev()
            .find(|e| e.matches_repository(&key))?;
        entry.resolve_for(&key, tag)
    }

    /// The entry with this id ("distroless-static", "chainguard-python", "python").
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().rev().find(|e| e.id == id)
    }

    /// Every entry, in file order (entries added by [`Catalog::extend`] last).
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_parses() {
        if let Err(error) = Catalog::parse(BUILTIN_TOML, &VariantSets::new()) {
            panic!("catalog.toml: {error}");
        }
        assert!(Catalog::builtin().entries().count() > 40);
    }

    /// `(registry, repository, tag)` of a `FROM` reference; digests are not used here.
    fn split(reference: &str) -> (&str, &str, Option<&str>) {
        let (name, tag) = match reference.rsplit_once(':') {
            Some((name, tag)) if !tag.contains('/') => (name, Some(tag)),
            _ => (reference, None),
        };
        let (registry, repository) = name.split_once('/').unwrap_or(("", name));
        (registry, repository, tag)
    }

    /// Every replacement the catalog can name, with where it comes from.
    fn all_replacements(catalog: &Catalog) -> Vec<(String, String)> {
        let mut found = Vec::new();
        for entry in catalog.entries() {
            let base = &entry.facts().replacement;
            let variants = entry.variants.iter().map(|v| {
                let patch = &v.patch;
                (
                    &patch.replacement_distroless,
                    &patch.replacement_chainguard,
                    v.name.as_str(),
                )
            });
            let all =
                std::iter::once((&base.distroless, &base.chainguard, "(entry)")).chain(variants);
            for (distroless, chainguard, origin) in all {
                for reference in [distroless, chainguard].into_iter().flatten() {
                    found.push((format!("{} {origin}", entry.id()), reference.clone()));
                }
            }
        }
        found
    }

    #[test]
    fn every_replacement_is_a_minimal_catalog_image() {
        let catalog = Catalog::builtin();
        let replacements = all_replacements(catalog);
        assert!(replacements.len() > 50);
        for (origin, reference) in replacements {
            let (registry, repository, tag) = split(&reference);
            assert!(
                tag.is_some(),
                "{origin}: replacement {reference} should name its tag"
            );
            let facts = catalog
                .lookup(registry, repository, tag)
                .unwrap_or_else(|| {
                    panic!("{origin}: replacement {reference} is not in the catalog")
                });
            assert!(
                facts.is_minimal(),
                "{origin}: replacement {reference} is not minimal"
            );
            assert!(
                facts.note.is_none(),
                "{origin}: replacement {reference} is deprecated"
            );
            assert_ne!(
                facts.default_user,
                DefaultUser::Root,
                "{origin}: replacement {reference} runs as root"
            );
        }
    }

    #[test]
    fn every_entry_describes_its_untagged_image() {
        for entry in Catalog::builtin().entries() {
            assert!(
                !pattern::is_glob(entry.canonical_repository()),
                "{}: the first repository should be a concrete name",
                entry.id()
            );
            let facts = entry.resolve(None);
            assert!(
                facts.is_some(),
                "{}: `latest` should be described",
                entry.id()
            );
        }
    }

    #[test]
    fn no_two_builtin_entries_claim_a_repository() {
        let catalog = Catalog::builtin();
        for entry in catalog.entries() {
            for repository in entry.repositories().iter().filter(|r| !pattern::is_glob(r)) {
                let claimants: Vec<&str> = catalog
                    .entries()
                    .filter(|other| other.matches_repository(repository))
                    .map(Entry::id)
                    .collect();
                assert_eq!(
                    claimants,
                    [entry.id()],
                    "{repository} is claimed by several entries"
                );
            }
        }
    }
}
