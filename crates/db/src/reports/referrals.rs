//! Referrals of appeals to and from partner ombudsmen, per partner: one grouped read of the
//! referrals made in either period (`referrals_referred_on`), with the office of their appeal
//! (kept on the referral).

use diesel::prelude::*;
use diesel::sql_types::{Int8, Text};
use ombudsman_domain::report::{PartnerReferrals, ReferralFigures};

use super::Window;
use crate::{Conn, DbError};

#[derive(QueryableByName)]
struct PartnerRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Int8)]
    outgoing: i64,
    #[diesel(sql_type = Int8)]
    previous_outgoing: i64,
    #[diesel(sql_type = Int8)]
    incoming: i64,
    #[diesel(sql_type = Int8)]
    previous_incoming: i64,
}

pub(super) fn figures(conn: &mut Conn, w: &Window) -> Result<ReferralFigures, DbError> {
    // The referral carries its appeal's office (kept by triggers, migration 105): the appeals are
    // not visited, the rows come from `referrals_referred_on (referred_on) INCLUDE (office_id,
    // partner_id, direction)`.
    let rows = Window::rows(
        "referrals r JOIN partners p ON p.id = r.partner_id",
        "r.referred_on",
        "r.office_id",
        "p.name, r.direction",
    );
    let partners: Vec<PartnerRow> = w
        .query(format!(
            "SELECT name, count(*) FILTER (WHERE cur AND direction = 'outgoing') AS outgoing, \
                    count(*) FILTER (WHERE NOT cur AND direction = 'outgoing') AS previous_outgoing, \
                    count(*) FILTER (WHERE cur AND direction = 'incoming') AS incoming, \
                    count(*) FILTER (WHERE NOT cur AND direction = 'incoming') AS previous_incoming \
             FROM {rows} x GROUP BY name"
        ))
        .load(conn)?;
    let mut by_partner: Vec<PartnerReferrals> = partners
        .into_iter()
        .map(|p| PartnerReferrals {
            name: p.name,
            outgoing: p.outgoing,
            previous_outgoing: p.previous_outgoing,
            incoming: p.incoming,
            previous_incoming: p.previous_incoming,
        })
        .collect();
    by_partner.sort_by(|a, b| {
        (b.outgoing + b.incoming)
            .cmp(&(a.outgoing + a.incoming))
            .then_with(|| a.name.cmp(&b.name))
    });
    let sum = |f: fn(&PartnerReferrals) -> i64| by_partner.iter().map(f).sum::<i64>();
    Ok(ReferralFigures {
        outgoing: sum(|p| p.outgoing),
        previous_outgoing: sum(|p| p.previous_outgoing),
        incoming: sum(|p| p.incoming),
        previous_incoming: sum(|p| p.previous_incoming),
        by_partner,
    })
}
