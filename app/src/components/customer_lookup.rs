//! The deal form's customer: an organization searched as the seller types
//! (the account's names offered below the field; a name the account does
//! not have is created on save, and the field says so), and a contact
//! among that organization's, loaded when the organization is chosen.
//! Drawn inside the record form's island, sharing its values.
use crate::api::directory::{organization_contacts, suggest_organizations};
use crate::components::record_form::FormField;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeMap;

/// The form's values by field name.
pub type Values = RwSignal<BTreeMap<String, String>>;

/// Text from which the account's organizations are searched.
const SEARCH_FROM: usize = 3;

/// Whether `name` is one of `names`, in any case.
fn among(names: &[String], name: &str) -> bool {
    let name = name.trim().to_lowercase();
    names.iter().any(|n| n.to_lowercase() == name)
}

/// The organization field (`f.hint`: the "will be created" message, its
/// name as `{name}`); choosing one reloads `contacts` and clears the
/// contact chosen.
pub fn organization_input(
    f: &FormField,
    dom_id: String,
    values: Values,
    contacts: RwSignal<Vec<(String, String)>>,
) -> impl IntoView {
    let name = f.name.clone();
    // The names the account is known to have: the stored one, and what
    // the last search found.
    let known = RwSignal::new(vec![f.value.clone()]);
    let chosen = RwSignal::new(f.value.clone());
    let reload = move |typed: String| {
        if chosen.get_untracked() == typed {
            return;
        }
        chosen.set(typed.clone());
        values.update(|v| {
            v.insert("contact_id".into(), String::new());
        });
        spawn_local(async move {
            let found = organization_contacts(typed).await.unwrap_or_default();
            let choices = found.into_iter().map(|(id, n)| (id.to_string(), n));
            contacts.set(choices.collect());
        });
    };
    let field = name.clone();
    let on_input = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        values.update(|v| {
            v.insert(field.clone(), typed.clone());
        });
        if known.with_untracked(|k| among(k, &typed)) {
            reload(typed.clone());
        }
        if typed.trim().chars().count() >= SEARCH_FROM {
            spawn_local(async move {
                if let Ok(found) = suggest_organizations(typed.clone()).await {
                    let exact = among(&found, &typed);
                    known.set(found);
                    if exact {
                        reload(typed);
                    }
                }
            });
        }
    };
    let on_change = move |ev: leptos::ev::Event| reload(event_target_value(&ev));
    let list_id = format!("{dom_id}-list");
    let options = move || {
        known
            .get()
            .into_iter()
            .filter(|n| !n.is_empty())
            .map(|n| view! { <option value=n></option> })
            .collect_view()
    };
    let hint = f.hint.clone();
    let field = name.clone();
    let new_name = move || {
        let typed = values.with(|v| v.get(&field).cloned().unwrap_or_default());
        let typed = typed.trim().to_string();
        (!typed.is_empty() && !known.with(|k| among(k, &typed))).then(|| {
            view! {
                <p class="field-hint" data-hint-for="organization">
                    {hint.replace("{name}", &typed)}
                </p>
            }
        })
    };
    view! {
        <input
            id=dom_id
            name=name
            type="text"
            autocomplete="off"
            list=list_id.clone()
            prop:value=f.value.clone()
            on:input=on_input
            on:change=on_change
        />
        <datalist id=list_id>{options}</datalist>
        {new_name}
    }
}

/// The contact field: none, or one of `contacts` (the organization's).
pub fn contact_select(
    f: &FormField,
    dom_id: String,
    values: Values,
    contacts: RwSignal<Vec<(String, String)>>,
) -> impl IntoView {
    let field = f.name.clone();
    let none = f.hint.clone();
    let on_change = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        values.update(|v| {
            v.insert(field.clone(), value);
        });
    };
    let field = f.name.clone();
    let options = move || {
        let current = values.with(|v| v.get(&field).cloned().unwrap_or_default());
        let mut all = vec![(String::new(), none.clone())];
        all.extend(contacts.get());
        all.into_iter()
            .map(|(value, label)| {
                let selected = value == current;
                view! {
                    <option value=value selected=selected>
                        {label}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <select id=dom_id name=f.name.clone() on:change=on_change>
            {options}
        </select>
    }
}
