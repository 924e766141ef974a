//! Staff roles. A user can hold several. What each role may do is decided
//! by the policy table in `policy.rs`.

/// A role a member of staff holds in a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Receptionist or care navigator: enters referrals, sees where they went.
    Receptionist,
    /// Occupational therapist working as a first contact practitioner.
    OccupationalTherapist,
    /// GP or other practice clinician.
    Clinician,
    /// Service lead: capacity, waits, outcomes; no clinical detail unless
    /// they also hold a clinical role.
    ServiceLead,
    /// System administrator.
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Receptionist,
        Role::OccupationalTherapist,
        Role::Clinician,
        Role::ServiceLead,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Receptionist => "receptionist",
            Role::OccupationalTherapist => "occupational_therapist",
            Role::Clinician => "clinician",
            Role::ServiceLead => "service_lead",
            Role::Admin => "admin",
        }
    }

    /// Reads a role name as stored or typed on the command line (`ot` is
    /// accepted for `occupational_therapist`).
    pub fn parse(s: &str) -> Option<Role> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        match s.as_str() {
            "ot" => Some(Role::OccupationalTherapist),
            "lead" => Some(Role::ServiceLead),
            _ => Self::ALL.into_iter().find(|r| r.as_str() == s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("OT"), Some(Role::OccupationalTherapist));
        assert_eq!(Role::parse("service-lead"), Some(Role::ServiceLead));
        assert_eq!(Role::parse("superuser"), None);
    }
}
