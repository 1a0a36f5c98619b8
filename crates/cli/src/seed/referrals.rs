//! Referrals of the seed profile: the partner ombudsmen of the countries most appeals from abroad
//! come from, appeals of Uzbek citizens living there referred to them (and answered some weeks
//! later), and appeals the Russian ombudsman forwarded to the office under the joint review of
//! citizens' appeals the two institutions agreed on.

use chrono::NaiveDate;
use diesel::PgConnection;
use ombudsman_db::bulk::{self, AppealEventCopy, ReferralCopy};
use ombudsman_db::partners::{self, NewPartnerRow};
use ombudsman_domain::events::TimelineKind;
use ombudsman_domain::ids::{AppealEventId, PartnerId, ReferralId};
use ombudsman_domain::partner::{PartnerKind, ReferralDirection};
use rand::Rng;

use super::appeals::Decided;
use super::texts::{lang_index, APPEALS};
use super::util::{plus, stream, tashkent, uuid_at};

/// A partner: country, name, agreement, the agreement's first day (year, month, day).
type PartnerSeed = (&'static str, &'static str, &'static str, (i32, u32, u32));

/// The partners.
const PARTNERS: [PartnerSeed; 4] = [
    (
        "RU",
        "High Commissioner for Human Rights in the Russian Federation",
        "Memorandum of cooperation; Roadmap for cooperation 2025–2026 (joint review of citizens' appeals)",
        (2019, 10, 1),
    ),
    (
        "KZ",
        "Commissioner for Human Rights in the Republic of Kazakhstan",
        "Memorandum of cooperation between the ombudsmen",
        (2021, 3, 1),
    ),
    (
        "TR",
        "Ombudsman Institution of the Republic of Türkiye",
        "Memorandum of understanding",
        (2022, 5, 1),
    ),
    (
        "KR",
        "National Human Rights Commission of the Republic of Korea",
        "Memorandum of understanding on the rights of migrant workers",
        (2023, 9, 1),
    ),
];

/// Of the decided appeals from a partner's country, the share referred to it.
const OUTGOING_SHARE: f64 = 0.35;
/// Of those from Russia, the share that came the other way: forwarded by the partner.
const INCOMING_SHARE: f64 = 0.2;

/// What the partner answered, by language of the appeal (uz-Latn, uz-Cyrl, ru, en).
const ANSWERS: [&str; 4] = [
    "Hamkor ombudsman murojaatni ko'rib chiqdi va vakolatli organlarga choralar ko'rish uchun yubordi.",
    "Ҳамкор омбудсман мурожаатни кўриб чиқди ва ваколатли органларга чоралар кўриш учун юборди.",
    "Партнёр-омбудсмен рассмотрел обращение и направил его в компетентные органы для принятия мер.",
    "The partner ombudsman examined the appeal and sent it to the competent authorities for action.",
];

/// Referrals and partners written.
#[derive(Debug, Default)]
pub struct ReferralsLoaded {
    /// Partner institutions (added or found).
    pub partners: usize,
    /// Referrals to partners.
    pub outgoing: usize,
    /// Referrals from partners.
    pub incoming: usize,
}

/// Adds the partners and the referrals of `decided` appeals received from their countries.
pub fn load(
    conn: &mut PgConnection,
    seed: u64,
    decided: &[Decided],
    today: NaiveDate,
) -> anyhow::Result<ReferralsLoaded> {
    let mut rng = stream(seed, 7);
    let mut partner_of = Vec::new();
    for (country, name, agreement, (y, m, d)) in PARTNERS {
        let from = NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| anyhow::anyhow!("agreement date"))?;
        let partner = partners::ensure(
            conn,
            &NewPartnerRow {
                id: PartnerId::new(),
                name,
                country: Some(country),
                kind: PartnerKind::NationalOmbudsman,
                agreement,
                agreement_from: from,
                agreement_to: None,
                email: None,
            },
        )?;
        partner_of.push((country, partner.id, partner.name, from));
    }
    let mut out = ReferralsLoaded {
        partners: partner_of.len(),
        ..Default::default()
    };
    let (mut rows, mut events) = (Vec::new(), Vec::new());
    for d in decided {
        let Some((_, partner, name, from)) = partner_of.iter().find(|p| Some(p.0) == d.country) else {
            continue;
        };
        if d.received < *from || !rng.gen_bool(OUTGOING_SHARE) {
            continue;
        }
        let direction = if d.country == Some("RU") && rng.gen_bool(INCOMING_SHARE) {
            ReferralDirection::Incoming
        } else {
            ReferralDirection::Outgoing
        };
        let referred_on = match direction {
            ReferralDirection::Incoming => d.received,
            ReferralDirection::Outgoing => plus(d.received, rng.gen_range(2..=8)).min(d.closed),
        };
        let answered_on = Some(plus(referred_on, rng.gen_range(14..=45)))
            .filter(|a| direction == ReferralDirection::Outgoing && *a <= d.closed && *a < today);
        let lang = lang_index(APPEALS[d.text].language);
        let reference = format!("{}-{}", d.country.unwrap_or("XX"), rng.gen_range(1000..99999));
        let at = tashkent(referred_on, 11, 0);
        let id = ReferralId(uuid_at(&mut rng, at));
        let data = serde_json::json!({
            "referral_id": id, "partner_id": partner, "partner_name": name,
            "partner_reference": reference, "direction": direction, "referred_on": referred_on,
        });
        events.push(AppealEventCopy {
            id: AppealEventId(uuid_at(&mut rng, at)),
            appeal_id: d.id,
            occurred_at: at,
            actor_id: Some(d.officer),
            kind: direction.timeline_kind(),
            data,
        });
        let summary = answered_on.map(|_| ANSWERS[lang].to_owned());
        if let Some(answered) = answered_on {
            let at = tashkent(answered, 15, 0);
            events.push(AppealEventCopy {
                id: AppealEventId(uuid_at(&mut rng, at)),
                appeal_id: d.id,
                occurred_at: at,
                actor_id: Some(d.officer),
                kind: TimelineKind::PartnerAnswered,
                data: serde_json::json!({
                    "referral_id": id, "partner_id": partner, "partner_name": name,
                    "partner_reference": reference, "direction": direction,
                    "answered_on": answered, "corrected": false,
                }),
            });
        }
        match direction {
            ReferralDirection::Outgoing => out.outgoing += 1,
            ReferralDirection::Incoming => out.incoming += 1,
        }
        rows.push(ReferralCopy {
            id,
            appeal_id: d.id,
            partner_id: *partner,
            direction,
            referred_on,
            partner_reference: Some(reference),
            note: None,
            answered_on,
            answer_summary: summary,
            created_by: Some(d.officer),
            created_at: at,
            updated_at: answered_on.map_or(at, |a| tashkent(a, 15, 0)),
        });
    }
    bulk::copy_referrals(conn, &rows)?;
    bulk::copy_appeal_events(conn, &events)?;
    Ok(out)
}
