use super::DockerfileCheck;

pub(super) const CHECKS: &[DockerfileCheck] = &[];
