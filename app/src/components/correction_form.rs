//! "Suggest a correction": field, current value (filled in from the
//! listing), proposed value and evidence, sent by mail to the deployment's
//! address or copied for any other channel.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::correction::{Correction, FIELDS};
use crate::state;

#[component]
pub fn CorrectionForm(id: String, name: String) -> impl IntoView {
    let ui = state::ui();
    let data = state::data();
    let field = RwSignal::new(String::new());
    let current = RwSignal::new(String::new());
    let proposed = RwSignal::new(String::new());
    let evidence = RwSignal::new(String::new());
    let copied = RwSignal::new(None::<bool>);
    let dataset = data.dataset.clone();
    let facility_id = id.clone();
    let fill_current = move |code: String| {
        let value = dataset.facilities().find(|f| f.id() == facility_id).map(|f| current_value(&dataset, f, &code)).unwrap_or_default();
        current.set(value);
        field.set(code);
    };
    let correction = Memo::new(move |_| Correction {
        facility_id: id.clone(),
        facility_name: name.clone(),
        field: field.get(),
        current: current.get(),
        proposed: proposed.get(),
        evidence: evidence.get(),
        link: window().location().href().unwrap_or_default(),
    });
    let mailto = move || {
        let address = ui.config.with(|c| c.correction_email.clone());
        (!address.is_empty() && correction.with(Correction::is_complete)).then(|| correction.with(|c| c.mailto(&address)))
    };
    let copy = move |_| {
        let text = correction.with(|c| format!("{}\n\n{}", c.subject(), c.body()));
        let promise = window().navigator().clipboard().write_text(&text);
        spawn_local(async move { copied.set(Some(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok())) });
    };
    let text_field = move |label: (&'static str, &'static str), value: RwSignal<String>, rows: u8| view! {
        <label class="field">
            <span>{move || ui.t(label.0, label.1)}</span>
            <textarea rows=rows prop:value=value on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        </label>
    };
    view! {
        <details class="correction">
            <summary>{move || ui.t("建议更正", "Suggest a correction")}</summary>
            <form on:submit=|ev| ev.prevent_default()>
                <label class="field">
                    <span>{move || ui.t("哪一项不对?", "What is wrong?")}</span>
                    <select on:change=move |ev| fill_current(event_target_value(&ev))>
                        <option value="" selected=move || field.with(String::is_empty)>{move || ui.t("请选择", "Choose")}</option>
                        {FIELDS.iter().map(|&(code, zh, en)| view! { <option value=code>{move || ui.t(zh, en)}</option> }).collect_view()}
                    </select>
                </label>
                {text_field(("当前显示", "Shown now"), current, 2)}
                {text_field(("应改为", "Should be"), proposed, 2)}
                {text_field(("依据(官网、公告链接或你的身份)", "Evidence (official page, notice, or who you are)"), evidence, 3)}
                <p class="muted">{move || ui.t("请填写“应改为”和“依据”。", "Fill in “Should be” and “Evidence”.")}</p>
                <div class="correction-actions">
                    {move || mailto().map(|href| view! { <a class="button" href=href>{ui.t("用邮件发送", "Send by mail")}</a> })}
                    <button type="button" class="secondary" on:click=copy disabled=move || !correction.with(Correction::is_complete)>
                        {move || ui.t("复制更正内容", "Copy the correction")}
                    </button>
                </div>
                <Show when=move || ui.config.with(|c| c.correction_email.is_empty())>
                    <p class="muted">{move || ui.t("本站没有设置接收更正的邮箱;请复制内容,发给机构或卫生健康部门。", "This site has no correction address set; copy the text and send it to the facility or the health commission.")}</p>
                </Show>
                {move || copied.get().map(|ok| view! {
                    <p role="status">{if ok { ui.t("已复制", "Copied") } else { ui.t("浏览器不允许复制,请手动选择文字复制。", "The browser did not allow copying; select the text and copy it.") }}</p>
                })}
            </form>
        </details>
    }
}

/// What the listing shows now for a correction field.
fn current_value(dataset: &engine::Dataset, f: engine::FacilityRef<'_>, field: &str) -> String {
    let facility = f.to_facility();
    match field {
        "name" => f.name().to_string(),
        "address" => f.address().to_string(),
        "phones" => facility.phones.join("; "),
        "opening_hours" => f.opening_hours().to_string(),
        "location" => format!("{:.5}, {:.5} ({})", f.point().lat(), f.point().lon(), f.precision().zh()),
        "kind_grade" => format!("{} · {}", f.kind().zh(), f.grade().zh()),
        "services" => facility.services.iter().map(|s| s.zh()).collect::<Vec<_>>().join("、"),
        "networks" => dataset.networks_of(f.slot()).iter().map(|(n, r)| format!("{}({})", n.name, r.zh())).collect::<Vec<_>>().join("; "),
        _ => String::new(),
    }
}
