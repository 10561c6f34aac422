//! `/crm/embudo`: the kanban board of a pipeline. The filters are a plain
//! form whose values live in the query string (`?pipeline=&mine=1&owner=&q=`),
//! so a filtered board can be bookmarked; the board itself is an island.
use crate::api::deals::get_board;
use crate::api::pipelines::list_pipelines;
use crate::components::crm_page::crm_page;
use crate::components::deal_form::{deal_form_fields, deal_form_words};
use crate::components::kanban::{BoardWords, KanbanBoard};
use crate::components::record_form::RecordForm;
use crate::components::session::use_session;
use crate::domain::board::{Board, BoardQuery};
use crate::domain::deal::{DealForm, DealInput};
use crate::domain::money::currency_choices;
use crate::domain::records::RecordKind;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

/// An optional id from the query string; anything else is a field error.
fn id_param(q: &ParamsMap, name: &str) -> Result<Option<i64>, AppError> {
    match q.get(name).filter(|v| !v.trim().is_empty()) {
        None => Ok(None),
        Some(v) => v
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| AppError::field(name, "invalid")),
    }
}

fn board_query(q: &ParamsMap) -> Result<BoardQuery, AppError> {
    Ok(BoardQuery {
        pipeline: id_param(q, "pipeline")?,
        mine: q.get("mine").is_some_and(|v| v == "1" || v == "on"),
        owner: id_param(q, "owner")?,
        q: q.get("q").filter(|v| !v.trim().is_empty()),
    })
}

#[component]
pub fn EmbudoPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map().get_untracked();
    crm_page(
        t_string!(i18n, embudo.title).to_string(),
        async move {
            let query = board_query(&params)?;
            let board = get_board(query.clone()).await?;
            Ok((query, board))
        },
        |(query, board)| view! { <BoardPage query board /> },
    )
}

/// The filters and the board.
#[component]
fn BoardPage(query: BoardQuery, board: Board) -> impl IntoView {
    let i18n = use_i18n();
    let pipelines = Resource::new(|| (), |_| list_pipelines());
    let chosen = board.pipeline_id;
    let pipeline_options = move || {
        Suspend::new(async move {
            pipelines
                .await
                .unwrap_or_default()
                .into_iter()
                .map(|p| {
                    view! {
                        <option value=p.id.to_string() selected=p.id == chosen>
                            {p.name}
                        </option>
                    }
                })
                .collect_view()
        })
    };
    let owner_filter = (!board.owners.is_empty()).then(|| {
        let options = board
            .owners
            .iter()
            .map(|(id, name)| {
                view! {
                    <option value=id.to_string() selected=query.owner == Some(*id)>
                        {name.clone()}
                    </option>
                }
            })
            .collect_view();
        view! {
            <label>
                <span>{t!(i18n, embudo.owner)}</span>
                <select name="owner">
                    <option value="">{t!(i18n, embudo.all_owners)}</option>
                    {options}
                </select>
            </label>
        }
    });
    let stages: Vec<(i64, String)> = board
        .columns
        .iter()
        .map(|c| (c.stage_id, c.name.clone()))
        .collect();
    let currency = use_session().currency.clone();
    // A role that edits no deals creates none: no button to a refusal.
    let may_add = use_session().may_add_records();
    let new_deal = DealForm {
        input: DealInput {
            currency: currency.clone(),
            stage_id: stages
                .first()
                .map(|(id, _)| id.to_string())
                .unwrap_or_default(),
            ..DealInput::default()
        },
        stages,
        owners: board.owners.clone(),
        contacts: vec![],
        account_currency: currency.clone(),
    };
    let currencies = currency_choices(&currency);
    let empty = board.columns.iter().all(|c| c.header.count == 0) && query != BoardQuery::default();
    view! {
        <form
            class="board-filters"
            method="get"
            action="/crm/embudo"
            aria-label=move || t_string!(i18n, embudo.filters)
        >
            <label>
                <span>{t!(i18n, embudo.pipeline)}</span>
                <select name="pipeline">
                    <Suspense>{pipeline_options}</Suspense>
                </select>
            </label>
            {owner_filter}
            <label>
                <span>{t!(i18n, embudo.search)}</span>
                <input
                    type="search"
                    name="q"
                    maxlength="100"
                    value=query.q.clone().unwrap_or_default()
                    placeholder=move || t_string!(i18n, embudo.search_placeholder)
                />
            </label>
            <label class="check">
                <input type="checkbox" name="mine" value="1" checked=query.mine />
                <span>{t!(i18n, embudo.mine)}</span>
            </label>
            <button type="submit" class="button button-primary">
                {t!(i18n, embudo.apply)}
            </button>
        </form>
        {may_add
            .then(|| {
                view! {
                    <div class="board-actions">
                        <RecordForm
                            kind=RecordKind::Deal
                            id=None
                            fields=deal_form_fields(i18n, &new_deal, &currencies, None)
                            words=deal_form_words(i18n, false)
                            primary=true
                        />
                    </div>
                }
            })}
        {empty.then(|| view! { <p class="muted">{t!(i18n, embudo.no_results)}</p> })}
        <KanbanBoard board query words=board_words(i18n) />
    }
}

fn board_words(i18n: I18nContext<Locale>) -> BoardWords {
    let title = "{title}";
    let stage = "{stage}";
    BoardWords {
        deals: t_string!(i18n, embudo.deals).to_string(),
        weighted: t_string!(i18n, embudo.weighted).to_string(),
        empty_column: t_string!(i18n, embudo.empty_column).to_string(),
        move_to: t_string!(i18n, embudo.move_to).to_string(),
        move_to_label: t_string!(i18n, embudo.move_to_label, title).to_string(),
        won: t_string!(i18n, embudo.won).to_string(),
        lost: t_string!(i18n, embudo.lost).to_string(),
        drop_won: t_string!(i18n, embudo.drop_won).to_string(),
        drop_lost: t_string!(i18n, embudo.drop_lost).to_string(),
        lost_title: t_string!(i18n, embudo.lost_title).to_string(),
        lost_reason: t_string!(i18n, embudo.lost_reason).to_string(),
        lost_reason_pick: t_string!(i18n, embudo.lost_reason_pick).to_string(),
        lost_reason_required: t_string!(i18n, embudo.lost_reason_required).to_string(),
        lost_note: t_string!(i18n, embudo.lost_note).to_string(),
        cancel: t_string!(i18n, embudo.cancel).to_string(),
        confirm: t_string!(i18n, embudo.confirm).to_string(),
        load_more: t_string!(i18n, embudo.load_more).to_string(),
        load_earlier: t_string!(i18n, embudo.load_earlier).to_string(),
        rotting: t_string!(i18n, embudo.rotting).to_string(),
        rotting_short: t_string!(i18n, embudo.rotting_short).to_string(),
        conflict: t_string!(i18n, embudo.conflict).to_string(),
        move_failed: t_string!(i18n, embudo.move_failed).to_string(),
        forbidden: t_string!(i18n, embudo.forbidden).to_string(),
        moved: t_string!(i18n, embudo.moved, title, stage).to_string(),
        marked_won: t_string!(i18n, embudo.marked_won, title).to_string(),
        marked_lost: t_string!(i18n, embudo.marked_lost, title).to_string(),
        won_title: t_string!(i18n, embudo.won_title).to_string(),
        won_on: t_string!(i18n, embudo.won_on).to_string(),
        won_value: t_string!(i18n, embudo.won_value).to_string(),
        won_value_hint: t_string!(i18n, embudo.won_value_hint).to_string(),
        won_value_quote: t_string!(i18n, embudo.won_value_quote).to_string(),
    }
}
