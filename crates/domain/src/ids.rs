//! Typed identifiers of every aggregate.

typed_id!(
    /// An office (the central office or a regional representative).
    OfficeId
);
typed_id!(
    /// A staff user.
    UserId
);
typed_id!(
    /// An audit event.
    AuditEventId
);
typed_id!(
    /// A queued notification.
    OutboxId
);
typed_id!(
    /// An appeal (a case).
    AppealId
);
typed_id!(
    /// An applicant.
    ApplicantId
);
typed_id!(
    /// An entry of an appeal's timeline.
    AppealEventId
);
typed_id!(
    /// A request sent to a state body about an appeal.
    BodyRequestId
);
typed_id!(
    /// A stored file.
    AttachmentId
);

typed_id!(
    /// An impact measure filed with a state body.
    ImpactMeasureId
);

typed_id!(
    /// A record of compensation recovered for an applicant.
    CompensationId
);

typed_id!(
    /// A partner institution (a foreign or international ombudsman).
    PartnerId
);

typed_id!(
    /// A referral of an appeal to or from a partner institution.
    ReferralId
);

typed_id!(
    /// A state body of the directory (a ministry, a khokimiyat, a court, …).
    StateBodyId
);

typed_id!(
    /// A place of detention in the facility registry (visited by the office's monitors).
    FacilityId
);

typed_id!(
    /// A monitoring visit to a facility.
    VisitId
);

typed_id!(
    /// A recommendation made after a monitoring visit.
    RecommendationId
);

typed_id!(
    /// One change of a recommendation's follow-up status.
    FollowUpId
);

typed_id!(
    /// A published (frozen) report.
    ReportSnapshotId
);

typed_id!(
    /// An appeal filed online and not yet confirmed by the citizen.
    DraftId
);

typed_id!(
    /// A reply the applicant sent through their page.
    ReplyId
);

typed_id!(
    /// A request the office sent to the applicant.
    ApplicantRequestId
);
