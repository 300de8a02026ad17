//! HD111-HD119: the remaining controls of the Kubernetes Pod Security
//! Standards (Baseline and Restricted), each named after its control.

mod apparmor_profile;
mod host_path_volume;
mod host_port;
mod probe_host;
mod proc_mount;
mod restricted_volume_type;
mod selinux_options;
mod unsafe_sysctl;
mod windows_host_process;

use super::{PodCheck, Profile};

pub(super) const POD_CHECKS: &[PodCheck] = &[
    PodCheck {
        rule: &host_path_volume::RULE,
        level: Profile::Baseline,
        run: host_path_volume::check_pod,
    },
    PodCheck {
        rule: &host_port::RULE,
        level: Profile::Baseline,
        run: host_port::check_pod,
    },
    PodCheck {
        rule: &apparmor_profile::RULE,
        level: Profile::Baseline,
        run: apparmor_profile::check_pod,
    },
    PodCheck {
        rule: &selinux_options::RULE,
        level: Profile::Baseline,
        run: selinux_options::check_pod,
    },
    PodCheck {
        rule: &proc_mount::RULE,
        level: Profile::Baseline,
        run: proc_mount::check_pod,
    },
    PodCheck {
        rule: &unsafe_sysctl::RULE,
        level: Profile::Baseline,
        run: unsafe_sysctl::check_pod,
    },
    PodCheck {
        rule: &windows_host_process::RULE,
        level: Profile::Baseline,
        run: windows_host_process::check_pod,
    },
    PodCheck {
        rule: &probe_host::RULE,
        level: Profile::Baseline,
        run: probe_host::check_pod,
    },
    PodCheck {
        rule: &restricted_volume_type::RULE,
        level: Profile::Restricted,
        run: restricted_volume_type::check_pod,
    },
];
