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
}

impl Action {
    pub const ALL: [Action; 5] = [
        Action::ReferralList,
        Action::ReferralRead,
        Action::ReferralEnter,
        Action::AuditView,
        Action::SubjectAccess,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::ReferralList => "referral.list",
            Action::ReferralRead => "referral.read",
            Action::ReferralEnter => "referral.enter",
            Action::AuditView => "audit.view",
            Action::SubjectAccess => "subject_access.export",
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
];

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
}
