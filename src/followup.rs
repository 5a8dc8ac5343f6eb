//! The follow-up (Suivi): the agent's book of followed firms, notes, feedback and expert
//! adjustments, kept in this browser only (`localStorage`, key [`KEY`]), saved on every change,
//! exported and imported as the engine's versioned JSON (`engine::followup`).

use std::sync::Arc;

use engine::calendar::Date;
use engine::followup::{
    Adjustment, Book, Entry, FeedbackReason, FollowError, FollowReason, MergeReport, Shift, Verdict,
};
use engine::ids::Siren;
use engine::model::Alert;
use leptos::prelude::*;

use crate::i18n::FollowText as T;
use crate::list::alert_badge;
use crate::{Lang, Loaded, Navigator};

/// Where the book is kept in this browser.
pub const KEY: &str = "vigie.suivi.v1";
/// The prefix of every key the app writes: « Effacer toutes mes données » removes them all.
const PREFIX: &str = "vigie.";
/// The prefix of a stored book that could not be read, set aside rather than overwritten.
const ASIDE: &str = "vigie.suivi.illisible.";

/// The agent's book, shared by every view.
#[derive(Clone, Copy)]
pub struct FollowUps(pub RwSignal<Book>);

/// What went wrong with this browser's storage, told once (until the agent dismisses it).
#[derive(Debug, Clone, PartialEq, Eq)]
enum StorageProblem {
    /// The stored book was unreadable: set aside under this key, with the reason.
    SetAside { key: String, error: String },
    /// `localStorage` is not available (disabled, private mode): the book lives in this page
    /// only.
    NoStorage,
    /// Saving failed (quota): the last change is in the page, not in the browser.
    SaveFailed,
}

/// The storage problem to tell the agent about, provided by [`load`].
#[derive(Clone, Copy)]
struct StorageNotice(RwSignal<Option<StorageProblem>>);

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Today in the agent's time zone (the dates of notes, follows and adjustments).
pub fn today() -> Date {
    let now = js_sys::Date::new_0();
    Date::new(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .or_else(|| Date::new(2000, 1, 1))
    .expect("a valid constant date")
}

/// The book saved in this browser (empty when there is none). A stored book that cannot be
/// read must not stop the app: it is moved aside under another key (nothing is lost) and the
/// agent is told once. Called by the app at start, inside its reactive owner, so it also
/// provides the notice.
pub fn load() -> Book {
    let (book, problem) = read_stored();
    provide_context(StorageNotice(RwSignal::new(problem)));
    book
}

/// Keeps `book` in step with the other tabs of this browser: a change saved there (or the
/// erasure of everything) is taken here at once, so this tab shows it and never saves an older
/// book over it. A stored text this tab cannot read is left alone (that tab set it aside).
pub fn follow_other_tabs(book: RwSignal<Book>) -> WindowListenerHandle {
    window_event_listener(leptos::ev::storage, move |ev: web_sys::StorageEvent| {
        // No key: another tab cleared the whole storage.
        if ev.key().is_some_and(|k| k != KEY) {
            return;
        }
        let next = match ev.new_value() {
            None => Book::default(),
            Some(text) => match Book::from_json(&text) {
                Ok(book) => book,
                Err(_) => return,
            },
        };
        book.set(next);
    })
}

fn read_stored() -> (Book, Option<StorageProblem>) {
    let Some(storage) = storage() else {
        return (Book::default(), Some(StorageProblem::NoStorage));
    };
    let Ok(Some(text)) = storage.get_item(KEY) else {
        return (Book::default(), None);
    };
    match Book::from_json(&text) {
        Ok(book) => (book, None),
        Err(e) => {
            let key = format!("{ASIDE}{}", js_sys::Date::now() as u64);
            let moved = storage.set_item(&key, &text).is_ok();
            if moved {
                let _ = storage.remove_item(KEY);
            }
            let problem = StorageProblem::SetAside {
                key: if moved { key } else { KEY.to_string() },
                error: e.to_string(),
            };
            (Book::default(), Some(problem))
        }
    }
}

/// Writes the book to this browser (an empty book removes the key).
fn save(book: &Book) -> bool {
    let Some(storage) = storage() else {
        return false;
    };
    if book.is_empty() {
        storage.remove_item(KEY).is_ok()
    } else {
        storage.set_item(KEY, &book.to_json()).is_ok()
    }
}

/// Changes the book and saves it at once; a refused change leaves both untouched.
fn change<R>(
    book: RwSignal<Book>,
    f: impl FnOnce(&mut Book) -> Result<R, FollowError>,
) -> Result<R, FollowError> {
    let mut next = book.get_untracked();
    let out = f(&mut next)?;
    if !save(&next)
        && let Some(StorageNotice(notice)) = use_context::<StorageNotice>()
        && notice.get_untracked().is_none()
    {
        notice.set(Some(if storage().is_some() {
            StorageProblem::SaveFailed
        } else {
            StorageProblem::NoStorage
        }));
    }
    book.set(next);
    Ok(out)
}

/// Removes the book and every key the app wrote in this browser.
fn clear_storage() {
    let Some(storage) = storage() else {
        return;
    };
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX))
        .collect();
    for key in keys {
        let _ = storage.remove_item(&key);
    }
}

fn alert_label(alert: Alert, lang: Lang) -> &'static str {
    if lang == Lang::Fr {
        alert.label_fr()
    } else {
        alert.label_en()
    }
}

/// "1er décembre 2026", "2 décembre 2026" ("1 December 2026").
pub fn long_date(date: Date, lang: Lang) -> String {
    match lang {
        Lang::Fr if date.day() == 1 => format!("1er {}", date.month().french()),
        Lang::Fr => format!("{} {}", date.day(), date.month().french()),
        Lang::En => format!("{} {}", date.day(), date.month().english()),
    }
}

fn reason_label(reason: FollowReason, lang: Lang) -> &'static str {
    if lang == Lang::Fr {
        reason.label_fr()
    } else {
        reason.label_en()
    }
}

fn feedback_label(reason: FeedbackReason, lang: Lang) -> &'static str {
    if lang == Lang::Fr {
        reason.label_fr()
    } else {
        reason.label_en()
    }
}

fn verdict_label(verdict: Verdict, lang: Lang) -> &'static str {
    match verdict {
        Verdict::Useful => T::Useful,
        Verdict::NotUseful => T::NotUseful,
    }
    .get(lang)
}

/// The tooltip of an adjusted alert: the model's level, the agent's, when and why.
fn adjustment_title(a: &Adjustment, alert: Alert, lang: Lang) -> String {
    let mut out = format!(
        "{} {} · {} {} ({}) : {}",
        T::ModelSays.get(lang),
        alert_label(alert, lang),
        T::AgentSays.get(lang),
        alert_label(a.apply(alert), lang),
        long_date(a.date, lang),
        a.justification
    );
    if a.model_alert != alert {
        out.push_str(&format!(
            " — {} {}",
            T::MadeAgainst.get(lang),
            alert_label(a.model_alert, lang)
        ));
    }
    out
}

/// The alert as shown everywhere: the model's, and the agent's adjustment with its
/// justification when there is one (never silently). The justification is text (a list hides
/// it visually, `.alert-view .why`, and keeps it in the title); an adjustment that no longer
/// changes the model's alert (another model now scores the firm) says so.
pub fn alert_view(alert: Alert, siren: Siren, lang: Lang) -> impl IntoView {
    let book = expect_context::<FollowUps>().0;
    let adjustment = book.with(|b| b.adjustment(siren).cloned());
    let Some(a) = adjustment else {
        return view! {
            <span class="alert-view" data-model-alert=alert.label_fr() data-shown-alert=alert.label_fr()>
                {alert_badge(alert, lang)}
            </span>
        }
        .into_any();
    };
    let title = adjustment_title(&a, alert, lang);
    let to = a.apply(alert);
    let effective = a.changes(alert);
    let why = format!("« {} »", a.justification);
    view! {
        <span class="alert-view adjusted" class:no-effect=!effective title=title
            data-model-alert=alert.label_fr() data-shown-alert=to.label_fr() data-adjusted="true">
            {if effective {
                view! {
                    <span class="levels">
                        <span class="from">{alert_badge(alert, lang)}</span>
                        <span class="arrow" aria-hidden="true">"→"</span>
                        <span class="visually-hidden">{T::AdjustedTo.get(lang)}</span>
                        {alert_badge(to, lang)}
                    </span>
                }
                .into_any()
            } else {
                view! { <span class="levels">{alert_badge(alert, lang)}</span> }.into_any()
            }}
            <span class="agent-mark">
                {if effective { T::AgentMark.get(lang) } else { T::AgentMarkNoEffect.get(lang) }}
            </span>
            <span class="why">{why}</span>
        </span>
    }
    .into_any()
}

/// The storage notice, if any, with a button to dismiss it.
#[component]
fn Notice() -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let notice = use_context::<StorageNotice>();
    move || {
        let notice = notice?.0;
        let problem = notice.get()?;
        let l = lang.get();
        let text = match problem {
            StorageProblem::SetAside { key, error } => {
                format!(
                    "{} « {key} ». {} {error}",
                    T::SetAside.get(l),
                    T::Reason.get(l)
                )
            }
            StorageProblem::NoStorage => T::NoStorage.get(l).to_string(),
            StorageProblem::SaveFailed => T::SaveFailed.get(l).to_string(),
        };
        Some(view! {
            <div class="storage-notice" role="alert" id="followup-notice">
                <p>{text}</p>
                <button class="secondary" id="followup-notice-ok" on:click=move |_| notice.set(None)>
                    {T::Understood.get(l)}
                </button>
            </div>
        })
    }
}

/// The Suivi page: every firm of the book, counts, export, import and erasure.
#[component]
pub fn FollowUpPage(loaded: Arc<Loaded>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let book = expect_context::<FollowUps>().0;
    let nav = expect_context::<Navigator>();
    // The firm whose « Oublier » awaits confirmation, and what the last forgetting did.
    let forgetting = RwSignal::new(None::<Siren>);
    let forgotten = RwSignal::new(None::<String>);
    let counts = move || {
        let c = book.with(Book::counts);
        let l = lang.get();
        view! {
            <ul class="followup-counts" id="followup-counts" data-firms=c.firms data-followed=c.followed
                data-useful=c.useful data-not-useful=c.not_useful data-adjusted=c.adjusted>
                <li><strong>{c.followed}</strong> " " {plural(c.followed, T::FollowedOne, T::FollowedMany, l)}</li>
                <li><strong>{c.useful}</strong> " " {plural(c.useful, T::UsefulOne, T::UsefulMany, l)}</li>
                <li><strong>{c.not_useful}</strong> " " {plural(c.not_useful, T::NotUsefulOne, T::NotUsefulMany, l)}</li>
                <li><strong>{c.adjusted}</strong> " " {plural(c.adjusted, T::AdjustedOne, T::AdjustedMany, l)}</li>
                <li><strong>{c.notes}</strong> " " {plural(c.notes, T::NoteOne, T::NoteMany, l)}</li>
                <li class="muted"><strong>{c.firms}</strong> " " {plural(c.firms, T::FirmOne, T::FirmMany, l)}</li>
            </ul>
        }
    };
    let rows = move || {
        let l = lang.get();
        let a = &loaded.analysis;
        book.with(|b| {
            b.entries
                .iter()
                .map(|(siren, e)| {
                    let siren = *siren;
                    let index = a.panel.firm_index(siren);
                    let alert =
                        index.and_then(|i| a.scores.iter().find(|s| s.firm == i).map(|s| s.alert));
                    let name = index
                        .map(|i| a.panel.firms[i].name.clone())
                        .filter(|n| !n.trim().is_empty())
                        .unwrap_or_else(|| e.name.clone());
                    let forget = Forget {
                        pending: forgetting,
                        done: forgotten,
                        book,
                    };
                    row(siren, e, name, index, alert, nav, forget, l)
                })
                .collect_view()
        })
    };
    view! {
        <section class="followup" id="followup-page">
            <h1 id="followup-title" tabindex="-1">{move || T::Title.get(lang.get())}</h1>
            <p class="local-only" role="note" id="followup-local">{move || T::LocalOnly.get(lang.get())}</p>
            <Notice/>
            {counts}
            <div aria-live="polite">
                {move || forgotten.get().map(|text| view! { <p class="ok" role="status" id="followup-forgotten">{text}</p> })}
            </div>
            {move || if book.with(Book::is_empty) {
                view! { <p class="empty" id="followup-empty">{T::Empty.get(lang.get())}</p> }.into_any()
            } else {
                view! {
                    <table class="followup-table" id="followup-table">
                        <thead><tr>
                            <th>{move || T::Firm.get(lang.get())}</th>
                            <th>"SIREN"</th>
                            <th>{move || T::AlertColumn.get(lang.get())}</th>
                            <th>{move || T::FollowedSince.get(lang.get())}</th>
                            <th>{move || T::ReasonColumn.get(lang.get())}</th>
                            <th>{move || T::LastNote.get(lang.get())}</th>
                            <th>{move || T::FeedbackColumn.get(lang.get())}</th>
                            <th><span class="visually-hidden">{move || T::ActionsColumn.get(lang.get())}</span></th>
                        </tr></thead>
                        <tbody>{rows.clone()}</tbody>
                    </table>
                }.into_any()
            }}
            <Transfer/>
        </section>
    }
}

fn plural(n: usize, one: T, many: T, lang: Lang) -> &'static str {
    if n <= 1 { one } else { many }.get(lang)
}

/// The « Oublier » of one firm of the Suivi table: asked, then confirmed in the row.
#[derive(Clone, Copy)]
struct Forget {
    pending: RwSignal<Option<Siren>>,
    done: RwSignal<Option<String>>,
    book: RwSignal<Book>,
}

impl Forget {
    /// The action cell: the button, or the confirmation when this firm's forgetting is asked.
    fn cell(self, siren: Siren, name: String, l: Lang) -> impl IntoView + use<> {
        let Forget {
            pending,
            done,
            book,
        } = self;
        let id = siren.to_string();
        let button = format!("forget-{id}");
        if pending.get() != Some(siren) {
            let cancel = format!("forget-cancel-{id}");
            return view! {
                <button class="secondary small forget" id=button data-siren=id
                    aria-label=format!("{} {name}", T::ForgetFirm.get(l))
                    on:click=move |_| {
                        done.set(None);
                        pending.set(Some(siren));
                        focus(cancel.clone());
                    }>
                    {T::Forget.get(l)}
                </button>
            }
            .into_any();
        }
        let question = format!("forget-question-{id}");
        let labelled = question.clone();
        let confirm = move |_| {
            let _ = change(book, |b| Ok(b.remove(siren)));
            pending.set(None);
            let colon = if l == Lang::Fr { " : " } else { ": " };
            done.set(Some(format!("{name}{colon}{}", T::Forgotten.get(l))));
            focus("followup-title");
        };
        view! {
            <div class="confirmation forget-confirmation" role="alertdialog" aria-labelledby=labelled>
                <p id=question>{T::ForgetQuestion.get(l)}</p>
                <button class="danger small" id=format!("forget-confirm-{id}") on:click=confirm>
                    {T::ForgetConfirm.get(l)}
                </button>
                " "
                <button class="secondary small" id=format!("forget-cancel-{id}") on:click=move |_| {
                    pending.set(None);
                    focus(button.clone());
                }>{T::Cancel.get(l)}</button>
            </div>
        }
        .into_any()
    }
}

/// One firm of the Suivi table.
#[allow(clippy::too_many_arguments)]
fn row(
    siren: Siren,
    e: &Entry,
    name: String,
    index: Option<usize>,
    alert: Option<Alert>,
    nav: Navigator,
    forget: Forget,
    l: Lang,
) -> impl IntoView + use<> {
    let shown_name = if name.trim().is_empty() {
        T::NoName.get(l).to_string()
    } else {
        name
    };
    let action = forget.cell(siren, shown_name.clone(), l);
    let firm = match index {
        Some(i) => view! {
            <a href=format!("?siren={siren}") class="firm-link" on:click=move |ev| {
                ev.prevent_default();
                nav.open_firm.run(i);
            }>{shown_name}</a>
        }
        .into_any(),
        None => view! {
            <span>{shown_name}</span> " "
            <span class="muted not-imported">{T::NotInImport.get(l)}</span>
        }
        .into_any(),
    };
    let alert = match alert {
        Some(alert) => alert_view(alert, siren, l).into_any(),
        None => view! { <span class="muted">{T::NotScored.get(l)}</span> }.into_any(),
    };
    let since = e
        .followed
        .as_ref()
        .map(|f| long_date(f.since, l))
        .unwrap_or_else(|| "—".into());
    let reason = e.followed.as_ref().map(|f| {
        let mut text = reason_label(f.reason, l).to_string();
        if !f.detail.is_empty() {
            text.push_str(&format!(" — {}", f.detail));
        }
        text
    });
    let note = e.last_note().map(|n| {
        view! {
            <span class="note-date">{long_date(n.date, l)}</span> " "
            <span class="note-text">{n.text.clone()}</span>
        }
    });
    let feedback = e.feedback.as_ref().map(|f| {
        let reasons: Vec<&str> = f.reasons.iter().map(|r| feedback_label(*r, l)).collect();
        let verdict = match f.verdict {
            Verdict::Useful => "useful",
            Verdict::NotUseful => "not-useful",
        };
        view! {
            <span class=format!("verdict {verdict}")>{verdict_label(f.verdict, l)}</span>
            {(!reasons.is_empty()).then(|| view! { <span class="muted">" (" {reasons.join(", ")} ")"</span> })}
        }
    });
    view! {
        <tr data-siren=siren.to_string() data-followed=e.followed.is_some().to_string()>
            <td>{firm}</td>
            <td class="mono">{siren.insee()}</td>
            <td class="alert">{alert}</td>
            <td class="since">{since}</td>
            <td class="reason">{reason}</td>
            <td class="last-note">{note}</td>
            <td class="feedback">{feedback}</td>
            <td class="actions">{action}</td>
        </tr>
    }
}

/// The merge report in words.
fn merged_text(r: MergeReport, lang: Lang) -> String {
    format!(
        "{} {} {}, {} {}, {} {}, {} {}.",
        T::Imported.get(lang),
        r.added,
        T::Added.get(lang),
        r.updated,
        T::Updated.get(lang),
        r.kept,
        T::Kept.get(lang),
        r.notes_added,
        T::NotesAdded.get(lang),
    )
}

/// Export, import (merge or replace) and the erasure of every datum, with a confirmation step
/// in the page.
#[component]
fn Transfer() -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let book = expect_context::<FollowUps>().0;
    let replace = RwSignal::new(false);
    // Ok(message) or Err(message) of the last import, export or erasure.
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let confirming = RwSignal::new(false);
    let export = move |_| {
        let json = book.with_untracked(Book::to_json);
        let name = format!("vigie-suivi-{}.json", today());
        outcome.set(
            match crate::events::save_file(&name, &json, "application/json") {
                Ok(()) => None,
                Err(_) => Some(Err(T::ExportFailed.get(lang.get_untracked()).to_string())),
            },
        );
    };
    let picked = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|l| l.get(0)) else {
            return;
        };
        input.set_value("");
        let name = file.name();
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let l = lang.get_untracked();
            let text = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
                .await
                .ok()
                .map(|b| crate::events::decode(&js_sys::Uint8Array::new(&b).to_vec()));
            let Some(text) = text else {
                outcome.set(Some(Err(format!("« {name} » : {}", T::ReadFailed.get(l)))));
                return;
            };
            let result = Book::from_json(&text).and_then(|imported| {
                change(book, |b| {
                    Ok(if replace.get_untracked() {
                        b.replace(imported);
                        None
                    } else {
                        Some(b.merge(imported))
                    })
                })
            });
            outcome.set(Some(match result {
                Ok(Some(report)) => Ok(merged_text(report, l)),
                Ok(None) => Ok(T::Replaced.get(l).to_string()),
                Err(e) => Err(format!("{} « {name} » : {e}", T::Refused.get(l))),
            }));
        });
    };
    let clear = move |_| {
        let _ = change(book, |b| {
            b.clear();
            Ok(())
        });
        clear_storage();
        confirming.set(false);
        outcome.set(Some(Ok(T::Cleared.get(lang.get_untracked()).to_string())));
        focus("followup-clear");
    };
    view! {
        <section class="followup-transfer" aria-labelledby="followup-transfer-title">
            <h2 id="followup-transfer-title">{move || T::TransferTitle.get(lang.get())}</h2>
            <p class="help">{move || T::TransferHelp.get(lang.get())}</p>
            <div class="transfer-tools">
                <button class="secondary" id="followup-export" on:click=export>{move || T::Export.get(lang.get())}</button>
                <label class="button secondary">
                    {move || T::Import.get(lang.get())}
                    <input class="visually-hidden" id="followup-import" type="file"
                        accept=".json,application/json" on:change=picked/>
                </label>
                <fieldset class="import-mode">
                    <legend>{move || T::ImportMode.get(lang.get())}</legend>
                    <label><input type="radio" name="import-mode" id="import-merge"
                        prop:checked=move || !replace.get() on:change=move |_| replace.set(false)/>
                        " " {move || T::Merge.get(lang.get())}</label>
                    <label><input type="radio" name="import-mode" id="import-replace"
                        prop:checked=move || replace.get() on:change=move |_| replace.set(true)/>
                        " " {move || T::Replace.get(lang.get())}</label>
                </fieldset>
            </div>
            <p class="help rule">{move || T::MergeRule.get(lang.get())}</p>
            <div aria-live="polite">
                {move || outcome.get().map(|o| match o {
                    Ok(text) => view! { <p class="ok" role="status" id="followup-import-result">{text}</p> }.into_any(),
                    Err(text) => view! { <p class="fatal" role="alert" id="followup-import-error">{text}</p> }.into_any(),
                })}
            </div>
            <div class="danger-zone">
                <button class="danger" id="followup-clear" aria-expanded=move || confirming.get().to_string()
                    aria-controls="followup-clear-confirmation"
                    on:click=move |_| {
                        confirming.set(true);
                        focus("followup-clear-cancel");
                    }>
                    {move || T::Clear.get(lang.get())}
                </button>
                {move || confirming.get().then(|| {
                    let l = lang.get();
                    let n = book.with(|b| b.counts().firms);
                    view! {
                        <div class="confirmation" id="followup-clear-confirmation" role="alertdialog"
                            aria-labelledby="followup-clear-question">
                            <p id="followup-clear-question">
                                <strong>{T::ClearQuestion.get(l)}</strong> " "
                                {format!("{n} {}", plural(n, T::FirmOne, T::FirmMany, l))} ". "
                                {T::ClearWarning.get(l)}
                            </p>
                            <button class="danger" id="followup-clear-confirm" on:click=clear>{T::ClearConfirm.get(l)}</button>
                            " "
                            <button class="secondary" id="followup-clear-cancel" on:click=move |_| {
                                confirming.set(false);
                                focus("followup-clear");
                            }>{T::Cancel.get(l)}</button>
                        </div>
                    }
                })}
            </div>
        </section>
    }
}

/// Moves the keyboard focus to the element `id` once it is on screen.
fn focus(id: impl AsRef<str> + 'static) {
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id.as_ref()))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// The firm page's follow-up panel: follow, notes, feedback, adjustment.
#[component]
pub fn FirmFollowUp(loaded: Arc<Loaded>, firm: usize) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let book = expect_context::<FollowUps>().0;
    let a = &loaded.analysis;
    let info = &a.panel.firms[firm];
    let (siren, name) = (info.siren, info.name.clone());
    let alert = a.scores.iter().find(|s| s.firm == firm).map(|s| s.alert);
    // Each box redraws only when this firm's entry changes.
    let entry: Signal<Option<Entry>> =
        Memo::new(move |_| book.with(|b| b.entry(siren).cloned())).into();
    view! {
        <section class="firm-followup" id="firm-followup" aria-labelledby="firm-followup-title">
            <h2 id="firm-followup-title">{move || T::PanelTitle.get(lang.get())}</h2>
            <p class="local-only muted">{move || T::LocalOnlyShort.get(lang.get())}</p>
            <Notice/>
            <div class="followup-grid">
                <FollowBox siren=siren name=name.clone() entry=entry/>
                <NotesBox siren=siren name=name.clone() entry=entry/>
                <FeedbackBox siren=siren name=name.clone() alert=alert entry=entry/>
                {alert.map(|alert| view! {
                    <AdjustBox siren=siren name=name.clone() alert=alert entry=entry/>
                })}
            </div>
        </section>
    }
}

/// « Suivre cette entreprise » with a reason, or since when and why it is followed.
#[component]
fn FollowBox(siren: Siren, name: String, entry: Signal<Option<Entry>>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let book = expect_context::<FollowUps>().0;
    let reason = RwSignal::new(FollowReason::ModelSignal);
    let detail = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let name = StoredValue::new(name);
    let follow = move |_| {
        let result = change(book, |b| {
            b.follow(
                siren,
                &name.get_value(),
                reason.get_untracked(),
                &detail.get_untracked(),
                today(),
            )
        });
        match result {
            Ok(()) => {
                error.set(None);
                detail.set(String::new());
                focus("unfollow");
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let unfollow = move |_| {
        let _ = change(book, |b| {
            b.unfollow(siren, today());
            Ok(())
        });
        focus("follow");
    };
    move || {
        let l = lang.get();
        match entry.get().and_then(|e| e.followed) {
            Some(f) => view! {
                <div class="box follow followed" id="follow-box" data-followed="true" data-reason=f.reason.code()>
                    <h3>{T::FollowTitle.get(l)}</h3>
                    <p id="follow-status">
                        <span class="badge followed-badge">{T::Followed.get(l)}</span> " "
                        {T::Since.get(l)} " " <strong>{long_date(f.since, l)}</strong>
                        " — " {T::ReasonColumn.get(l)} " : " <strong>{reason_label(f.reason, l)}</strong>
                        {(!f.detail.is_empty()).then(|| format!(" — {}", f.detail))}
                    </p>
                    <button class="secondary" id="unfollow" on:click=unfollow>{T::Unfollow.get(l)}</button>
                </div>
            }
            .into_any(),
            None => view! {
                <div class="box follow" id="follow-box" data-followed="false">
                    <h3>{T::FollowTitle.get(l)}</h3>
                    <p class="field">
                        <label for="follow-reason">{T::ReasonLabel.get(l)}</label>
                        <select id="follow-reason" on:change=move |ev| {
                            if let Some(r) = FollowReason::from_code(&event_target_value(&ev)) {
                                reason.set(r);
                            }
                        }>
                            {FollowReason::ALL.map(|r| view! {
                                <option value=r.code() selected=move || reason.get() == r>{reason_label(r, l)}</option>
                            }).collect_view()}
                        </select>
                    </p>
                    <p class="field">
                        <label for="follow-detail">
                            {T::DetailLabel.get(l)} " "
                            <span class="muted">{move || if reason.get() == FollowReason::Other {
                                T::Required.get(l)
                            } else {
                                T::Optional.get(l)
                            }}</span>
                        </label>
                        <input type="text" id="follow-detail" prop:value=move || detail.get()
                            on:input=move |ev| detail.set(event_target_value(&ev))/>
                    </p>
                    <button class="primary" id="follow" on:click=follow>{T::Follow.get(l)}</button>
                    {move || error.get().map(|e| view! { <p class="fatal" role="alert" id="follow-error">{e}</p> })}
                </div>
            }
            .into_any(),
        }
    }
}

/// Dated notes: a textarea and « Ajouter la note », the list with delete buttons.
#[component]
fn NotesBox(siren: Siren, name: String, entry: Signal<Option<Entry>>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let book = expect_context::<FollowUps>().0;
    let text = RwSignal::new(String::new());
    let name = StoredValue::new(name);
    let add = move |_| {
        if change(book, |b| {
            b.add_note(siren, &name.get_value(), &text.get_untracked(), today())
        })
        .is_ok()
        {
            text.set(String::new());
            focus("note-text");
        }
    };
    let notes = move || {
        let l = lang.get();
        let notes = entry.get().map(|e| e.notes).unwrap_or_default();
        if notes.is_empty() {
            return view! { <p class="muted" id="no-notes">{T::NoNotes.get(l)}</p> }.into_any();
        }
        view! {
            <ol class="notes" id="notes">
                {notes.into_iter().enumerate().map(|(i, n)| {
                    let date = long_date(n.date, l);
                    let label = format!("{} {date}", T::DeleteNoteOf.get(l));
                    view! {
                        <li data-date=n.date.to_string()>
                            <span class="note-date">{date}</span>
                            <span class="note-text">{n.text.clone()}</span>
                            <button class="link delete" aria-label=label on:click=move |_| {
                                let _ = change(book, |b| {
                                    b.remove_note(siren, i, today());
                                    Ok(())
                                });
                                focus("note-text");
                            }>{T::Delete.get(l)}</button>
                        </li>
                    }
                }).collect_view()}
            </ol>
        }
        .into_any()
    };
    view! {
        <div class="box notes-box" id="notes-box">
            <h3>{move || T::NotesTitle.get(lang.get())}</h3>
            {notes}
            <p class="field">
                <label for="note-text">{move || T::NewNote.get(lang.get())}</label>
                <textarea id="note-text" rows="3" prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </p>
            <button class="secondary" id="add-note" on:click=add
                disabled=move || text.with(|t| t.trim().is_empty())>{move || T::AddNote.get(lang.get())}</button>
        </div>
    }
}

/// « Détection utile » / « Pas utile » with reasons and a comment.
#[component]
fn FeedbackBox(
    siren: Siren,
    name: String,
    alert: Option<Alert>,
    entry: Signal<Option<Entry>>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let book = expect_context::<FollowUps>().0;
    let current = entry.get_untracked().and_then(|e| e.feedback);
    let reasons = RwSignal::new(
        current
            .as_ref()
            .map(|f| f.reasons.clone())
            .unwrap_or_default(),
    );
    let comment = RwSignal::new(current.map(|f| f.comment).unwrap_or_default());
    let name = StoredValue::new(name);
    let give = move |verdict: Verdict| {
        let _ = change(book, |b| {
            b.set_feedback(
                siren,
                &name.get_value(),
                verdict,
                &reasons.get_untracked(),
                &comment.get_untracked(),
                alert,
                today(),
            );
            Ok(())
        });
    };
    let withdraw = move |_| {
        let _ = change(book, |b| {
            b.clear_feedback(siren, today());
            Ok(())
        });
        reasons.set(Vec::new());
        comment.set(String::new());
    };
    let verdict = move || entry.get().and_then(|e| e.feedback).map(|f| f.verdict);
    let status = move || {
        let l = lang.get();
        entry.get().and_then(|e| e.feedback).map(|f| {
            let listed: Vec<&str> = f.reasons.iter().map(|r| feedback_label(*r, l)).collect();
            view! {
                <p class="feedback-status" id="feedback-status" data-verdict=match f.verdict {
                    Verdict::Useful => "utile",
                    Verdict::NotUseful => "pas_utile",
                }>
                    {T::YourVerdict.get(l)} " (" {long_date(f.date, l)} ") : "
                    <strong>{verdict_label(f.verdict, l)}</strong>
                    {(!listed.is_empty()).then(|| format!(" — {}", listed.join(", ")))}
                    {(!f.comment.is_empty()).then(|| format!(" — « {} »", f.comment))}
                </p>
                <button class="link" id="feedback-clear" on:click=withdraw>{T::WithdrawVerdict.get(l)}</button>
            }
        })
    };
    view! {
        <div class="box feedback-box" id="feedback-box">
            <fieldset>
                <legend><h3>{move || T::FeedbackTitle.get(lang.get())}</h3></legend>
                <div class="reasons">
                    {FeedbackReason::ALL.map(|r| {
                        let id = format!("feedback-reason-{}", r.code());
                        let target = id.clone();
                        view! {
                            <label for=target>
                                <input type="checkbox" id=id value=r.code()
                                    prop:checked=move || reasons.with(|v| v.contains(&r))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        reasons.update(|v| {
                                            v.retain(|x| *x != r);
                                            if on { v.push(r); }
                                        });
                                    }/>
                                " " {move || feedback_label(r, lang.get())}
                            </label>
                        }
                    }).collect_view()}
                </div>
                <p class="field">
                    <label for="feedback-comment">{move || T::Comment.get(lang.get())}</label>
                    <textarea id="feedback-comment" rows="2" prop:value=move || comment.get()
                        on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                </p>
                <div class="verdicts">
                    <button class="verdict useful" id="feedback-useful"
                        aria-pressed=move || (verdict() == Some(Verdict::Useful)).to_string()
                        on:click=move |_| give(Verdict::Useful)>
                        {move || T::UsefulButton.get(lang.get())}
                    </button>
                    <button class="verdict not-useful" id="feedback-not-useful"
                        aria-pressed=move || (verdict() == Some(Verdict::NotUseful)).to_string()
                        on:click=move |_| give(Verdict::NotUseful)>
                        {move || T::NotUsefulButton.get(lang.get())}
                    </button>
                </div>
            </fieldset>
            {status}
        </div>
    }
}

/// « Ajuster l'alerte » by one level with a mandatory justification, or the adjustment made and
/// « Retirer l'ajustement ».
#[component]
fn AdjustBox(
    siren: Siren,
    name: String,
    alert: Alert,
    entry: Signal<Option<Entry>>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let book = expect_context::<FollowUps>().0;
    let possible = |s: Shift| {
        Adjustment {
            shift: s,
            justification: String::new(),
            date: today(),
            model_alert: alert,
        }
        .changes(alert)
    };
    let (up_ok, down_ok) = (possible(Shift::Up), possible(Shift::Down));
    let shift = RwSignal::new(if up_ok { Shift::Up } else { Shift::Down });
    let justification = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let name = StoredValue::new(name);
    let blank = move || justification.with(|j| j.trim().is_empty());
    let adjust = move |_| {
        let result = change(book, |b| {
            b.adjust(
                siren,
                &name.get_value(),
                shift.get_untracked(),
                &justification.get_untracked(),
                alert,
                today(),
            )
        });
        match result {
            Ok(()) => {
                error.set(None);
                justification.set(String::new());
                focus("adjust-remove");
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let remove = move |_| {
        let _ = change(book, |b| {
            b.remove_adjustment(siren, today());
            Ok(())
        });
        focus("adjust-justification");
    };
    let target = move |s: Shift, l: Lang| {
        let a = Adjustment {
            shift: s,
            justification: String::new(),
            date: today(),
            model_alert: alert,
        };
        alert_label(a.apply(alert), l)
    };
    move || {
        let l = lang.get();
        match entry.get().and_then(|e| e.adjustment) {
            Some(a) => {
                let effective = a.changes(alert);
                view! {
                    <div class="box adjust-box adjusted" id="adjust-box" data-adjusted="true">
                        <h3>{T::AdjustTitle.get(l)}</h3>
                        <p id="adjust-status">
                            {T::AdjustedOn.get(l)} " " {long_date(a.date, l)} " : "
                            {alert_view(alert, siren, l)}
                        </p>
                        <p class="justification" id="adjust-justification-text">
                            <strong>{T::Justification.get(l)} " : "</strong> {a.justification.clone()}
                        </p>
                        {(a.model_alert != alert).then(|| view! {
                            <p class="warn">{T::MadeAgainst.get(l)} " " {alert_label(a.model_alert, l)} "."</p>
                        })}
                        {(!effective).then(|| view! { <p class="warn" role="note">{T::NoEffectNow.get(l)}</p> })}
                        <button class="secondary" id="adjust-remove" on:click=remove>{T::RemoveAdjustment.get(l)}</button>
                    </div>
                }
                .into_any()
            }
            None => view! {
                <div class="box adjust-box" id="adjust-box" data-adjusted="false">
                    <h3>{T::AdjustTitle.get(l)}</h3>
                    <p class="help">{T::AdjustHelp.get(l)} " " {alert_badge(alert, l)}</p>
                    <fieldset class="shift">
                        <legend>{T::Direction.get(l)}</legend>
                        <label class:disabled=!up_ok>
                            <input type="radio" name="adjust-shift" id="adjust-shift-up" disabled=!up_ok
                                prop:checked=move || shift.get() == Shift::Up
                                on:change=move |_| shift.set(Shift::Up)/>
                            " " {T::Raise.get(l)} " (→ " {target(Shift::Up, l)} ")"
                            {(!up_ok).then(|| view! { " — " <span class="muted">{T::AlreadyMax.get(l)}</span> })}
                        </label>
                        <label class:disabled=!down_ok>
                            <input type="radio" name="adjust-shift" id="adjust-shift-down" disabled=!down_ok
                                prop:checked=move || shift.get() == Shift::Down
                                on:change=move |_| shift.set(Shift::Down)/>
                            " " {T::Lower.get(l)} " (→ " {target(Shift::Down, l)} ")"
                            {(!down_ok).then(|| view! { " — " <span class="muted">{T::AlreadyMin.get(l)}</span> })}
                        </label>
                    </fieldset>
                    <p class="field">
                        <label for="adjust-justification">
                            {T::Justification.get(l)} " " <span class="muted">{T::Required.get(l)}</span>
                        </label>
                        <textarea id="adjust-justification" rows="3" required aria-required="true"
                            aria-describedby="adjust-hint"
                            aria-invalid=move || blank().to_string()
                            prop:value=move || justification.get()
                            on:input=move |ev| justification.set(event_target_value(&ev))></textarea>
                    </p>
                    <p id="adjust-hint" class:fatal=blank class="hint">
                        {move || if blank() { T::JustificationRequired.get(l) } else { T::JustificationShown.get(l) }}
                    </p>
                    <button class="primary" id="adjust" disabled=blank on:click=adjust>{T::Adjust.get(l)}</button>
                    {move || error.get().map(|e| view! { <p class="fatal" role="alert" id="adjust-error">{e}</p> })}
                </div>
            }
            .into_any(),
        }
    }
}
