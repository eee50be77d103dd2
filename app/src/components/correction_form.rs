//! "Suggest a correction": field, current value (filled in from the
//! listing), proposed value and evidence, sent by mail to the deployment's
//! address or copied for any other channel.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::correction::{Correction, FIELDS};
use crate::i18n::table::Messages;
use crate::state::settings::settings;
use crate::state::startup::{data, startup};

/// `preset`: a field a "correct this" button named; the form opens at it.
#[component]
pub fn CorrectionForm(
    id: String,
    name: String,
    preset: RwSignal<Option<&'static str>>,
) -> impl IntoView {
    let (s, config) = (settings(), startup().config);
    let field = RwSignal::new(String::new());
    let current = RwSignal::new(String::new());
    let proposed = RwSignal::new(String::new());
    let evidence = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let copied = RwSignal::new(None::<bool>);
    let data = data();
    let facility_id = StoredValue::new(id.clone());
    let fill_current = move |code: String| {
        let dataset = data.dataset_untracked();
        let value = facility_id.with_value(|id| {
            dataset.facilities().find(|f| f.id() == id).map(|f| current_value(&dataset, f, &code))
        });
        current.set(value.unwrap_or_default());
        field.set(code);
    };
    let open = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(code) = preset.get() {
            fill_current(code.to_string());
            open.set(true);
            request_animation_frame(|| {
                if let Some(form) = document().query_selector("details.correction").ok().flatten() {
                    form.scroll_into_view();
                }
            });
        }
    });
    let correction = Memo::new(move |_| Correction {
        facility_id: id.clone(),
        facility_name: name.clone(),
        field: field.get(),
        current: current.get(),
        proposed: proposed.get(),
        evidence: evidence.get(),
        contact: contact.get(),
        link: window().location().href().unwrap_or_default(),
        date: crate::format::china_date(js_sys::Date::now()),
    });
    let mailto = move || {
        let address = config.with(|c| c.correction_email.clone());
        (!address.is_empty() && correction.with(Correction::is_complete))
            .then(|| correction.with(|c| c.mailto(&address)))
    };
    let copy = move |_| {
        let text = correction.with(|c| format!("{}\n\n{}", c.subject(), c.body()));
        let promise = window().navigator().clipboard().write_text(&text);
        spawn_local(async move {
            let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            // The form may have been left while the clipboard answered.
            let _ = copied.try_set(Some(ok));
        });
    };
    let text_field = move |label: fn(&Messages) -> &'static str,
                           value: RwSignal<String>,
                           rows: u8| {
        view! {
            <label class="field">
                <span>{move || label(s.m())}</span>
                <textarea rows=rows prop:value=value on:input=move |ev| value.set(event_target_value(&ev))></textarea>
            </label>
        }
    };
    view! {
        <details class="correction" prop:open=open on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
            <summary>{move || s.m().suggest_correction}</summary>
            <form on:submit=|ev| ev.prevent_default()>
                // Said first, before anything is typed: with no address, nothing here reaches anyone.
                <Show when=move || config.with(|c| c.correction_email.trim().is_empty())>
                    <p class="note no-address" role="note">{move || s.m().no_correction_address}</p>
                </Show>
                <label class="field">
                    <span>{move || s.m().what_is_wrong}</span>
                    <select on:change=move |ev| fill_current(event_target_value(&ev))>
                        <option value="" selected=move || field.with(String::is_empty)>{move || s.m().choose}</option>
                        {FIELDS.iter().enumerate().map(|(i, &(code, _))| view! { <option value=code selected=move || field.with(|f| f == code)>{move || s.lang.get().correction_fields()[i]}</option> }).collect_view()}
                    </select>
                </label>
                {text_field(|m| m.shown_now, current, 2)}
                {text_field(|m| m.should_be, proposed, 2)}
                {text_field(|m| m.evidence, evidence, 3)}
                {text_field(|m| m.contact_optional, contact, 1)}
                <p class="muted">{move || s.m().fill_in_correction}</p>
                <div class="correction-actions">
                    {move || mailto().map(|href| view! { <a class="button" href=href>{s.m().send_by_mail}</a> })}
                    <button type="button" class="secondary" on:click=copy disabled=move || !correction.with(Correction::is_complete)>
                        {move || s.m().copy_correction}
                    </button>
                </div>
                {move || copied.get().map(|ok| view! {
                    <p role="status">{if ok { s.m().copied } else { s.m().copy_refused }}</p>
                })}
            </form>
        </details>
    }
}

/// What the listing shows now for a correction field: the block's `seen`,
/// in words `datakit corrections apply` reads (labels or codes, "lat, lon").
fn current_value(dataset: &engine::Dataset, f: engine::FacilityRef<'_>, field: &str) -> String {
    let terms = |labels: Vec<&str>| labels.join("、");
    match field {
        "name" => f.name().to_string(),
        "address" => f.address().to_string(),
        "phones" => f.phones().collect::<Vec<_>>().join("; "),
        "opening_hours" => f.opening_hours().to_string(),
        "website" => f.website().to_string(),
        "booking_url" => f.booking_url().to_string(),
        "location" => {
            format!("{:.5}, {:.5} ({})", f.point().lat(), f.point().lon(), f.precision().zh())
        }
        "kind" => f.kind().zh().to_string(),
        "grade" => f.grade().zh().to_string(),
        "services" => terms(f.services().map(|s| s.zh()).collect()),
        "designations" => terms(f.designations().map(|d| d.zh()).collect()),
        "features" => terms(
            f.features().filter(|x| *x != engine::Feature::OnlineBooking).map(|x| x.zh()).collect(),
        ),
        "networks" => dataset
            .networks_of(f.slot())
            .iter()
            .map(|(n, r)| format!("{}({})", n.name, r.zh()))
            .collect::<Vec<_>>()
            .join("; "),
        _ => String::new(),
    }
}
