//! The SQL of notifications (migration 0023).
use crate::domain::permission::Permission;
use crate::error::AppError;
use crate::ssr::db::Ex;
use crate::{execute, fetch_all};

/// Tells every active user of the account whose role holds `permission`
/// the notice `kind` with its particulars `data` (JSON).
pub async fn notify_holders(
    ex: &mut Ex<'_>,
    account_id: i64,
    permission: Permission,
    kind: &str,
    data: &str,
    now: i64,
) -> Result<u64, AppError> {
    Ok(execute!(
        ex,
        "INSERT INTO notifications (account_id, user_id, kind, data, created_at) \
         SELECT u.account_id, u.id, $3, $4, $5 FROM users u \
         JOIN role_permissions p ON p.role_id = u.role_id AND p.permission = $2 \
         WHERE u.account_id = $1 AND u.active",
        account_id,
        permission.name(),
        kind,
        data,
        now
    )?)
}

/// A notice not read yet.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct NoticeRow {
    pub id: i64,
    pub kind: String,
    pub data: String,
    pub created_at: i64,
}

/// The user's newest unread notices (at most `limit`).
pub async fn unread(
    ex: &mut Ex<'_>,
    account_id: i64,
    user_id: i64,
    limit: i64,
) -> Result<Vec<NoticeRow>, AppError> {
    Ok(fetch_all!(
        ex,
        NoticeRow,
        "SELECT id, kind, data, created_at FROM notifications \
         WHERE account_id = $1 AND user_id = $2 AND read_at IS NULL ORDER BY id DESC LIMIT $3",
        account_id,
        user_id,
        limit
    )?)
}
