//! Shows an [`AppError`] in the user's language.
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

/// An alert with the translated message of an error.
#[component]
pub fn ErrorMessage(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let text = match error {
        AppError::Unauthorized => t!(i18n, errors.unauthorized).into_any(),
        AppError::BadCredentials => t!(i18n, errors.bad_credentials).into_any(),
        AppError::TooManyAttempts(secs) => {
            let minutes = secs.div_ceil(60);
            t!(i18n, errors.too_many_attempts, minutes).into_any()
        }
        AppError::Forbidden => t!(i18n, errors.forbidden).into_any(),
        AppError::PlanRequired => t!(i18n, errors.plan_required).into_any(),
        AppError::NotFound => t!(i18n, errors.not_found).into_any(),
        AppError::Validation(_) => t!(i18n, errors.validation).into_any(),
        AppError::Conflict(_) => t!(i18n, errors.conflict).into_any(),
        AppError::CrossOrigin => t!(i18n, errors.cross_origin).into_any(),
        AppError::BadRequest(_) => t!(i18n, errors.bad_request).into_any(),
        AppError::Internal => t!(i18n, errors.internal).into_any(),
    };
    view! { <p class="alert alert-error" role="alert">{text}</p> }
}
