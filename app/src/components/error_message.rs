//! Shows an [`AppError`] in the user's language. The words are translated
//! on the server ([`ErrorTexts::new`]); islands receive them as a prop, so
//! the browser needs no translation tables.
use crate::components::labels::field_label;
use crate::components::record_form::FormWords;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// Where the number of minutes goes in [`ErrorTexts::too_many_attempts`].
const MINUTES: &str = "{minutes}";

crate::island_props! {
    /// The message of every kind of error, in one language.
    pub struct ErrorTexts {
        unauthorized: String,
        bad_credentials: String,
        too_many_attempts: String,
        forbidden: String,
        plan_required: String,
        not_found: String,
        validation: String,
        conflict: String,
        cross_origin: String,
        bad_request: String,
        internal: String,
    }
}

impl ErrorTexts {
    pub fn new(i18n: I18nContext<Locale>) -> ErrorTexts {
        ErrorTexts {
            unauthorized: t_string!(i18n, errors.unauthorized).to_string(),
            bad_credentials: t_string!(i18n, errors.bad_credentials).to_string(),
            too_many_attempts: t_string!(i18n, errors.too_many_attempts, minutes = MINUTES)
                .to_string(),
            forbidden: t_string!(i18n, errors.forbidden).to_string(),
            plan_required: t_string!(i18n, errors.plan_required).to_string(),
            not_found: t_string!(i18n, errors.not_found).to_string(),
            validation: t_string!(i18n, errors.validation).to_string(),
            conflict: t_string!(i18n, errors.conflict).to_string(),
            cross_origin: t_string!(i18n, errors.cross_origin).to_string(),
            bad_request: t_string!(i18n, errors.bad_request).to_string(),
            internal: t_string!(i18n, errors.internal).to_string(),
        }
    }

    /// The message for `error`.
    pub fn text(&self, error: &AppError) -> String {
        match error {
            AppError::Unauthorized => self.unauthorized.clone(),
            AppError::BadCredentials => self.bad_credentials.clone(),
            AppError::TooManyAttempts(secs) => self
                .too_many_attempts
                .replace(MINUTES, &secs.div_ceil(60).to_string()),
            AppError::Forbidden => self.forbidden.clone(),
            AppError::PlanRequired => self.plan_required.clone(),
            AppError::NotFound => self.not_found.clone(),
            AppError::Validation(_) | AppError::InvalidRows { .. } => self.validation.clone(),
            AppError::Conflict(_) => self.conflict.clone(),
            AppError::CrossOrigin => self.cross_origin.clone(),
            AppError::BadRequest(_) | AppError::PayloadTooLarge => self.bad_request.clone(),
            AppError::Internal => self.internal.clone(),
        }
    }
}

/// An alert with a message.
#[component]
pub fn Alert(text: String) -> impl IntoView {
    view! {
        <p class="alert alert-error" role="alert">
            {text}
        </p>
    }
}

/// An alert with the translated message of an error (server-rendered);
/// invalid fields are each named with what is wrong.
#[component]
pub fn ErrorMessage(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let text = ErrorTexts::new(i18n).text(&error);
    let AppError::Validation(problems) = error else {
        return view! { <Alert text /> }.into_any();
    };
    let words = FormWords::new(i18n, "", "");
    let items = problems
        .iter()
        .map(|p| {
            let label = field_label(i18n, &p.field).map(|l| format!("{l}: "));
            view! { <li data-field=p.field.clone()>{label}{words.message(&p.field, &p.code)}</li> }
        })
        .collect_view();
    view! {
        <div class="alert alert-error" role="alert">
            <p>{text}</p>
            <ul class="alert-problems">{items}</ul>
        </div>
    }
    .into_any()
}
