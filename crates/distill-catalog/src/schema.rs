//! The catalog file format (documented in SCHEMA.md) and its checks.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use toml::Spanned;

use crate::entry::{Entry, FactPatch, Variant};
use crate::error::CatalogError;
use crate::facts::{
    BaseFacts, DefaultUser, Family, Language, Libc, PackageManager, Replacement, Role, Shell,
};
use crate::registry::{check_pattern, name_key};

/// Variant sets by id, as an entry's `variant_sets` names them.
pub(crate) type VariantSets = BTreeMap<String, Vec<Variant>>;

/// A checked catalog file.
pub(crate) struct Parsed {
    pub(crate) entries: Vec<Entry>,
    pub(crate) variant_sets: VariantSets,
}

/// Reads a catalog file. `inherited` holds variant sets the file may name
/// without defining them (the built-in ones, for users' files).
pub(crate) fn parse(text: &str, inherited: &VariantSets) -> Result<Parsed, CatalogError> {
    let raw: RawCatalog =
        toml::from_str(text).map_err(|e| CatalogError::at(text, e.span(), e.message()))?;
    let checker = Checker { text };

    let mut variant_sets = VariantSets::new();
    for set in raw.variant_sets {
        let id = set.id.get_ref().clone();
        if id.is_empty() {
            return Err(checker.error(set.id.span(), "a variant set needs a non-empty `id`"));
        }
        if variant_sets.contains_key(&id) {
            return Err(checker.error(
                set.id.span(),
                format!("variant set `{id}` is defined twice"),
            ));
        }
        let variants = set
            .variants
            .into_iter()
            .map(|v| checker.variant(v))
            .collect::<Result<Vec<_>, _>>()?;
        variant_sets.insert(id, variants);
    }

    let mut seen = HashSet::new();
    let mut entries = Vec::with_capacity(raw.images.len());
    for image in raw.images {
        if !seen.insert(image.id.get_ref().clone()) {
            let id = image.id.get_ref();
            return Err(checker.error(image.id.span(), format!("image `{id}` is defined twice")));
        }
        entries.push(checker.entry(image, &variant_sets, inherited)?);
    }

    Ok(Parsed {
        entries,
        variant_sets,
    })
}

struct Checker<'a> {
    text: &'a str,
}

impl Checker<'_> {
    fn error(&self, span: Range<usize>, message: impl Into<String>) -> CatalogError {
        CatalogError::at(self.text, Some(span), message)
    }

    fn entry(
        &self,
        mut image: RawImage,
        own_sets: &VariantSets,
        inherited: &VariantSets,
    ) -> Result<Entry, CatalogError> {
        let id = image.id.get_ref().clone();
        let id_span = image.id.span();
        if id.is_empty() {
            return Err(self.error(id_span, "an image needs a non-empty `id`"));
        }
        if image.repositories.is_empty() {
            return Err(self.error(id_span, format!("image `{id}` lists no `repositories`")));
        }

        let repositories = image
            .repositories
            .iter()
            .map(|r| self.repository(r))
            .collect::<Result<Vec<_>, _>>()?;
        let known_tags = image
            .known_tags
            .as_ref()
            .map(|tags| {
                tags.iter()
                    .map(|t| self.tag(t))
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?;

        // Shared sets come first so that the entry's own variants can refine them.
        let mut variants = Vec::new();
        for name in &image.variant_sets {
            let set = own_sets
                .get(name.get_ref())
                .or_else(|| inherited.get(name.get_ref()))
                .ok_or_else(|| {
                    let set = name.get_ref();
                    self.error(name.span(), format!("unknown variant set `{set}`"))
                })?;
            variants.extend(set.iter().cloned());
        }
        for variant in std::mem::take(&mut image.variants) {
            variants.push(self.variant(variant)?);
        }

        let patch = self.patch(image.take_facts())?;
        let facts = self.base_facts(&id, id_span, patch)?;
        Ok(Entry {
            id,
            repositories,
            known_tags,
            facts,
            variants,
        })
    }

    fn variant(&self, mut raw: RawVariant) -> Result<Variant, CatalogError> {
        let name = raw.name.get_ref().clone();
        if name.is_empty() {
            return Err(self.error(raw.name.span(), "a variant needs a non-empty `name`"));
        }
        if raw.tags.is_empty() && raw.repositories.is_empty() {
            return Err(self.error(
                raw.name.span(),
                format!("variant `{name}` has neither `tags` nor `repositories`, so it would apply to every image"),
            ));
        }
        let tags = raw
            .tags
            .iter()
            .map(|t| self.tag(t))
            .collect::<Result<_, _>>()?;
        let repositories = raw
            .repositories
            .iter()
            .map(|r| self.repository(r))
            .collect::<Result<_, _>>()?;
        let patch = self.patch(raw.take_facts())?;
        Ok(Variant {
            name,
            tags,
            repositories,
            unknown: raw.unknown,
            patch,
        })
    }

    fn repository(&self, pattern: &Spanned<String>) -> Result<String, CatalogError> {
        check_pattern(pattern.get_ref()).map_err(|message| self.error(pattern.span(), message))?;
        Ok(name_key(pattern.get_ref()))
    }

    fn tag(&self, pattern: &Spanned<String>) -> Result<String, CatalogError> {
        let text = pattern.get_ref();
        // OCI distribution spec: a tag is [A-Za-z0-9_][A-Za-z0-9._-]{0,127}.
        let valid = !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '*'));
        if !valid {
            return Err(self.error(
                pattern.span(),
                format!("tag pattern `{text}` may only use letters, digits, `_`, `.`, `-` and `*`"),
            ));
        }
        Ok(text.clone())
    }

    fn patch(&self, raw: RawFacts) -> Result<FactPatch, CatalogError> {
        let size_mb = match raw.size_mb {
            Some(size) if !(size.get_ref().is_finite() && *size.get_ref() >= 0.0) => {
                return Err(self.error(
                    size.span(),
                    "`size_mb` must be a number of megabytes, 0 or more",
                ));
            }
            size => size.map(Spanned::into_inner),
        };
        let (replacement_distroless, replacement_chainguard) = raw
            .replacement
            .map_or((None, None), |r| (r.distroless, r.chainguard));

        Ok(FactPatch {
            family: raw.family,
            distro: raw.distro,
            shell: raw.shell,
            package_manager: raw.package_manager.map(RawPackageManager::into_facts),
            libc: raw.libc,
            default_user: raw.user.map(RawUser::into_facts),
            entrypoint: raw.entrypoint,
            debug_variant: raw.debug,
            role: raw.role,
            language: raw.language.as_deref().map(Language::from_name),
            size_mb,
            typical_cves: raw.typical_cves,
            replacement_distroless,
            replacement_chainguard,
            note: raw.note,
        })
    }

    /// An entry's own facts: the keys every image must state, and defaults for the rest.
    fn base_facts(
        &self,
        id: &str,
        id_span: Range<usize>,
        patch: FactPatch,
    ) -> Result<BaseFacts, CatalogError> {
        let missing = |key: &str| {
            self.error(
                id_span.clone(),
                format!("image `{id}` does not state `{key}`"),
            )
        };
        Ok(BaseFacts {
            id: id.to_owned(),
            variants: Vec::new(),
            family: patch.family.ok_or_else(|| missing("family"))?,
            distro: patch.distro,
            shell: patch.shell.ok_or_else(|| missing("shell"))?,
            package_manager: patch
                .package_manager
                .ok_or_else(|| missing("package_manager"))?,
            libc: patch.libc.ok_or_else(|| missing("libc"))?,
            default_user: patch.default_user.ok_or_else(|| missing("user"))?,
            entrypoint: patch.entrypoint.unwrap_or_default(),
            debug_variant: patch.debug_variant.unwrap_or(false),
            role: patch.role.ok_or_else(|| missing("role"))?,
            language: patch.language,
            size_mb: patch.size_mb,
            typical_cves: patch.typical_cves,
            replacement: Replacement {
                distroless: patch.replacement_distroless,
                chainguard: patch.replacement_chainguard,
            },
            note: patch.note,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    #[serde(default, rename = "variant_set")]
    variant_sets: Vec<RawVariantSet>,
    #[serde(default, rename = "image")]
    images: Vec<RawImage>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVariantSet {
    id: Spanned<String>,
    #[serde(default, rename = "variant")]
    variants: Vec<RawVariant>,
}

/// The fact keys an image and a variant share.
struct RawFacts {
    family: Option<Family>,
    distro: Option<String>,
    shell: Option<Shell>,
    package_manager: Option<RawPackageManager>,
    libc: Option<Libc>,
    user: Option<RawUser>,
    entrypoint: Option<Vec<String>>,
    debug: Option<bool>,
    role: Option<Role>,
    language: Option<String>,
    size_mb: Option<Spanned<f64>>,
    typical_cves: Option<u32>,
    replacement: Option<RawReplacement>,
    note: Option<String>,
}

/// Declares a table type with its own keys plus every fact key, so that both
/// images and variants reject unknown keys (serde's `flatten` cannot be
/// combined with `deny_unknown_fields`).
macro_rules! table_with_facts {
    (
        $(#[$attr:meta])*
        struct $name:ident { $( $(#[$field_attr:meta])* $field:ident : $ty:ty, )* }
    ) => {
        $(#[$attr])*
        struct $name {
            $( $(#[$field_attr])* $field: $ty, )*
            family: Option<Family>,
            distro: Option<String>,
            shell: Option<Shell>,
            package_manager: Option<RawPackageManager>,
            libc: Option<Libc>,
            user: Option<RawUser>,
            entrypoint: Option<Vec<String>>,
            debug: Option<bool>,
            role: Option<Role>,
            language: Option<String>,
            size_mb: Option<Spanned<f64>>,
            typical_cves: Option<u32>,
            replacement: Option<RawReplacement>,
            note: Option<String>,
        }

        impl $name {
            fn take_facts(&mut self) -> RawFacts {
                RawFacts {
                    family: self.family.take(),
                    distro: self.distro.take(),
                    shell: self.shell.take(),
                    package_manager: self.package_manager.take(),
                    libc: self.libc.take(),
                    user: self.user.take(),
                    entrypoint: self.entrypoint.take(),
                    debug: self.debug.take(),
                    role: self.role.take(),
                    language: self.language.take(),
                    size_mb: self.size_mb.take(),
                    typical_cves: self.typical_cves.take(),
                    replacement: self.replacement.take(),
                    note: self.note.take(),
                }
            }
        }
    };
}

table_with_facts! {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawImage {
        id: Spanned<String>,
        repositories: Vec<Spanned<String>>,
        #[serde(default)]
        known_tags: Option<Vec<Spanned<String>>>,
        #[serde(default)]
        variant_sets: Vec<Spanned<String>>,
        #[serde(default, rename = "variant")]
        variants: Vec<RawVariant>,
    }
}

table_with_facts! {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawVariant {
        name: Spanned<String>,
        #[serde(default)]
        tags: Vec<Spanned<String>>,
        #[serde(default)]
        repositories: Vec<Spanned<String>>,
        #[serde(default)]
        unknown: bool,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReplacement {
    distroless: Option<String>,
    chainguard: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawPackageManager {
    None,
    Apt,
    Apk,
    Yum,
    Dnf,
    Microdnf,
}

impl RawPackageManager {
    fn into_facts(self) -> Option<PackageManager> {
        match self {
            RawPackageManager::None => None,
            RawPackageManager::Apt => Some(PackageManager::Apt),
            RawPackageManager::Apk => Some(PackageManager::Apk),
            RawPackageManager::Yum => Some(PackageManager::Yum),
            RawPackageManager::Dnf => Some(PackageManager::Dnf),
            RawPackageManager::Microdnf => Some(PackageManager::Microdnf),
        }
    }
}

/// `user = 65532`, `user = "root"`, `user = "unknown"` or `user = "www-data"`.
enum RawUser {
    Uid(u32),
    Name(String),
}

impl RawUser {
    fn into_facts(self) -> DefaultUser {
        let uid = match self {
            RawUser::Uid(uid) => uid,
            RawUser::Name(name) => match name.as_str() {
                "root" => return DefaultUser::Root,
                "unknown" => return DefaultUser::Unknown,
                text => match text.parse::<u32>() {
                    Ok(uid) => uid,
                    Err(_) => return DefaultUser::Named(name),
                },
            },
        };
        if uid == 0 {
            DefaultUser::Root
        } else {
            DefaultUser::NonRoot { uid }
        }
    }
}

impl<'de> Deserialize<'de> for RawUser {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct UserVisitor;

        impl Visitor<'_> for UserVisitor {
            type Value = RawUser;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a numeric uid or a user name")
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<RawUser, E> {
                u32::try_from(value)
                    .map(RawUser::Uid)
                    .map_err(|_| E::custom(format!("uid {value} is out of range")))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<RawUser, E> {
                u32::try_from(value)
                    .map(RawUser::Uid)
                    .map_err(|_| E::custom(format!("uid {value} is out of range")))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<RawUser, E> {
                if value.is_empty() {
                    return Err(E::custom("a user name must not be empty"));
                }
                Ok(RawUser::Name(value.to_owned()))
            }
        }

        deserializer.deserialize_any(UserVisitor)
    }
}
