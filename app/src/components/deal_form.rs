//! The deal form in a dialog: "Nuevo trato" on the board and "Editar trato"
//! on the deal page, drawn by the record form island: its fields, choices
//! and the deal's own messages for each refused field, in the user's
//! language.
use crate::components::activity_list::priority_label;
use crate::components::record_form::{FormField, FormWords, Input};
use crate::domain::activities::Priority;
use crate::domain::deal::{DealForm, SOURCES};
use crate::i18n::{Locale, t_string};
use leptos_i18n::I18nContext;

/// The form's words in the page's language, for a new deal or an edit.
pub fn deal_form_words(i18n: I18nContext<Locale>, editing: bool) -> FormWords {
    let e = |field: &str, code: &str, text: &str| {
        (field.to_string(), code.to_string(), text.to_string())
    };
    let pick = |edit: &str, new: &str| if editing { edit } else { new }.to_string();
    let mut words = FormWords::new(
        i18n,
        &pick(
            t_string!(i18n, deal_form.edit_open),
            t_string!(i18n, deal_form.new_open),
        ),
        &pick(
            t_string!(i18n, deal_form.edit_heading),
            t_string!(i18n, deal_form.new_heading),
        ),
    );
    words.save = pick(
        t_string!(i18n, deal_form.edit_save),
        t_string!(i18n, deal_form.new_save),
    );
    words.failed = pick(
        t_string!(i18n, deal_form.edit_failed),
        t_string!(i18n, deal_form.new_failed),
    );
    words.conflict = t_string!(i18n, deal_form.conflict).to_string();
    // The deal's own messages first; the shared ones after them.
    let mut errors = vec![
        e("title", "*", t_string!(i18n, deal_form.e_title)),
        e("value", "from_lines", t_string!(i18n, form.e_from_lines)),
        e("currency", "has_lines", t_string!(i18n, form.e_has_lines)),
        e(
            "value",
            "negative",
            t_string!(i18n, deal_form.e_value_negative),
        ),
        e(
            "value",
            "too_many_decimals",
            t_string!(i18n, deal_form.e_value_decimals),
        ),
        e(
            "value",
            "too_large",
            t_string!(i18n, deal_form.e_value_large),
        ),
        e("value", "*", t_string!(i18n, deal_form.e_value)),
        e(
            "currency",
            "closed",
            t_string!(i18n, deal_form.e_currency_closed),
        ),
        e("currency", "*", t_string!(i18n, deal_form.e_currency)),
        e("exchange_rate", "*", t_string!(i18n, deal_form.e_rate)),
        e(
            "stage_id",
            "closed",
            t_string!(i18n, deal_form.e_stage_closed),
        ),
        e("stage_id", "*", t_string!(i18n, deal_form.e_stage)),
        e(
            "owner_id",
            "not_allowed",
            t_string!(i18n, deal_form.e_owner_not_allowed),
        ),
        e("owner_id", "*", t_string!(i18n, deal_form.e_owner)),
        e(
            "expected_close_date",
            "*",
            t_string!(i18n, deal_form.e_close_date),
        ),
        e(
            "organization",
            "*",
            t_string!(i18n, deal_form.e_organization),
        ),
        e("contact_id", "*", t_string!(i18n, deal_form.e_contact)),
        e("description", "*", t_string!(i18n, deal_form.e_description)),
        e("priority", "*", t_string!(i18n, deal_form.e_priority)),
        e("source", "*", t_string!(i18n, deal_form.e_source)),
    ];
    errors.append(&mut words.errors);
    words.errors = errors;
    words
}

/// The fields of the deal form: its values and the choices it offers (no
/// owners: the owner stays); an edit carries the version the page shows.
pub fn deal_form_fields(
    i18n: I18nContext<Locale>,
    form: &DealForm,
    currencies: &[String],
    version: Option<i64>,
) -> Vec<FormField> {
    let input = &form.input;
    let currency = form.account_currency.as_str();
    // Filled in by the island as the seller types.
    let name = "{name}";
    let mut fields = vec![
        FormField::new(
            "title",
            t_string!(i18n, deal_form.title),
            Input::Text,
            Some(input.title.clone()),
        ),
        FormField::new(
            "organization",
            t_string!(i18n, deal_form.organization),
            Input::Organization,
            Some(input.organization.clone()),
        )
        .with_hint(&t_string!(i18n, deal_form.organization_new, name)),
        // The name decides the organization.
        FormField::new("organization_id", "", Input::Hidden, None),
        FormField::new(
            "contact_id",
            t_string!(i18n, deal_form.contact),
            Input::Contact,
            Some(input.contact_id.clone()),
        )
        .with_choices(
            form.contacts
                .iter()
                .map(|(id, n)| (id.to_string(), n.clone()))
                .collect(),
        )
        .with_hint(t_string!(i18n, deal_form.none)),
        FormField::new(
            "value",
            t_string!(i18n, deal_form.value),
            Input::Text,
            Some(input.value.clone()),
        ),
        FormField::new(
            "currency",
            t_string!(i18n, deal_form.currency),
            Input::Select,
            Some(input.currency.clone()),
        )
        .with_choices(currencies.iter().map(|c| (c.clone(), c.clone())).collect()),
        FormField::new(
            "exchange_rate",
            &t_string!(i18n, deal_form.exchange_rate, currency),
            Input::Text,
            Some(input.exchange_rate.clone()),
        ),
        FormField::new(
            "stage_id",
            t_string!(i18n, deal_form.stage),
            Input::Select,
            Some(input.stage_id.clone()),
        )
        .with_choices(
            form.stages
                .iter()
                .map(|(id, n)| (id.to_string(), n.clone()))
                .collect(),
        ),
    ];
    if !form.owners.is_empty() {
        let mut owners = vec![(String::new(), "—".to_string())];
        owners.extend(
            form.owners
                .iter()
                .map(|(id, n)| (id.to_string(), n.clone())),
        );
        fields.push(
            FormField::new(
                "owner_id",
                t_string!(i18n, deal_form.owner),
                Input::Select,
                Some(input.owner_id.clone()),
            )
            .with_choices(owners),
        );
    }
    let none = t_string!(i18n, deal_form.none).to_string();
    let mut priorities = vec![(String::new(), none)];
    priorities.extend(
        Priority::ALL
            .iter()
            .rev()
            .map(|p| (p.stored().to_string(), priority_label(i18n, p.stored()))),
    );
    fields.extend([
        FormField::new(
            "expected_close_date",
            t_string!(i18n, deal_form.close_date),
            Input::Date,
            Some(input.expected_close_date.clone()),
        ),
        FormField::new(
            "priority",
            t_string!(i18n, deal_form.priority),
            Input::Select,
            Some(input.priority.clone()),
        )
        .with_choices(priorities),
        FormField::new(
            "source",
            t_string!(i18n, deal_form.source),
            Input::Text,
            Some(input.source.clone()),
        )
        .with_choices(
            SOURCES
                .iter()
                .map(|s| (s.to_string(), s.to_string()))
                .collect(),
        ),
        FormField::new(
            "description",
            t_string!(i18n, deal_form.description),
            Input::Area,
            Some(input.description.clone()),
        ),
    ]);
    fields
        .extend(version.map(|v| FormField::new("version", "", Input::Hidden, Some(v.to_string()))));
    fields
}
