// The agent's follow-up (Suivi): follow a firm with a reason, a note, « détection utile », an
// alert adjusted by one level with a mandatory justification, shown on the firm page and in the
// list; everything survives a reload (localStorage), exports as JSON, imports into a fresh
// browser, refuses a malformed file in French with its line and column, and is erased on request.
// Run with `VIGIE_DIST=/tmp/dist-… node --test tests/e2e/followup.test.mjs` after `trunk build`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { open, loadDemo, SHOTS } from "./harness.mjs";

const KEY = "vigie.suivi.v1";
const MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
/** Today as the app writes it: "1er décembre 2026", "2 décembre 2026". */
function frenchToday() {
  const d = new Date();
  const day = d.getDate() === 1 ? "1er" : String(d.getDate());
  return `${day} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
}
/** Today as the file stores it: "2026-12-01". */
function isoToday() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}
/** The SIREN as the list shows it: "552 100 554". */
const insee = (s) => `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}`;

let app;
const tmp = mkdtempSync(join(tmpdir(), "vigie-suivi-"));
const NOTE = "Rendez-vous avec le gérant le 12 : <b>trésorerie</b> tendue";
const WHY = "Dette sociale doublée depuis l'échéancier, confirmée par le comptable";
/** The firm the journey follows: { siren, name }. */
let firm;

before(async () => {
  app = await open();
});

after(async () => {
  await app?.close();
});

/** The list row of a SIREN: `tr[data-siren]`, else the row whose SIREN cell reads it. */
function listRow(page, siren) {
  return page
    .locator(`table.firms tbody tr[data-siren="${siren}"]`)
    .or(page.locator("table.firms tbody tr").filter({ has: page.locator("td", { hasText: insee(siren) }) }))
    .first();
}

/** The list row of a SIREN, after paging the list forward until it shows (the list opens on its first page). */
async function findInList(page, siren) {
  await page.locator("table.firms tbody tr").first().waitFor();
  for (let turn = 0; turn < 40; turn++) {
    const row = listRow(page, siren);
    if (await row.count()) return row;
    const next = page.locator("nav.pager button").last();
    if (await next.isDisabled()) break;
    await next.click();
  }
  throw new Error(`${siren} not in the list`);
}

/** The book stored in the page's localStorage (text). */
const stored = (page) => page.evaluate((k) => localStorage.getItem(k), KEY);

/** Opens the Suivi page through the navigation bar. */
async function openSuivi(page) {
  await page.click("#nav-followup");
  await page.locator("#followup-page").waitFor();
}

test("follow a firm, note, feedback and an adjusted alert, everywhere the alert is shown", { timeout: 240_000 }, async () => {
  const { page } = app;
  await page.goto(app.url);
  await loadDemo(page);
  // An orange firm of the list (so that +1 makes it rouge), looked for page after page.
  for (let turn = 0; turn < 40 && !firm; turn++) {
    const candidates = await page.$$eval("table.firms tbody tr", (rows) =>
      rows
        .map((tr) => ({
          orange: !!tr.querySelector("td .badge.orange") && !tr.querySelector(".badge.rouge"),
          siren: tr.dataset.siren ?? [...tr.querySelectorAll("td")].map((td) => td.textContent.trim()).find((t) => /^\d{3} \d{3} \d{3}$/.test(t))?.replace(/ /g, ""),
        }))
        .filter((r) => r.orange && r.siren),
    );
    if (candidates.length) {
      firm = { siren: candidates[0].siren };
      break;
    }
    const next = page.locator("nav.pager button").last();
    if (await next.isDisabled()) break;
    await next.click();
  }
  assert.ok(firm, "an orange firm in the list");
  const row = listRow(page, firm.siren);
  firm.name = (await row.locator("button, a").first().textContent()).trim();
  await row.locator("button, a").first().click();
  await page.locator("#firm-followup").waitFor();
  assert.equal(await page.locator("#firm-alert .alert-view").getAttribute("data-model-alert"), "orange");
  assert.equal(await page.locator("#firm-alert .agent-mark").count(), 0, "no adjustment yet");

  // Follow it with a reason.
  await page.selectOption("#follow-reason", "signalement_partenaire");
  await page.fill("#follow-detail", "Appel de la Banque de France");
  await page.click("#follow");
  const status = page.locator("#follow-status");
  await status.waitFor();
  const followText = await status.textContent();
  assert.match(followText, /signalement d'un partenaire/);
  assert.match(followText, /Appel de la Banque de France/);
  assert.ok(followText.includes(frenchToday()), `${followText} says since ${frenchToday()}`);

  // A note: the button refuses a blank one.
  await page.fill("#note-text", "   ");
  assert.ok(await page.locator("#add-note").isDisabled(), "a blank note cannot be added");
  await page.fill("#note-text", NOTE);
  await page.click("#add-note");
  await page.locator("#notes li").first().waitFor();
  assert.equal(await page.locator("#notes li").count(), 1);
  assert.equal(await page.locator("#notes li .note-text").textContent(), NOTE, "shown as text, not HTML");
  assert.equal(await page.locator("#notes li .note-date").textContent(), frenchToday());
  // A second note, deleted again: the first stays.
  await page.fill("#note-text", "brouillon à supprimer");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter"); // keyboard: Tab to « Ajouter la note », Enter
  await page.locator("#notes li").nth(1).waitFor();
  await page.locator("#notes li").nth(1).getByRole("button").click();
  await page.waitForFunction(() => document.querySelectorAll("#notes li").length === 1);
  assert.equal(await page.locator("#notes li .note-text").textContent(), NOTE);

  // « Détection utile » with a reason.
  await page.check("#feedback-reason-difficultes_confirmees");
  await page.click("#feedback-useful");
  await page.locator("#feedback-status").waitFor();
  assert.equal(await page.locator("#feedback-status").getAttribute("data-verdict"), "utile");
  assert.match(await page.locator("#feedback-status").textContent(), /détection utile — difficultés confirmées/);
  assert.equal(await page.locator("#feedback-useful").getAttribute("aria-pressed"), "true");
  assert.equal(await page.locator("#feedback-not-useful").getAttribute("aria-pressed"), "false");

  // The adjustment: refused while the justification is blank.
  const adjust = page.locator("#adjust");
  assert.ok(await adjust.isDisabled(), "no justification, no adjustment");
  assert.match(await page.locator("#adjust-hint").textContent(), /justification est obligatoire/);
  await page.fill("#adjust-justification", "  \n  ");
  assert.ok(await adjust.isDisabled(), "a blank justification is refused");
  assert.equal(await page.locator("#adjust-justification").getAttribute("aria-invalid"), "true");
  assert.ok(await page.locator("#adjust-shift-up").isChecked(), "orange: raise by default");
  await page.fill("#adjust-justification", WHY);
  assert.ok(await adjust.isEnabled());
  await adjust.click();
  await page.locator("#adjust-remove").waitFor();

  // The firm page shows orange → rouge, the marker and the justification as visible text.
  const shown = page.locator("#firm-alert .alert-view");
  assert.equal(await shown.getAttribute("data-model-alert"), "orange");
  assert.equal(await shown.getAttribute("data-shown-alert"), "rouge");
  assert.deepEqual(await shown.locator(".badge").allTextContents(), ["orange", "rouge"]);
  assert.equal(await shown.locator(".agent-mark").textContent(), "avis de l'agent");
  assert.ok(await shown.locator(".why").isVisible(), "the justification is visible text on the firm page");
  assert.equal(await shown.locator(".why").textContent(), `« ${WHY} »`);
  assert.match(await page.locator("#adjust-justification-text").textContent(), new RegExp(WHY));

  // What is stored is the engine's versioned file.
  const book = JSON.parse(await stored(page));
  assert.equal(book.format, "vigie-suivi");
  assert.equal(book.version, 1);
  const e = book.entries[firm.siren];
  assert.equal(e.name, firm.name);
  assert.deepEqual(e.followed, { reason: "signalement_partenaire", detail: "Appel de la Banque de France", since: isoToday() });
  assert.deepEqual(e.notes, [{ date: isoToday(), text: NOTE }]);
  assert.equal(e.feedback.verdict, "utile");
  assert.deepEqual(e.feedback.reasons, ["difficultes_confirmees"]);
  assert.equal(e.feedback.alert, "orange");
  assert.deepEqual(e.adjustment, { shift: "hausse", justification: WHY, date: isoToday(), model_alert: "orange" });

  // The alert at the top of the shot, the follow-up panel below it.
  await page.evaluate(() => {
    const top = document.querySelector("#firm-alert").getBoundingClientRect().top;
    window.scrollTo(0, top + window.scrollY - 16);
  });
  await page.screenshot({ path: `${SHOTS}/4e-fiche-suivi.png` });

  // The list row shows the adjusted alert, its marker and the justification in the title.
  await page.click("#nav-list");
  const inList = (await findInList(page, firm.siren)).locator(".alert-view");
  await inList.waitFor();
  assert.equal(await inList.getAttribute("data-shown-alert"), "rouge");
  assert.equal(await inList.locator(".agent-mark").count(), 1);
  assert.ok((await inList.getAttribute("title")).includes(WHY), "the justification in the title");

  // Suivi lists the firm with its follow, note, feedback and adjusted alert.
  await openSuivi(page);
  const counts = page.locator("#followup-counts");
  assert.equal(await counts.getAttribute("data-followed"), "1");
  assert.equal(await counts.getAttribute("data-useful"), "1");
  assert.equal(await counts.getAttribute("data-not-useful"), "0");
  assert.equal(await counts.getAttribute("data-adjusted"), "1");
  const line = page.locator(`#followup-table tr[data-siren="${firm.siren}"]`);
  assert.equal(await line.locator(".note-text").textContent(), NOTE);
  assert.match(await line.locator(".reason").textContent(), /signalement d'un partenaire/);
  assert.equal(await line.locator(".since").textContent(), frenchToday());
  assert.match(await line.locator(".feedback").textContent(), /détection utile/);
  assert.equal(await line.locator(".alert-view").getAttribute("data-shown-alert"), "rouge");
  assert.match(await page.locator("#followup-local").textContent(), /restent dans ce navigateur uniquement/);
  await page.screenshot({ path: `${SHOTS}/13-suivi.png`, fullPage: true });
});

test("the follow-up survives a reload of the page", { timeout: 180_000 }, async () => {
  const { page } = app;
  const before = await stored(page);
  await page.reload();
  await loadDemo(page);
  assert.equal(await stored(page), before, "the stored book is read, not rewritten");
  await openSuivi(page);
  const line = page.locator(`#followup-table tr[data-siren="${firm.siren}"]`);
  assert.equal(await line.locator(".note-text").textContent(), NOTE);
  // Its link opens the firm page, with the follow, the note and the adjustment.
  await line.locator("a.firm-link").click();
  await page.locator("#firm-followup").waitFor();
  assert.match(await page.locator("#follow-status").textContent(), /signalement d'un partenaire/);
  assert.equal(await page.locator("#notes li .note-text").textContent(), NOTE);
  assert.equal(await page.locator("#firm-alert .alert-view").getAttribute("data-shown-alert"), "rouge");
  assert.ok(new URL(page.url()).search.includes(`siren=${firm.siren}`));
});

test("export, then import into a fresh browser: the same book", { timeout: 180_000 }, async () => {
  const { page, browser, url } = app;
  await openSuivi(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#followup-export")]);
  assert.equal(download.suggestedFilename(), `vigie-suivi-${isoToday()}.json`);
  const path = join(tmp, "suivi.json");
  await download.saveAs(path);
  const exported = readFileSync(path, "utf8");
  assert.equal(exported, await stored(page), "the export is the stored book");

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const fresh = await context.newPage();
  const errors = [];
  fresh.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  fresh.on("pageerror", (e) => errors.push(String(e)));
  try {
    await fresh.goto(url);
    await loadDemo(fresh);
    await openSuivi(fresh);
    assert.equal(await fresh.locator("#followup-counts").getAttribute("data-firms"), "0");
    await fresh.locator("#followup-empty").waitFor();
    await fresh.setInputFiles("#followup-import", path);
    await fresh.locator("#followup-import-result").waitFor();
    assert.match(await fresh.locator("#followup-import-result").textContent(), /1 entreprise\(s\) ajoutée\(s\)/);
    assert.deepEqual(JSON.parse(await stored(fresh)), JSON.parse(exported), "the same book in the fresh browser");
    assert.equal(await stored(fresh), exported, "byte for byte");
    const line = fresh.locator(`#followup-table tr[data-siren="${firm.siren}"]`);
    assert.equal(await line.locator(".note-text").textContent(), NOTE);
    assert.equal(await line.locator(".alert-view").getAttribute("data-shown-alert"), "rouge");

    // A malformed file: refused in French with its line and column, nothing lost.
    const bad = join(tmp, "casse.json");
    writeFileSync(bad, '{\n  "format": "vigie-suivi",\n  "version": 1\n  "entries": {}\n}\n');
    await fresh.setInputFiles("#followup-import", bad);
    const error = fresh.locator("#followup-import-error");
    await error.waitFor();
    assert.equal(
      await error.textContent(),
      "Fichier refusé « casse.json » : JSON mal formé ligne 4, colonne 3 : « , » ou « } » attendu. Le suivi actuel est inchangé.",
    );
    assert.equal(await stored(fresh), exported, "nothing lost on error");
    assert.equal(await fresh.locator("#followup-table tbody tr").count(), 1);
    // Another tool's file: refused too.
    const other = join(tmp, "modele.json");
    writeFileSync(other, JSON.stringify({ format: "vigie-modele", schema_version: 3 }));
    await fresh.setInputFiles("#followup-import", other);
    await fresh.waitForFunction(() => document.querySelector("#followup-import-error")?.textContent.includes("modele.json"));
    assert.match(await error.textContent(), /n'est pas un suivi Vigie : format « vigie-modele »/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("an unreadable stored book is set aside and told, never a crash", { timeout: 180_000 }, async () => {
  const { browser, url } = app;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  try {
    await page.goto(url);
    // Once the app has started (and read its empty storage), a book it cannot read.
    await page.locator("#load-demo").waitFor();
    await page.evaluate((k) => localStorage.setItem(k, '{"format": "vigie-suivi", "version": 7}'), KEY);
    await page.reload();
    await loadDemo(page);
    await openSuivi(page);
    const notice = page.locator("#followup-notice");
    await notice.waitFor();
    assert.match(await notice.textContent(), /illisible.*mis de côté.*version 7/s);
    const keys = await page.evaluate(() => Object.keys(localStorage));
    assert.equal(keys.length, 1);
    assert.match(keys[0], /^vigie\.suivi\.illisible\.\d+$/);
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), keys[0]), '{"format": "vigie-suivi", "version": 7}');
    await page.click("#followup-notice-ok");
    assert.equal(await notice.count(), 0, "said once");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("another tab's changes are seen at once; « Oublier » one firm forgets only it", { timeout: 180_000 }, async () => {
  const { page } = app;
  await openSuivi(page);
  assert.equal(await page.locator("#followup-table tbody tr").count(), 1);
  // A second tab of the same browser follows another firm: the first tab's Suivi shows it
  // without a reload (and would not save its older book over it).
  const tab = await app.context.newPage();
  await tab.goto(app.url);
  await loadDemo(tab);
  const other = await tab.$$eval("table.firms tbody tr[data-siren]", (trs, s) => trs.map((tr) => tr.dataset.siren).find((x) => x !== s), firm.siren);
  await listRow(tab, other).locator("button, a").first().click();
  await tab.locator("#firm-followup").waitFor();
  await tab.click("#follow");
  await tab.locator("#follow-status").waitFor();
  await page.waitForFunction(() => document.querySelectorAll("#followup-table tbody tr").length === 2);
  assert.equal(await page.locator("#followup-counts").getAttribute("data-followed"), "2");

  // Asked in the row, the safe choice focused: cancelling keeps both.
  await page.click(`#forget-${other}`);
  const confirmation = page.locator(`#followup-table tr[data-siren="${other}"] .forget-confirmation`);
  await confirmation.waitFor();
  assert.match(await confirmation.textContent(), /Oublier tout ce que vous avez noté sur cette entreprise/);
  await page.waitForFunction((id) => document.activeElement?.id === id, `forget-cancel-${other}`);
  await page.keyboard.press("Enter");
  assert.equal(await confirmation.count(), 0);
  await page.waitForFunction((id) => document.activeElement?.id === id, `forget-${other}`);
  assert.equal(await page.locator("#followup-table tbody tr").count(), 2);
  assert.ok(JSON.parse(await stored(page)).entries[other], "cancel keeps it");

  // Keyboard: Enter on « Oublier », Tab back to « Oui, oublier », Enter.
  await page.keyboard.press("Enter");
  await confirmation.waitFor();
  await page.screenshot({ path: `${SHOTS}/13b-suivi-oublier.png`, fullPage: true });
  await page.keyboard.press("Shift+Tab");
  await page.waitForFunction((id) => document.activeElement?.id === id, `forget-confirm-${other}`);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelectorAll("#followup-table tbody tr").length === 1);
  assert.match(await page.locator("#followup-forgotten").textContent(), /oubliée : plus rien n'est gardé sur elle/);
  const book = JSON.parse(await stored(page));
  assert.deepEqual(Object.keys(book.entries), [firm.siren], "only the other firm is gone");
  assert.equal(book.entries[firm.siren].notes[0].text, NOTE);
  assert.equal(await page.locator("#followup-counts").getAttribute("data-firms"), "1");
  // The other tab sees the firm forgotten too.
  await tab.locator("#follow").waitFor();
  assert.equal(await tab.locator("#follow-status").count(), 0, "no longer followed in the other tab");
  await tab.close();
});

test("« Effacer toutes mes données » asks in the page, then empties the book and localStorage", { timeout: 60_000 }, async () => {
  const { page } = app;
  await openSuivi(page);
  assert.notEqual(await stored(page), null);
  await page.click("#followup-clear");
  const confirm = page.locator("#followup-clear-confirmation");
  await confirm.waitFor();
  assert.match(await confirm.textContent(), /1 entreprise au total/);
  // The safe choice has the focus; cancelling keeps everything.
  await page.waitForFunction(() => document.activeElement?.id === "followup-clear-cancel");
  await page.keyboard.press("Enter");
  assert.equal(await confirm.count(), 0);
  assert.notEqual(await stored(page), null, "cancel keeps the book");
  await page.click("#followup-clear");
  await page.click("#followup-clear-confirm");
  await page.locator("#followup-empty").waitFor();
  assert.equal(await page.evaluate(() => localStorage.length), 0, "localStorage is empty");
  assert.equal(await page.locator("#followup-counts").getAttribute("data-firms"), "0");
  // The firm page shows the model's alert alone again.
  await page.click("#nav-list");
  const inList = (await findInList(page, firm.siren)).locator(".alert-view");
  await inList.waitFor();
  assert.equal(await inList.getAttribute("data-shown-alert"), "orange");
  assert.equal(await inList.locator(".agent-mark").count(), 0);
});

test("no console error and no request left this machine", () => {
  assert.deepEqual(app.consoleErrors, []);
  assert.deepEqual(app.foreignRequests, []);
});
