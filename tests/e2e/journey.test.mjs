// The agent's whole week in one session, on the demo: load, read the report, filter, sort,
// search, open a firm and see every chart, follow it with a note, reload and find the note,
// export the list and parse it back, retrain, change the thresholds — with the keyboard where it
// matters, no request leaving 127.0.0.1 and no console error. The views' own test files check
// each step in depth; this one checks that they hold together.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { open, loadDemo, SHOTS } from "./harness.mjs";

let session, page;

before(async () => {
  session = await open();
  page = session.page;
  await page.goto(session.url);
});

after(async () => session?.close());

const rows = () => page.locator("table.firms tbody tr[data-siren]");
const count = async (level) => Number(await page.locator(`span.count.${level}`).first().getAttribute("data-count"));
const shown = async () => Number(await page.locator("#shown-count").getAttribute("data-shown"));

/** A `;` CSV with a BOM and quotes (the list's export) to rows of fields. */
function parseCsv(text) {
  assert.equal(text.charCodeAt(0), 0xfeff, "UTF-8 BOM");
  const out = [];
  let row = [], field = "", quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ";") { row.push(field); field = ""; }
    else if (c === "\r" && text[i + 1] === "\n") { row.push(field); out.push(row); row = []; field = ""; i++; }
    else field += c;
  }
  if (field || row.length) { row.push(field); out.push(row); }
  return out;
}

let chosen; // { siren, name }

test("load the demo, read the report, analyse: the list's counts add up", async () => {
  await page.click("#load-demo");
  await page.locator("#import-report").waitFor({ timeout: 60_000 });
  assert.equal(await page.locator("article.file-card").count(), 16);
  assert.match(await page.locator("#scoring-month option:checked").innerText(), /décembre 2024/);
  await page.screenshot({ path: `${SHOTS}/20-parcours-rapport.png` });
  await page.click("#analyse");
  await rows().first().waitFor({ timeout: 60_000 });
  const total = Number(await page.locator("#shown-count").getAttribute("data-total"));
  assert.equal((await count("rouge")) + (await count("orange")) + (await count("vert")), total);
  assert.ok(total > 500);
});

test("filter, sort and search the list", async () => {
  // Rouge and orange firms of one NAF section, sorted by headcount.
  await page.selectOption("#filter-level", "orange");
  const section = await rows().first().getAttribute("data-section");
  await page.selectOption("#filter-section", section);
  const n = await shown();
  assert.ok(n > 0);
  const levels = await rows().evaluateAll((trs) => trs.map((tr) => [tr.dataset.level, tr.dataset.section]));
  assert.ok(levels.every(([l, s]) => l !== "vert" && s === section), JSON.stringify(levels));
  const th = page.locator("th:has(#sort-headcount)");
  for (const direction of ["descending", "ascending"]) {
    await page.click("#sort-headcount");
    await page.locator(`th[aria-sort="${direction}"]:has(#sort-headcount)`).waitFor();
    const all = await rows().evaluateAll((trs) => trs.map((tr) => tr.querySelector("td.headcount").dataset.value));
    // Unknown headcounts last in both directions, the others in order.
    const known = all.filter((v) => v !== undefined && v !== "").map(Number);
    assert.deepEqual(all.slice(0, known.length).map(Number), known, "unknown last");
    const sign = direction === "ascending" ? 1 : -1;
    for (let i = 1; i < known.length; i++) assert.ok(sign * (known[i] - known[i - 1]) >= 0, `${direction}: ${known}`);
  }
  assert.equal(await th.getAttribute("aria-sort"), "ascending");
  await page.screenshot({ path: `${SHOTS}/20-parcours-liste-filtree.png` });
  // Search the first of them by its SIREN typed with spaces.
  chosen = await rows().first().evaluate((tr) => ({ siren: tr.dataset.siren, name: tr.querySelector("td.name").innerText.trim() }));
  await page.click("#filter-reset");
  const spaced = `${chosen.siren.slice(0, 3)} ${chosen.siren.slice(3, 6)} ${chosen.siren.slice(6)}`;
  await page.fill("#filter-search", spaced);
  await page.locator(`table.firms tbody tr[data-siren="${chosen.siren}"]`).waitFor();
  assert.equal(await shown(), 1);
});

test("open the firm: identity, explanation and every chart", async () => {
  await rows().first().locator("td.name button.link").press("Enter");
  await page.locator("#term-structure").waitFor();
  assert.match(page.url(), new RegExp(`\\?siren=${chosen.siren}$`));
  for (const id of ["#chart-risk", "#chart-terms", "#chart-waterfall", "#chart-employment", "#chart-debt"]) {
    await page.locator(`${id} .main-svg`).first().waitFor({ timeout: 30_000 });
  }
  // Ratios: a chart, or the sentence saying there is no statement.
  assert.equal(await page.locator("#chart-ratios").count(), 1);
  assert.match(await page.locator("#procol-timeline").innerText(), /procédure/i);
  await page.screenshot({ path: `${SHOTS}/20-parcours-fiche.png`, fullPage: true });
});

test("follow it with a note, reload the page, and find the note", async () => {
  await page.selectOption("#follow-reason", "signal_modele");
  await page.click("#follow");
  await page.locator("#follow-status").waitFor();
  const note = `Appel au dirigeant prévu — ${chosen.siren}`;
  await page.fill("#note-text", note);
  await page.click("#add-note");
  await page.locator("#notes li .note-text", { hasText: note }).waitFor();

  await page.reload();
  await loadDemo(page);
  await page.click("#nav-followup");
  const row = page.locator(`#followup-table tr[data-siren="${chosen.siren}"]`);
  await row.waitFor();
  assert.match(await row.locator(".note-text").innerText(), new RegExp(note));
  await page.screenshot({ path: `${SHOTS}/20-parcours-suivi.png` });
  // And back on the firm page, from the Suivi table.
  await row.locator("a.firm-link").click();
  await page.locator("#notes li .note-text", { hasText: note }).waitFor();
  // Followed firms only: exactly this one.
  await page.click("#nav-list");
  await page.check("#filter-followed");
  assert.equal(await shown(), 1);
  assert.equal(await rows().first().getAttribute("data-siren"), chosen.siren);
  await page.click("#filter-reset");
});

test("export the list as CSV and parse it back", async () => {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
  const parsed = parseCsv(readFileSync(await download.path(), "utf8"));
  const [header, ...lines] = parsed;
  assert.equal(lines.length, await shown());
  const siren = header.indexOf("SIREN");
  const followed = header.findIndex((h) => /suivie/i.test(h));
  const p18 = header.findIndex((h) => /18/.test(h) && /^p/i.test(h));
  assert.ok(siren >= 0 && followed >= 0 && p18 >= 0, header.join(" | "));
  const first = await rows().first().evaluate((tr) => ({ siren: tr.dataset.siren, p: Number(tr.querySelector("td.risk[data-horizon='18']").dataset.p) }));
  assert.equal(lines[0][siren].replace(/\s/g, ""), first.siren);
  assert.ok(Math.abs(Number(lines[0][p18].replace(",", ".")) - first.p) < 1e-6, `${lines[0][p18]} vs ${first.p}`);
  const mine = lines.find((l) => l[siren].replace(/\s/g, "") === chosen.siren);
  assert.equal(mine[followed], "oui");
});

test("retrain in the browser, then change the thresholds and see the list follow", async () => {
  await page.click("#nav-model");
  await page.click("#train");
  await page.locator("#train-message.done").waitFor({ timeout: 300_000 });
  await page.locator("#thresholds").waitFor();
  await page.fill("#threshold-orange", "5");
  await page.fill("#threshold-rouge", "20");
  const live = {};
  for (const level of ["rouge", "orange", "vert"]) {
    live[level] = Number(await page.locator(`#thresholds-effect tr[data-level="${level}"] td.live`).getAttribute("data-count"));
  }
  await page.click("#thresholds-apply");
  await page.locator("#rescoring").waitFor({ state: "detached", timeout: 60_000 });
  await page.click("#nav-list");
  await rows().first().waitFor();
  for (const level of ["rouge", "orange", "vert"]) assert.equal(await count(level), live[level], level);
  await page.click("#nav-method");
  await page.locator("#notice-model[data-edited='true']").waitFor();
  await page.screenshot({ path: `${SHOTS}/20-parcours-methode.png` });
});

test("keyboard: Tab reaches the navigation bar, Enter opens a view, focus is visible", async () => {
  await page.click("#nav-list");
  await rows().first().waitFor();
  await page.focus("body");
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.id === "nav-sectors");
  }
  assert.ok(reached, "Tab reaches « Secteurs »");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, "none");
  await page.keyboard.press("Enter");
  await page.locator("#stress-heatmap .main-svg").first().waitFor({ timeout: 30_000 });
  assert.match(page.url(), /\?vue=secteurs$/);
  await page.screenshot({ path: `${SHOTS}/20-parcours-secteurs.png` });
});

test("no console error and no request left 127.0.0.1 during the journey", () => {
  assert.deepEqual(session.consoleErrors, []);
  assert.deepEqual(session.foreignRequests, []);
});
