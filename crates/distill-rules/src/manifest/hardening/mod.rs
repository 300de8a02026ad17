//! HD101-HD110: the runtime hardening of the distroless strategy, for
//! Kubernetes containers and Compose services.

mod capabilities_added;
mod capabilities_not_dropped;
mod host_namespaces;
mod may_run_as_root;
mod misplaced_security_field;
mod missing_writable_tmp;
mod privilege_escalation_allowed;
mod privileged;
mod seccomp_not_restricted;
mod writable_root_filesystem;

use super::compose::ServiceCheck;
use super::{PodCheck, Profile};

pub(super) const POD_CHECKS: &[PodCheck] = &[
    PodCheck {
        rule: &writable_root_filesystem::RULE,
        level: Profile::Distroless,
        run: writable_root_filesystem::check_pod,
    },
    PodCheck {
        rule: &privilege_escalation_allowed::RULE,
        level: Profile::Restricted,
        run: privilege_escalation_allowed::check_pod,
    },
    PodCheck {
        rule: &capabilities_not_dropped::RULE,
        level: Profile::Restricted,
        run: capabilities_not_dropped::check_pod,
    },
    PodCheck {
        rule: &seccomp_not_restricted::RULE,
        level: Profile::Baseline,
        run: seccomp_not_restricted::check_pod,
    },
    PodCheck {
        rule: &may_run_as_root::RULE,
        level: Profile::Restricted,
        run: may_run_as_root::check_pod,
    },
    PodCheck {
        rule: &missing_writable_tmp::RULE,
        level: Profile::Distroless,
        run: missing_writable_tmp::check_pod,
    },
    PodCheck {
        rule: &privileged::RULE,
        level: Profile::Baseline,
        run: privileged::check_pod,
    },
    PodCheck {
        rule: &host_namespaces::RULE,
        level: Profile::Baseline,
        run: host_namespaces::check_pod,
    },
    PodCheck {
        rule: &capabilities_added::RULE,
        level: Profile::Baseline,
        run: capabilities_added::check_pod,
    },
    PodCheck {
        rule: &misplaced_security_field::RULE,
        level: Profile::Distroless,
        run: misplaced_security_field::check_pod,
    },
];

pub(super) const SERVICE_CHECKS: &[ServiceCheck] = &[
    ServiceCheck {
        rule: &writable_root_filesystem::RULE,
        level: Profile::Distroless,
        run: writable_root_filesystem::check_service,
    },
    ServiceCheck {
        rule: &privilege_escalation_allowed::RULE,
        level: Profile::Restricted,
        run: privilege_escalation_allowed::check_service,
    },
    ServiceCheck {
        rule: &capabilities_not_dropped::RULE,
        level: Profile::Restricted,
        run: capabilities_not_dropped::check_service,
    },
    ServiceCheck {
        rule: &may_run_as_root::RULE,
        level: Profile::Restricted,
        run: may_run_as_root::check_service,
    },
    ServiceCheck {
        rule: &missing_writable_tmp::RULE,
        level: Profile::Distroless,
        run: missing_writable_tmp::check_service,
    },
    ServiceCheck {
        rule: &privileged::RULE,
        level: Profile::Baseline,
        run: privileged::check_service,
    },
    ServiceCheck {
        rule: &host_namespaces::RULE,
        level: Profile::Baseline,
        run: host_namespaces::check_service,
    },
    ServiceCheck {
        rule: &capabilities_added::RULE,
        level: Profile::Baseline,
        run: capabilities_added::check_service,
    },
];
