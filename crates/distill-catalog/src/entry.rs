//! Catalog entries and how a tag selects their variants.

use crate::facts::{BaseFacts, DefaultUser, Family, Language, Libc, PackageManager, Role, Shell};
use crate::pattern::{glob_match, is_glob};

/// The tag a reference without one stands for, as registries resolve it.
const DEFAULT_TAG: &str = "latest";

/// One image (or family of repositories sharing facts) in the catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub(crate) id: String,
    /// Normalized `registry/repository` patterns; the first is the canonical name.
    pub(crate) repositories: Vec<String>,
    pub(crate) known_tags: Option<Vec<String>>,
    /// The facts before any variant applies.
    pub(crate) facts: BaseFacts,
    /// Shared variant sets first, then the entry's own.
    pub(crate) variants: Vec<Variant>,
}

/// Facts that apply to some tags or repositories of an entry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Variant {
    pub(crate) name: String,
    pub(crate) tags: Vec<String>,
    pub(crate) repositories: Vec<String>,
    pub(crate) unknown: bool,
    pub(crate) patch: FactPatch,
}

/// The facts a variant sets; everything it leaves `None` keeps its value.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct FactPatch {
    pub(crate) family: Option<Family>,
    pub(crate) distro: Option<String>,
    pub(crate) shell: Option<Shell>,
    pub(crate) package_manager: Option<Option<PackageManager>>,
    pub(crate) libc: Option<Libc>,
    pub(crate) default_user: Option<DefaultUser>,
    pub(crate) entrypoint: Option<Vec<String>>,
    pub(crate) debug_variant: Option<bool>,
    pub(crate) role: Option<Role>,
    pub(crate) language: Option<Language>,
    pub(crate) size_mb: Option<f64>,
    pub(crate) typical_cves: Option<u32>,
    pub(crate) replacement_distroless: Option<String>,
    pub(crate) replacement_chainguard: Option<String>,
    pub(crate) note: Option<String>,
}

impl FactPatch {
    pub(crate) fn apply(&self, facts: &mut BaseFacts) {
        fn set<T: Clone>(target: &mut T, value: &Option<T>) {
            if let Some(value) = value {
                *target = value.clone();
            }
        }
        fn set_some<T: Clone>(target: &mut Option<T>, value: &Option<T>) {
            if value.is_some() {
                target.clone_from(value);
            }
        }

        set(&mut facts.family, &self.family);
        set_some(&mut facts.distro, &self.distro);
        set(&mut facts.shell, &self.shell);
        set(&mut facts.package_manager, &self.package_manager);
        set(&mut facts.libc, &self.libc);
        set(&mut facts.default_user, &self.default_user);
        set(&mut facts.entrypoint, &self.entrypoint);
        set(&mut facts.debug_variant, &self.debug_variant);
        set(&mut facts.role, &self.role);
        set_some(&mut facts.language, &self.language);
        set_some(&mut facts.size_mb, &self.size_mb);
        set_some(&mut facts.typical_cves, &self.typical_cves);
        set_some(
            &mut facts.replacement.distroless,
            &self.replacement_distroless,
        );
        set_some(
            &mut facts.replacement.chainguard,
            &self.replacement_chainguard,
        );
        set_some(&mut facts.note, &self.note);
    }
}

impl Variant {
    fn applies(&self, repository_key: &str, tag: &str) -> bool {
        let tag_matches = self.tags.is_empty() || self.tags.iter().any(|p| glob_match(p, tag));
        let repository_matches = self.repositories.is_empty()
            || self
                .repositories
                .iter()
                .any(|p| glob_match(p, repository_key));
        tag_matches && repository_matches
    }
}

impl Entry {
    /// The entry's id ("python", "distroless-static", "chainguard-node").
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The repositories it covers, normalized to `registry/repository`
    /// (`docker.io/library/python`); `*` matches any run of characters.
    pub fn repositories(&self) -> &[String] {
        &self.repositories
    }

    /// The canonical repository: the first one listed.
    pub fn canonical_repository(&self) -> &str {
        self.repositories.first().map_or("", String::as_str)
    }

    /// The facts that hold before a tag selects any variant.
    pub fn facts(&self) -> &BaseFacts {
        &self.facts
    }

    /// The names of the variants the entry can apply, in the order they apply.
    pub fn variant_names(&self) -> impl Iterator<Item = &str> {
        self.variants.iter().map(|v| v.name.as_str())
    }

    /// The facts for `tag` on the canonical repository; `None` when the tag is
    /// outside what the catalog describes. A missing tag means `latest`.
    pub fn resolve(&self, tag: Option<&str>) -> Option<BaseFacts> {
        self.resolve_for(self.canonical_repository(), tag)
    }

    pub(crate) fn matches_repository(&self, key: &str) -> bool {
        self.repositories.iter().any(|pattern| {
            if is_glob(pattern) {
                glob_match(pattern, key)
            } else {
                pattern == key
            }
        })
    }

    /// Applies, in order, every variant whose patterns match; later ones win.
    pub(crate) fn resolve_for(&self, repository_key: &str, tag: Option<&str>) -> Option<BaseFacts> {
        let tag = tag.unwrap_or(DEFAULT_TAG);
        if let Some(known) = &self.known_tags {
            if !known.iter().any(|pattern| glob_match(pattern, tag)) {
                return None;
            }
        }

        let mut facts = self.facts.clone();
        for variant in self
            .variants
            .iter()
            .filter(|v| v.applies(repository_key, tag))
        {
            if variant.unknown {
                return None;
            }
            variant.patch.apply(&mut facts);
            if !facts.variants.contains(&variant.name) {
                facts.variants.push(variant.name.clone());
            }
        }
        Some(facts)
    }
}
