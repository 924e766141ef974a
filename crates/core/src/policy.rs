//! Who may do what: one table, role × action, readable by a non-programmer.
//!
//! Every staff page and API endpoint declares the [`Action`] it performs
//! (see `roots_web::access`); a test walks every route with every role and
//! checks the answer matches this table exactly. Scope (a user sees their
//! own service only) is applied by the store, whatever the role.

use crate::staff::Role;

/// Something a member of staff can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// See the list of referrals: reference, name, age, status, source.
    ReferralList,
    /// Open a referral and read everything in it.
    ReferralRead,
    /// Enter a referral for someone who phoned or came in.
    ReferralEnter,
    /// Search the audit trail and export it.
    AuditView,
    /// Export everything held about a person (a subject access request).
    SubjectAccess,
    /// Add staff, change their roles and practices, disable them, reset
    /// their second factor.
    UserManage,
    /// Open a record outside one's own practices, giving a reason.
    BreakGlass,
    /// See the triage queue.
    TriageQueue,
    /// Claim a referral and confirm or change its triage.
    TriageDecide,
    /// Open or close the service to self-referrals.
    ServiceSettings,
    /// Read an episode of care, the waiting list, the day view and case
    /// discussions.
    EpisodeRead,
    /// Record and amend clinical entries, book appointments, discharge.
    EpisodeWrite,
    /// Set up clinic sessions.
    ClinicManage,
    /// Keep the directory of community resources right: Roots' notes on
    /// each, marking it checked, retiring it.
    DirectoryManage,
    /// See the service evaluation and its reports (counts only, small
    /// numbers suppressed: no one's record).
    Evaluate,
}

impl Action {
    pub const ALL: [Action; 15] = [
        Action::ReferralList,
        Action::ReferralRead,
        Action::ReferralEnter,
        Action::AuditView,
        Action::SubjectAccess,
        Action::UserManage,
        Action::BreakGlass,
        Action::TriageQueue,
        Action::TriageDecide,
        Action::ServiceSettings,
        Action::EpisodeRead,
        Action::EpisodeWrite,
        Action::ClinicManage,
        Action::DirectoryManage,
        Action::Evaluate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::ReferralList => "referral.list",
            Action::ReferralRead => "referral.read",
            Action::ReferralEnter => "referral.enter",
            Action::AuditView => "audit.view",
            Action::SubjectAccess => "subject_access.export",
            Action::UserManage => "user.manage",
            Action::BreakGlass => "referral.break_glass",
            Action::TriageQueue => "triage.queue",
            Action::TriageDecide => "referral.triage",
            Action::ServiceSettings => "service.settings",
            Action::EpisodeRead => "episode.read",
            Action::EpisodeWrite => "episode.write",
            Action::ClinicManage => "clinic.manage",
            Action::DirectoryManage => "directory.manage",
            Action::Evaluate => "service.evaluate",
        }
    }
}

use Role::{Admin, Clinician, OccupationalTherapist as Ot, Receptionist, ServiceLead};

/// The policy. A role not listed for an action may not do it.
///
/// | action | receptionist | OT | clinician | service lead | admin |
/// |---|---|---|---|---|---|
/// | list referrals | yes | yes | yes | yes | no |
/// | read a referral | yes | yes | yes | no | no |
/// | enter a referral | yes | yes | yes | no | no |
/// | search and export the audit trail | no | no | no | yes | yes |
/// | export everything held about a person | no | no | no | no | yes |
/// | manage staff accounts | no | no | no | no | yes |
/// | open a record outside their practices, with a reason | no | yes | yes | no | no |
/// | see the triage queue | no | yes | yes | no | no |
/// | claim a referral and triage it | no | yes | yes | no | no |
/// | open or close self-referral | no | no | no | yes | yes |
/// | read episodes, day view, waiting list, discussions | no | yes | yes | no | no |
/// | record clinical entries, book, discharge | no | yes | yes | no | no |
/// | set up clinic sessions | no | yes | no | yes | yes |
/// | keep the directory of community resources | yes | yes | yes | yes | no |
///
/// Service leads see operational lists, not clinical detail, unless they
/// also hold a clinical role. Administrators manage the system, not records.
/// Receptionists read referrals so they can answer the person who phones.
pub const POLICY: &[(Action, &[Role])] = &[
    (
        Action::ReferralList,
        &[Receptionist, Ot, Clinician, ServiceLead],
    ),
    (Action::ReferralRead, &[Receptionist, Ot, Clinician]),
    (Action::ReferralEnter, &[Receptionist, Ot, Clinician]),
    (Action::AuditView, &[ServiceLead, Admin]),
    (Action::SubjectAccess, &[Admin]),
    (Action::UserManage, &[Admin]),
    (Action::BreakGlass, &[Ot, Clinician]),
    (Action::TriageQueue, &[Ot, Clinician]),
    (Action::TriageDecide, &[Ot, Clinician]),
    (Action::ServiceSettings, &[ServiceLead, Admin]),
    (Action::EpisodeRead, &[Ot, Clinician]),
    (Action::EpisodeWrite, &[Ot, Clinician]),
    (Action::ClinicManage, &[Ot, ServiceLead, Admin]),
    (
        Action::DirectoryManage,
        &[Receptionist, Ot, Clinician, ServiceLead],
    ),
    (Action::Evaluate, &[Ot, Clinician, ServiceLead]),
];

/// Roles whose holders must sign in with a second factor by default: the
/// clinical roles and administrators (a service can widen this list).
pub const TWO_FACTOR_ROLES: &[Role] = &[Ot, Clinician, Admin];

/// Whether a referral is within a member of staff's scope. Staff with no
/// practices work across the whole service; staff with practices see those
/// practices' referrals, and referrals with no practice (people who are not
/// registered or whose practice is not listed), which would otherwise be
/// nobody's. The service boundary itself is enforced by the store.
pub fn in_scope(staff_practices: &[String], referral_practice: Option<&str>) -> bool {
    match referral_practice {
        None => true,
        Some(p) => staff_practices.is_empty() || staff_practices.iter().any(|s| s == p),
    }
}

/// True when any of `roles` may open a record outside their practices by
/// giving a reason ("break glass"): the clinical roles only.
pub fn may_break_glass(roles: &[Role]) -> bool {
    allows(roles, Action::BreakGlass)
}

/// True when any of `roles` may do `action`.
pub fn allows(roles: &[Role], action: Action) -> bool {
    POLICY
        .iter()
        .find(|(a, _)| *a == action)
        .is_some_and(|(_, allowed)| roles.iter().any(|r| allowed.contains(r)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_as_documented() {
        let yes = true;
        let no = false;
        // (action, receptionist, OT, clinician, service lead, admin)
        let rows = [
            (Action::ReferralList, [yes, yes, yes, yes, no]),
            (Action::ReferralRead, [yes, yes, yes, no, no]),
            (Action::ReferralEnter, [yes, yes, yes, no, no]),
            (Action::AuditView, [no, no, no, yes, yes]),
            (Action::SubjectAccess, [no, no, no, no, yes]),
            (Action::UserManage, [no, no, no, no, yes]),
            (Action::BreakGlass, [no, yes, yes, no, no]),
            (Action::TriageQueue, [no, yes, yes, no, no]),
            (Action::TriageDecide, [no, yes, yes, no, no]),
            (Action::ServiceSettings, [no, no, no, yes, yes]),
            (Action::EpisodeRead, [no, yes, yes, no, no]),
            (Action::EpisodeWrite, [no, yes, yes, no, no]),
            (Action::ClinicManage, [no, yes, no, yes, yes]),
            (Action::DirectoryManage, [yes, yes, yes, yes, no]),
        ];
        for (action, expected) in rows {
            for (role, want) in Role::ALL.into_iter().zip(expected) {
                assert_eq!(allows(&[role], action), want, "{role:?} {action:?}");
            }
        }
    }

    #[test]
    fn every_action_is_in_the_table_and_roles_combine() {
        for a in Action::ALL {
            assert!(POLICY.iter().any(|(x, _)| *x == a), "{a:?} has no row");
        }
        assert!(!allows(&[], Action::ReferralList));
        assert!(
            allows(&[Admin, Clinician], Action::ReferralRead),
            "a second role adds rights"
        );
        assert!(!allows(&[ServiceLead], Action::ReferralRead));
    }

    #[test]
    fn scope_by_practice() {
        let a = "practice-a".to_owned();
        let b = "practice-b".to_owned();
        // (staff practices, referral practice, in scope, why)
        let cases: &[(&[String], Option<&str>, bool, &str)] = &[
            (
                &[],
                Some("practice-a"),
                true,
                "no practices: the whole service",
            ),
            (&[], None, true, "no practices, no practice on the referral"),
            (
                std::slice::from_ref(&a),
                Some("practice-a"),
                true,
                "own practice",
            ),
            (
                std::slice::from_ref(&a),
                Some("practice-b"),
                false,
                "another practice",
            ),
            (
                std::slice::from_ref(&a),
                None,
                true,
                "not registered: nobody else's",
            ),
            (
                &[a.clone(), b.clone()],
                Some("practice-b"),
                true,
                "second practice",
            ),
        ];
        for (staff, referral, want, why) in cases {
            assert_eq!(in_scope(staff, *referral), *want, "{why}");
        }
    }

    #[test]
    fn only_clinical_roles_break_glass_and_they_need_a_second_factor() {
        for r in Role::ALL {
            let clinical = matches!(r, Ot | Clinician);
            assert_eq!(may_break_glass(&[r]), clinical, "{r:?}");
            assert_eq!(
                TWO_FACTOR_ROLES.contains(&r),
                clinical || r == Admin,
                "{r:?}"
            );
        }
    }
}
