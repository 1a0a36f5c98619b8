//! What the page of one appeal shows besides the appeal and its applicant, read in one
//! statement: the impact measures issued for it (those the caller may see), the compensation
//! recovered through it, and the bodies of the directory it names.

use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Jsonb, Uuid as SqlUuid};
use ombudsman_domain::ids::{AppealId, StateBodyId};

use crate::impact::{MeasureScope, MeasureSummary, Totals};
use crate::prepared::Prepared;
use crate::state_bodies::StateBody;
use crate::{Conn, DbError};

/// The measures, money and bodies of one appeal.
#[derive(Debug, Default)]
pub struct AppealDetail {
    /// The measures issued for it that the caller may see, oldest issued first (as
    /// [`crate::impact::for_appeals_in`] lists them).
    pub measures: Vec<MeasureSummary>,
    /// Compensation recovered from it per currency, voided records left out (as
    /// [`crate::impact::totals_for_appeal`] sums it).
    pub totals: Totals,
    /// The bodies of the directory among those asked for that exist, in no particular order.
    pub bodies: Vec<StateBody>,
}

#[derive(QueryableByName)]
struct DetailRow {
    #[diesel(sql_type = Jsonb)]
    measures: serde_json::Value,
    #[diesel(sql_type = Jsonb)]
    totals: serde_json::Value,
    #[diesel(sql_type = Jsonb)]
    bodies: serde_json::Value,
}

/// The measures (`scope`: those the caller may read; `None` when they may read none), the
/// compensation totals and the state bodies `bodies` of `appeal`, in one round trip.
pub fn detail(
    conn: &mut Conn,
    appeal: AppealId,
    scope: Option<&MeasureScope>,
    bodies: &[StateBodyId],
) -> Result<AppealDetail, DbError> {
    let query = diesel::sql_query(
        "SELECT \
           COALESCE((SELECT jsonb_agg(jsonb_build_object('id', m.id, 'number', m.number, 'kind', m.kind, \
                                                         'status', m.status) \
                                      ORDER BY m.issued_on, m.number) \
                     FROM impact_measure_appeals ma JOIN impact_measures m ON m.id = ma.impact_measure_id \
                     WHERE ma.appeal_id = $1 AND $2 AND ($3 OR m.office_id = $4)), '[]'::jsonb) AS measures, \
           COALESCE((SELECT jsonb_object_agg(currency, total) FROM \
                       (SELECT currency, sum(amount_minor::numeric)::text AS total FROM compensations \
                        WHERE appeal_id = $1 AND voided_at IS NULL GROUP BY currency) AS t), '{}'::jsonb) AS totals, \
           COALESCE((SELECT jsonb_agg(to_jsonb(b)) FROM state_bodies b WHERE b.id = ANY($5)), '[]'::jsonb) AS bodies",
    )
    .bind::<SqlUuid, _>(appeal.0)
    .bind::<Bool, _>(scope.is_some())
    .bind::<Bool, _>(scope.is_some_and(|s| s.all_offices))
    .bind::<SqlUuid, _>(scope.map(|s| s.office_id.0).unwrap_or_default())
    .bind::<Array<SqlUuid>, _>(bodies.iter().map(|b| b.0).collect::<Vec<_>>());
    let row: DetailRow = Prepared(query).get_result(conn)?;
    let json = |e: serde_json::Error| {
        DbError::Other(diesel::result::Error::DeserializationError(
            format!("the detail of appeal {appeal}: {e}").into(),
        ))
    };
    let sums: std::collections::BTreeMap<String, String> = serde_json::from_value(row.totals).map_err(json)?;
    Ok(AppealDetail {
        measures: serde_json::from_value(row.measures).map_err(json)?,
        totals: sums
            .into_iter()
            .map(|(currency, total)| Ok((currency, crate::impact::parse_sum(&total)?)))
            .collect::<Result<_, DbError>>()?,
        bodies: serde_json::from_value(row.bodies).map_err(json)?,
    })
}
