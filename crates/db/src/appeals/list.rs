//! The appeal list: its filters, orders and cursors, a page at a time within the caller's scope.

use super::*;

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
        (Order::Received | Order::Relevance, Some(c)) => q.filter(
            appeals::received_on
                .lt(c.day)
                .or(appeals::received_on.eq(c.day).and(appeals::id.lt(c.id))),
        ),
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
        let Some(only) = found.tier(tier) else { continue };
        let mut q = filtered(scope, filter, Some(found))
            .filter(only)
            .filter(found.rank().eq(tier));
        if let Some(c) = after.filter(|c| c.rank == tier) {
            q = q.filter(
                appeals::received_on
                    .lt(c.day)
                    .or(appeals::received_on.eq(c.day).and(appeals::id.lt(c.id))),
            );
        }
        let rows: Vec<Appeal> = q
            .order((appeals::received_on.desc(), appeals::id.desc()))
            .limit(left)
            .select(Appeal::as_select())
            .load(conn)?;
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
