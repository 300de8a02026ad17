//! `RUN --mount=...` values: comma-separated `key=value` fields in any
//! order, read as BuildKit's `parseMount` reads them
//! (`instructions/commands_runmount.go`).

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
        match text.to_ascii_lowercase().as_str() {
            "bind" => Some(MountType::Bind),
            "cache" => Some(MountType::Cache),
            "tmpfs" => Some(MountType::Tmpfs),
            "secret" => Some(MountType::Secret),
            "ssh" => Some(MountType::Ssh),
            _ => None,
        }
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
    let fields = csv_fields(value).map_err(|e| format!("failed to parse csv mounts: {e}"))?;
    let mut mount = Mount::default();
    for field in fields {
        let (key, value) = match field.split_once('=') {
            Some((k, v)) => (k.to_ascii_lowercase(), Some(v.to_string())),
            None => (field.to_ascii_lowercase(), None),
        };
        mount.fields.push((key.clone(), value.clone()));
        let Some(value) = value else {
            match key.as_str() {
                "readonly" | "ro" | "readwrite" | "rw" => continue,
                "required" if matches!(mount.kind, Some(MountType::Secret | MountType::Ssh)) => {
                    continue;
                }
                "required" => {
                    return Err(format!(
                        "unexpected key 'required' for mount type '{}'",
                        mount.mount_type()
                    ));
                }
                _ => return Err(format!("invalid field '{field}' must be a key=value pair")),
            }
        };
        match key.as_str() {
            "type" => {
                mount.kind = Some(MountType::parse(&value).ok_or_else(|| {
                    format!(
                        "unsupported mount type {value:?}: use bind, cache, tmpfs, secret or ssh"
                    )
                })?);
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
                mount.from = Some(value);
            }
            "source" | "src" => mount.source = Some(value),
            "target" | "dst" | "destination" => mount.target = Some(value),
            "id" => mount.id = Some(value),
            "sharing" => {
                let lower = value.to_ascii_lowercase();
                if !matches!(lower.as_str(), "shared" | "private" | "locked") {
                    return Err(format!(
                        "unsupported sharing value {value:?}: use shared, private or locked"
                    ));
                }
                mount.sharing = Some(value);
            }
            "readonly" | "ro" | "readwrite" | "rw" | "required" | "size" | "mode" | "uid"
            | "gid" | "env" => {}
            _ => return Err(format!("unexpected key '{key}' in '{field}'")),
        }
    }
    if mount.sharing.is_some() && mount.mount_type() != MountType::Cache {
        return Err(format!(
            "invalid cache sharing set for {} mount",
            mount.mount_type()
        ));
    }
    Ok(mount)
}

/// One CSV record with Go's `encoding/csv` rules: `"` quotes a whole
/// field, `""` inside quotes is a quote, and a quote inside an unquoted
/// field is an error.
fn csv_fields(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        let mut field = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    None => return Err("extraneous or missing \" in quoted-field".into()),
                    Some('"') => match chars.peek() {
                        Some('"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some(',') | None => break,
                        Some(_) => return Err("extraneous or missing \" in quoted-field".into()),
                    },
                    Some(c) => field.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' {
                    break;
                }
                if c == '"' {
                    return Err("bare \" in non-quoted-field".into());
                }
                field.push(c);
                chars.next();
            }
        }
        fields.push(field);
        match chars.next() {
            Some(',') => continue,
            _ => return Ok(fields),
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
}
