//! `GET /api/live/board`: server-sent events telling an open board that a
//! board of the caller's account changed (`event: board`, data: the
//! pipeline id). The browser then reloads its board through the usual,
//! authorized server function; no deal data travels here.
use crate::rest::ApiError;
use app::ssr::auth::credential;
use app::ssr::auth::guard::{Need, authorize};
use app::ssr::state::AppState;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::stream::{self, Stream};
use http::HeaderMap;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

pub async fn board_events(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let actor = authorize(&state.db, credential::from_headers(&headers), Need::Crm).await?;
    let account_id = actor.account_id;
    let changes = state.live.subscribe();
    let events = stream::unfold(changes, move |mut changes| async move {
        loop {
            match changes.recv().await {
                Ok(c) if c.account_id == account_id => {
                    let event = Event::default()
                        .event("board")
                        .data(c.pipeline_id.to_string());
                    return Some((Ok(event), changes));
                }
                Ok(_) => {}
                // Missed some: one "something changed" covers them all.
                Err(RecvError::Lagged(_)) => {
                    return Some((Ok(Event::default().event("board").data("*")), changes));
                }
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
