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
