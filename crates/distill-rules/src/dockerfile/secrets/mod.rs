//! SC: secrets written into the build.

mod secret_in_build_config;

use super::DockerfileCheck;

pub(super) const CHECKS: &[DockerfileCheck] = &[DockerfileCheck {
    rule: &secret_in_build_config::RULE,
    run: secret_in_build_config::check,
}];
