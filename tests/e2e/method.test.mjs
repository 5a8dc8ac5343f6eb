// End-to-end tests of the editable alert thresholds (model page, #thresholds) and of the public
// notice (Méthode page), on the built-in demo. Run after `trunk build` and `cargo build -p
// vigie-cli`: `VIGIE_DIST=/tmp/dist node --test tests/e2e/method.test.mjs`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { open, loadDemo, SHOTS, VIGIE } from "./harness.mjs";

let h;
let page;
/** The CLI's copy of the app's demo files. */
let demoDir;

before(async () => {
  h = await open();
  page = h.page;
  await page.goto(h.url);
  await loadDemo(page);
  const code = page.locator("#fingerprint");
  const [firms, seed] = [await code.getAttribute("data-firms"), await code.getAttribute("data-seed")];
  demoDir = join(mkdtempSync(join(tmpdir(), "vigie-method-")), "demo");
  execFileSync(VIGIE, ["demo", "--firms", firms, "--seed", seed, "--out", demoDir]);
});

after(async () => {
  await h?.close();
});

function readCsv(path) {
  const fields = (line) =>
    [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1].replace(/^"(.*)"$/s, "$1").replace(/""/g, '"')).slice(0, -1);
  const [header, ...rows] = readFileSync(path, "utf8").trim().split("\n").map(fields);
  return rows.map((r) => Object.fromEntries(header.map((k, i) => [k, r[i]])));
}

/** `vigie score` of the demo (with a model file when given): the scored firms only. */
function cliScores(model) {
  const out = join(mkdtempSync(join(tmpdir(), "vigie-scores-")), "scores.csv");
  execFileSync(VIGIE, ["score", demoDir, "-o", out, ...(model ? ["--model", model] : [])]);
  return readCsv(out).filter((r) => r.p_18m !== "");
}

/** Firms per level at 18 months with these thresholds, from the CLI's probabilities. */
function levels(rows, orange, rouge) {
  const c = { rouge: 0, orange: 0, vert: 0 };
  for (const r of rows) {
    const p = Number(r.p_18m);
    c[p >= rouge ? "rouge" : p >= orange ? "orange" : "vert"] += 1;
  }
  return c;
}

const alertCounts = (rows) => {
  const c = { rouge: 0, orange: 0, vert: 0 };
  for (const r of rows) c[r.alert] += 1;
  return c;
};

/** The detection list's counts by level. */
async function listCounts() {
  await page.click("#nav-list");
  await page.locator("#counts .count.rouge").waitFor();
  const count = async (level) => Number(await page.locator(`#counts .count.${level}`).getAttribute("data-count"));
  return { rouge: await count("rouge"), orange: await count("orange"), vert: await count("vert") };
}

async function openModelPage() {
  await page.click("#nav-model");
  await page.locator("#thresholds").waitFor({ timeout: 60_000 });
}

/** The threshold editor's counts: { now, live, delta } by level. */
async function editorCounts() {
  const read = (cls) =>
    page.$$eval(`#thresholds-effect tbody tr`, (trs, cls) =>
      Object.fromEntries(trs.map((tr) => {
        const td = tr.querySelector(`td.${cls}`);
        return [tr.dataset.level, Number(cls === "delta" ? td.dataset.change : td.dataset.count)];
      })), cls);
  return { now: await read("now"), live: await read("live"), delta: await read("delta") };
}

/** Downloads the model on screen and returns [path, parsed JSON]. */
async function downloadModel() {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#model-download")]);
  const path = await download.path();
  return [path, JSON.parse(readFileSync(path, "utf8"))];
}

/** The reliability-bin point the editor must read a threshold at (what the embedded model keeps). */
function nearestBin(horizonModel, t) {
  const m = horizonModel.validation;
  let flagged = 0, tp = 0;
  const points = [];
  for (const b of [...m.reliability].reverse()) {
    flagged += b.count;
    tp += Math.round(b.observed * b.count);
    points.push({ threshold: b.low, flagged, precision: tp / flagged, recall: tp / m.positives });
  }
  return points.reduce((best, p) => (Math.abs(p.threshold - t) < Math.abs(best.threshold - t) ? p : best));
}

const frPct = (x) => `${(x * 100).toFixed(1).replace(".", ",")}\u00a0%`;

test("the notice states the model card's training window and every horizon's AUC; printable", async () => {
  await openModelPage();
  const window = await page.locator('#model-card dd[data-field="training"]').innerText();
  const data = await page.$eval('#model-card dd[data-field="data"]', (dd) => dd.firstChild.textContent);
  const aucs = await page.$$eval('#horizon-table tr[data-metric="auc"] td', (tds) => tds.map((td) => [td.dataset.horizon, td.innerText]));
  assert.equal(aucs.length, 4);
  await page.click("#nav-method");
  await page.locator("#notice-apprentissage").waitFor();
  assert.equal(await page.locator("#nav-method").getAttribute("aria-current"), "page");
  assert.match(page.url(), /\?vue=methode$/);
  const training = await page.locator("#notice-apprentissage").innerText();
  assert.ok(training.includes(window), `${window} not in\n${training}`);
  assert.ok(training.includes(data.trim().slice(0, 40)), training);
  // The validation table: one row per horizon, the AUC in the fourth column, as the card says.
  const rows = await page.$$eval("#notice-validation tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((c) => c.innerText)));
  assert.equal(rows.length, 4);
  for (const [i, [horizon, auc]] of aucs.entries()) {
    assert.match(rows[i][0], new RegExp(`^${horizon}\\s+mois$`));
    assert.equal(rows[i][3], auc);
  }
  // Every section has content; the synthetic training data and the crisis window are stated.
  const sections = await page.locator("section.notice-section").count();
  assert.ok(sections >= 10, `${sections}`);
  for (const id of ["objet", "donnees", "variables", "modele", "evaluation", "seuils", "explications", "covid", "limites", "confidentialite", "version"]) {
    const text = await page.locator(`#notice-${id}`).innerText();
    assert.ok(text.split("\n").filter((l) => l.trim()).length >= 2, `${id}: ${text}`);
  }
  assert.match(await page.locator("#notice-limites").innerText(), /données synthétiques/);
  assert.match(await page.locator("#notice-covid").innerText(), /mars 2020 – juin 2021/);
  assert.match(await page.locator("#notice-objet").innerText(), /L311-3-1/);
  assert.match(await page.locator("#notice-objet").innerText(), /jamais une décision automatique/);
  // 81 features in the group tables, the used ones marked.
  assert.equal(await page.locator("table[id^='notice-features'] tbody tr").count(), 81);
  // The sources of this import with their months (the demo's 16 kinds).
  assert.equal(await page.locator("#notice-sources tbody tr").count(), 16);
  // English toggle: the notice follows.
  await page.click("button.lang");
  await page.locator("#notice-title", { hasText: "Information on the algorithmic processing" }).waitFor();
  await page.click("button.lang");
  await page.locator("#notice-title", { hasText: "Information sur le traitement algorithmique" }).waitFor();
  await page.screenshot({ path: `${SHOTS}/14-methode.png` });
  // The print button calls window.print; the print layout hides navigation and controls.
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; });
  await page.focus("#method-print");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => window.__printed), 1);
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator("nav.views").isVisible(), false);
  assert.equal(await page.locator("#method-print").isVisible(), false);
  assert.equal(await page.locator("#notice-seuils").isVisible(), true);
  await page.screenshot({ path: `${SHOTS}/14b-methode-impression.png` });
  await page.emulateMedia({ media: "screen" });
});

test("thresholds: live counts as the agent types, applied to the list, kept in the downloaded model, stated in the notice", async () => {
  const before = await listCounts();
  const cli = cliScores();
  await openModelPage();
  const current = page.locator("#thresholds-current");
  const validated = { orange: Number(await current.getAttribute("data-orange")), rouge: Number(await current.getAttribute("data-rouge")) };
  // The list's counts are the CLI's alerts and the editor's "now" column.
  assert.deepEqual(alertCounts(cli), before);
  assert.deepEqual(levels(cli, validated.orange, validated.rouge), before);
  assert.deepEqual((await editorCounts()).now, before);
  assert.equal(await page.locator("#thresholds-apply").isDisabled(), true);
  assert.equal(await page.locator("#thresholds-reset").isDisabled(), true);

  // An error in French, live: red below orange.
  await page.fill("#threshold-orange", "40");
  await page.locator("#thresholds-error", { hasText: "le seuil rouge doit être supérieur ou égal au seuil orange" }).waitFor();
  assert.equal(await page.locator("#thresholds-apply").isDisabled(), true);

  // With the keyboard: the inputs, then the apply button, are reached by Tab.
  const [orange, rouge] = [0.05, 0.2];
  assert.ok(cli.every((r) => Math.abs(Number(r.p_18m) - orange) > 1e-6 && Math.abs(Number(r.p_18m) - rouge) > 1e-6));
  await page.focus("#threshold-orange");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("5");
  await page.keyboard.press("Tab");
  // The orange slider follows the input and moves the same threshold: → 5,1 %, ← 5 % again.
  assert.equal(await page.evaluate(() => document.activeElement.id), "threshold-orange-range");
  assert.equal(await page.inputValue("#threshold-orange-range"), "5");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.inputValue("#threshold-orange"), "5.1");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await page.inputValue("#threshold-orange"), "5");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "threshold-rouge");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("20");
  await page.locator("#thresholds-error").waitFor({ state: "detached" });
  const expected = levels(cli, orange, rouge);
  const shown = await editorCounts();
  assert.deepEqual(shown.live, expected);
  assert.ok(expected.rouge !== before.rouge || expected.orange !== before.orange, "the new thresholds change the list");
  for (const level of ["rouge", "orange", "vert"]) assert.equal(shown.delta[level], expected[level] - before[level], level);
  assert.match(await page.locator('#thresholds-effect tr[data-level="rouge"] td.delta').innerText(), /^[+-]?\d+$/);

  // Precision and recall on the validation window, read at the nearest reliability bin's bound
  // (the embedded model keeps no finer points) — and the page says so.
  const [, model] = await downloadModel();
  const h18 = model.horizons.find((m) => m.horizon === model.alert_horizon);
  assert.equal(await page.locator("#thresholds-validation-note").getAttribute("data-fine"), "false");
  assert.match(await page.locator("#thresholds-validation-note").innerText(), /borne de classe la plus proche/);
  for (const [level, t] of [["orange", orange], ["rouge", rouge]]) {
    const want = nearestBin(h18, t);
    const row = page.locator(`#thresholds-validation tr[data-level="${level}"]`);
    assert.equal(await row.locator("td.read-at").innerText(), frPct(want.threshold), level);
    assert.equal(await row.locator("td.precision").innerText(), frPct(want.precision), level);
    assert.equal(await row.locator("td.recall").innerText(), frPct(want.recall), level);
  }
  await page.locator("#thresholds").screenshot({ path: `${SHOTS}/11b-seuils.png` });

  // Tab reaches the apply button from the last input (past its slider); Enter applies.
  await page.focus("#threshold-rouge");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "threshold-rouge-range");
  assert.equal(await page.inputValue("#threshold-rouge-range"), "20");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "thresholds-apply");
  await page.keyboard.press("Enter");
  await page.locator('#thresholds[data-edited="true"]').waitFor({ timeout: 60_000 });
  assert.match(await page.locator("#thresholds-current").innerText(), /modifiés par l'agent/);
  assert.match(await page.locator("#card-thresholds-edited").innerText(), new RegExp(`orange ${frPct(validated.orange)}, rouge ${frPct(validated.rouge)}`));
  assert.equal(await page.locator('#horizon-table tr[data-metric="rouge"] td[data-horizon="18"]').innerText(), "20,0\u00a0%");
  assert.deepEqual((await editorCounts()).now, expected);
  assert.equal(await page.locator("#thresholds-reset").isDisabled(), false);

  // The downloaded model keeps the agent's thresholds and the validated ones; the CLI scoring
  // with it gives the same alerts as the list.
  const [path, edited] = await downloadModel();
  const t18 = edited.horizons.find((m) => m.horizon === edited.alert_horizon).thresholds;
  assert.deepEqual([t18.orange, t18.rouge], [orange, rouge]);
  assert.deepEqual(t18.edited, validated);
  assert.deepEqual(alertCounts(cliScores(path)), expected);

  // The list's counts are the live counts shown before applying.
  assert.deepEqual(await listCounts(), expected);

  // The notice says the thresholds were edited by the agent, with the validated ones.
  await page.click("#nav-method");
  await page.locator("#notice-seuils").waitFor();
  const notice = await page.locator("#notice-seuils").innerText();
  assert.match(notice, /Seuils modifiés par l'agent/);
  assert.ok(notice.includes("rouge à partir de 20,0\u00a0%") && notice.includes("orange à partir de 5,0\u00a0%"), notice);
  assert.ok(notice.includes(`orange ${frPct(validated.orange)}, rouge ${frPct(validated.rouge)}`), notice);
  assert.equal(await page.locator("#notice-model").getAttribute("data-edited"), "true");

  // Back to the validated thresholds: the list is as before.
  await openModelPage();
  await page.click("#thresholds-reset");
  await page.locator('#thresholds[data-edited="false"]').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator("#card-thresholds-edited").count(), 0);
  assert.deepEqual(await listCounts(), before);
});

test("after a retrain in the browser, the notice describes the new model", async () => {
  await page.click("#nav-method");
  const before = await page.locator("#notice-apprentissage").innerText();
  const aucBefore = await page.$$eval("#notice-validation tbody tr", (trs) => trs.map((tr) => tr.cells[3].innerText));
  await openModelPage();
  await page.click("#train");
  await page.locator("#train-message.done").waitFor({ timeout: 600_000 });
  await page.locator("#thresholds").waitFor();
  const window = await page.locator('#model-card dd[data-field="training"]').innerText();
  const aucs = await page.$$eval('#horizon-table tr[data-metric="auc"] td', (tds) => tds.map((td) => td.innerText));
  // A model trained here keeps fine operating points: precision and recall read close by.
  assert.equal(await page.locator("#thresholds-validation-note").getAttribute("data-fine"), "true");
  await page.click("#nav-method");
  await page.locator("#notice-apprentissage").waitFor();
  const after = await page.locator("#notice-apprentissage").innerText();
  assert.notEqual(after, before);
  assert.match(after, /générées dans le navigateur/);
  assert.ok(after.includes(window), `${window} not in\n${after}`);
  const aucAfter = await page.$$eval("#notice-validation tbody tr", (trs) => trs.map((tr) => tr.cells[3].innerText));
  assert.deepEqual(aucAfter, aucs);
  assert.notDeepEqual(aucAfter, aucBefore);
  assert.match(await page.locator("#notice-model").innerText(), /entraîné ici/);
});

test("no console error, no request off this machine", () => {
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests, []);
});
