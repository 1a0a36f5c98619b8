//! The side effects a change leaves behind, typed: what the audit trail records
//! ([`AuditAction`]) and what an appeal's timeline shows ([`TimelineKind`]). The database keeps
//! their codes as text; `as_str` gives them.

use crate::appeal::Action;

code_enum!(
    /// What an audit event records.
    AuditAction {
        /// An account was created.
        UserCreate => "user.create",
        /// Someone logged in.
        UserLogin => "user.login",
        /// An account was changed.
        UserUpdate => "user.update",
        /// An office was created.
        OfficeCreate => "office.create",
        /// An office's contact details were changed.
        OfficeUpdate => "office.update",
        /// An office's deadline policy was set.
        OfficeDeadlinePolicy => "office.deadline_policy",
        /// A day of the calendar was set.
        CalendarSet => "calendar.set",
        /// A day of the calendar was removed.
        CalendarRemove => "calendar.remove",
        /// A dead e-mail was queued again.
        OutboxRetry => "outbox.retry",
        /// An appeal was registered.
        AppealRegister => "appeal.register",
        /// An appeal was accepted for consideration.
        AppealAccept => "appeal.accept",
        /// An appeal was closed.
        AppealClose => "appeal.close",
        /// An appeal was reopened.
        AppealReopen => "appeal.reopen",
        /// An appeal's deadline was extended.
        AppealExtend => "appeal.extend",
        /// An appeal was paused.
        AppealPause => "appeal.pause",
        /// A paused appeal was resumed.
        AppealResume => "appeal.resume",
        /// An appeal was assigned.
        AppealAssign => "appeal.assign",
        /// An appeal's description was edited.
        AppealUpdate => "appeal.update",
        /// An appeal's protection was lifted.
        AppealLiftProtection => "appeal.lift_protection",
        /// A note was added to an appeal.
        AppealNote => "appeal.note",
        /// A request was sent to a state body.
        AppealRequest => "appeal.request",
        /// A state body answered a request.
        AppealAnswer => "appeal.answer",
        /// A document was attached to an appeal.
        AppealAttach => "appeal.attach",
        /// An appeal was referred to or received from a partner.
        AppealReferral => "appeal.referral",
        /// A partner answered a referral.
        AppealReferralAnswer => "appeal.referral_answer",
        /// An impact measure was issued.
        ImpactMeasureCreate => "impact_measure.create",
        /// An impact measure moved along its lifecycle.
        ImpactMeasureMove => "impact_measure.move",
        /// An impact measure was corrected.
        ImpactMeasureUpdate => "impact_measure.update",
        /// Compensation was recorded.
        CompensationCreate => "compensation.create",
        /// A compensation record was corrected: new figures, the old ones kept.
        CompensationCorrect => "compensation.correct",
        /// A compensation record was voided: it counts no more, it stays on record.
        CompensationVoid => "compensation.void",
        /// Two applicant records were merged into one person.
        ApplicantMerge => "applicant.merge",
        /// A merge of applicants was undone.
        ApplicantMergeReversal => "applicant.merge_reversal",
        /// A visit was recorded.
        VisitCreate => "visit.create",
        /// A visit was changed.
        VisitUpdate => "visit.update",
        /// A document was attached to a visit.
        VisitAttach => "visit.attach",
        /// A recommendation was added to a visit.
        RecommendationCreate => "recommendation.create",
        /// A recommendation was corrected.
        RecommendationUpdate => "recommendation.update",
        /// A recommendation was followed up.
        RecommendationFollowUp => "recommendation.follow_up",
        /// A report was published.
        ReportPublish => "report.publish",
        /// A facility was added to the registry.
        FacilityCreate => "facility.create",
        /// A facility was changed.
        FacilityUpdate => "facility.update",
        /// Facilities were imported.
        FacilityImport => "facility.import",
        /// A partner was added.
        PartnerCreate => "partner.create",
        /// A partner was changed.
        PartnerUpdate => "partner.update",
        /// A state body was added to the directory.
        StateBodyCreate => "state_body.create",
        /// A state body of the directory was changed.
        StateBodyUpdate => "state_body.update",
        /// The demo data was loaded.
        DemoLoad => "demo.load",
        /// A citizen filed an appeal online (held as a draft until they confirm their e-mail).
        PublicDraftSubmit => "public.draft_submit",
        /// A citizen added a file to their draft.
        PublicDraftAttach => "public.draft_attach",
        /// The office asked the applicant for documents or explanations.
        AppealApplicantRequest => "appeal.applicant_request",
        /// The applicant answered through their page.
        AppealApplicantReply => "appeal.applicant_reply",
        /// An admin named the office that takes a region's online appeals.
        RegionRouteSet => "region_route.set",
        /// A seed profile was loaded (the marker `find_marker` looks for).
        SeedProfileLoad => "demo.seed_profile",
    }
);

impl AuditAction {
    /// The audit action of a lifecycle move of an appeal.
    pub fn appeal_move(action: Action) -> Self {
        match action {
            Action::Accept => AuditAction::AppealAccept,
            Action::Close => AuditAction::AppealClose,
            Action::Reopen => AuditAction::AppealReopen,
            Action::Extend => AuditAction::AppealExtend,
            Action::Pause => AuditAction::AppealPause,
            Action::Resume => AuditAction::AppealResume,
        }
    }
}

code_enum!(
    /// What an entry of an appeal's timeline says happened.
    TimelineKind {
        /// Registered.
        Registered => "registered",
        /// Accepted for consideration.
        Accepted => "accepted",
        /// Closed with an outcome.
        Closed => "closed",
        /// Reopened.
        Reopened => "reopened",
        /// Deadline extended.
        Extended => "extended",
        /// Paused, waiting for the applicant.
        Paused => "paused",
        /// Resumed.
        Resumed => "resumed",
        /// Assigned to an officer.
        Assigned => "assigned",
        /// Description edited.
        Updated => "updated",
        /// A note.
        Note => "note",
        /// A request sent to a state body.
        RequestSent => "request_sent",
        /// A state body's answer.
        AnswerReceived => "answer_received",
        /// A document attached.
        Document => "document",
        /// Referred to a partner.
        ReferredToPartner => "referred_to_partner",
        /// Received from a partner.
        ReceivedFromPartner => "received_from_partner",
        /// A partner answered.
        PartnerAnswered => "partner_answered",
        /// An impact measure issued for it.
        ImpactMeasureIssued => "impact_measure_issued",
        /// An impact measure of it moved.
        ImpactMeasureUpdated => "impact_measure_updated",
        /// Compensation recorded.
        CompensationRecorded => "compensation_recorded",
        /// The office asked the applicant for something.
        ApplicantRequest => "applicant_request",
        /// The applicant answered through their page.
        ApplicantReply => "applicant_reply",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_stored_strings() {
        assert_eq!(AuditAction::appeal_move(Action::Extend).as_str(), "appeal.extend");
        assert_eq!(AuditAction::RecommendationFollowUp.as_str(), "recommendation.follow_up");
        assert_eq!(TimelineKind::ImpactMeasureIssued.as_str(), "impact_measure_issued");
        for a in Action::ALL {
            assert_eq!(AuditAction::appeal_move(*a).as_str(), format!("appeal.{a}"));
        }
    }
}
