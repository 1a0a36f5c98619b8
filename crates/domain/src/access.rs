//! The one access policy: role × resource × action × the caller's relation to the record →
//! allow, deny, or allow with the person's identity withheld.
//!
//! This is a pure table. `ombudsman_app::access` turns it into database scopes and checks;
//! every route goes through those; `docs/security.md` prints [`render_markdown`]; and the
//! end-to-end test `tests/tests/policy.rs` walks every route for every role and relation and
//! compares the answers with [`decide`].

use crate::user::Role;

code_enum!(
    /// What a rule is about. Appeals come in three classes, because who may see them differs:
    /// a confidential appeal, one received during a monitoring visit, and every other.
    Resource {
        /// An appeal that is neither confidential nor received during a monitoring visit.
        Appeal => "appeal",
        /// An appeal received during a monitoring visit (channel `monitoring_visit`).
        VisitAppeal => "visit_appeal",
        /// A confidential appeal.
        ConfidentialAppeal => "confidential_appeal",
        /// The identity (name, contacts, address, citizenship) of an applicant none of whose
        /// appeals is confidential or at reprisal risk.
        Identity => "identity",
        /// The identity of an applicant one of whose appeals is confidential or at reprisal
        /// risk: protection follows the person, over all their appeals.
        ProtectedIdentity => "protected_identity",
        /// Impact measures (submissions, demands, lawsuits, …).
        ImpactMeasure => "impact_measure",
        /// Compensation recovered for applicants.
        Compensation => "compensation",
        /// Monitoring visits, their recommendations and photos.
        Visit => "visit",
        /// The registry of places of detention (relation: the office that covers the facility;
        /// one covered by no office belongs to the central office).
        Facility => "facility",
        /// Partner institutions (foreign and international ombudsmen).
        Partner => "partner",
        /// The directory of state bodies (no personal data).
        StateBody => "state_body",
        /// Half-year and period reports (aggregates only).
        Report => "report",
        /// Published report snapshots.
        Snapshot => "snapshot",
        /// Offices and their deadline policies.
        Office => "office",
        /// Staff accounts.
        User => "user",
        /// The calendar of holidays and working weekend days.
        Calendar => "calendar",
        /// The e-mail queue (dead letters and retries).
        Outbox => "outbox",
        /// The audit trail of changes.
        AuditTrail => "audit_trail",
        /// The access log: failed logins, denials, reads of protected identities.
        AccessLog => "access_log",
    }
);

code_enum!(
    /// What the caller wants to do.
    Action {
        /// See the record (lists, single reads, exports, downloads).
        Read => "read",
        /// Create a record (in the caller's office unless a rule says otherwise).
        Create => "create",
        /// Change its details, add notes, requests, documents, referrals.
        Change => "change",
        /// A lifecycle move (accept, close, reopen, extend, pause, a measure's answer, a
        /// recommendation's follow-up, an e-mail's retry).
        Move => "move",
        /// Assign an appeal to an officer.
        Assign => "assign",
        /// Clear an appeal's `confidential` or `reprisal_risk` flag (with a reason).
        LiftProtection => "lift_protection",
    }
);

code_enum!(
    /// The caller's relation to the record. When several hold, the most favourable decides.
    Relation {
        /// The record (an appeal) is assigned to the caller.
        Assigned => "assigned",
        /// The record belongs to the caller's office.
        SameOffice => "same_office",
        /// The caller works in the central office; the record belongs to another office.
        FromCentralOffice => "from_central_office",
        /// The caller works in a regional office; the record belongs to another office.
        OtherOffice => "other_office",
    }
);

/// What the policy answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decision {
    /// The caller may.
    Allow,
    /// The caller may read the record, with the person's identity withheld.
    Withheld,
    /// The caller may not; a record they may not read behaves as if it did not exist.
    Deny,
}

impl Decision {
    /// Allowed, with or without the identity.
    pub fn permits(self) -> bool {
        self != Decision::Deny
    }

    /// A word for documents.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allow => "allow",
            Decision::Withheld => "withheld",
            Decision::Deny => "deny",
        }
    }
}

use Action as A;
use Decision::{Allow, Deny, Withheld};
use Relation as R;
use Resource as Res;
use Role::{Admin, Auditor, CaseOfficer, Manager, Monitor};

/// Whether the relation is the caller's own office or a record assigned to them.
fn own(rel: Relation) -> bool {
    matches!(rel, R::Assigned | R::SameOffice)
}

/// Managers reach their office, and every office from the central office.
fn managed(rel: Relation) -> bool {
    rel != R::OtherOffice
}

fn allow_if(cond: bool) -> Decision {
    if cond {
        Allow
    } else {
        Deny
    }
}

impl Resource {
    /// Whether records of this kind are assigned to an officer (appeals, and through them the
    /// person's identity); other records relate to the caller through their office only.
    pub fn assignable(self) -> bool {
        matches!(
            self,
            Res::Appeal | Res::VisitAppeal | Res::ConfidentialAppeal | Res::Identity | Res::ProtectedIdentity
        )
    }

    /// The relations a caller can have to a record of this kind.
    pub fn relations(self) -> &'static [Relation] {
        if self.assignable() {
            Relation::ALL
        } else {
            &[R::SameOffice, R::FromCentralOffice, R::OtherOffice]
        }
    }
}

/// The policy.
pub fn decide(role: Role, resource: Resource, action: Action, rel: Relation) -> Decision {
    if !resource.relations().contains(&rel) {
        return Deny;
    }
    match resource {
        Res::Appeal | Res::VisitAppeal | Res::ConfidentialAppeal => appeal(role, resource, action, rel),
        Res::Identity => match (role, action) {
            (Admin, _) | (_, A::Create | A::Change | A::Move | A::Assign | A::LiftProtection) => Deny,
            // Whoever may read the appeal sees an unprotected applicant.
            (_, A::Read) => Allow,
        },
        Res::ProtectedIdentity => match (role, action) {
            (Admin, _) | (_, A::Create | A::Change | A::Move | A::Assign | A::LiftProtection) => Deny,
            (Manager, A::Read) if managed(rel) => Allow,
            (CaseOfficer | Monitor | Manager, A::Read) if rel == R::Assigned => Allow,
            (_, A::Read) => Withheld,
        },
        Res::ImpactMeasure => match (role, action) {
            (Auditor, A::Read) => Allow,
            (Manager, A::Read | A::Change | A::Move) => allow_if(managed(rel)),
            (Manager, A::Create) => allow_if(own(rel)),
            (CaseOfficer, A::Read | A::Move) => allow_if(own(rel)),
            (Monitor, A::Read) => allow_if(own(rel)),
            _ => Deny,
        },
        Res::Compensation => match (role, action) {
            (Auditor, A::Read) => Allow,
            (Manager, A::Read | A::Create | A::Change) => allow_if(managed(rel)),
            (CaseOfficer, A::Read | A::Create) => allow_if(own(rel)),
            (Monitor, A::Read) => allow_if(own(rel)),
            _ => Deny,
        },
        Res::Visit => match (role, action) {
            (Auditor, A::Read) => Allow,
            (Manager, A::Read | A::Create | A::Change | A::Move) => allow_if(managed(rel)),
            (Monitor, A::Read | A::Create | A::Change | A::Move) => allow_if(own(rel)),
            (CaseOfficer, A::Read) => allow_if(own(rel)),
            _ => Deny,
        },
        Res::Facility => match (role, action) {
            (_, A::Read) => Allow,
            (Admin, A::Create | A::Change) => Allow,
            (Manager, A::Create | A::Change) => allow_if(managed(rel)),
            _ => Deny,
        },
        Res::Partner | Res::StateBody | Res::Office | Res::Calendar => match (role, action) {
            (_, A::Read) => Allow,
            (Admin, A::Create | A::Change) => Allow,
            _ => Deny,
        },
        Res::Report => match (role, action) {
            (Auditor, A::Read) => Allow,
            (Manager, A::Read) => allow_if(managed(rel)),
            _ => Deny,
        },
        Res::Snapshot => match (role, action) {
            (Auditor, A::Read) => Allow,
            (Manager, A::Read | A::Create) => allow_if(managed(rel)),
            _ => Deny,
        },
        Res::User => match (role, action) {
            (Admin, A::Read | A::Create | A::Change) => Allow,
            (Auditor, A::Read) => Allow,
            _ => Deny,
        },
        Res::Outbox => allow_if(role == Admin && matches!(action, A::Read | A::Move)),
        Res::AuditTrail | Res::AccessLog => allow_if(matches!(role, Admin | Auditor) && action == A::Read),
    }
}

fn appeal(role: Role, resource: Resource, action: Action, rel: Relation) -> Decision {
    let confidential = resource == Res::ConfidentialAppeal;
    let from_visit = resource == Res::VisitAppeal;
    // Case staff reach an appeal through their office (a confidential one only when it is
    // assigned to them; a monitor only one received during a visit), or by assignment.
    let staff_reach =
        |visit_only: bool| rel == R::Assigned || (rel == R::SameOffice && !confidential && (!visit_only || from_visit));
    match (role, action) {
        (Admin, _) => Deny,
        (Auditor, A::Read) => Allow,
        (Auditor, _) => Deny,
        (Manager, A::Read | A::Change | A::Move | A::Assign | A::LiftProtection) => allow_if(managed(rel)),
        // A new appeal is registered in the caller's own office.
        (Manager, A::Create) => allow_if(rel == R::SameOffice),
        (CaseOfficer, A::Create) => allow_if(rel == R::SameOffice),
        (Monitor, A::Create) => allow_if(rel == R::SameOffice && from_visit),
        (CaseOfficer, A::Read | A::Change | A::Move) => allow_if(staff_reach(false)),
        (Monitor, A::Read | A::Change | A::Move) => allow_if(staff_reach(true)),
        (CaseOfficer | Monitor, A::LiftProtection) => allow_if(rel == R::Assigned),
        (CaseOfficer | Monitor, A::Assign) => Deny,
    }
}

/// Whether the role may do the action on the resource under at least one relation: when it
/// may not, the answer is 403 without looking at any record.
pub fn role_may(role: Role, resource: Resource, action: Action) -> bool {
    resource
        .relations()
        .iter()
        .any(|r| decide(role, resource, action, *r).permits())
}

/// Every row of the table, in a stable order.
pub fn table() -> impl Iterator<Item = (Role, Resource, Action, Relation, Decision)> {
    Role::ALL.iter().flat_map(|role| {
        Resource::ALL.iter().flat_map(move |res| {
            Action::ALL.iter().flat_map(move |act| {
                res.relations()
                    .iter()
                    .map(move |rel| (*role, *res, *act, *rel, decide(*role, *res, *act, *rel)))
            })
        })
    })
}

fn cell(role: Role, res: Resource, act: Action) -> String {
    let by_rel: Vec<(Relation, Decision)> = res
        .relations()
        .iter()
        .map(|r| (*r, decide(role, res, act, *r)))
        .collect();
    if by_rel.iter().all(|(_, d)| *d == Deny) {
        return "—".to_owned();
    }
    if by_rel.iter().all(|(_, d)| *d == by_rel[0].1) {
        return match by_rel[0].1 {
            Allow => "all".to_owned(),
            other => format!("all ({})", other.as_str()),
        };
    }
    let short = |r: Relation| match r {
        R::Assigned => "assigned",
        R::SameOffice => "own office",
        R::FromCentralOffice => "all offices from HQ",
        R::OtherOffice => "other offices",
    };
    let mut parts = Vec::new();
    for (r, d) in by_rel {
        match d {
            Allow => parts.push(short(r).to_owned()),
            Withheld => parts.push(format!("{} (identity withheld)", short(r))),
            Deny => {}
        }
    }
    parts.join(", ")
}

/// The table as Markdown, one row per resource and action, one column per role; each cell
/// lists the relations under which the role may act ("—": never).
pub fn render_markdown() -> String {
    let mut out = String::from("| resource | action |");
    for role in Role::ALL {
        out.push_str(&format!(" {} |", role.as_str()));
    }
    out.push_str("\n| --- | --- |");
    for _ in Role::ALL {
        out.push_str(" --- |");
    }
    out.push('\n');
    for res in Resource::ALL {
        for act in Action::ALL {
            if Role::ALL.iter().all(|r| !role_may(*r, *res, *act)) {
                continue;
            }
            out.push_str(&format!("| {} | {} |", res.as_str(), act.as_str()));
            for role in Role::ALL {
                out.push_str(&format!(" {} |", cell(*role, *res, *act)));
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_officer_sees_a_confidential_appeal_only_when_assigned() {
        let d = |rel| decide(CaseOfficer, Res::ConfidentialAppeal, A::Read, rel);
        assert_eq!(d(R::Assigned), Allow);
        assert_eq!(d(R::SameOffice), Deny);
        assert_eq!(d(R::OtherOffice), Deny);
        assert_eq!(decide(CaseOfficer, Res::Appeal, A::Read, R::SameOffice), Allow);
        assert_eq!(decide(CaseOfficer, Res::Appeal, A::Read, R::OtherOffice), Deny);
    }

    #[test]
    fn protected_identities_are_withheld_from_all_but_assigned_officers_and_managers() {
        let d = |role, rel| decide(role, Res::ProtectedIdentity, A::Read, rel);
        assert_eq!(d(CaseOfficer, R::SameOffice), Withheld);
        assert_eq!(d(CaseOfficer, R::Assigned), Allow);
        assert_eq!(d(Auditor, R::SameOffice), Withheld);
        assert_eq!(d(Manager, R::SameOffice), Allow);
        assert_eq!(d(Manager, R::FromCentralOffice), Allow);
        assert_eq!(d(Manager, R::OtherOffice), Withheld);
        assert_eq!(d(Admin, R::SameOffice), Deny);
        assert_eq!(decide(Auditor, Res::Identity, A::Read, R::OtherOffice), Allow);
    }

    #[test]
    fn only_managers_and_assigned_officers_lift_protection() {
        assert_eq!(decide(CaseOfficer, Res::Appeal, A::LiftProtection, R::SameOffice), Deny);
        assert_eq!(decide(CaseOfficer, Res::Appeal, A::LiftProtection, R::Assigned), Allow);
        assert_eq!(decide(Manager, Res::Appeal, A::LiftProtection, R::SameOffice), Allow);
        assert_eq!(decide(Manager, Res::Appeal, A::LiftProtection, R::OtherOffice), Deny);
        assert_eq!(decide(Auditor, Res::Appeal, A::LiftProtection, R::Assigned), Deny);
    }

    #[test]
    fn regional_managers_keep_to_their_office() {
        for res in [Res::Facility, Res::Visit, Res::ImpactMeasure, Res::Appeal] {
            assert_eq!(decide(Manager, res, A::Change, R::OtherOffice), Deny, "{res}");
            assert_eq!(decide(Manager, res, A::Change, R::FromCentralOffice), Allow, "{res}");
        }
    }

    #[test]
    fn monitors_register_only_appeals_received_during_visits() {
        assert_eq!(decide(Monitor, Res::Appeal, A::Create, R::SameOffice), Deny);
        assert_eq!(decide(Monitor, Res::VisitAppeal, A::Create, R::SameOffice), Allow);
        assert!(!role_may(Admin, Res::Appeal, A::Read));
    }

    #[test]
    fn withheld_is_only_ever_an_answer_about_identity() {
        for (role, res, act, rel, d) in table() {
            if d == Withheld {
                assert_eq!((res, act), (Res::ProtectedIdentity, A::Read), "{role} {rel}");
            }
        }
    }

    #[test]
    fn docs_security_md_prints_this_table() {
        let doc = include_str!("../../../docs/security.md");
        let table = render_markdown();
        if std::env::var_os("PRINT_POLICY").is_some() {
            println!("{table}");
        }
        assert!(
            doc.contains(&table),
            "docs/security.md is out of date: paste the table printed by\n\
             PRINT_POLICY=1 cargo test -p ombudsman-domain docs_security -- --nocapture"
        );
    }

    #[test]
    fn the_rendered_table_names_every_role() {
        let md = render_markdown();
        for role in Role::ALL {
            assert!(md.contains(role.as_str()));
        }
        assert!(md.contains("| protected_identity | read |"));
    }
}
