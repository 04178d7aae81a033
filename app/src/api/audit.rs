//! «Администрирование → Журнал изменений»: the audit trail, newest first, with its filters.
//! Portal administrators only.

use domain::audit::AuditPage;
use leptos::prelude::*;

use crate::error::AppError;

pub const AUDIT_PATH: &str = "/admin/audit";

/// A page of the journal. Dates are `YYYY-MM-DD` days on the reader's clock, both included.
#[server(prefix = "/api", endpoint = "admin/audit/page")]
pub async fn audit_journal(
    area: Option<String>,
    who: Option<String>,
    organization: Option<i32>,
    from: Option<String>,
    to: Option<String>,
    page: Option<u32>,
) -> Result<AuditPage, AppError> {
    use crate::server;
    use domain::validation::Code;
    let day = |value: Option<String>, field: &'static str, code: Code| -> Result<Option<chrono::NaiveDate>, AppError> {
        match value.as_deref().map(str::trim).filter(|value| !value.is_empty()) {
            Some(text) => {
                chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map(Some).map_err(|_| AppError::invalid(field, code))
            }
            None => Ok(None),
        }
    };
    let result = async {
        let (account, admin) = server::require_administrator().await?;
        let filter = domain::audit::AuditFilter {
            area: area.as_deref().and_then(domain::audit::AuditArea::parse),
            who,
            organization_id: organization,
            from: day(from, "from", Code::FromDateInvalid)?,
            to: day(to, "to", Code::ToDateInvalid)?,
        };
        let clock = portal_service::local_time::ReaderClock::of(&account.time_zone);
        let db = &server::state()?.db;
        Ok(portal_service::audit::journal::page(db, &admin, &filter, page.unwrap_or(1), &clock).await?)
    }
    .await;
    server::respond(result)
}
