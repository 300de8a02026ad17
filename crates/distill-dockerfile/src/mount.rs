//! `RUN --mount=...` values: comma-separated `key=value` fields in any
//! order, read as BuildKit's `parseMount` reads them
//! (`instructions/commands_runmount.go`).

use std::borrow::Cow;
use std::fmt;

/// The mount types BuildKit accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum MountType {
    Bind,
    Cache,
    Tmpfs,
    Secret,
    Ssh,
}

impl MountType {
    fn parse(text: &str) -> Option<MountType> {
        [
            MountType::Bind,
            MountType::Cache,
            MountType::Tmpfs,
            MountType::Secret,
            MountType::Ssh,
        ]
        .into_iter()
        .find(|kind| kind.as_str().eq_ignore_ascii_case(text))
    }

    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            MountType::Bind => "bind",
            MountType::Cache => "cache",
            MountType::Tmpfs => "tmpfs",
            MountType::Secret => "secret",
            MountType::Ssh => "ssh",
        }
    }
}

impl fmt::Display for MountType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parsed `--mount` value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mount {
    /// The fields in the order written: lower-cased key, and the value
    /// when there is an `=`.
    pub fields: Vec<(String, Option<String>)>,
    /// The mount type (`bind` when not given).
    pub kind: Option<MountType>,
    /// `target`, `dst` or `destination`.
    pub target: Option<String>,
    /// `source` or `src`.
    pub source: Option<String>,
    /// `from`: a stage, image or build context.
    pub from: Option<String>,
    /// `id` of a cache or secret.
    pub id: Option<String>,
    /// `sharing` of a cache.
    pub sharing: Option<String>,
}

impl Mount {
    /// The mount type, `bind` when none is written.
    pub fn mount_type(&self) -> MountType {
        self.kind.unwrap_or(MountType::Bind)
    }
}

/// Parse a `--mount` value. Values that hold a variable are kept as written
/// and not validated, since BuildKit expands them first.
pub fn parse_mount(value: &str) -> Result<Mount, String> {
    let mut mount = Mount::default();
    read_mount(value, Some(&mut mount))?;
    Ok(mount)
}

/// What [`parse_mount`] would say is wrong with a `--mount` value, without
/// building the mount: the instruction checks only need the verdict.
pub(crate) fn check_mount(value: &str) -> Result<(), String> {
    read_mount(value, None)
}

/// Read and validate the fields of a `--mount` value, storing them in
/// `keep` when given. Validation needs only the type and whether a
/// sharing mode was set, so checking alone copies no field text.
fn read_mount(value: &str, mut keep: Option<&mut Mount>) -> Result<(), String> {
    let fields = csv_fields(value).map_err(|e| format!("failed to parse csv mounts: {e}"))?;
    let mut kind = None;
    let mut has_sharing = false;
    for field in &fields {
        let field: &str = field;
        let (key, value) = match field.split_once('=') {
            Some((k, v)) => (ascii_lowercase(k), Some(v)),
            None => (ascii_lowercase(field), None),
        };
        if let Some(mount) = keep.as_deref_mut() {
            mount
                .fields
                .push((key.to_string(), value.map(str::to_string)));
        }
        let Some(value) = value else {
            match &*key {
                "readonly" | "ro" | "readwrite" | "rw" => continue,
                "required" if matches!(kind, Some(MountType::Secret | MountType::Ssh)) => {
                    continue;
                }
                "required" => {
                    return Err(format!(
                        "unexpected key 'required' for mount type '{}'",
                        kind.unwrap_or(MountType::Bind)
                    ));
                }
                _ => return Err(format!("invalid field '{field}' must be a key=value pair")),
            }
        };
        let slot = match &*key {
            "type" => {
                kind = Some(MountType::parse(value).ok_or_else(|| {
                    format!(
                        "unsupported mount type {value:?}: use bind, cache, tmpfs, secret or ssh"
                    )
                })?);
                None
            }
            "from" => {
                // BuildKit refuses variables in `from` (a `$` as last
                // character is literal).
                if value.find('$').is_some_and(|i| i + 1 != value.len()) {
                    return Err(
                        "'from' doesn't support variable expansion, define alias stage instead"
                            .to_string(),
                    );
                }
                keep.as_deref_mut().map(|m| &mut m.from)
            }
            "source" | "src" => keep.as_deref_mut().map(|m| &mut m.source),
            "target" | "dst" | "destination" => keep.as_deref_mut().map(|m| &mut m.target),
            "id" => keep.as_deref_mut().map(|m| &mut m.id),
            "sharing" => {
                if !["shared", "private", "locked"]
                    .iter()
                    .any(|mode| mode.eq_ignore_ascii_case(value))
                {
                    return Err(format!(
                        "unsupported sharing value {value:?}: use shared, private or locked"
                    ));
                }
                has_sharing = true;
                keep.as_deref_mut().map(|m| &mut m.sharing)
            }
            "readonly" | "ro" | "readwrite" | "rw" | "required" | "size" | "mode" | "uid"
            | "gid" | "env" => None,
            _ => return Err(format!("unexpected key '{key}' in '{field}'")),
        };
        if let Some(slot) = slot {
            *slot = Some(value.to_string());
        }
    }
    let mount_type = kind.unwrap_or(MountType::Bind);
    if has_sharing && mount_type != MountType::Cache {
        return Err(format!("invalid cache sharing set for {mount_type} mount"));
    }
    if let Some(mount) = keep {
        mount.kind = kind;
    }
    Ok(())
}

/// `text` in ASCII lower case, copied only when it has upper-case letters.
fn ascii_lowercase(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

/// One CSV record with Go's `encoding/csv` rules: `"` quotes a whole
/// field, `""` inside quotes is a quote, and a quote inside an unquoted
/// field is an error. Unquoted fields are borrowed from `line`.
fn csv_fields(line: &str) -> Result<Vec<Cow<'_, str>>, String> {
    const MISSING_QUOTE: &str = "extraneous or missing \" in quoted-field";
    let mut fields = Vec::new();
    let mut rest = line;
    loop {
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut field = String::new();
            let mut inside = quoted;
            loop {
                let close = inside.find('"').ok_or(MISSING_QUOTE)?;
                field.push_str(&inside[..close]);
                inside = &inside[close + 1..];
                if let Some(after) = inside.strip_prefix('"') {
                    field.push('"');
                    inside = after;
                } else if inside.is_empty() || inside.starts_with(',') {
                    break;
                } else {
                    return Err(MISSING_QUOTE.into());
                }
            }
            fields.push(Cow::Owned(field));
            rest = inside;
        } else {
            let end = rest.find([',', '"']).unwrap_or(rest.len());
            if rest[end..].starts_with('"') {
                return Err("bare \" in non-quoted-field".into());
            }
            fields.push(Cow::Borrowed(&rest[..end]));
            rest = &rest[end..];
        }
        match rest.strip_prefix(',') {
            Some(after) => rest = after,
            None => return Ok(fields),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_in_any_order() {
        let m = parse_mount("target=/root/.cache,type=cache,sharing=locked,id=pip").unwrap();
        assert_eq!(m.mount_type(), MountType::Cache);
        assert_eq!(m.target.as_deref(), Some("/root/.cache"));
        assert_eq!(m.id.as_deref(), Some("pip"));
        let m = parse_mount("type=bind,from=build,source=/out,target=/in,ro").unwrap();
        assert_eq!(m.from.as_deref(), Some("build"));
        assert_eq!(m.fields.last().unwrap(), &("ro".to_string(), None));
    }

    #[test]
    fn quoted_fields() {
        let m = parse_mount("type=secret,\"id=a,b\",target=/run/s").unwrap();
        assert_eq!(m.id.as_deref(), Some("a,b"));
        assert!(parse_mount("type=bind,target=a\"b").is_err());
    }

    #[test]
    fn invalid_mounts() {
        assert!(parse_mount("type=volume,target=/x").is_err());
        assert!(parse_mount("type=cache,target=/x,bogus=1").is_err());
        assert!(parse_mount("type=bind,target=/x,sharing=shared").is_err());
        assert!(parse_mount("type=cache,nokey").is_err());
        assert!(parse_mount("from=$STAGE,target=/x").is_err());
    }

    #[test]
    fn checking_agrees_with_parsing() {
        for value in [
            "type=cache,target=/x",
            "Type=CACHE,Target=/x,sharing=Locked",
            "\"type=bind\",\"src=a\"\"b\",target=/x",
            "\"type=bind\"x",
            "\"type=bind",
            "type=bind,,target=/x",
            "",
            "ro",
            "type=secret,required,id=a",
            "required,type=secret",
            "type=bind,sharing=shared",
            "from=$STAGE,target=/x",
            "from=a$,target=/x",
            "type=volume",
            "bogus=1",
        ] {
            assert_eq!(check_mount(value), parse_mount(value).map(drop), "{value}");
        }
    }
}
