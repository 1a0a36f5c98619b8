// @generated automatically by Diesel CLI.

diesel::table! {
    access_log (id) {
        id -> Uuid,
        occurred_at -> Timestamptz,
        kind -> Text,
        actor_id -> Nullable<Uuid>,
        actor_label -> Text,
        resource -> Nullable<Text>,
        record_id -> Nullable<Uuid>,
        request_id -> Nullable<Text>,
        client_request_id -> Nullable<Text>,
        client_address -> Nullable<Text>,
    }
}

diesel::table! {
    appeal_events (id) {
        id -> Uuid,
        appeal_id -> Uuid,
        occurred_at -> Timestamptz,
        actor_id -> Nullable<Uuid>,
        kind -> Text,
        note -> Nullable<Text>,
        data -> Jsonb,
    }
}

diesel::table! {
    appeals (id) {
        id -> Uuid,
        office_id -> Uuid,
        number -> Text,
        year -> Int4,
        seq -> Int4,
        received_on -> Date,
        channel -> Text,
        applicant_id -> Nullable<Uuid>,
        anonymous -> Bool,
        signatories -> Nullable<Int4>,
        region -> Text,
        abroad_country -> Nullable<Text>,
        subject -> Text,
        description -> Text,
        categories -> Array<Nullable<Text>>,
        respondent_bodies -> Array<Nullable<Text>>,
        confidential -> Bool,
        reprisal_risk -> Bool,
        status -> Text,
        outcome -> Nullable<Text>,
        closed_on -> Nullable<Date>,
        track -> Text,
        track_started_on -> Date,
        due_on -> Date,
        extension_days -> Int4,
        extensions -> Int4,
        paused_since -> Nullable<Date>,
        assigned_to -> Nullable<Uuid>,
        repeat_of -> Nullable<Uuid>,
        access_code_hash -> Bytea,
        search_text -> Text,
        registered_by -> Nullable<Uuid>,
        version -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        visit_id -> Nullable<Uuid>,
        respondent_body_ids -> Nullable<Array<Nullable<Uuid>>>,
    }
}

diesel::table! {
    appeal_pauses (id) {
        id -> Int8,
        appeal_id -> Uuid,
        paused_on -> Date,
        resumed_on -> Nullable<Date>,
        paused_by -> Nullable<Uuid>,
        resumed_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    applicants (id) {
        id -> Uuid,
        kind -> Text,
        full_name -> Text,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        phone_digits -> Nullable<Text>,
        postal_address -> Nullable<Text>,
        language -> Text,
        citizenship -> Nullable<Text>,
        country_of_stay -> Nullable<Text>,
        vulnerabilities -> Array<Nullable<Text>>,
        version -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        search_name -> Nullable<Text>,
        possible_duplicate_of -> Nullable<Uuid>,
    }
}

diesel::table! {
    applicant_merges (id) {
        id -> Uuid,
        from_applicant -> Uuid,
        into_applicant -> Uuid,
        appeal_ids -> Array<Uuid>,
        reason -> Text,
        reverses -> Nullable<Uuid>,
        merged_by -> Uuid,
        merged_at -> Timestamptz,
    }
}

diesel::table! {
    applicant_contacts (id) {
        id -> Uuid,
        applicant_id -> Uuid,
        appeal_id -> Nullable<Uuid>,
        full_name -> Text,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        postal_address -> Nullable<Text>,
        recorded_by -> Nullable<Uuid>,
        recorded_at -> Timestamptz,
    }
}

diesel::table! {
    attachments (id) {
        id -> Uuid,
        appeal_id -> Nullable<Uuid>,
        filename -> Text,
        content_type -> Text,
        size_bytes -> Int8,
        sha256 -> Bytea,
        storage_key -> Text,
        uploaded_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
        visit_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    audit_events (id) {
        id -> Uuid,
        occurred_at -> Timestamptz,
        actor_id -> Nullable<Uuid>,
        actor_label -> Text,
        action -> Text,
        entity_type -> Text,
        entity_id -> Uuid,
        request_id -> Nullable<Text>,
        diff -> Jsonb,
        client_request_id -> Nullable<Text>,
    }
}

diesel::table! {
    body_requests (id) {
        id -> Uuid,
        appeal_id -> Uuid,
        body_name -> Text,
        subject -> Text,
        sent_on -> Date,
        due_on -> Date,
        answered_on -> Nullable<Date>,
        answer_summary -> Nullable<Text>,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
        body_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    calendar_days (day) {
        day -> Date,
        kind -> Text,
        name -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    compensations (id) {
        id -> Uuid,
        office_id -> Uuid,
        amount_minor -> Int8,
        currency -> Text,
        kind -> Text,
        paid_by -> Text,
        recovered_on -> Date,
        applicant_id -> Nullable<Uuid>,
        appeal_id -> Nullable<Uuid>,
        impact_measure_id -> Nullable<Uuid>,
        note -> Nullable<Text>,
        recorded_by -> Nullable<Uuid>,
        version -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        voided_at -> Nullable<Timestamptz>,
        void_reason -> Nullable<Text>,
    }
}

diesel::table! {
    compensation_corrections (id) {
        id -> Uuid,
        compensation_id -> Uuid,
        kind -> Text,
        amount_minor -> Int8,
        currency -> Text,
        recovered_on -> Date,
        new_amount_minor -> Nullable<Int8>,
        new_currency -> Nullable<Text>,
        new_recovered_on -> Nullable<Date>,
        reason -> Text,
        corrected_by -> Nullable<Uuid>,
        corrected_at -> Timestamptz,
    }
}

diesel::table! {
    deadline_policies (office_id) {
        office_id -> Uuid,
        policy -> Jsonb,
        version -> Int4,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    facilities (id) {
        id -> Uuid,
        name -> Text,
        kind -> Text,
        region -> Text,
        operating_authority -> Text,
        capacity -> Nullable<Int4>,
        is_active -> Bool,
        office_id -> Nullable<Uuid>,
        version -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    idempotency_keys (user_id, key) {
        user_id -> Uuid,
        key -> Text,
        method -> Text,
        path -> Text,
        request_hash -> Bytea,
        response_status -> Int4,
        response_location -> Nullable<Text>,
        response_body -> Jsonb,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    impact_measure_appeals (impact_measure_id, appeal_id) {
        impact_measure_id -> Uuid,
        appeal_id -> Uuid,
    }
}

diesel::table! {
    impact_measures (id) {
        id -> Uuid,
        office_id -> Uuid,
        number -> Text,
        year -> Int4,
        seq -> Int4,
        kind -> Text,
        addressee -> Text,
        issued_on -> Date,
        summary -> Text,
        response_due_on -> Nullable<Date>,
        status -> Text,
        response_received_on -> Nullable<Date>,
        response_summary -> Nullable<Text>,
        decided_on -> Nullable<Date>,
        visit_id -> Nullable<Uuid>,
        issued_by -> Nullable<Uuid>,
        version -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        addressee_body_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    login_throttle (key) {
        key -> Text,
        failures -> Int4,
        window_started_at -> Timestamptz,
    }
}

diesel::table! {
    offices (id) {
        id -> Uuid,
        code -> Text,
        name -> Text,
        region -> Text,
        is_central -> Bool,
        default_language -> Text,
        version -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        official_name -> Nullable<Text>,
        address -> Nullable<Text>,
        phone -> Nullable<Text>,
        email -> Nullable<Text>,
        website -> Nullable<Text>,
    }
}

diesel::table! {
    outbox (id) {
        id -> Uuid,
        kind -> Text,
        recipient -> Text,
        language -> Text,
        payload -> Jsonb,
        status -> Text,
        attempts -> Int4,
        max_attempts -> Int4,
        available_at -> Timestamptz,
        locked_until -> Nullable<Timestamptz>,
        locked_by -> Nullable<Text>,
        last_error -> Nullable<Text>,
        message_id -> Text,
        dedupe_key -> Nullable<Text>,
        created_at -> Timestamptz,
        sent_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    partners (id) {
        id -> Uuid,
        name -> Text,
        country -> Nullable<Text>,
        kind -> Text,
        agreement -> Text,
        agreement_from -> Date,
        agreement_to -> Nullable<Date>,
        email -> Nullable<Text>,
        is_active -> Bool,
        version -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    recommendation_follow_ups (id) {
        id -> Uuid,
        recommendation_id -> Uuid,
        visit_id -> Nullable<Uuid>,
        from_status -> Text,
        status -> Text,
        note -> Text,
        recorded_by -> Nullable<Uuid>,
        recorded_at -> Timestamptz,
    }
}

diesel::table! {
    recommendations (id) {
        id -> Uuid,
        visit_id -> Uuid,
        position -> Int4,
        text -> Text,
        addressee -> Text,
        due_on -> Nullable<Date>,
        status -> Text,
        version -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        addressee_body_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    referrals (id) {
        id -> Uuid,
        appeal_id -> Uuid,
        partner_id -> Uuid,
        direction -> Text,
        referred_on -> Date,
        partner_reference -> Nullable<Text>,
        note -> Nullable<Text>,
        answered_on -> Nullable<Date>,
        answer_summary -> Nullable<Text>,
        created_by -> Nullable<Uuid>,
        version -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Uuid,
        user_id -> Uuid,
        family_id -> Uuid,
        token_hash -> Bytea,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    registration_counters (office_id, series, year) {
        office_id -> Uuid,
        series -> Text,
        year -> Int4,
        last_value -> Int4,
    }
}

diesel::table! {
    report_snapshots (id) {
        id -> Uuid,
        office_id -> Nullable<Uuid>,
        kind -> Text,
        period_from -> Date,
        period_to -> Date,
        title -> Text,
        note -> Text,
        figures -> Jsonb,
        figures_sha256 -> Bytea,
        published_by -> Uuid,
        published_at -> Timestamptz,
    }
}

diesel::table! {
    request_limits (key) {
        key -> Text,
        hits -> Int4,
        window_started_at -> Timestamptz,
    }
}

diesel::table! {
    state_bodies (id) {
        id -> Uuid,
        name_uz_latn -> Text,
        name_uz_cyrl -> Nullable<Text>,
        name_ru -> Nullable<Text>,
        name_en -> Nullable<Text>,
        kind -> Text,
        region -> Nullable<Text>,
        parent_id -> Nullable<Uuid>,
        folded_names -> Array<Nullable<Text>>,
        is_active -> Bool,
        version -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    users (id) {
        id -> Uuid,
        office_id -> Uuid,
        email -> Text,
        full_name -> Text,
        role -> Text,
        password_hash -> Text,
        is_active -> Bool,
        version -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        language -> Nullable<Text>,
    }
}

diesel::table! {
    visit_team (visit_id, user_id) {
        visit_id -> Uuid,
        user_id -> Uuid,
    }
}

diesel::table! {
    visits (id) {
        id -> Uuid,
        number -> Text,
        office_id -> Uuid,
        facility_id -> Uuid,
        started_on -> Date,
        ended_on -> Date,
        visit_type -> Text,
        public_group_members -> Array<Nullable<Text>>,
        people_interviewed -> Int4,
        people_interviewed_in_groups -> Int4,
        findings -> Text,
        created_by -> Nullable<Uuid>,
        version -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    appeal_consents (appeal_id) {
        appeal_id -> Uuid,
        consent_version -> Text,
        consent_text -> Text,
        consented_at -> Timestamptz,
        confirmed_at -> Timestamptz,
    }
}

diesel::table! {
    appeal_replies (id) {
        id -> Uuid,
        appeal_id -> Uuid,
        text -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    appeal_reply_files (attachment_id) {
        attachment_id -> Uuid,
        reply_id -> Uuid,
    }
}

diesel::table! {
    applicant_requests (id) {
        id -> Uuid,
        appeal_id -> Uuid,
        text -> Text,
        sent_on -> Date,
        sent_by -> Nullable<Uuid>,
        answered_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    draft_attachments (id) {
        id -> Uuid,
        draft_id -> Uuid,
        filename -> Text,
        content_type -> Text,
        size_bytes -> Int8,
        sha256 -> Bytea,
        storage_key -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    public_drafts (id) {
        id -> Uuid,
        full_name -> Text,
        email -> Text,
        phone -> Nullable<Text>,
        language -> Text,
        region -> Text,
        abroad_country -> Nullable<Text>,
        subject -> Text,
        description -> Text,
        categories -> Array<Nullable<Text>>,
        consent_version -> Text,
        consent_text -> Text,
        consented_at -> Timestamptz,
        client_address -> Text,
        token_hash -> Bytea,
        code_hash -> Bytea,
        upload_token_hash -> Bytea,
        expires_at -> Timestamptz,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    region_routes (region) {
        region -> Text,
        office_id -> Uuid,
        updated_at -> Timestamptz,
    }
}

diesel::joinable!(access_log -> users (actor_id));
diesel::joinable!(appeal_consents -> appeals (appeal_id));
diesel::joinable!(appeal_events -> appeals (appeal_id));
diesel::joinable!(appeal_replies -> appeals (appeal_id));
diesel::joinable!(appeal_reply_files -> appeal_replies (reply_id));
diesel::joinable!(appeal_reply_files -> attachments (attachment_id));
diesel::joinable!(applicant_requests -> appeals (appeal_id));
diesel::joinable!(draft_attachments -> public_drafts (draft_id));
diesel::joinable!(region_routes -> offices (office_id));
diesel::joinable!(appeal_pauses -> appeals (appeal_id));
diesel::joinable!(applicant_contacts -> applicants (applicant_id));
diesel::joinable!(appeal_events -> users (actor_id));
diesel::joinable!(appeals -> applicants (applicant_id));
diesel::joinable!(appeals -> offices (office_id));
diesel::joinable!(appeals -> visits (visit_id));
diesel::joinable!(attachments -> appeals (appeal_id));
diesel::joinable!(attachments -> users (uploaded_by));
diesel::joinable!(attachments -> visits (visit_id));
diesel::joinable!(audit_events -> users (actor_id));
diesel::joinable!(body_requests -> appeals (appeal_id));
diesel::joinable!(body_requests -> state_bodies (body_id));
diesel::joinable!(body_requests -> users (created_by));
diesel::joinable!(compensation_corrections -> compensations (compensation_id));
diesel::joinable!(compensations -> appeals (appeal_id));
diesel::joinable!(compensations -> applicants (applicant_id));
diesel::joinable!(compensations -> impact_measures (impact_measure_id));
diesel::joinable!(compensations -> offices (office_id));
diesel::joinable!(compensations -> users (recorded_by));
diesel::joinable!(deadline_policies -> offices (office_id));
diesel::joinable!(facilities -> offices (office_id));
diesel::joinable!(idempotency_keys -> users (user_id));
diesel::joinable!(impact_measure_appeals -> appeals (appeal_id));
diesel::joinable!(impact_measure_appeals -> impact_measures (impact_measure_id));
diesel::joinable!(impact_measures -> offices (office_id));
diesel::joinable!(impact_measures -> state_bodies (addressee_body_id));
diesel::joinable!(impact_measures -> users (issued_by));
diesel::joinable!(impact_measures -> visits (visit_id));
diesel::joinable!(recommendation_follow_ups -> recommendations (recommendation_id));
diesel::joinable!(recommendation_follow_ups -> users (recorded_by));
diesel::joinable!(recommendation_follow_ups -> visits (visit_id));
diesel::joinable!(recommendations -> state_bodies (addressee_body_id));
diesel::joinable!(recommendations -> visits (visit_id));
diesel::joinable!(referrals -> appeals (appeal_id));
diesel::joinable!(referrals -> partners (partner_id));
diesel::joinable!(referrals -> users (created_by));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(registration_counters -> offices (office_id));
diesel::joinable!(report_snapshots -> offices (office_id));
diesel::joinable!(report_snapshots -> users (published_by));
diesel::joinable!(users -> offices (office_id));
diesel::joinable!(visit_team -> users (user_id));
diesel::joinable!(visit_team -> visits (visit_id));
diesel::joinable!(visits -> facilities (facility_id));
diesel::joinable!(visits -> offices (office_id));
diesel::joinable!(visits -> users (created_by));

diesel::allow_tables_to_appear_in_same_query!(
    access_log,
    appeal_consents,
    appeal_events,
    appeal_replies,
    appeal_reply_files,
    appeal_pauses,
    appeals,
    applicant_contacts,
    applicant_merges,
    applicant_requests,
    applicants,
    attachments,
    audit_events,
    body_requests,
    calendar_days,
    compensation_corrections,
    compensations,
    deadline_policies,
    draft_attachments,
    facilities,
    idempotency_keys,
    impact_measure_appeals,
    impact_measures,
    login_throttle,
    offices,
    outbox,
    partners,
    public_drafts,
    recommendation_follow_ups,
    recommendations,
    referrals,
    refresh_tokens,
    region_routes,
    registration_counters,
    report_snapshots,
    request_limits,
    state_bodies,
    users,
    visit_team,
    visits,
);
