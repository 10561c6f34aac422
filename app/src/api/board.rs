//! CRM > Embudo: the board, and moving deals on it. Each function checks
//! session, plan and permissions itself (see [`crate::ssr::deals::board`]).
use crate::domain::board::{Board, BoardCard, BoardQuery, MoveOutcome};
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
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::deals::board::{CardDrop, move_deal};

    let (state, actor) = require(Need::Crm).await?;
    let drop = CardDrop::Stage {
        stage_id,
        above,
        below,
        position: None,
    };
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

/// Marks a deal seen at `version` as won.
#[server(endpoint = "win_deal")]
pub async fn win_deal(
    query: BoardQuery,
    deal_id: i64,
    version: i64,
) -> Result<MoveOutcome, AppError> {
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::deals::board::{CardDrop, move_deal};

    let (state, actor) = require(Need::Crm).await?;
    move_deal(
        &state.db,
        &state.live,
        &actor,
        &query,
        deal_id,
        version,
        &CardDrop::Won,
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
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::deals::board::{CardDrop, move_deal};

    let (state, actor) = require(Need::Crm).await?;
    let drop = CardDrop::Lost { reason_id, note };
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
