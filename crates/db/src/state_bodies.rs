//! The directory of state bodies, the matching of free text to it by folded name, and the
//! linking of the free text stored before the directory existed.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Int4, Int8, Nullable, Text, Uuid as SqlUuid};
use ombudsman_domain::ids::StateBodyId;
use ombudsman_domain::office::Region;
use ombudsman_domain::search::{fold, query_terms};
use ombudsman_domain::state_body::{BodyNames, StateBodyKind};
use serde::Serialize;
use uuid::Uuid;

use crate::schema::state_bodies;
use crate::{Conn, DbError};

/// A state body as stored.
#[derive(Debug, Clone, Queryable, QueryableByName, Selectable, Serialize, serde::Deserialize)]
#[diesel(table_name = state_bodies, check_for_backend(diesel::pg::Pg))]
pub struct StateBody {
    /// Identifier.
    pub id: StateBodyId,
    /// Name in Uzbek, Latin script.
    pub name_uz_latn: String,
    /// Name in Uzbek, Cyrillic script.
    pub name_uz_cyrl: Option<String>,
    /// Name in Russian.
    pub name_ru: Option<String>,
    /// Name in English.
    pub name_en: Option<String>,
    /// Kind.
    pub kind: StateBodyKind,
    /// The region it serves; none for a national body.
    pub region: Option<Region>,
    /// The body it belongs to.
    pub parent_id: Option<StateBodyId>,
    /// The folds of its names (the keys free text is matched by).
    #[serde(skip)]
    pub folded_names: Vec<Option<String>>,
    /// Inactive bodies are offered no more as suggestions.
    pub is_active: bool,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// When created.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

impl StateBody {
    /// Its names in the four languages.
    pub fn names(&self) -> BodyNames {
        BodyNames {
            uz_latn: self.name_uz_latn.clone(),
            uz_cyrl: self.name_uz_cyrl.clone(),
            ru: self.name_ru.clone(),
            en: self.name_en.clone(),
        }
    }
}

/// A new state body.
#[derive(Debug, Insertable, Serialize)]
#[diesel(table_name = state_bodies)]
pub struct NewStateBodyRow<'a> {
    /// Identifier.
    pub id: StateBodyId,
    /// Validated name in Uzbek, Latin script.
    pub name_uz_latn: &'a str,
    /// Validated name in Uzbek, Cyrillic script.
    pub name_uz_cyrl: Option<&'a str>,
    /// Validated name in Russian.
    pub name_ru: Option<&'a str>,
    /// Validated name in English.
    pub name_en: Option<&'a str>,
    /// Kind.
    pub kind: StateBodyKind,
    /// Region.
    pub region: Option<Region>,
    /// Parent body.
    pub parent_id: Option<StateBodyId>,
    /// The folds of the names.
    #[serde(skip)]
    pub folded_names: &'a [String],
}

/// The whole changeable state of a state body, written at once (a `None` stores NULL).
#[derive(Debug, AsChangeset)]
#[diesel(table_name = state_bodies, treat_none_as_null = true)]
pub struct StateBodyChanges<'a> {
    /// Name in Uzbek, Latin script.
    pub name_uz_latn: &'a str,
    /// Name in Uzbek, Cyrillic script.
    pub name_uz_cyrl: Option<&'a str>,
    /// Name in Russian.
    pub name_ru: Option<&'a str>,
    /// Name in English.
    pub name_en: Option<&'a str>,
    /// Kind.
    pub kind: StateBodyKind,
    /// Region.
    pub region: Option<Region>,
    /// Parent body.
    pub parent_id: Option<StateBodyId>,
    /// The folds of the names.
    pub folded_names: &'a [String],
    /// Active.
    pub is_active: bool,
}

/// Inserts a state body.
pub fn insert(conn: &mut Conn, new: &NewStateBodyRow<'_>) -> Result<StateBody, DbError> {
    Ok(diesel::insert_into(state_bodies::table)
        .values(new)
        .returning(StateBody::as_returning())
        .get_result(conn)?)
}

/// One state body by id.
pub fn find(conn: &mut Conn, id: StateBodyId) -> Result<StateBody, DbError> {
    Ok(state_bodies::table
        .find(id)
        .select(StateBody::as_select())
        .first(conn)?)
}

/// One state body by id, locked for a change.
pub fn lock(conn: &mut Conn, id: StateBodyId) -> Result<StateBody, DbError> {
    Ok(state_bodies::table
        .find(id)
        .select(StateBody::as_select())
        .for_update()
        .first(conn)?)
}

/// The state bodies of `ids` (those that exist), in no particular order: one query for a whole
/// page of records that link to the directory.
pub fn find_all(conn: &mut Conn, ids: &[StateBodyId]) -> Result<Vec<StateBody>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(state_bodies::table
        .filter(state_bodies::id.eq_any(ids))
        .select(StateBody::as_select())
        .load(conn)?)
}

/// Whether `ancestor` is `id` itself or one of the bodies above `id` (following `parent_id`):
/// a body cannot be put under itself or under one of its own descendants.
pub fn is_same_or_above(conn: &mut Conn, ancestor: StateBodyId, id: StateBodyId) -> Result<bool, DbError> {
    #[derive(QueryableByName)]
    struct Found {
        #[diesel(sql_type = Bool)]
        found: bool,
    }
    let row: Found = diesel::sql_query(
        "WITH RECURSIVE up(id, parent_id, depth) AS ( \
             SELECT id, parent_id, 0 FROM state_bodies WHERE id = $1 \
             UNION ALL \
             SELECT b.id, b.parent_id, up.depth + 1 FROM state_bodies b JOIN up ON b.id = up.parent_id \
             WHERE up.depth < 100) \
         SELECT EXISTS (SELECT 1 FROM up WHERE id = $2) AS found",
    )
    .bind::<SqlUuid, _>(id.0)
    .bind::<SqlUuid, _>(ancestor.0)
    .get_result(conn)?;
    Ok(row.found)
}

/// Writes the body's state if the stored version is still `expected_version`; bumps the
/// version. `Stale` when it changed, `NotFound` when there is no such body.
pub fn update(
    conn: &mut Conn,
    id: StateBodyId,
    expected_version: i32,
    changes: &StateBodyChanges<'_>,
) -> Result<StateBody, DbError> {
    let updated = diesel::update(
        state_bodies::table
            .filter(state_bodies::id.eq(id))
            .filter(state_bodies::version.eq(expected_version)),
    )
    .set((
        changes,
        state_bodies::version.eq(state_bodies::version + 1),
        state_bodies::updated_at.eq(diesel::dsl::now),
    ))
    .returning(StateBody::as_returning())
    .get_result(conn)
    .optional()?;
    match updated {
        Some(body) => Ok(body),
        None => {
            find(conn, id)?;
            Err(DbError::Stale)
        }
    }
}

/// Filters of the directory.
#[derive(Debug, Clone, Default)]
pub struct StateBodyFilter {
    /// Suggestions for this text: bodies one of whose names, folded, equals it (rank 0),
    /// begins with it (1), has a word that begins with it (2), or contains each of its words
    /// (3); others are left out.
    pub q: Option<String>,
    /// Only bodies of this kind.
    pub kind: Option<StateBodyKind>,
    /// Only bodies of this region.
    pub region: Option<Region>,
    /// Only bodies directly under this one.
    pub parent_id: Option<StateBodyId>,
    /// Only active (`true`) or inactive (`false`) bodies.
    pub active: Option<bool>,
}

/// The position of a body in the directory's order: the rank of its match (0 without `q`),
/// then its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Match rank, 0 (best) to 3.
    pub rank: i32,
    /// Identifier.
    pub id: StateBodyId,
}

/// The worst rank of a suggestion.
pub const WORST_RANK: i32 = 3;

#[derive(QueryableByName)]
struct Ranked {
    #[diesel(embed)]
    body: StateBody,
    #[diesel(sql_type = Int4)]
    rank: i32,
}

/// `%`, `_` and `\` escaped for `LIKE`.
fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Bodies of the directory in the order of [`Position`], after `after`. A `q` that folds to
/// nothing matches nothing.
pub fn list(
    conn: &mut Conn,
    filter: &StateBodyFilter,
    after: Option<Position>,
    limit: i64,
) -> Result<Vec<(StateBody, Position)>, DbError> {
    let folded = filter.q.as_deref().map(fold);
    if folded.as_deref() == Some("") {
        return Ok(Vec::new());
    }
    let (prefix, word, terms) = match &folded {
        Some(f) => {
            let mut terms: Vec<String> = query_terms(f).iter().map(|t| format!("%{}%", escape_like(t))).collect();
            if terms.is_empty() {
                terms.push(format!("%{}%", escape_like(f)));
            }
            (
                Some(format!("{}%", escape_like(f))),
                Some(format!("% {}%", escape_like(f))),
                terms,
            )
        }
        None => (None, None, Vec::new()),
    };
    let after = after.unwrap_or(Position {
        rank: -1,
        id: StateBodyId(Uuid::nil()),
    });
    let rows: Vec<Ranked> = diesel::sql_query(
        "SELECT * FROM ( \
             SELECT b.*, CASE \
                 WHEN $1::text IS NULL OR $1 = ANY (b.folded_names) THEN 0 \
                 WHEN EXISTS (SELECT 1 FROM unnest(b.folded_names) n WHERE n LIKE $2) THEN 1 \
                 WHEN EXISTS (SELECT 1 FROM unnest(b.folded_names) n WHERE n LIKE $3) THEN 2 \
                 WHEN EXISTS (SELECT 1 FROM unnest(b.folded_names) n WHERE n LIKE ALL ($4)) THEN 3 \
             END AS rank \
             FROM state_bodies b \
             WHERE ($5::text IS NULL OR b.kind = $5) AND ($6::text IS NULL OR b.region = $6) \
               AND ($7::uuid IS NULL OR b.parent_id = $7) AND ($8::bool IS NULL OR b.is_active = $8)) r \
         WHERE r.rank IS NOT NULL AND (r.rank, r.id) > ($9, $10) \
         ORDER BY r.rank, r.id LIMIT $11",
    )
    .bind::<Nullable<Text>, _>(folded)
    .bind::<Nullable<Text>, _>(prefix)
    .bind::<Nullable<Text>, _>(word)
    .bind::<Array<Text>, _>(terms)
    .bind::<Nullable<Text>, _>(filter.kind.map(|k| k.as_str()))
    .bind::<Nullable<Text>, _>(filter.region.map(|r| r.as_str()))
    .bind::<Nullable<SqlUuid>, _>(filter.parent_id.map(|p| p.0))
    .bind::<Nullable<Bool>, _>(filter.active)
    .bind::<Int4, _>(after.rank)
    .bind::<SqlUuid, _>(after.id.0)
    .bind::<Int8, _>(limit)
    .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let position = Position {
                rank: r.rank,
                id: r.body.id,
            };
            (r.body, position)
        })
        .collect())
}

/// The body each of the folded names `folds` names: the one body one of whose names folds to
/// it. A fold that no body has, or that several share, names none and is left out.
pub fn match_folds(conn: &mut Conn, folds: &[String]) -> Result<HashMap<String, StateBodyId>, DbError> {
    #[derive(QueryableByName)]
    struct Match {
        #[diesel(sql_type = Text)]
        fold: String,
        #[diesel(sql_type = SqlUuid)]
        id: Uuid,
    }
    if folds.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<Match> = diesel::sql_query(
        "SELECT f.fold, (array_agg(b.id))[1] AS id \
         FROM (SELECT DISTINCT unnest($1::text[]) AS fold) f \
         JOIN state_bodies b ON b.folded_names @> ARRAY[f.fold] \
         GROUP BY f.fold HAVING count(*) = 1",
    )
    .bind::<Array<Text>, _>(folds)
    .load(conn)?;
    Ok(rows.into_iter().map(|m| (m.fold, StateBodyId(m.id))).collect())
}

/// The links of the free text stored before the directory existed, set once after the
/// migration that creates the directory (`2026-12-01-000080_state_bodies`) by `migrate`: the
/// rows it seeds have no folds yet. Folds their names, then links every stored text (respondent
/// bodies, measure addressees, requests, recommendation addressees) whose fold names exactly one
/// body and has no link yet, in one transaction. Returns the number of records linked; 0 and
/// nothing done when every body already has its folds.
pub fn link_stored_free_text(conn: &mut Conn) -> Result<usize, DbError> {
    conn.transaction(|conn| {
        let unfolded: Vec<StateBody> = state_bodies::table
            .filter(state_bodies::folded_names.eq(Vec::<String>::new()))
            .select(StateBody::as_select())
            .for_update()
            .load(conn)?;
        if unfolded.is_empty() {
            return Ok(0);
        }
        for body in &unfolded {
            diesel::update(state_bodies::table.find(body.id))
                .set(state_bodies::folded_names.eq(body.names().folded()))
                .execute(conn)?;
        }
        #[derive(QueryableByName)]
        struct Stored {
            #[diesel(sql_type = Text)]
            text: String,
        }
        let texts: Vec<Stored> = diesel::sql_query(
            "SELECT DISTINCT text FROM ( \
                 SELECT unnest(respondent_bodies) AS text FROM appeals WHERE respondent_body_ids IS NULL \
                 UNION ALL SELECT addressee FROM impact_measures WHERE addressee_body_id IS NULL \
                 UNION ALL SELECT body_name FROM body_requests WHERE body_id IS NULL \
                 UNION ALL SELECT addressee FROM recommendations WHERE addressee_body_id IS NULL) t \
             WHERE text IS NOT NULL",
        )
        .load(conn)?;
        let folds: Vec<String> = texts.iter().map(|t| fold(&t.text)).collect();
        let matched = match_folds(conn, &folds)?;
        let (names, ids): (Vec<String>, Vec<Uuid>) = texts
            .into_iter()
            .zip(folds)
            .filter_map(|(t, f)| matched.get(&f).map(|id| (t.text, id.0)))
            .unzip();
        if names.is_empty() {
            return Ok(0);
        }
        diesel::sql_query(
            "CREATE TEMPORARY TABLE state_body_map (text text PRIMARY KEY, id uuid NOT NULL) ON COMMIT DROP",
        )
        .execute(conn)?;
        diesel::sql_query("INSERT INTO state_body_map SELECT * FROM unnest($1::text[], $2::uuid[])")
            .bind::<Array<Text>, _>(&names)
            .bind::<Array<SqlUuid>, _>(&ids)
            .execute(conn)?;
        let mut linked = diesel::sql_query(
            "UPDATE appeals a SET respondent_body_ids = ( \
                 SELECT array_agg(m.id ORDER BY u.ord) \
                 FROM unnest(a.respondent_bodies) WITH ORDINALITY u(text, ord) \
                 LEFT JOIN state_body_map m ON m.text = u.text) \
             WHERE a.respondent_body_ids IS NULL \
               AND a.respondent_bodies && (SELECT array_agg(text) FROM state_body_map)",
        )
        .execute(conn)?;
        for (table, text, link) in [
            ("impact_measures", "addressee", "addressee_body_id"),
            ("body_requests", "body_name", "body_id"),
            ("recommendations", "addressee", "addressee_body_id"),
        ] {
            linked += diesel::sql_query(format!(
                "UPDATE {table} t SET {link} = m.id FROM state_body_map m \
                 WHERE t.{link} IS NULL AND t.{text} = m.text"
            ))
            .execute(conn)?;
        }
        Ok(linked)
    })
}
