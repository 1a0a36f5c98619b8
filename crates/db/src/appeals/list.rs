//! The appeal list: its filters, orders and cursors, a page at a time within the caller's scope.

use super::*;
use diesel::connection::SimpleConnection;

/// Filters of the appeal list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Status.
    pub status: Option<Status>,
    /// Region.
    pub region: Option<Region>,
    /// Channel.
    pub channel: Option<Channel>,
    /// Category.
    pub category: Option<Category>,
    /// Applicant kind.
    pub applicant_kind: Option<ApplicantKind>,
    /// Applicant.
    pub applicant_id: Option<ApplicantId>,
    /// Assigned officer.
    pub assigned_to: Option<UserId>,
    /// Open, running (not paused) and due before this date (overdue as of the day after).
    pub overdue_as_of: Option<NaiveDate>,
    /// Received on or after.
    pub received_from: Option<NaiveDate>,
    /// Received on or before.
    pub received_to: Option<NaiveDate>,
    /// Folded search terms; every one must occur in the appeal's subject and description or in
    /// its applicant's name.
    pub terms: Vec<String>,
    /// The search as typed: also matched against the registration number (whole or part), the
    /// applicant's phone digits (five or more digits in any formatting) and e-mail.
    pub raw_query: Option<String>,
    /// Open appeals due within a window of days.
    pub due_within: Option<DueWindow>,
}

/// Open appeals due on or before `last`: those due from `today` on, and those already past
/// their due date that are overdue (running: a paused appeal is never overdue).
#[derive(Debug, Clone, Copy)]
pub struct DueWindow {
    /// Today.
    pub today: NaiveDate,
    /// The last due date of the window.
    pub last: NaiveDate,
}

/// The order of the appeal list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Order {
    /// Newest received first, then id descending.
    #[default]
    Received,
    /// Earliest due first, then id ascending (the worklist).
    Due,
    /// Best match of the search first ([`Rank`], descending), then newest received, then id
    /// descending. Without a search every row has the same rank.
    Relevance,
}

/// Position in the list: the sort key of the last row of the previous page. `day` is the
/// received date (or, in [`Order::Due`], the due date); `rank` is the [`Rank`] of the row in
/// [`Order::Relevance`] and 0 otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    /// The match rank (0 unless ranked).
    pub rank: i32,
    /// The date the list is ordered by.
    pub day: NaiveDate,
    /// Id.
    pub id: AppealId,
}

/// The first `limit` appeals the caller may see, newest received first.
pub fn list(conn: &mut Conn, scope: &Scope, filter: &Filter, limit: i64) -> Result<Vec<Appeal>, DbError> {
    Ok(page(conn, scope, filter, Order::Received, None, limit)?
        .into_iter()
        .map(|(appeal, _)| appeal)
        .collect())
}

/// A page of the appeals the caller may see in `order`, after the position `after`; each with
/// its own position (the cursor of the next page when it is the last row).
pub fn page(
    conn: &mut Conn,
    scope: &Scope,
    filter: &Filter,
    order: Order,
    after: Option<Cursor>,
    limit: i64,
) -> Result<Vec<(Appeal, Cursor)>, DbError> {
    let found = search::Search::new(&filter.terms, filter.raw_query.as_deref());
    if let (Order::Relevance, Some(found)) = (order, &found) {
        return ranked_page(conn, scope, filter, found, after, limit);
    }
    let mut q = filtered(scope, filter, found.as_ref());
    q = match (order, after) {
        (_, None) => q,
        (Order::Received | Order::Relevance, Some(c)) => q.filter(older_than(c.day, c.id)),
        (Order::Due, Some(c)) => q.filter(
            appeals::due_on
                .gt(c.day)
                .or(appeals::due_on.eq(c.day).and(appeals::id.gt(c.id))),
        ),
    };
    q = match order {
        // Without a search every row has the same rank: the relevance order is the received one.
        Order::Received | Order::Relevance => q.order((appeals::received_on.desc(), appeals::id.desc())),
        // Every appeal has a due date (`due_on` is NOT NULL), so none sorts after the dated ones.
        Order::Due => q.order((appeals::due_on.asc(), appeals::id.asc())),
    };
    let rows: Vec<Appeal> = q.limit(limit).select(Appeal::as_select()).load(conn)?;
    Ok(rows
        .into_iter()
        .map(|appeal| {
            let day = match order {
                Order::Due => appeal.due_on,
                Order::Received | Order::Relevance => appeal.received_on,
            };
            let cursor = Cursor {
                rank: 0,
                day,
                id: appeal.id,
            };
            (appeal, cursor)
        })
        .collect())
}

/// A page of a search in order of relevance, read tier by tier: the appeals of the best
/// [`Rank`] first, each tier newest received first. A tier above [`Rank::Text`] is found by
/// its own indexed condition (the number, the applicant's contact or name), so it reads only
/// its few rows; the text tier is read in `received_on` order and stops at the page's end. No
/// query ranks every match, so the cost of a page follows the page, not the number of matches
/// (a word in a tenth of a million appeals reads about as fast as a rare one). At most six
/// statements a page, whatever its size.
fn ranked_page(
    conn: &mut Conn,
    scope: &Scope,
    filter: &Filter,
    found: &search::Search,
    after: Option<Cursor>,
    limit: i64,
) -> Result<Vec<(Appeal, Cursor)>, DbError> {
    let start = after.map_or(search::Rank::BEST, |c| c.rank);
    let mut out: Vec<(Appeal, Cursor)> = Vec::new();
    for tier in (1..=start).rev() {
        let left = limit - out.len() as i64;
        if left <= 0 {
            break;
        }
        let after = after.filter(|c| c.rank == tier);
        let rows = match found.windowed(conn, tier)? {
            search::TierPlan::Empty => continue,
            search::TierPlan::Windowed(scan, indexed) => {
                windowed_tier(conn, scope, filter, found, tier, (scan, indexed), after, left)?
            }
            search::TierPlan::Indexed => {
                let Some(only) = found.tier(tier) else { continue };
                // A tier's own condition implies the search's filter, which is left out.
                let mut q = filtered(scope, filter, None).filter(only).filter(found.rank().eq(tier));
                if let Some(c) = after {
                    q = q.filter(older_than(c.day, c.id));
                }
                q.order((appeals::received_on.desc(), appeals::id.desc()))
                    .limit(left)
                    .select(Appeal::as_select())
                    .load(conn)?
            }
        };
        out.extend(rows.into_iter().map(|appeal| {
            let cursor = Cursor {
                rank: tier,
                day: appeal.received_on,
                id: appeal.id,
            };
            (appeal, cursor)
        }));
    }
    Ok(out)
}

/// How many rows of the list (the caller's scope and filter, newest received first) a tier of
/// common matches reads in order before it turns to the indexes.
const WINDOW: i64 = 5_000;

/// A tier whose matches can be many ([`search::Search::windowed`]: the applicant's name, the
/// text): up to `limit` of its appeals after `after`, newest received first, found by a plan
/// that does not depend on how common the words are. `scan` and `indexed` are its condition
/// written to be checked row by row and to be found through indexes.
///
/// 1. The edge of a window: the [`WINDOW`]-th row of the list without the search (an ordered
///    read of the list's own index, which stops there).
/// 2. The window, read in list order (sorting is turned off for that statement) with `scan`,
///    which no index serves (text compared by `strpos`, the applicants found once and hashed);
///    it stops at the page's end. A word in a tenth of the appeals fills a page from the first
///    few hundred rows, however many appeals the table holds.
/// 3. Only when the window holds fewer matches than the page needs (the words are in fewer
///    than one row in a hundred of the newest), the rest, older than the window, through the
///    indexes (`indexed`: the trigram indexes, the appeals of the applicants found), where few
///    rows match.
///
/// Left to its statistics, PostgreSQL chose by its estimate of how common the words are and
/// misjudged a common word as rare (469 rows estimated for 94,567 at 1.93 million appeals),
/// reading a whole day's appeals and sorting them; with a generic plan it read a rare word
/// through the list's order, every row of the table (2 s).
#[allow(clippy::too_many_arguments)]
fn windowed_tier(
    conn: &mut Conn,
    scope: &Scope,
    filter: &Filter,
    found: &search::Search,
    tier: i32,
    (scan, indexed): (search::Pred, search::Pred),
    after: Option<Cursor>,
    limit: i64,
) -> Result<Vec<Appeal>, DbError> {
    let after_filter = |q: super::BoxedAppeals<'static>| match after {
        Some(c) => q.filter(older_than(c.day, c.id)),
        None => q,
    };
    let newest_first = (appeals::received_on.desc(), appeals::id.desc());
    let edge: Option<(NaiveDate, AppealId)> = after_filter(filtered(scope, filter, None))
        .order(newest_first)
        .offset(WINDOW - 1)
        .limit(1)
        .select((appeals::received_on, appeals::id))
        .first(conn)
        .optional()?;
    let mut window = after_filter(filtered(scope, filter, None))
        .filter(scan)
        .filter(found.rank().eq(tier));
    if let Some((day, id)) = edge {
        window = window.filter(
            appeals::received_on
                .ge(day)
                .and(appeals::received_on.gt(day).or(appeals::id.ge(id))),
        );
    }
    // In list order, stopping at the page's end, whatever the planner estimates: it counts
    // on few matches (it cannot estimate `strpos`) and would otherwise read the whole window
    // through a bitmap and sort it (6.3 ms for `pensiya`, against about 1 ms in order).
    let mut rows: Vec<Appeal> = conn.transaction(|conn| -> QueryResult<_> {
        conn.batch_execute("SET LOCAL enable_sort = off; SET LOCAL enable_incremental_sort = off")?;
        window
            .order(newest_first)
            .limit(limit)
            .select(Appeal::as_select())
            .load(conn)
    })?;
    let left = limit - rows.len() as i64;
    if let (Some((day, id)), true) = (edge, left > 0) {
        let older: Vec<Appeal> = after_filter(filtered(scope, filter, None))
            .filter(indexed)
            .filter(found.rank().eq(tier))
            .filter(appeals::received_on.le(day))
            .filter(older_than(day, id))
            .order(newest_first)
            .limit(left)
            .select(Appeal::as_select())
            .load(conn)?;
        rows.extend(older);
    }
    Ok(rows)
}

/// The rows after `(day, id)` in the newest-first order (received before `day`, or that day
/// with a smaller id): the page after a cursor, or the rows older than a window's edge.
fn older_than(day: NaiveDate, id: AppealId) -> search::Pred {
    Box::new(
        appeals::received_on
            .lt(day)
            .or(appeals::received_on.eq(day).and(appeals::id.lt(id))),
    )
}

/// The appeals the caller may see that pass the filter and, when given, the search.
fn filtered<'a>(scope: &Scope, filter: &Filter, found: Option<&search::Search>) -> super::BoxedAppeals<'a> {
    let mut q = scoped(scope);
    if let Some(s) = filter.status {
        q = q.filter(appeals::status.eq(s));
    }
    if let Some(r) = filter.region {
        q = q.filter(appeals::region.eq(r));
    }
    if let Some(c) = filter.channel {
        q = q.filter(appeals::channel.eq(c));
    }
    if let Some(c) = filter.category {
        q = q.filter(appeals::categories.contains(vec![c]));
    }
    if let Some(k) = filter.applicant_kind {
        q = q.filter(
            appeals::applicant_id.eq_any(
                applicants::table
                    .filter(applicants::kind.eq(k))
                    .select(applicants::id.nullable()),
            ),
        );
    }
    if let Some(a) = filter.applicant_id {
        q = q.filter(appeals::applicant_id.eq(a));
    }
    if let Some(u) = filter.assigned_to {
        q = q.filter(appeals::assigned_to.eq(u));
    }
    if let Some(today) = filter.overdue_as_of {
        q = q
            .filter(appeals::status.ne(Status::Closed))
            .filter(appeals::due_on.lt(today))
            // The clock of a paused appeal is stopped: it cannot run late.
            .filter(appeals::paused_since.is_null());
    }
    if let Some(d) = filter.received_from {
        q = q.filter(appeals::received_on.ge(d));
    }
    if let Some(d) = filter.received_to {
        q = q.filter(appeals::received_on.le(d));
    }
    if let Some(window) = filter.due_within {
        q = q
            .filter(appeals::status.ne(Status::Closed))
            .filter(appeals::due_on.le(window.last))
            // Past its due date only when overdue: the clock of a paused appeal is stopped.
            .filter(appeals::due_on.ge(window.today).or(appeals::paused_since.is_null()));
    }
    if let Some(found) = found {
        q = q.filter(found.filter());
    }
    q
}
