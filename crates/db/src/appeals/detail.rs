//! One appeal as its page shows it, read in one statement: the appeal, its applicant, the
//! applicant's protected appeals (which decide whether the caller is shown who they are), the
//! impact measures issued for it (those the caller may see), the compensation recovered through
//! it, and the bodies of the directory it names.

use diesel::prelude::*;
use diesel::sql_types::{Bool, Jsonb, Uuid as SqlUuid};
use ombudsman_domain::ids::{AppealId, ApplicantId, OfficeId, UserId};

use super::Appeal;
use crate::applicants::Applicant;
use crate::impact::{MeasureScope, MeasureSummary, Totals};
use crate::prepared::Prepared;
use crate::schema::{appeals, applicants};
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
    /// The bodies of the directory it names (`respondent_body_ids`), in no particular order.
    pub bodies: Vec<StateBody>,
}

/// One appeal with everything its page needs, whoever may see it (the caller checks the
/// policy before showing any of it).
#[derive(Debug)]
pub struct DetailedAppeal {
    /// The appeal.
    pub appeal: Appeal,
    /// Its applicant; none for an anonymous appeal.
    pub applicant: Option<Applicant>,
    /// The applicant's protected appeals (confidential or at reprisal risk), this one included:
    /// applicant, office and assigned officer of each, as [`super::protected_of`] reads them.
    pub protected: Vec<(ApplicantId, OfficeId, Option<UserId>)>,
    /// Its measures, money and bodies.
    pub detail: AppealDetail,
}

#[derive(serde::Deserialize)]
struct Extra {
    protected: Vec<(OfficeId, Option<UserId>)>,
    measures: Vec<MeasureSummary>,
    totals: std::collections::BTreeMap<String, String>,
    bodies: Vec<StateBody>,
}

/// One appeal by id with its applicant, the applicant's protected appeals, its measures
/// (`scope`: those the caller may read; `None` when they may read none), compensation totals
/// and named bodies: one round trip, one prepared statement.
pub fn find_detailed(conn: &mut Conn, id: AppealId, scope: Option<&MeasureScope>) -> Result<DetailedAppeal, DbError> {
    let extra = diesel::dsl::sql::<Jsonb>(
        "jsonb_build_object(\
           'protected', COALESCE((SELECT jsonb_agg(jsonb_build_array(p.office_id, p.assigned_to)) FROM appeals p \
                                  WHERE p.applicant_id = appeals.applicant_id AND (p.confidential OR p.reprisal_risk)), \
                                 '[]'::jsonb), \
           'measures', COALESCE((SELECT jsonb_agg(jsonb_build_object('id', m.id, 'number', m.number, 'kind', m.kind, \
                                                                      'status', m.status) \
                                                   ORDER BY m.issued_on, m.number) \
                                 FROM impact_measure_appeals ma JOIN impact_measures m ON m.id = ma.impact_measure_id \
                                 WHERE ma.appeal_id = appeals.id AND ",
    )
    .bind::<Bool, _>(scope.is_some())
    .sql(" AND (")
    .bind::<Bool, _>(scope.is_some_and(|s| s.all_offices))
    .sql(" OR m.office_id = ")
    .bind::<SqlUuid, _>(scope.map(|s| s.office_id.0).unwrap_or_default())
    .sql(
        ")), '[]'::jsonb), \
           'totals', COALESCE((SELECT jsonb_object_agg(currency, total) FROM \
                                 (SELECT currency, sum(amount_minor::numeric)::text AS total FROM compensations \
                                  WHERE appeal_id = appeals.id AND voided_at IS NULL GROUP BY currency) AS t), \
                               '{}'::jsonb), \
           'bodies', COALESCE((SELECT jsonb_agg(to_jsonb(b)) FROM state_bodies b \
                               WHERE b.id = ANY(appeals.respondent_body_ids)), '[]'::jsonb))",
    );
    let query = appeals::table
        .left_join(applicants::table)
        .filter(appeals::id.eq(id))
        .select((Appeal::as_select(), Option::<Applicant>::as_select(), extra));
    let (appeal, applicant, extra): (Appeal, Option<Applicant>, serde_json::Value) =
        Prepared(query).get_result(conn)?;
    let json = |e: serde_json::Error| {
        DbError::Other(diesel::result::Error::DeserializationError(
            format!("the detail of appeal {id}: {e}").into(),
        ))
    };
    let extra: Extra = serde_json::from_value(extra).map_err(json)?;
    let protected = match appeal.applicant_id {
        Some(person) => extra.protected.into_iter().map(|(o, u)| (person, o, u)).collect(),
        None => Vec::new(),
    };
    Ok(DetailedAppeal {
        appeal,
        applicant,
        protected,
        detail: AppealDetail {
            measures: extra.measures,
            totals: extra
                .totals
                .into_iter()
                .map(|(currency, total)| Ok((currency, crate::impact::parse_sum(&total)?)))
                .collect::<Result<_, DbError>>()?,
            bodies: extra.bodies,
        },
    })
}
