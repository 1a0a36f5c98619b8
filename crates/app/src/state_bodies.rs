//! The directory of state bodies: adding a body and changing one (admins), and naming bodies
//! in casework: a write names a body by the directory's id or by free text, and free text whose
//! fold names exactly one body of the directory is linked to it; other text stays free text.

use std::collections::HashMap;

use diesel::PgConnection;
use ombudsman_db::state_bodies::{self, NewStateBodyRow, StateBody, StateBodyChanges};
use ombudsman_db::{audit, DbError};
use ombudsman_domain::access::{Action as Do, Resource};
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::ids::StateBodyId;
use ombudsman_domain::office::Region;
use ombudsman_domain::state_body::{name_key, NewStateBody, StateBodyInput, StateBodyKind};

use crate::access::Caller;
use crate::error::{expect_version, to_json, AppError};

/// Changes to a state body as given; an omitted field stays as it is (`Some(None)` clears it),
/// and the merged record is parsed again as a whole.
#[derive(Debug, Clone, Default)]
pub struct EditStateBody {
    /// The version the caller saw (`If-Match`).
    pub expected_version: i32,
    /// New name in Uzbek, Latin script.
    pub name_uz_latn: Option<String>,
    /// New name in Uzbek, Cyrillic script.
    pub name_uz_cyrl: Option<Option<String>>,
    /// New name in Russian.
    pub name_ru: Option<Option<String>>,
    /// New name in English.
    pub name_en: Option<Option<String>>,
    /// New kind.
    pub kind: Option<StateBodyKind>,
    /// New region.
    pub region: Option<Option<Region>>,
    /// New parent.
    pub parent_id: Option<Option<StateBodyId>>,
    /// Active or not.
    pub is_active: Option<bool>,
}

/// 403 unless the caller's role keeps the directory of state bodies (admins).
pub fn may_change(caller: &Caller) -> Result<(), AppError> {
    caller.require(&[Resource::StateBody], Do::Change)?;
    Ok(())
}

fn unknown_body(field: &str) -> AppError {
    AppError::field(
        field,
        "unknown_state_body",
        "no state body of the directory has this id",
    )
}

/// The parent named for `id` (none for a new body): it must exist and must not be the body
/// itself or one of the bodies under it.
fn check_parent(conn: &mut PgConnection, parent: Option<StateBodyId>, id: Option<StateBodyId>) -> Result<(), AppError> {
    let Some(parent) = parent else { return Ok(()) };
    match state_bodies::find(conn, parent) {
        Ok(_) => {}
        Err(DbError::NotFound) => return Err(unknown_body("parent_id")),
        Err(e) => return Err(e.into()),
    }
    if let Some(id) = id {
        if state_bodies::is_same_or_above(conn, id, parent)? {
            return Err(AppError::field(
                "parent_id",
                "parent_cycle",
                "a body cannot be put under itself or under a body below it",
            ));
        }
    }
    Ok(())
}

/// Adds a state body under `parent` with its audit event.
pub fn add_state_body(
    conn: &mut PgConnection,
    caller: &Caller,
    body: &NewStateBody,
    parent: Option<StateBodyId>,
) -> Result<StateBody, AppError> {
    may_change(caller)?;
    check_parent(conn, parent, None)?;
    let folded = body.names.folded();
    let new = NewStateBodyRow {
        id: StateBodyId::new(),
        name_uz_latn: &body.names.uz_latn,
        name_uz_cyrl: body.names.uz_cyrl.as_deref(),
        name_ru: body.names.ru.as_deref(),
        name_en: body.names.en.as_deref(),
        kind: body.kind,
        region: body.region,
        parent_id: parent,
        folded_names: &folded,
    };
    let row = state_bodies::insert(conn, &new)?;
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::StateBodyCreate,
        "state_body",
        row.id.0,
        to_json(&new)?,
    )?;
    Ok(row)
}

/// Changes a state body with its audit event: 412 when it changed since the version the
/// caller saw.
pub fn edit_state_body(
    conn: &mut PgConnection,
    caller: &Caller,
    id: StateBodyId,
    cmd: &EditStateBody,
) -> Result<StateBody, AppError> {
    may_change(caller)?;
    let before = state_bodies::lock(conn, id)?;
    expect_version(before.version, cmd.expected_version)?;
    let pick = |change: &Option<Option<String>>, stored: &Option<String>| match change {
        Some(value) => value.clone(),
        None => stored.clone(),
    };
    let (uz_cyrl, ru, en) = (
        pick(&cmd.name_uz_cyrl, &before.name_uz_cyrl),
        pick(&cmd.name_ru, &before.name_ru),
        pick(&cmd.name_en, &before.name_en),
    );
    let merged = NewStateBody::parse(&StateBodyInput {
        name_uz_latn: cmd.name_uz_latn.as_deref().unwrap_or(&before.name_uz_latn),
        name_uz_cyrl: uz_cyrl.as_deref(),
        name_ru: ru.as_deref(),
        name_en: en.as_deref(),
        kind: cmd.kind.unwrap_or(before.kind),
        region: cmd.region.unwrap_or(before.region),
    })?;
    let parent = cmd.parent_id.unwrap_or(before.parent_id);
    if cmd.parent_id.is_some() {
        check_parent(conn, parent, Some(id))?;
    }
    let folded = merged.names.folded();
    let changes = StateBodyChanges {
        name_uz_latn: &merged.names.uz_latn,
        name_uz_cyrl: merged.names.uz_cyrl.as_deref(),
        name_ru: merged.names.ru.as_deref(),
        name_en: merged.names.en.as_deref(),
        kind: merged.kind,
        region: merged.region,
        parent_id: parent,
        folded_names: &folded,
        is_active: cmd.is_active.unwrap_or(before.is_active),
    };
    let after = state_bodies::update(conn, id, cmd.expected_version, &changes)?;
    let diff = audit::diff(&to_json(&before)?, &to_json(&after)?);
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::StateBodyUpdate,
        "state_body",
        id.0,
        diff,
    )?;
    Ok(after)
}

/// A body as a write names it, resolved: the name stored (the free text as written, or for a
/// body given by id its name in Uzbek, Latin script) and the body of the directory, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedBody {
    /// The name as stored.
    pub name: String,
    /// The body of the directory.
    pub body: Option<StateBodyId>,
}

/// The bodies named by id, checked against the directory (one query): an id that no body has
/// is a 400 naming `field(i)`.
fn bodies_by_id(
    conn: &mut PgConnection,
    ids: &[StateBodyId],
    field: impl Fn(usize) -> String,
) -> Result<HashMap<StateBodyId, StateBody>, AppError> {
    let found: HashMap<StateBodyId, StateBody> = state_bodies::find_all(conn, ids)?
        .into_iter()
        .map(|b| (b.id, b))
        .collect();
    let unknown: Vec<_> = ids
        .iter()
        .enumerate()
        .filter(|(_, id)| !found.contains_key(id))
        .map(|(i, _)| {
            ombudsman_domain::FieldError::new(
                field(i),
                "unknown_state_body",
                "no state body of the directory has this id",
            )
        })
        .collect();
    if unknown.is_empty() {
        Ok(found)
    } else {
        Err(AppError::Validation(unknown))
    }
}

/// Resolves the bodies a write names, by free text (`names`, validated) and by id (`ids`,
/// reported as `ids_field[i]` when unknown): free text is linked to the body its fold names,
/// an id stands for its body. A body named twice (by two spellings, or by name and id) is
/// kept once, where it was first named.
pub fn resolve_bodies(
    conn: &mut PgConnection,
    names: &[String],
    ids: &[StateBodyId],
    ids_field: &str,
) -> Result<Vec<NamedBody>, AppError> {
    let by_id = bodies_by_id(conn, ids, |i| format!("{ids_field}[{i}]"))?;
    let keys: Vec<String> = names.iter().map(|n| name_key(n)).collect();
    let matched = state_bodies::match_folds(conn, &keys)?;
    let mut out: Vec<NamedBody> = Vec::with_capacity(names.len() + ids.len());
    let mut seen: Vec<String> = Vec::new();
    let mut push = |named: NamedBody, key: String| {
        if !seen.contains(&key) {
            seen.push(key);
            out.push(named);
        }
    };
    for (name, key) in names.iter().zip(keys) {
        match matched.get(&key) {
            Some(id) => push(
                NamedBody {
                    name: name.clone(),
                    body: Some(*id),
                },
                id.to_string(),
            ),
            None => push(
                NamedBody {
                    name: name.clone(),
                    body: None,
                },
                key,
            ),
        }
    }
    for id in ids {
        if let Some(body) = by_id.get(id) {
            push(
                NamedBody {
                    name: body.name_uz_latn.clone(),
                    body: Some(*id),
                },
                id.to_string(),
            );
        }
    }
    Ok(out)
}

/// Resolves the bodies several records name, each by free text (validated) and/or by id
/// (reported as `field(i)` when unknown), in two queries: an id, when given, is the link; else
/// the body the text's fold names, if any.
pub fn resolve_each(
    conn: &mut PgConnection,
    named: &[(&str, Option<StateBodyId>)],
    field: impl Fn(usize) -> String,
) -> Result<Vec<Option<StateBodyId>>, AppError> {
    let given: Vec<StateBodyId> = named.iter().filter_map(|(_, id)| *id).collect();
    let positions: Vec<usize> = named
        .iter()
        .enumerate()
        .filter(|(_, (_, id))| id.is_some())
        .map(|(i, _)| i)
        .collect();
    bodies_by_id(conn, &given, |k| field(positions[k]))?;
    let keys: Vec<String> = named.iter().map(|(name, _)| name_key(name)).collect();
    let matched = state_bodies::match_folds(conn, &keys)?;
    Ok(named
        .iter()
        .zip(&keys)
        .map(|((_, id), key)| id.or_else(|| matched.get(key).copied()))
        .collect())
}

/// Resolves one body a write names by free text (`name`, validated) and/or by id (reported as
/// `id_field` when unknown): the id, when given, is the link; else the free text's fold.
pub fn resolve_body(
    conn: &mut PgConnection,
    name: &str,
    id: Option<StateBodyId>,
    id_field: &str,
) -> Result<Option<StateBodyId>, AppError> {
    Ok(resolve_each(conn, &[(name, id)], |_| id_field.to_owned())?
        .into_iter()
        .flatten()
        .next())
}
