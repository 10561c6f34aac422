//! Activities as the pages show them: the table (with "Marcar como hecha"),
//! their labels, and the fields of the activity form.
use crate::components::record_form::{FormField, FormWords, Input, PostButton, RecordForm};
use crate::components::session::use_session;
use crate::domain::activities::{ActivityKind, ActivityListRow, Priority};
use crate::domain::records::RecordKind;
use crate::domain::records::Rights;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

pub fn kind_label(i18n: I18nContext<Locale>, kind: &str) -> String {
    match kind {
        "llamada" => t_string!(i18n, actividades.k_llamada),
        "correo" => t_string!(i18n, actividades.k_correo),
        "mensaje" => t_string!(i18n, actividades.k_mensaje),
        "reunion" => t_string!(i18n, actividades.k_reunion),
        _ => t_string!(i18n, actividades.k_tarea),
    }
    .to_string()
}

pub fn priority_label(i18n: I18nContext<Locale>, priority: &str) -> String {
    match priority {
        "alta" => t_string!(i18n, actividades.p_alta),
        "baja" => t_string!(i18n, actividades.p_baja),
        _ => t_string!(i18n, actividades.p_media),
    }
    .to_string()
}

/// The owner (assignee) field of a form: a choice among the users the
/// viewer may give records to, starting at `current` (none: the viewer);
/// none at all when the viewer may give them only to themselves.
pub fn owner_field(name: &str, label: &str, rights: &Rights, current: i64) -> Option<FormField> {
    (!rights.owners.is_empty()).then(|| {
        let choices = rights
            .owners
            .iter()
            .map(|(id, n)| (id.to_string(), n.clone()))
            .collect();
        FormField::new(name, label, Input::Select, Some(current.to_string())).with_choices(choices)
    })
}

/// "Nueva actividad": the activity form, linked to the records in `links`
/// (`deal_id`, `contact_id`, `organization_id`), assigned to the viewer
/// unless `rights` offers others.
#[component]
pub fn NewActivityButton(
    rights: Rights,
    links: Vec<(&'static str, i64)>,
    primary: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let words = FormWords::new(
        i18n,
        t_string!(i18n, actividades.new),
        t_string!(i18n, actividades.new),
    );
    let fields = activity_fields(i18n, &rights, use_session().user_id, &links);
    view! { <RecordForm kind=RecordKind::Activity id=None fields words primary /> }
}

/// The fields of a new activity, linked to the records in `links`.
fn activity_fields(
    i18n: I18nContext<Locale>,
    rights: &Rights,
    me: i64,
    links: &[(&str, i64)],
) -> Vec<FormField> {
    let kinds = ActivityKind::ALL
        .iter()
        .map(|k| (k.stored().to_string(), kind_label(i18n, k.stored())))
        .collect();
    let priorities = Priority::ALL
        .iter()
        .map(|p| (p.stored().to_string(), priority_label(i18n, p.stored())))
        .collect();
    let mut fields = vec![
        FormField::new(
            "kind",
            t_string!(i18n, actividades.kind),
            Input::Select,
            Some(ActivityKind::Call.stored().into()),
        )
        .with_choices(kinds),
        FormField::new(
            "subject",
            t_string!(i18n, actividades.subject_label),
            Input::Text,
            None,
        ),
        FormField::new(
            "due_date",
            t_string!(i18n, actividades.due_date),
            Input::Date,
            None,
        ),
        FormField::new(
            "due_time",
            t_string!(i18n, actividades.due_time),
            Input::Time,
            Some("09:00".into()),
        ),
        FormField::new(
            "reminder",
            t_string!(i18n, actividades.reminder),
            Input::Select,
            None,
        )
        .with_choices(vec![
            (
                String::new(),
                t_string!(i18n, actividades.r_none).to_string(),
            ),
            ("0".into(), t_string!(i18n, actividades.r_0).to_string()),
            ("15".into(), t_string!(i18n, actividades.r_15).to_string()),
            ("60".into(), t_string!(i18n, actividades.r_60).to_string()),
            (
                "1440".into(),
                t_string!(i18n, actividades.r_1440).to_string(),
            ),
        ]),
        FormField::new(
            "priority",
            t_string!(i18n, actividades.priority),
            Input::Select,
            Some(Priority::default().stored().into()),
        )
        .with_choices(priorities),
    ];
    fields.extend(owner_field(
        "assigned_to",
        t_string!(i18n, actividades.assignee),
        rights,
        me,
    ));
    fields.push(FormField::new(
        "notes",
        t_string!(i18n, actividades.notes),
        Input::Area,
        None,
    ));
    fields.extend(
        links
            .iter()
            .map(|(name, id)| FormField::new(name, "", Input::Hidden, Some(id.to_string()))),
    );
    fields
}

/// A table of activities; pending ones get a "Marcar como hecha" button
/// when `may_edit`.
#[component]
pub fn ActivityRows(rows: Vec<ActivityListRow>, may_edit: bool) -> impl IntoView {
    let i18n = use_i18n();
    let mark = t_string!(i18n, actividades.mark_done).to_string();
    let rows = rows
        .into_iter()
        .map(|r| {
            let deal = r.deal_key.clone().map(|key| {
                view! { <a href=format!("/crm/tratos/{key}")>{r.deal_title.clone().unwrap_or(key.clone())}</a> }
            });
            let done = (may_edit && !r.done).then(|| {
                view! {
                    <PostButton
                        action="/api/complete_activity"
                        fields=vec![("id", r.id.to_string())]
                        text=mark.clone()
                    />
                }
            });
            view! {
                <tr data-activity-id=r.id class:overdue=r.overdue>
                    <td>
                        <strong>{r.subject.clone()}</strong>
                        <br />
                        <span class="muted">{kind_label(i18n, &r.kind)}</span>
                    </td>
                    <td>{r.due.clone().unwrap_or_default()}</td>
                    <td>{priority_label(i18n, &r.priority)}</td>
                    <td>{deal}</td>
                    <td>{r.assignee.clone()}</td>
                    <td>{done}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, actividades.subject)}</th>
                        <th scope="col">{t!(i18n, actividades.due_at)}</th>
                        <th scope="col">{t!(i18n, actividades.priority)}</th>
                        <th scope="col">{t!(i18n, actividades.deal)}</th>
                        <th scope="col">{t!(i18n, actividades.assignee)}</th>
                        <th scope="col"></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
