//! `GET /api/live/board`: server-sent events telling an open board that a
//! board of the caller's account changed (`event: board`, data: the
//! pipeline id). The browser then reloads its board through the usual,
//! authorized server function; no deal data travels here.
use crate::rest::ApiError;
use app::ssr::auth::credential;
use app::ssr::auth::guard::{self, Need, authorize};
use app::ssr::state::AppState;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::stream::{self, Stream, StreamExt};
use http::HeaderMap;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use tokio::time::MissedTickBehavior;

/// The stream of board changes for the caller's account; it ends within
/// `live_recheck_seconds` of the credential ending (logout, deactivation,
/// expiry, idleness), checked without counting as use.
pub async fn board_events(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let cred = credential::from_headers(&headers);
    let actor = authorize(&state, cred.clone(), Need::Crm).await?;
    let account_id = actor.account_id;
    let mut recheck =
        tokio::time::interval(Duration::from_secs(state.settings.live_recheck_seconds));
    recheck.set_missed_tick_behavior(MissedTickBehavior::Delay);
    recheck.reset();
    let watch = (state.live.subscribe(), recheck, state, cred);
    let events = stream::unfold(
        watch,
        move |(mut changes, mut recheck, state, cred)| async move {
            loop {
                tokio::select! {
                    change = changes.recv() => match change {
                        Ok(c) if c.account_id == account_id => {
                            let event = Event::default()
                                .event("board")
                                .data(c.pipeline_id.to_string());
                            return Some((Ok(event), (changes, recheck, state, cred)));
                        }
                        Ok(_) => {}
                        // Missed some: one "something changed" covers them all.
                        Err(RecvError::Lagged(_)) => {
                            let event = Event::default().event("board").data("*");
                            return Some((Ok(event), (changes, recheck, state, cred)));
                        }
                        Err(RecvError::Closed) => return None,
                    },
                    _ = recheck.tick() => {
                        if guard::recheck(&state, cred.clone()).await.is_err() {
                            return None;
                        }
                    }
                }
            }
        },
    );
    Ok(Sse::new(events.fuse()).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
