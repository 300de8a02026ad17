//! The reference grammar agrees with the `oci-spec` crate's reading of
//! the distribution reference grammar on generated ASCII references.
//!
//! One known difference: current Docker (distribution/reference
//! `splitDockerDomain`) reads a first path element with upper-case letters
//! as a registry, since Docker Hub namespaces are lower-case; `oci-spec`
//! follows an older version that does not. Those inputs are checked
//! against current Docker's reading instead.

use distill_dockerfile::ImageRef;
use oci_spec::distribution::Reference;
use proptest::prelude::*;

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9]{1,6}",
        Just("library".to_string()),
        Just("gcr.io".to_string()),
        Just("localhost".to_string()),
        Just("localhost:5000".to_string()),
        Just("registry.example.com:443".to_string()),
        Just("my-app".to_string()),
        Just("a__b".to_string()),
        Just("a---b".to_string()),
        Just("A".to_string()),
        Just("/".to_string()),
        Just(":".to_string()),
        Just(".".to_string()),
        Just("-".to_string()),
        Just("_".to_string()),
        Just(":3.12-slim".to_string()),
        Just(":latest".to_string()),
        Just(format!("@sha256:{}", "ab".repeat(32))),
        Just(format!("@sha512:{}", "0".repeat(128))),
        Just("@sha256:abc".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn agrees_with_oci_spec(parts in prop::collection::vec(piece(), 1..6)) {
        let text: String = parts.concat();
        let ours = ImageRef::parse(&text);
        let name = text.split('@').next().unwrap_or("");
        if let Some((first, _)) = name.split_once('/') {
            if first.chars().any(|c| c.is_ascii_uppercase()) && !first.contains(['.', ':']) {
                if let Ok(ours) = &ours {
                    prop_assert_eq!(&ours.registry, first);
                }
                return Ok(());
            }
        }
        let theirs = Reference::try_from(text.as_str());
        prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{} ours {:?} theirs {:?}", text, ours, theirs);
        if let (Ok(ours), Ok(theirs)) = (ours, theirs) {
            prop_assert_eq!(&ours.registry, theirs.registry());
            prop_assert_eq!(&ours.repository, theirs.repository());
            prop_assert_eq!(ours.digest.as_deref(), theirs.digest());
            prop_assert_eq!(ours.effective_tag(), theirs.tag());
        }
    }
}
