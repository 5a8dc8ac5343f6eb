//! The import report, shown before any analysis: what each file is, what was used, what was set
//! aside and why, in plain words. One component per section, so new report fields slot in.

use std::sync::Arc;

use engine::calendar::Month;
use engine::format::decimal;
use engine::ingest::kind::FileKind;
use engine::ingest::report::{FileReport, ImportReport, LineIssue};
use leptos::prelude::*;

use crate::{Lang, Text};

fn count(n: u64) -> String {
    decimal(n as f64, 0)
}

fn month(m: Month, lang: Lang) -> String {
    if lang == Lang::Fr {
        m.french()
    } else {
        m.english()
    }
}

/// "janvier 2016 – décembre 2024", or nothing when no month was seen.
fn period(first: Option<Month>, last: Option<Month>, lang: Lang) -> Option<String> {
    Some(format!(
        "{} – {}",
        month(first?, lang),
        month(last.or(first)?, lang)
    ))
}

fn separator(sep: Option<char>, lang: Lang) -> String {
    match sep {
        Some('\t') => Text::Tab.get(lang).to_string(),
        Some(c) => format!("« {c} »"),
        None => "—".to_string(),
    }
}

/// The months the files cover together (until the report carries the panel's own period).
fn overall_period(report: &ImportReport) -> (Option<Month>, Option<Month>) {
    if report.first_month.is_some() {
        return (report.first_month, report.last_month);
    }
    let ok = report.files.iter().filter(|f| f.fatal.is_none());
    (
        ok.clone().filter_map(|f| f.first_month).min(),
        ok.filter_map(|f| f.last_month).max(),
    )
}

/// The report; `children` (the sector-event editor) come after the overview, before the files.
#[component]
pub fn ImportReportView(report: Arc<ImportReport>, children: Children) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    view! {
        <section class="report" id="import-report">
            <h1>{move || Text::ReportTitle.get(lang.get())}</h1>
            <Summary report=report.clone()/>
            <Sources report=report.clone()/>
            <MissingSources missing=report.missing_sources.clone()/>
            {children()}
            {report.files.iter().cloned().map(|file| view! { <FileCard file=file/> }).collect_view()}
        </section>
    }
}

#[component]
fn Summary(report: Arc<ImportReport>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let files = report.files.len();
    let unread = report.files.iter().filter(|f| f.fatal.is_some()).count();
    let sum = |get: fn(&FileReport) -> u64| report.files.iter().map(get).sum::<u64>();
    let read = sum(|f| f.records_read);
    let used = sum(|f| f.accepted + f.accepted_with_warnings);
    let rejected = sum(|f| f.rejected);
    let (first, last) = overall_period(&report);
    let firms = report.firms;
    let (in_perimeter, months) = (report.firms_in_perimeter, report.months);
    view! {
        <dl class="summary-grid" id="report-summary">
            <div><dt>{move || Text::Files.get(lang.get())}</dt>
                <dd data-field="files">{files}
                    {(unread > 0).then(|| view! { <span class="fatal">" (" {unread} " " {move || Text::NotRead.get(lang.get())} ")"</span> })}
                </dd></div>
            <div><dt>{move || Text::Rows.get(lang.get())}</dt><dd data-field="records_read">{count(read)}</dd></div>
            <div><dt>{move || Text::Used.get(lang.get())}</dt><dd data-field="used">{count(used)}</dd></div>
            <div><dt>{move || Text::Rejected.get(lang.get())}</dt><dd data-field="rejected">{count(rejected)}</dd></div>
            {(firms > 0).then(|| view! {
                <div><dt>{move || Text::Firms.get(lang.get())}</dt><dd data-field="firms">{count(firms as u64)}</dd></div>
                <div><dt>{move || Text::InPerimeter.get(lang.get())}</dt><dd data-field="firms_in_perimeter">{count(in_perimeter as u64)}</dd></div>
                <div><dt>{move || Text::MonthsCovered.get(lang.get())}</dt><dd data-field="months">{count(months as u64)}</dd></div>
            })}
            <div><dt>{move || Text::Period.get(lang.get())}</dt>
                <dd data-field="period">{move || period(first, last, lang.get()).unwrap_or_else(|| "—".into())}</dd></div>
        </dl>
    }
}

/// Per source: files, lines used, firms covered; then the perimeter and why firms are out of it.
#[component]
fn Sources(report: Arc<ImportReport>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let rows = report
        .sources
        .iter()
        .map(|s| {
            view! {
                <tr data-kind=s.kind.id()>
                    <th scope="row">{s.kind.label_fr()}</th>
                    <td class="num">{s.files}</td>
                    <td class="num">{count(s.records)}</td>
                    <td class="num" data-field="firms">{count(s.firms as u64)}</td>
                </tr>
            }
        })
        .collect_view();
    let exclusions = report
        .exclusions
        .iter()
        .map(|(e, n)| view! { <li>{count(*n as u64)} " — " {e.label_fr()}</li> })
        .collect_view();
    let panel_error = report.panel_error.clone();
    view! {
        <div class="sources" id="report-sources">
            <h2>{move || Text::SourcesTitle.get(lang.get())}</h2>
            <table>
                <thead><tr>
                    <th>{move || Text::Source.get(lang.get())}</th>
                    <th>{move || Text::Files.get(lang.get())}</th>
                    <th>{move || Text::Used.get(lang.get())}</th>
                    <th>{move || Text::FirmsCovered.get(lang.get())}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {(!report.exclusions.is_empty()).then(|| view! {
                <h2>{move || Text::OutOfPerimeter.get(lang.get())}</h2>
                <ul id="exclusions">{exclusions}</ul>
            })}
            {panel_error.map(|e| view! { <p class="fatal" id="panel-error">{move || Text::NoPanel.get(lang.get())} " " {e.clone()}</p> })}
        </div>
    }
}

#[component]
fn MissingSources(missing: Vec<FileKind>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    (!missing.is_empty()).then(|| {
        view! {
            <div class="missing" role="note" id="missing-sources">
                <h2>{move || Text::MissingSources.get(lang.get())}</h2>
                <ul>
                    {missing.into_iter().map(|k| view! {
                        <li data-kind=k.id()><strong>{k.label_fr()}</strong> " : " {k.absence_effect_fr()}</li>
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}

/// One counter of a file's table, with its raw value for tests and scripts.
fn counter(label: Text, field: &'static str, value: u64, lang: RwSignal<Lang>) -> impl IntoView {
    view! {
        <tr>
            <th scope="row">{move || label.get(lang.get())}</th>
            <td class="num" data-field=field data-value=value>{count(value)}</td>
        </tr>
    }
}

#[component]
fn FileCard(file: FileReport) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let kind = file
        .kind
        .map(|k| k.label_fr())
        .unwrap_or("type non reconnu");
    let used = file.accepted + file.accepted_with_warnings;
    let (first, last, trailing) = (
        file.first_month,
        file.last_month,
        file.trailing_empty_months,
    );
    let status = if file.fatal.is_some() {
        "file-card fatal-card"
    } else if file.rejected > 0 {
        "file-card warn-card"
    } else {
        "file-card"
    };
    view! {
        <article class=status data-file=file.name.clone()>
            <header>
                <h2><span class="mono">{file.name.clone()}</span></h2>
                <span class="kind" data-kind=file.kind.map(|k| k.id())>{kind}</span>
            </header>
            {file.fatal.clone().map(|why| view! {
                <p class="fatal" role="alert"><strong>{move || Text::SetAside.get(lang.get())}</strong> " " {why}</p>
            })}
            // A file set aside before its first line has no counters worth a table.
            {(file.fatal.is_none() || file.records_read > 0).then(|| view! {
            <div class="file-body">
                <table class="counters">
                    <tbody>
                        {counter(Text::Rows, "records_read", file.records_read, lang)}
                        {counter(Text::Used, "used", used, lang)}
                        {counter(Text::WithWarnings, "accepted_with_warnings", file.accepted_with_warnings, lang)}
                        {counter(Text::Rejected, "rejected", file.rejected, lang)}
                        {counter(Text::Skipped, "skipped", file.skipped, lang)}
                        {(file.filtered > 0).then(|| counter(Text::Filtered, "filtered", file.filtered, lang))}
                    </tbody>
                </table>
                <table class="facts">
                    <tbody>
                        <tr><th scope="row">{move || Text::Encoding.get(lang.get())}</th><td>{file.encoding.clone()}</td></tr>
                        <tr><th scope="row">{move || Text::Separator.get(lang.get())}</th>
                            <td>{move || separator(file.separator, lang.get())}</td></tr>
                        <tr><th scope="row">{move || Text::Period.get(lang.get())}</th>
                            <td data-field="period">{move || period(first, last, lang.get()).unwrap_or_else(|| "—".into())}</td></tr>
                        {(trailing > 0).then(|| view! {
                            <tr><th scope="row">{move || Text::Unpublished.get(lang.get())}</th>
                                <td data-field="trailing_empty_months">{trailing}</td></tr>
                        })}
                    </tbody>
                </table>
            </div>
            })}
            <IssueCounts file=file.clone()/>
            <IssueList entries=file.entries.clone() total=file.counts.values().sum()/>
        </article>
    }
}

#[component]
fn IssueCounts(file: FileReport) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    (!file.counts.is_empty()).then(|| {
        view! {
            <table class="issue-counts">
                <thead><tr>
                    <th>{move || Text::Problem.get(lang.get())}</th>
                    <th class="num">{move || Text::Lines.get(lang.get())}</th>
                </tr></thead>
                <tbody>
                    {file.counts.iter().map(|(code, n)| view! {
                        <tr data-code=code.as_str()>
                            <td>{code.label_fr()} " " <code class="code">{code.as_str()}</code></td>
                            <td class="num" data-value=*n>{count(*n)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
    })
}

#[component]
fn IssueList(entries: Vec<LineIssue>, total: u64) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let shown = entries.len();
    (!entries.is_empty()).then(|| {
        view! {
            <details class="issues">
                <summary>
                    {move || Text::ShowIssues.get(lang.get())} " (" {shown}
                    {(total > shown as u64).then(|| format!(" / {}", count(total)))} ")"
                </summary>
                <table class="issue-list">
                    <thead><tr>
                        <th class="num">{move || Text::Line.get(lang.get())}</th>
                        <th>{move || Text::Column.get(lang.get())}</th>
                        <th>{move || Text::Problem.get(lang.get())}</th>
                        <th>{move || Text::RawLine.get(lang.get())}</th>
                    </tr></thead>
                    <tbody>
                        {entries.into_iter().map(|e| {
                            let outcome = if e.rejected { Text::LineRejected } else { Text::LineKept };
                            view! {
                                <tr class=if e.rejected { "rejected" } else { "warning" } data-code=e.code.as_str()>
                                    <td class="num" data-field="line">{e.line}</td>
                                    <td class="mono" data-field="column">{e.column.unwrap_or_default()}</td>
                                    <td data-field="message">
                                        <strong>{e.code.label_fr()}</strong> " — " {e.message}
                                        <span class="outcome">" (" {move || outcome.get(lang.get())} ")"</span>
                                    </td>
                                    <td class="raw mono" title=e.raw.clone()>{e.raw.clone()}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        }
    })
}
