//! Filing an appeal online: a named appeal is held as a draft until the citizen confirms their
//! e-mail (a one-time link or code, valid for a day); an anonymous one has no reply channel to
//! confirm and is registered at once. Confirmed, both are registered through the same use case
//! as every other appeal, channel `online_portal`, in the office of their region, unassigned.

use chrono::{DateTime, Utc};
use diesel::PgConnection;
use ombudsman_db::outbox::{self, NewMessage};
use ombudsman_db::public_drafts::{self, Consent, Draft, DraftFile};
use ombudsman_db::{audit, DbError};
use ombudsman_domain::appeal::{ApplicantInput, ApplicantKind, Category, Channel, NewApplicant};
use ombudsman_domain::consent::{consent_text, CONSENT_VERSION};
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::ids::{DraftId, OfficeId};
use ombudsman_domain::language::Language;
use ombudsman_domain::notification::{self, Notification};
use ombudsman_domain::office::{tashkent_date, Region};
use ombudsman_domain::user::Email;

use super::{digest, office_for_region, token, PublicClient};
use crate::appeals::register::{access_code, register_confirmed};
use crate::appeals::{RegisterAppeal, Registered, Who};
use crate::attachments::StoredFile;
use crate::context::Context;
use crate::error::AppError;
use crate::Denied;

/// How long a draft waits for its confirmation.
pub const DRAFT_LIFETIME_HOURS: i64 = 24;
/// The most files one draft or one reply takes.
pub const MAX_FILES: usize = 5;

/// What a citizen wrote, checked.
#[derive(Debug, Clone)]
pub struct AppealText {
    /// Their language (and that of the e-mails to them).
    pub language: Language,
    /// Region where the matter arose.
    pub region: Region,
    /// Country, for region `abroad`.
    pub abroad_country: Option<String>,
    /// Subject.
    pub subject: String,
    /// Description.
    pub description: String,
    /// Rights categories (`other` when they named none).
    pub categories: Vec<Category>,
}

/// A named appeal, to be confirmed from the e-mail.
#[derive(Debug, Clone)]
pub struct DraftAppeal {
    /// Their name.
    pub full_name: String,
    /// The e-mail to confirm.
    pub email: Email,
    /// Their phone (as given, and its digits).
    pub phone: Option<(String, String)>,
    /// The appeal.
    pub text: AppealText,
    /// The confirmation page, to which the token is appended (`…/appeal/confirm?token=`).
    pub confirm_link: String,
}

/// An anonymous appeal: no name, no reply channel.
#[derive(Debug, Clone)]
pub struct AnonymousAppeal {
    /// The appeal.
    pub text: AppealText,
}

/// A checked submission; consent is given (the front door refuses one without it).
#[derive(Debug, Clone)]
pub enum SubmitAppeal {
    /// Held until the e-mail is confirmed.
    Named(DraftAppeal),
    /// Registered at once.
    Anonymous(AnonymousAppeal),
}

/// What a submission became.
#[derive(Debug)]
pub enum Submitted {
    /// A draft waiting for its confirmation; the upload token adds files to it.
    Draft {
        /// The draft.
        id: DraftId,
        /// Adds files to the draft until it is confirmed (shown once).
        upload_token: String,
        /// When the draft expires.
        expires_at: DateTime<Utc>,
    },
    /// An anonymous appeal, registered.
    Registered(Box<Registered>),
}

/// Files a citizen's appeal: a named one becomes a draft and its confirmation e-mail; an
/// anonymous one is registered. `files` are already in the object store.
pub fn submit_appeal(
    conn: &mut PgConnection,
    client: &PublicClient,
    cmd: &SubmitAppeal,
    files: &[StoredFile],
    ctx: Context<'_>,
    now: DateTime<Utc>,
) -> Result<Submitted, AppError> {
    if files.len() > MAX_FILES {
        return Err(too_many_files());
    }
    match cmd {
        SubmitAppeal::Anonymous(a) => {
            let office = office_for_region(conn, a.text.region)?;
            let registered = register(conn, client, office, Who::Anonymous, &a.text, ctx)?;
            let lang = a.text.language;
            keep_consent(conn, &registered, CONSENT_VERSION, consent_text(lang), now, now)?;
            for file in files {
                crate::attachments::record_public(conn, client, registered.appeal.id, None, file)?;
            }
            Ok(Submitted::Registered(Box::new(registered)))
        }
        SubmitAppeal::Named(d) => {
            let (link_token, code, upload_token) = (token(), access_code(), token());
            let expires_at = now + chrono::Duration::hours(DRAFT_LIFETIME_HOURS);
            let draft = Draft {
                id: DraftId::new(),
                full_name: d.full_name.clone(),
                email: d.email.as_str().to_owned(),
                phone: d.phone.as_ref().map(|(p, _)| p.clone()),
                language: d.text.language,
                region: d.text.region,
                abroad_country: d.text.abroad_country.clone(),
                subject: d.text.subject.clone(),
                description: d.text.description.clone(),
                categories: d.text.categories.iter().copied().map(Some).collect(),
                consent_version: CONSENT_VERSION.to_owned(),
                consent_text: consent_text(d.text.language).to_owned(),
                consented_at: now,
                client_address: client.address.clone(),
                token_hash: digest(&link_token),
                code_hash: digest(&code),
                upload_token_hash: digest(&upload_token),
                expires_at,
                created_at: now,
            };
            public_drafts::insert(conn, &draft)?;
            for file in files {
                public_drafts::add_file(conn, &draft_file(draft.id, file))?;
            }
            audit::record(
                conn,
                &client.actor(),
                AuditAction::PublicDraftSubmit,
                "public_draft",
                draft.id.0,
                serde_json::json!({"region": draft.region, "language": draft.language, "files": files.len()}),
            )?;
            let confirm = Notification::DraftConfirmation(notification::DraftConfirmation {
                subject: draft.subject.clone(),
                link: format!("{}{link_token}", d.confirm_link),
                code,
                expires_at,
            });
            let key = confirm.kind().occurrence_key(&[&draft.id]);
            let message = NewMessage::notification(&confirm, draft.email.clone(), draft.language, None, Some(key));
            outbox::enqueue(conn, &message, ctx.mail_domain)?;
            Ok(Submitted::Draft {
                id: draft.id,
                upload_token,
                expires_at,
            })
        }
    }
}

/// 409 `too_many_files`: past [`MAX_FILES`] on a draft or a reply.
pub(crate) fn too_many_files() -> AppError {
    AppError::Conflict {
        code: "too_many_files",
        detail: format!("an appeal filed online and each reply take at most {MAX_FILES} files"),
    }
}

fn draft_file(draft: DraftId, file: &StoredFile) -> DraftFile {
    DraftFile {
        id: file.id,
        draft_id: draft,
        filename: file.filename.clone(),
        content_type: file.content_type.clone(),
        size_bytes: file.size_bytes,
        sha256: file.sha256.clone(),
        storage_key: file.storage_key.clone(),
        created_at: Utc::now(),
    }
}

/// Adds a stored file to the live draft that `upload_token` opens: 404 for no such draft (or an
/// expired one), 409 `too_many_files` past [`MAX_FILES`].
pub fn attach_to_draft(
    conn: &mut PgConnection,
    client: &PublicClient,
    upload_token: &str,
    file: &StoredFile,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let draft = public_drafts::lock_by_upload_token(conn, &digest(upload_token), now).map_err(missing)?;
    if public_drafts::files_of(conn, draft.id)?.len() >= MAX_FILES {
        return Err(too_many_files());
    }
    public_drafts::add_file(conn, &draft_file(draft.id, file))?;
    audit::record(
        conn,
        &client.actor(),
        AuditAction::PublicDraftAttach,
        "public_draft",
        draft.id.0,
        serde_json::json!({"attachment_id": file.id, "content_type": file.content_type, "size_bytes": file.size_bytes}),
    )?;
    Ok(())
}

/// 404 for a draft that is not there; other failures stay what they are.
fn missing(e: DbError) -> AppError {
    match e {
        DbError::NotFound => AppError::Denied(Denied::NotFound),
        other => other.into(),
    }
}

/// Confirms the live draft that `secret` (the link's token or the e-mailed code) opens and
/// registers it: number, access code, due date, acknowledgement, its files moved to the appeal
/// and the consent kept with it. 404 for a wrong, used or expired secret.
pub fn confirm_draft(
    conn: &mut PgConnection,
    client: &PublicClient,
    secret: &str,
    ctx: Context<'_>,
    now: DateTime<Utc>,
) -> Result<Registered, AppError> {
    let secret = secret.trim();
    // A code is typed: any case, spaces around.
    let hashes = [digest(secret), digest(&secret.to_ascii_uppercase())];
    let draft = match public_drafts::lock_by_secret(conn, &hashes[0], now) {
        Err(DbError::NotFound) => public_drafts::lock_by_secret(conn, &hashes[1], now),
        other => other,
    }
    .map_err(missing)?;
    let office = office_for_region(conn, draft.region)?;
    let input = ApplicantInput {
        kind: Some(ApplicantKind::Citizen),
        full_name: Some(&draft.full_name),
        email: Some(&draft.email),
        phone: draft.phone.as_deref(),
        language: Some(draft.language),
        ..ApplicantInput::default()
    };
    let applicant = NewApplicant::parse(&input).map_err(AppError::Domain)?;
    let text = AppealText {
        language: draft.language,
        region: draft.region,
        abroad_country: draft.abroad_country.clone(),
        subject: draft.subject.clone(),
        description: draft.description.clone(),
        categories: draft.categories.iter().flatten().copied().collect(),
    };
    let received = Context {
        today: tashkent_date(draft.created_at).min(ctx.today),
        ..ctx
    };
    let registered = register(conn, client, office, Who::New(applicant), &text, received)?;
    public_drafts::settle(conn, draft.id, registered.appeal.id)?;
    let (version, shown) = (&draft.consent_version, &draft.consent_text);
    keep_consent(conn, &registered, version, shown, draft.consented_at, now)?;
    Ok(registered)
}

fn register(
    conn: &mut PgConnection,
    client: &PublicClient,
    office: OfficeId,
    who: Who,
    text: &AppealText,
    ctx: Context<'_>,
) -> Result<Registered, AppError> {
    let cmd = RegisterAppeal {
        received_on: ctx.today,
        channel: Channel::OnlinePortal,
        who,
        signatories: None,
        region: text.region,
        abroad_country: text.abroad_country.clone(),
        subject: text.subject.clone(),
        description: text.description.clone(),
        categories: text.categories.clone(),
        respondent_bodies: Vec::new(),
        respondent_body_ids: Vec::new(),
        confidential: false,
        reprisal_risk: false,
        assigned_to: None,
        visit_id: None,
    };
    register_confirmed(conn, office, client.actor(), cmd, ctx)
}

/// Keeps with the appeal the consent the citizen gave: the version and text shown, and when.
fn keep_consent(
    conn: &mut PgConnection,
    registered: &Registered,
    version: &str,
    text: &str,
    consented_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    public_drafts::keep_consent(
        conn,
        &Consent {
            appeal_id: registered.appeal.id,
            consent_version: version.to_owned(),
            consent_text: text.to_owned(),
            consented_at,
            confirmed_at: now,
        },
    )?;
    Ok(())
}

/// Deletes up to `limit` drafts that expired by `now` with their file rows, and returns how many
/// went and the storage keys of their files (for the worker to remove from the object store).
pub fn expire_drafts(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<(usize, Vec<String>), AppError> {
    Ok(public_drafts::delete_expired(conn, now, limit)?)
}

/// A token of the same shape as an upload token that opens nothing: what a robot that filled
/// the hidden field of the form is given.
pub fn decoy_token() -> String {
    token()
}
