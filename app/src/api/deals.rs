//! Deals: the board (its cards, moving, winning and losing them), a deal's
//! page (comments, reopening), the "Nuevo trato" and "Editar trato" forms and
//! the Tratos list. Each function checks session, plan and permissions
//! itself (see [`crate::ssr::deals`]).
use crate::domain::board::{Board, BoardCard, BoardQuery, MoveOutcome};
use crate::domain::deal::{DealInput, DealList, DealListQuery, DealPage};
use crate::error::AppError;
use leptos::prelude::*;

/// The cards' words in `locale`.
#[cfg(feature = "ssr")]
fn card_words(locale: crate::domain::locale::UiLocale) -> crate::ssr::deals::board::CardWords {
    use crate::i18n::td_string;
    let l = crate::components::session::to_i18n(locale);
    crate::ssr::deals::board::CardWords {
        no_activity: td_string!(l, embudo.no_activity).to_string(),
    }
}

/// The board of a pipeline (by default the account's default one) with
/// exact column totals and the first cards of each column.
#[server(endpoint = "board")]
pub async fn get_board(query: BoardQuery) -> Result<Board, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::deals::board::board(&state.db, &actor, &query, &card_words(actor.locale())).await
}

/// More cards of a column: after the board position `after`, or just
/// before the position `before` (exactly one of them); also says whether
/// more follow in that direction.
#[server(endpoint = "board_cards")]
pub async fn more_cards(
    query: BoardQuery,
    stage_id: i64,
    after: Option<f64>,
    before: Option<f64>,
) -> Result<(Vec<BoardCard>, bool), AppError> {
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::deals::db::board::CardPage;

    let (state, actor) = require(Need::Crm).await?;
    let page = match (after, before) {
        (Some(p), None) => CardPage::After(p),
        (None, Some(p)) => CardPage::Before(p),
        _ => return Err(AppError::field("after", "after_or_before")),
    };
    let words = card_words(actor.locale());
    crate::ssr::deals::board::more_cards(&state.db, &actor, &query, stage_id, page, &words).await
}

/// Puts a deal seen at `version` into a stage between two cards (`above`
/// and `below`, either absent at a column's end).
#[server(endpoint = "move_deal")]
pub async fn move_deal(
    query: BoardQuery,
    deal_id: i64,
    version: i64,
    stage_id: i64,
    above: Option<i64>,
    below: Option<i64>,
) -> Result<MoveOutcome, AppError> {
    use crate::ssr::deals::board::CardDrop;

    let drop = CardDrop::Stage {
        stage_id,
        above,
        below,
        position: None,
    };
    drop_card(query, deal_id, version, drop).await
}

/// Drops the deal seen at `version` on a stage or a drop zone of the board
/// `query` shows, for the caller (the board's own check of session, plan
/// and permission).
#[cfg(feature = "ssr")]
async fn drop_card(
    query: BoardQuery,
    deal_id: i64,
    version: i64,
    drop: crate::ssr::deals::board::CardDrop,
) -> Result<MoveOutcome, AppError> {
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::deals::board::move_deal;

    let (state, actor) = require(Need::Crm).await?;
    let (db, live) = (&state.db, &state.live);
    move_deal(db, live, &actor, &query, deal_id, version, &drop).await
}

/// Marks a deal seen at `version` as won on `won_on` (a local date; empty:
/// now) for a final `value` (empty: its value).
#[server(endpoint = "win_deal")]
pub async fn win_deal(
    query: BoardQuery,
    deal_id: i64,
    version: i64,
    #[server(default)] won_on: String,
    #[server(default)] value: String,
) -> Result<MoveOutcome, AppError> {
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::deals::board::{CardDrop, closing, move_deal};

    let (state, actor) = require(Need::Crm).await?;
    let drop = CardDrop::Won(closing(&actor, &won_on, &value)?);
    move_deal(
        &state.db,
        &state.live,
        &actor,
        &query,
        deal_id,
        version,
        &drop,
    )
    .await
}

/// Marks a deal seen at `version` as lost for a reason of the account, with
/// an optional note.
#[server(endpoint = "lose_deal")]
pub async fn lose_deal(
    query: BoardQuery,
    deal_id: i64,
    version: i64,
    reason_id: i64,
    note: Option<String>,
) -> Result<MoveOutcome, AppError> {
    use crate::ssr::deals::board::CardDrop;

    let drop = CardDrop::Lost { reason_id, note };
    drop_card(query, deal_id, version, drop).await
}

/// The deal with this key (`T-000123`) with its history, comments and
/// activities.
#[server(endpoint = "deal")]
pub async fn get_deal(key: String) -> Result<DealPage, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::deals::page::page(&state.db, &actor, &key).await
}

/// Adds a comment to a deal.
#[server(endpoint = "add_comment")]
pub async fn add_comment(deal_id: i64, body: String) -> Result<(), AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::deals::edit::comment(&state.db, &actor, deal_id, &body).await
}

/// Reopens a won or lost deal seen at `version`; returns the new version.
#[server(endpoint = "reopen_deal")]
pub async fn reopen_deal(deal_id: i64, version: i64) -> Result<i64, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::deals::edit::reopen(&state.db, &state.live, &actor, deal_id, version).await
}

/// Creates a deal from the fields of the "Nuevo trato" form as one typed
/// `DealInput` (the page's island posts them through
/// [`crate::api::records::save_record`]); returns its id. Every refused
/// field is named in one answer.
#[server(endpoint = "create_deal")]
pub async fn create_deal(input: DealInput) -> Result<i64, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::deals::edit::create(&state.db, &state.live, &actor, &input).await
}

/// Applies the "Editar trato" fields as one typed `DealInput` (the page's
/// island posts them through [`crate::api::records::save_record`]) to a
/// deal seen at `version`; returns the
/// new version. Every refused field is named in one answer; a stale version
/// is a conflict and changes nothing.
#[server(endpoint = "update_deal")]
pub async fn update_deal(deal_id: i64, version: i64, input: DealInput) -> Result<i64, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::deals::edit::update(&state.db, &state.live, &actor, deal_id, version, &input).await
}

/// One page of the deals the caller may see (`/crm/tratos`).
#[server(endpoint = "list_deals")]
pub async fn list_deals(query: DealListQuery) -> Result<DealList, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::deals::list::list(&state.db, &actor, &query).await
}
