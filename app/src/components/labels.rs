//! Translated labels for stored keys.
use crate::domain::deal::HistoryKind;
use crate::domain::deal_status::DealStatus;
use crate::domain::permission::Permission;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// Built-in role keys shown in the user's language; custom roles as named.
pub fn role_label(i18n: I18nContext<Locale>, role: &str) -> AnyView {
    match role {
        "admin" => t!(i18n, roles.admin).into_any(),
        "gerente" => t!(i18n, roles.gerente).into_any(),
        "vendedor" => t!(i18n, roles.vendedor).into_any(),
        other => other.to_string().into_any(),
    }
}

/// A lifecycle key (prospecto, cliente_potencial, cliente) in the user's
/// language.
pub fn lifecycle_label(i18n: I18nContext<Locale>, lifecycle: &str) -> String {
    match lifecycle {
        "cliente" => t_string!(i18n, clientes.l_cliente),
        "cliente_potencial" => t_string!(i18n, clientes.l_cliente_potencial),
        _ => t_string!(i18n, clientes.l_prospecto),
    }
    .to_string()
}

/// What a permission lets its holder do, in the user's language.
pub fn permission_label(i18n: I18nContext<Locale>, p: Permission) -> &'static str {
    match p {
        Permission::DashboardView => t_string!(i18n, perm.dashboard_view),
        Permission::DealsViewAll => t_string!(i18n, perm.deals_view_all),
        Permission::DealsEditAll => t_string!(i18n, perm.deals_edit_all),
        Permission::DealsEditOwn => t_string!(i18n, perm.deals_edit_own),
        Permission::PipelineConfigure => t_string!(i18n, perm.pipeline_configure),
        Permission::UsersManage => t_string!(i18n, perm.users_manage),
        Permission::PlanManage => t_string!(i18n, perm.plan_manage),
        Permission::IntegrationsManage => t_string!(i18n, perm.integrations_manage),
    }
}

/// What happened to a deal, in the user's language.
pub fn history_label(i18n: I18nContext<Locale>, kind: HistoryKind) -> &'static str {
    match kind {
        HistoryKind::Created => t_string!(i18n, deal.h_created),
        HistoryKind::StageChanged => t_string!(i18n, deal.h_stage_changed),
        HistoryKind::Won => t_string!(i18n, deal.h_won),
        HistoryKind::Lost => t_string!(i18n, deal.h_lost),
        HistoryKind::Reopened => t_string!(i18n, deal.h_reopened),
        HistoryKind::ValueChanged => t_string!(i18n, deal.h_value_changed),
        HistoryKind::OwnerChanged => t_string!(i18n, deal.h_owner_changed),
        HistoryKind::TitleChanged => t_string!(i18n, deal.h_title_changed),
        HistoryKind::CurrencyChanged => t_string!(i18n, deal.h_currency_changed),
        HistoryKind::CloseDateChanged => t_string!(i18n, deal.h_close_date_changed),
        HistoryKind::OrganizationChanged => t_string!(i18n, deal.h_organization_changed),
        HistoryKind::ContactChanged => t_string!(i18n, deal.h_contact_changed),
        HistoryKind::DescriptionChanged => t_string!(i18n, deal.h_description_changed),
        HistoryKind::PriorityChanged => t_string!(i18n, deal.h_priority_changed),
        HistoryKind::SourceChanged => t_string!(i18n, deal.h_source_changed),
        HistoryKind::LinesChanged => t_string!(i18n, deal.h_lines_changed),
        HistoryKind::QuoteCreated => t_string!(i18n, deal.h_quote_created),
        HistoryKind::QuoteSent => t_string!(i18n, deal.h_quote_sent),
        HistoryKind::QuoteAccepted => t_string!(i18n, deal.h_quote_accepted),
        HistoryKind::QuoteRejected => t_string!(i18n, deal.h_quote_rejected),
        HistoryKind::QuoteCancelled => t_string!(i18n, deal.h_quote_cancelled),
        HistoryKind::SaleNoteIssued => t_string!(i18n, deal.h_sale_note_issued),
        HistoryKind::Other => t_string!(i18n, deal.h_other),
    }
}

/// What changed, in the user's language.
pub fn entity_label(i18n: I18nContext<Locale>, entity: &str) -> &'static str {
    match entity {
        "deal" => t_string!(i18n, bitacora.e_deal),
        "organization" => t_string!(i18n, bitacora.e_organization),
        "contact" => t_string!(i18n, bitacora.e_contact),
        "activity" => t_string!(i18n, bitacora.e_activity),
        "product" => t_string!(i18n, bitacora.e_product),
        "quote" => t_string!(i18n, bitacora.e_quote),
        "sale_note" => t_string!(i18n, bitacora.e_sale_note),
        "pipeline" => t_string!(i18n, bitacora.e_pipeline),
        "stage" => t_string!(i18n, bitacora.e_stage),
        "lost_reason" => t_string!(i18n, bitacora.e_lost_reason),
        "user" => t_string!(i18n, bitacora.e_user),
        "role" => t_string!(i18n, bitacora.e_role),
        "webhook" => t_string!(i18n, bitacora.e_webhook),
        _ => t_string!(i18n, bitacora.e_account),
    }
}

/// An outbox event's kind, as the webhooks page words it.
pub fn event_label(i18n: I18nContext<Locale>, kind: &str) -> &'static str {
    match kind {
        "deal.created" => t_string!(i18n, webhooks.k_deal_created),
        "deal.updated" => t_string!(i18n, webhooks.k_deal_updated),
        "deal.stage_changed" => t_string!(i18n, webhooks.k_deal_stage_changed),
        "deal.won" => t_string!(i18n, webhooks.k_deal_won),
        "deal.lost" => t_string!(i18n, webhooks.k_deal_lost),
        "deal.reopened" => t_string!(i18n, webhooks.k_deal_reopened),
        "deal.deleted" => t_string!(i18n, webhooks.k_deal_deleted),
        "activity.created" => t_string!(i18n, webhooks.k_activity_created),
        "activity.updated" => t_string!(i18n, webhooks.k_activity_updated),
        "activity.completed" => t_string!(i18n, webhooks.k_activity_completed),
        "activity.deleted" => t_string!(i18n, webhooks.k_activity_deleted),
        _ => t_string!(i18n, webhooks.k_test),
    }
}

/// A deal's status, as the pages word it.
pub fn status_label(i18n: I18nContext<Locale>, status: DealStatus) -> &'static str {
    match status {
        DealStatus::Open => t_string!(i18n, deal.status_open),
        DealStatus::Won => t_string!(i18n, deal.status_won),
        DealStatus::Lost => t_string!(i18n, deal.status_lost),
    }
}

/// What was done (a deal's events as on its page).
pub fn action_label(i18n: I18nContext<Locale>, entity: &str, action: &str) -> &'static str {
    if entity == "deal" {
        return history_label(i18n, HistoryKind::from_event(action));
    }
    match action {
        "created" => t_string!(i18n, bitacora.a_created),
        "renamed" => t_string!(i18n, bitacora.a_renamed),
        "deleted" => t_string!(i18n, bitacora.a_deleted),
        "made_default" => t_string!(i18n, bitacora.a_made_default),
        "moved" => t_string!(i18n, bitacora.a_moved),
        "retired" => t_string!(i18n, bitacora.a_retired),
        "role_changed" => t_string!(i18n, bitacora.a_role_changed),
        "activated" => t_string!(i18n, bitacora.a_activated),
        "deactivated" => t_string!(i18n, bitacora.a_deactivated),
        "completed" => t_string!(i18n, bitacora.a_completed),
        "password_reset" => t_string!(i18n, bitacora.a_password_reset),
        "password_changed" => t_string!(i18n, bitacora.a_password_changed),
        _ => t_string!(i18n, bitacora.a_updated),
    }
}

/// The name of a field, in the user's language: of a record's form (for
/// the changes an edit made), of a settings form or a list's filters (for
/// their problems).
pub fn field_label(i18n: I18nContext<Locale>, field: &str) -> Option<&'static str> {
    Some(match field {
        "name" => t_string!(i18n, fields.name),
        "url" => t_string!(i18n, webhooks.url),
        "tax_id" => t_string!(i18n, clientes.tax_id_any),
        "legal_name" => t_string!(i18n, clientes.legal_name),
        "tax_country" => t_string!(i18n, clientes.tax_country),
        "tax_system" => t_string!(i18n, clientes.tax_system),
        "tax_zip" => t_string!(i18n, clientes.tax_zip),
        "cfdi_use" => t_string!(i18n, notas.cfdi_use),
        "payment_form" => t_string!(i18n, notas.payment_form),
        "payment_method" => t_string!(i18n, notas.payment_method),
        "phone" => t_string!(i18n, clientes.phone),
        "email" | "user_email" => t_string!(i18n, clientes.email),
        "address" => t_string!(i18n, clientes.address),
        "lifecycle" => t_string!(i18n, clientes.lifecycle),
        "owner" | "owner_id" => t_string!(i18n, deal.owner),
        "tag" | "tags" => t_string!(i18n, filters.tags),
        "organization_id" => t_string!(i18n, contactos.organization),
        "job_title" => t_string!(i18n, contactos.job_title),
        "sku" => t_string!(i18n, productos.sku),
        "description" => t_string!(i18n, productos.description),
        "unit_price" => t_string!(i18n, productos.unit_price),
        "iva" => t_string!(i18n, productos.iva),
        "sat_product_key" => t_string!(i18n, productos.sat_product_key),
        "sat_unit_key" => t_string!(i18n, productos.sat_unit_key),
        "active" => t_string!(i18n, productos.status),
        "kind" => t_string!(i18n, actividades.kind),
        "subject" => t_string!(i18n, actividades.subject_label),
        "due_at" => t_string!(i18n, actividades.due_at),
        "priority" => t_string!(i18n, actividades.priority),
        "assigned_to" => t_string!(i18n, actividades.assignee),
        "deal_id" => t_string!(i18n, actividades.deal),
        "contact_id" => t_string!(i18n, contactos.name),
        "notes" => t_string!(i18n, actividades.notes),
        "reminder" => t_string!(i18n, actividades.reminder),
        "pipeline_name" => t_string!(i18n, settings.pipeline_name),
        "label" => t_string!(i18n, settings.reason_label),
        "color" => t_string!(i18n, settings.stage_color),
        "probability" => t_string!(i18n, settings.stage_probability),
        "rotting_days" => t_string!(i18n, settings.stage_rotting),
        "role_name" => t_string!(i18n, users.role_name),
        "permissions" => t_string!(i18n, users.roles),
        "password" => t_string!(i18n, fields.password),
        "current_password" => t_string!(i18n, password.current),
        "new_password" => t_string!(i18n, password.new),
        "role" => t_string!(i18n, fields.role),
        "account_name" => t_string!(i18n, plan.account),
        "time_zone" => t_string!(i18n, fields.time_zone),
        "currency" => t_string!(i18n, fields.currency),
        "state" => t_string!(i18n, cotizaciones.state),
        "valid_until" => t_string!(i18n, cotizaciones.valid_until),
        "terms" => t_string!(i18n, cotizaciones.terms),
        "comment" => t_string!(i18n, cotizaciones.comment),
        "user" => t_string!(i18n, bitacora.user),
        "entity" => t_string!(i18n, bitacora.what),
        "from" => t_string!(i18n, bitacora.from),
        "to" => t_string!(i18n, bitacora.to),
        _ => return None,
    })
}

/// The fields an edit changed, named in the user's language and joined.
pub fn changed_fields(i18n: I18nContext<Locale>, fields: &[String]) -> Option<String> {
    (!fields.is_empty()).then(|| {
        fields
            .iter()
            .map(|f| {
                // A role's entries list the permissions it grants.
                field_label(i18n, f)
                    .or_else(|| Permission::from_name(f).map(|p| permission_label(i18n, p)))
                    .unwrap_or_else(|| t_string!(i18n, deal.h_other))
            })
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// A SAT catalogue's entry as a choice or a fact shows it: `601 · General
/// de Ley Personas Morales` (the SAT's own names, in Spanish).
pub fn sat_label(code: &str, name: &str) -> String {
    format!("{code} · {name}")
}

/// A régimen fiscal by its code (an unknown code: as it is).
pub fn regime_label(code: &str) -> String {
    crate::domain::sat::regime_of(code)
        .map(|r| sat_label(r.code, r.name))
        .unwrap_or_else(|| code.to_string())
}

/// A uso de CFDI by its code (an unknown code: as it is).
pub fn use_label(code: &str) -> String {
    crate::domain::sat::use_of(code)
        .map(|u| sat_label(u.code, u.name))
        .unwrap_or_else(|| code.to_string())
}

/// An entry of a SAT catalogue of (code, name) by its code (unknown: as
/// it is).
pub fn catalogue_label(catalogue: &[(&str, &str)], code: &str) -> String {
    catalogue
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(c, name)| sat_label(c, name))
        .unwrap_or_else(|| code.to_string())
}

/// A form's choices of a SAT catalogue, after `first` (a "none" choice).
pub fn catalogue_choices(
    first: Option<(String, String)>,
    entries: impl Iterator<Item = (&'static str, &'static str)>,
) -> Vec<(String, String)> {
    first
        .into_iter()
        .chain(entries.map(|(code, name)| (code.to_string(), sat_label(code, name))))
        .collect()
}

/// The régimenes as a form's choices, after `first`.
pub fn regime_choices(first: Option<(String, String)>) -> Vec<(String, String)> {
    let regimes = crate::domain::sat::REGIMES.iter().map(|r| (r.code, r.name));
    catalogue_choices(first, regimes)
}

/// The uses of CFDI as a form's choices, after `first`.
pub fn use_choices(first: Option<(String, String)>) -> Vec<(String, String)> {
    catalogue_choices(
        first,
        crate::domain::sat::USES.iter().map(|u| (u.code, u.name)),
    )
}

/// The country of a tax id, with the id's name: `México (RFC)`.
pub fn country_label(i18n: I18nContext<Locale>, code: &str) -> String {
    match code {
        "MX" => t_string!(i18n, clientes.c_MX),
        "AR" => t_string!(i18n, clientes.c_AR),
        "CL" => t_string!(i18n, clientes.c_CL),
        "CO" => t_string!(i18n, clientes.c_CO),
        "EC" => t_string!(i18n, clientes.c_EC),
        "GT" => t_string!(i18n, clientes.c_GT),
        "PE" => t_string!(i18n, clientes.c_PE),
        "US" => t_string!(i18n, clientes.c_US),
        other => other,
    }
    .to_string()
}
