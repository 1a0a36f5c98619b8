//! The one place that turns the access policy ([`ombudsman_domain::access::decide`]) into
//! checks on single records and into database scopes for lists. Every route goes through here.

use diesel::PgConnection;
use ombudsman_db::access_log::{AccessKind, NewAccess};
use ombudsman_db::appeals::{self, Appeal, Reach, Scope};
use ombudsman_db::audit::Actor;
use ombudsman_db::impact::{self, Compensation, Measure, MeasureScope};
use ombudsman_db::visits::{self, Visit, VisitScope};
use ombudsman_db::{users, DbError};
use ombudsman_domain::access::{decide, role_may, Action, Decision, Relation, Resource};
use ombudsman_domain::appeal::Channel;
use ombudsman_domain::ids::{AppealId, CompensationId, ImpactMeasureId, OfficeId, UserId, VisitId};
use ombudsman_domain::user::Role;
use uuid::Uuid;

/// Who is acting, and from which request.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The user.
    pub user_id: UserId,
    /// Their e-mail.
    pub email: String,
    /// Their role.
    pub role: Role,
    /// Their office.
    pub office_id: OfficeId,
    /// Whether their office is the central office.
    pub central_office: bool,
    /// The server's id of the request.
    pub request_id: Option<String>,
    /// The client's own request id, when well formed.
    pub client_request_id: Option<String>,
    /// The client's address.
    pub client_address: Option<String>,
}

/// Why the policy refused.
#[derive(Debug, thiserror::Error)]
pub enum Denied {
    /// 403: the caller's role may not do this.
    #[error("your role may not do this")]
    Forbidden,
    /// 404: no such record.
    #[error("not found")]
    NotFound,
    /// 404 as well, to the caller: the record exists but they may not see it. The entry for
    /// the access log goes with it, to be written after the failed transaction.
    #[error("not found")]
    Hidden(Box<NewAccess>),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbError),
}

impl Caller {
    /// A user acting outside any HTTP request (the command line, the demo data), as stored.
    pub fn offline(conn: &mut PgConnection, user: UserId) -> Result<Caller, DbError> {
        let found = users::find_with_office(conn, user)?;
        Ok(Caller {
            user_id: found.user.id,
            email: found.user.email,
            role: found.user.role,
            office_id: found.user.office_id,
            central_office: found.office_is_central,
            request_id: None,
            client_request_id: None,
            client_address: None,
        })
    }

    /// The actor recorded in the audit trail.
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: Some(self.user_id),
            label: self.email.clone(),
            request_id: self.request_id.clone(),
            client_request_id: self.client_request_id.clone(),
        }
    }

    /// The relations that hold between the caller and a record of `office`, assigned to
    /// `assigned` (if anyone).
    pub fn relations(&self, office: OfficeId, assigned: Option<UserId>) -> Vec<Relation> {
        let mut out = Vec::with_capacity(2);
        if assigned == Some(self.user_id) {
            out.push(Relation::Assigned);
        }
        out.push(self.office_relation(office));
        out
    }

    /// The caller's relation to a record of `office`, by office alone.
    pub fn office_relation(&self, office: OfficeId) -> Relation {
        if office == self.office_id {
            Relation::SameOffice
        } else if self.central_office {
            Relation::FromCentralOffice
        } else {
            Relation::OtherOffice
        }
    }

    /// The caller's relation to a facility covered by `office`; one covered by no office
    /// belongs to the central office.
    pub fn facility_relation(&self, office: Option<OfficeId>) -> Relation {
        match office {
            Some(o) => self.office_relation(o),
            None if self.central_office => Relation::SameOffice,
            None => Relation::OtherOffice,
        }
    }

    /// 403 unless the caller may do the action on a facility covered by `office` (the registry
    /// is public to staff, so a refusal is never a 404).
    pub fn check_facility(&self, action: Action, office: Option<OfficeId>) -> Result<(), Denied> {
        self.require(&[Resource::Facility], action)?;
        if self
            .decide(Resource::Facility, action, &[self.facility_relation(office)])
            .permits()
        {
            Ok(())
        } else {
            Err(Denied::Forbidden)
        }
    }

    /// The relation to records of other offices.
    fn elsewhere(&self) -> Relation {
        if self.central_office {
            Relation::FromCentralOffice
        } else {
            Relation::OtherOffice
        }
    }

    /// The most favourable decision under any of the relations.
    pub fn decide(&self, resource: Resource, action: Action, relations: &[Relation]) -> Decision {
        let mut best = Decision::Deny;
        for r in relations {
            match decide(self.role, resource, action, *r) {
                Decision::Allow => return Decision::Allow,
                Decision::Withheld => best = Decision::Withheld,
                Decision::Deny => {}
            }
        }
        best
    }

    /// 403 unless the role may do the action on one of the resources under some relation.
    pub fn require(&self, resources: &[Resource], action: Action) -> Result<(), Denied> {
        if resources.iter().any(|r| role_may(self.role, *r, action)) {
            Ok(())
        } else {
            Err(Denied::Forbidden)
        }
    }

    /// Checks one record: 403 when the role never may; 404 (logged) when the caller may not
    /// read it; 403 when they may read it but not do the action.
    pub fn check(&self, resource: Resource, action: Action, relations: &[Relation], id: Uuid) -> Result<(), Denied> {
        self.require(&[resource], action)?;
        if !self.decide(resource, Action::Read, relations).permits() {
            return Err(Denied::Hidden(Box::new(self.log_entry(
                AccessKind::Denied,
                resource.as_str(),
                id,
            ))));
        }
        if !self.decide(resource, action, relations).permits() {
            return Err(Denied::Forbidden);
        }
        Ok(())
    }

    /// Checks a record that belongs to an office (no assignment): measures, visits, …
    pub fn check_office(&self, resource: Resource, action: Action, office: OfficeId, id: Uuid) -> Result<(), Denied> {
        self.check(resource, action, &[self.office_relation(office)], id)
    }

    /// Whether the caller may do the action on records of other offices (for list scopes).
    pub fn reaches_other_offices(&self, resource: Resource, action: Action) -> bool {
        decide(self.role, resource, action, self.elsewhere()).permits()
    }

    /// Whether the caller may do the action on records of their own office.
    pub fn reaches_own_office(&self, resource: Resource, action: Action) -> bool {
        decide(self.role, resource, action, Relation::SameOffice).permits()
    }

    fn reach(&self, resource: Resource, action: Action) -> Reach {
        Reach {
            assigned: decide(self.role, resource, action, Relation::Assigned).permits(),
            same_office: self.reaches_own_office(resource, action),
            other_offices: self.reaches_other_offices(resource, action),
        }
    }

    /// The appeals the caller may read (or act on) as a database scope; 403 when the role
    /// reaches no appeal at all.
    pub fn appeal_scope(&self, action: Action) -> Result<Scope, Denied> {
        self.require(&APPEALS, action)?;
        Ok(Scope {
            office_id: self.office_id,
            user_id: self.user_id,
            ordinary: self.reach(Resource::Appeal, action),
            from_visit: self.reach(Resource::VisitAppeal, action),
            confidential: self.reach(Resource::ConfidentialAppeal, action),
        })
    }

    /// One appeal the caller may act on, by the policy (see [`Caller::check`]).
    pub fn appeal(&self, conn: &mut PgConnection, action: Action, id: AppealId) -> Result<Appeal, Denied> {
        self.require(&APPEALS, action)?;
        let appeal = appeals::find(conn, id).map_err(not_found)?;
        self.check_appeal(&appeal, action)?;
        Ok(appeal)
    }

    /// One appeal the caller may read, as its page shows it ([`appeals::find_detailed`]): with
    /// its applicant, the applicant's protected appeals, and the impact measures issued for it
    /// that the caller may read (none when their role reads none). One round trip.
    pub fn appeal_detailed(&self, conn: &mut PgConnection, id: AppealId) -> Result<appeals::DetailedAppeal, Denied> {
        self.require(&APPEALS, Action::Read)?;
        let measures = self.measure_scope(Resource::ImpactMeasure, Action::Read).ok();
        let found = appeals::find_detailed(conn, id, measures.as_ref()).map_err(not_found)?;
        self.check_appeal(&found.appeal, Action::Read)?;
        Ok(found)
    }

    /// One appeal the caller may act on (as [`Caller::appeal`]), its row locked for the change.
    pub fn lock_appeal(&self, conn: &mut PgConnection, action: Action, id: AppealId) -> Result<Appeal, Denied> {
        self.require(&APPEALS, action)?;
        let appeal = appeals::lock(conn, id).map_err(not_found)?;
        self.check_appeal(&appeal, action)?;
        Ok(appeal)
    }

    /// Checks a loaded appeal.
    pub fn check_appeal(&self, appeal: &Appeal, action: Action) -> Result<(), Denied> {
        let relations = self.relations(appeal.office_id, appeal.assigned_to);
        self.check(appeal_class(appeal), action, &relations, appeal.id.0)
    }

    /// Which of `ids` (appeals linked from other records) the caller may read; none when the
    /// role reads no appeal. Links to the others are left out, as if they did not exist.
    pub fn visible_appeals(
        &self,
        conn: &mut PgConnection,
        ids: &[AppealId],
    ) -> Result<std::collections::HashSet<AppealId>, DbError> {
        match self.appeal_scope(Action::Read) {
            Ok(scope) => Ok(appeals::visible_ids(conn, &scope, ids)?.into_iter().collect()),
            Err(_) => Ok(Default::default()),
        }
    }

    /// Which of `ids` (impact measures cited by other records) the caller may read, decided
    /// per measure as [`Caller::measure`] would, in one query; none when the role reads no
    /// measure. Links to the others are left out, as if they did not exist.
    pub fn visible_measures(
        &self,
        conn: &mut PgConnection,
        ids: &[ImpactMeasureId],
    ) -> Result<std::collections::HashSet<ImpactMeasureId>, DbError> {
        if self.require(&[Resource::ImpactMeasure], Action::Read).is_err() {
            return Ok(Default::default());
        }
        Ok(impact::offices_of(conn, ids)?
            .into_iter()
            .filter(|(_, office)| {
                self.decide(Resource::ImpactMeasure, Action::Read, &[self.office_relation(*office)])
                    .permits()
            })
            .map(|(id, _)| id)
            .collect())
    }

    /// Whether the caller may read the appeal (no error, no log: for links between records).
    pub fn sees_appeal(&self, appeal: &Appeal) -> bool {
        let relations = self.relations(appeal.office_id, appeal.assigned_to);
        self.decide(appeal_class(appeal), Action::Read, &relations).permits()
    }

    /// An entry of the access log about this caller.
    pub fn log_entry(&self, kind: AccessKind, resource: &'static str, id: Uuid) -> NewAccess {
        NewAccess {
            kind,
            actor_id: Some(self.user_id),
            actor_label: self.email.clone(),
            resource: Some(resource),
            record_id: Some(id),
            request_id: self.request_id.clone(),
            client_request_id: self.client_request_id.clone(),
            client_address: self.client_address.clone(),
        }
    }
}

impl Caller {
    /// Whether the caller reaches other offices' records (for the `all_offices` of a scope).
    fn scope_of(&self, resource: Resource, action: Action) -> Result<bool, Denied> {
        self.require(&[resource], action)?;
        Ok(self.reaches_other_offices(resource, action))
    }

    fn everywhere(&self) -> VisitScope {
        VisitScope {
            all_offices: true,
            office_id: self.office_id,
        }
    }

    /// The visits the caller may read (or act on), as a database scope.
    pub fn visit_scope(&self, action: Action) -> Result<VisitScope, Denied> {
        Ok(VisitScope {
            all_offices: self.scope_of(Resource::Visit, action)?,
            office_id: self.office_id,
        })
    }

    /// One visit the caller may act on.
    pub fn visit(&self, conn: &mut PgConnection, action: Action, id: VisitId) -> Result<Visit, Denied> {
        self.require(&[Resource::Visit], action)?;
        let v = found(visits::find_visible(conn, &self.everywhere(), id))?;
        self.check_office(Resource::Visit, action, v.office_id, id.0)?;
        Ok(v)
    }

    /// The same, locked for a change.
    pub fn lock_visit(&self, conn: &mut PgConnection, action: Action, id: VisitId) -> Result<Visit, Denied> {
        self.require(&[Resource::Visit], action)?;
        let v = found(visits::lock_visible(conn, &self.everywhere(), id))?;
        self.check_office(Resource::Visit, action, v.office_id, id.0)?;
        Ok(v)
    }

    /// The impact measures (or compensation records) the caller may read or act on.
    pub fn measure_scope(&self, resource: Resource, action: Action) -> Result<MeasureScope, Denied> {
        Ok(MeasureScope {
            all_offices: self.scope_of(resource, action)?,
            office_id: self.office_id,
        })
    }

    fn every_measure(&self) -> MeasureScope {
        MeasureScope {
            all_offices: true,
            office_id: self.office_id,
        }
    }

    /// One impact measure the caller may act on.
    pub fn measure(&self, conn: &mut PgConnection, action: Action, id: ImpactMeasureId) -> Result<Measure, Denied> {
        self.require(&[Resource::ImpactMeasure], action)?;
        let m = found(impact::find_visible(conn, &self.every_measure(), id))?;
        self.check_office(Resource::ImpactMeasure, action, m.office_id, id.0)?;
        Ok(m)
    }

    /// The same, locked for a change.
    pub fn lock_measure(
        &self,
        conn: &mut PgConnection,
        action: Action,
        id: ImpactMeasureId,
    ) -> Result<Measure, Denied> {
        self.require(&[Resource::ImpactMeasure], action)?;
        let m = found(impact::lock_visible(conn, &self.every_measure(), id))?;
        self.check_office(Resource::ImpactMeasure, action, m.office_id, id.0)?;
        Ok(m)
    }

    /// One compensation record the caller may read.
    pub fn compensation(&self, conn: &mut PgConnection, id: CompensationId) -> Result<Compensation, Denied> {
        self.require(&[Resource::Compensation], Action::Read)?;
        let c = found(impact::find_compensation(conn, &self.every_measure(), id))?;
        self.check_office(Resource::Compensation, Action::Read, c.office_id, id.0)?;
        Ok(c)
    }
}

/// The three classes of appeal.
pub const APPEALS: [Resource; 3] = [Resource::Appeal, Resource::VisitAppeal, Resource::ConfidentialAppeal];

/// The class of an appeal under the policy.
pub fn appeal_class(appeal: &Appeal) -> Resource {
    class_of(appeal.confidential, appeal.channel)
}

/// The class of an appeal from its flags.
pub fn class_of(confidential: bool, channel: Channel) -> Resource {
    if confidential {
        Resource::ConfidentialAppeal
    } else if channel == Channel::MonitoringVisit {
        Resource::VisitAppeal
    } else {
        Resource::Appeal
    }
}

fn not_found(e: DbError) -> Denied {
    match e {
        DbError::NotFound => Denied::NotFound,
        other => Denied::Db(other),
    }
}

/// Maps a missing record to [`Denied::NotFound`] and keeps other database errors.
pub fn found<T>(r: Result<T, DbError>) -> Result<T, Denied> {
    r.map_err(not_found)
}
