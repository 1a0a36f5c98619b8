// @generated automatically by Diesel CLI.

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
    }
}

diesel::joinable!(audit_events -> users (actor_id));
diesel::joinable!(idempotency_keys -> users (user_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(users -> offices (office_id));

diesel::allow_tables_to_appear_in_same_query!(
    audit_events,
    idempotency_keys,
    offices,
    outbox,
    refresh_tokens,
    users,
);
