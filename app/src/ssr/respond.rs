//! Gives a server function's error its HTTP status.
use crate::error::AppError;
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

/// Sets the response status from the error, so that refusals are 4xx.
pub fn finish<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(e) = &result {
        if let Some(res) = use_context::<ResponseOptions>() {
            res.set_status(http::StatusCode::from_u16(e.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
        }
    }
    result
}
