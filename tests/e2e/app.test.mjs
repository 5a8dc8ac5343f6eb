// End-to-end tests: the built site (dist/) served on 127.0.0.1, driven in headless Chromium.
// Run with `node --test tests/e2e/` after `trunk build` and `cargo build -p vigie-cli`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, createWriteStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer } from "../../scripts/serve.mjs";

const SHOTS = "test-output/e2e";
const VIGIE = "target/debug/vigie";
let server, browser, page;
const consoleErrors = [];
let demoTop = [];
/** `vigie score` of the app's demo: { header, rows }. */
let cliScores;
const foreignRequests = [];

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer(process.env.VIGIE_DIST ?? "dist", 0);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  // Every request of the whole session must stay on this machine.
  page.on("request", (r) => {
    const { protocol, hostname } = new URL(r.url());
    if (!["data:", "blob:"].includes(protocol) && hostname !== "127.0.0.1") foreignRequests.push(r.url());
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The CLI's demo files in a fresh folder. */
function demoFiles(firms, seed) {
  const dir = mkdtempSync(join(tmpdir(), "vigie-e2e-"));
  execFileSync(VIGIE, ["demo", "--firms", String(firms), "--seed", String(seed), "--out", dir]);
  return dir;
}

/** The CLI's import report (JSON) for a folder: `vigie ingest` when it exists, else `vigie score`. */
function cliReport(dir) {
  const out = join(mkdtempSync(join(tmpdir(), "vigie-report-")), "report.json");
  const ingest = spawnSync(VIGIE, ["ingest", dir, "--report", out]);
  if (ingest.status !== 0) execFileSync(VIGIE, ["score", dir, "--report", out, "--output", `${out}.csv`]);
  return JSON.parse(readFileSync(out, "utf8"));
}

/** The counters each file card shows, by file name. */
async function shownCounters() {
  return page.$$eval("article.file-card", (cards) =>
    Object.fromEntries(
      cards.map((card) => [
        card.dataset.file,
        Object.fromEntries(
          [...card.querySelectorAll("td[data-value]")]
            .filter((td) => td.dataset.field)
            .map((td) => [td.dataset.field, Number(td.dataset.value)]),
        ),
      ]),
    ),
  );
}

const REPORT = "#import-report";

/** A French decimal as shown ("+1,328", "-0,599") to a number. */
const frNumber = (t) => Number(t.replace(/\s/g, "").replace("−", "-").replace(",", "."));
/** A French percentage as shown ("12,3 %") to a number (12.3). */
const frPercent = (t) => Number(t.replace(/[^\d,-]/g, "").replace(",", "."));

/** A CSV written by the CLI: header and rows, quoted fields unquoted. */
function readCsv(path) {
  const fields = (line) =>
    [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1].replace(/^"(.*)"$/s, "$1").replace(/""/g, '"')).slice(0, -1);
  const [header, ...rows] = readFileSync(path, "utf8").trim().split("\n").map(fields);
  return { header, rows };
}

/** The detection list's rows as shown. */
async function shownRows() {
  return page.$$eval("table.firms tbody tr", (trs) =>
    trs.map((tr) => ({
      siren: tr.querySelector("td:nth-child(3)").innerText.replace(/\s/g, ""),
      alert: tr.querySelector("td.alert .badge").innerText,
      first: tr.querySelector("td.alert").dataset.firstAlert === "true",
      p: [...tr.querySelectorAll("td.risk")].map((td) => Number(td.dataset.p)),
      shown: [...tr.querySelectorAll("td.risk")].map((td) => td.innerText),
      degradation: tr.querySelector("td.degradation").innerText.replace(/\u00a0/g, " "),
      degradationValue: Number(tr.querySelector("td.degradation").dataset.value),
    })),
  );
}

/** The shown rows are the CLI's first rows: same firms, order, probabilities, alerts. */
function assertSameAsCli(shown, header, rowsCli) {
  const col = (name) => header.indexOf(name);
  assert.ok(shown.length >= 20);
  shown.forEach((r, i) => {
    const cli = rowsCli[i];
    assert.equal(r.siren, cli[col("siren")], `rank ${i + 1}`);
    ["p_3m", "p_6m", "p_12m", "p_18m"].forEach((c, k) => {
      const percent = (Number(cli[col(c)]) * 100).toFixed(1).replace(".", ",");
      assert.equal(r.shown[k].replace(/\s/g, ""), `${percent}%`, `${c} at rank ${i + 1}`);
      assert.ok(Math.abs(r.p[k] - Number(cli[col(c)])) < 1e-8, `${c} at rank ${i + 1}: ${r.p[k]} vs ${cli[col(c)]}`);
    });
    assert.equal(r.alert, cli[col("alert")], `alert at rank ${i + 1}`);
    assert.equal(r.first, cli[col("premiere_alerte")] === "1", `first alert at rank ${i + 1}`);
    assert.ok(Math.abs(r.degradationValue - Number(cli[col("degradation")])) < 1e-3, `degradation at rank ${i + 1}`);
  });
}

test("the page loads with a drop zone, no console error, and says files stay local", async () => {
  await page.goto(server.url);
  await page.locator("#load-demo").waitFor();
  assert.match(await page.locator(".privacy").innerText(), /traités localement.*aucune donnée ne quitte votre poste/);
  assert.match(await page.locator("#drop-zone").innerText(), /Déposez ici.*dossier/s);
  assert.equal(await page.locator("#pick-folder").getAttribute("webkitdirectory"), "");
  await page.screenshot({ path: `${SHOTS}/1-accueil.png`, fullPage: true });
  assert.deepEqual(consoleErrors, []);
});

test("after load, the page cannot reach the network, not even its own server", async () => {
  const outcome = await page.evaluate(async () => {
    try {
      await fetch("./index.html");
      return "fetched";
    } catch {
      return "blocked";
    }
  });
  assert.equal(outcome, "blocked");
  consoleErrors.length = 0; // the CSP violation report above is expected
});

test("the demo button shows the import report first, then a list ranked by risk, with the CLI's data", async () => {
  await page.click("#load-demo");
  await page.locator(REPORT).waitFor({ timeout: 60_000 });
  assert.equal(await page.locator("article.file-card").count(), 16);
  assert.equal(await page.locator("article.fatal-card").count(), 0);
  assert.equal(await page.locator("#missing-sources").count(), 0);
  await page.screenshot({ path: `${SHOTS}/2-rapport-demo.png`, fullPage: true });

  await page.click("#analyse");
  await page.locator("table.firms tbody tr").first().waitFor({ timeout: 60_000 });
  const rows = await page.locator("table.firms tbody tr").count();
  assert.ok(rows >= 20, `${rows} rows`);
  const risks = await page.locator("table.firms tbody tr td.risk[data-horizon='18']").allInnerTexts();
  const values = risks.map(frPercent);
  for (let i = 1; i < values.length; i++) assert.ok(values[i - 1] >= values[i], `sorted: ${risks}`);
  await page.screenshot({ path: `${SHOTS}/3-liste.png`, fullPage: true });
  // The feature dictionary under the list: every variable, by group, with its definition.
  await page.click("#dictionary > summary");
  const entries = page.locator("table.dictionary tr[data-feature]");
  assert.equal(await entries.count(), 81);
  assert.match(await page.locator('table.dictionary tr[data-feature="dette_sur_cotisations"]').innerText(), /mois de cotisations/);
  assert.ok((await page.locator("table.dictionary td.center", { hasText: "✓" }).count()) >= 5);
  await page.click("#dictionary > summary");
  demoTop = await page.locator("table.firms tbody tr").allInnerTexts();

  // Same seed, same data: the browser's demo files are byte-identical to the CLI's.
  const code = page.locator("#fingerprint");
  const [shown, firms, seed] = [await code.innerText(), await code.getAttribute("data-firms"), await code.getAttribute("data-seed")];
  const cli = execFileSync(VIGIE, ["demo", "--firms", firms, "--seed", seed, "--fingerprint"]).toString().trim();
  assert.equal(shown, cli);

  // Same files, same engine natively and in WebAssembly, same embedded model: the CLI ranks the
  // firms in the browser's order with the same risks at every horizon, the same alerts, first
  // alerts and degradation scores (features and scoring compared end to end).
  const dir = mkdtempSync(join(tmpdir(), "vigie-e2e-"));
  execFileSync(VIGIE, ["demo", "--firms", firms, "--seed", seed, "--out", join(dir, "demo")]);
  execFileSync(VIGIE, ["score", join(dir, "demo"), "-o", join(dir, "scores.csv")]);
  const { header, rows: rowsCli } = readCsv(join(dir, "scores.csv"));
  cliScores = { header, rows: rowsCli };
  assert.deepEqual(header.slice(0, 11), [
    "siren", "month", "p_3m", "p_6m", "p_12m", "p_18m", "alert", "degradation", "signal_fort", "premiere_alerte", "raison_sociale",
  ]);
  assert.equal(header.indexOf("proba_18m"), -1);
  assert.ok(header.includes("logit_18m") && header.includes("contrib_dette_sur_cotisations_18m"));
  assertSameAsCli(await shownRows(), header, rowsCli);
  // Strong signals come last, never scored, as many as the list says.
  const col = (name) => header.indexOf(name);
  const firstStrong = rowsCli.findIndex((r) => r[col("signal_fort")] === "1");
  assert.ok(firstStrong > 0);
  const strong = rowsCli.slice(firstStrong);
  assert.ok(strong.every((r) => r[col("signal_fort")] === "1" && ["p_3m", "p_6m", "p_12m", "p_18m"].every((c) => r[col(c)] === "")));
  assert.ok(rowsCli.slice(0, firstStrong).every((r) => r[col("signal_fort")] === "0"));
  assert.match(await page.locator("p.summary").innerText(), new RegExp(`· ${strong.length} en procédure collective`));
});

test("the list shows four non-decreasing probabilities per firm, the degradation score, and which model scores", async () => {
  const rows = await shownRows();
  assert.ok(rows.length >= 20);
  for (const r of rows) {
    assert.equal(r.p.length, 4, r.siren);
    for (let i = 1; i < 4; i++) assert.ok(r.p[i - 1] <= r.p[i], `${r.siren}: ${r.p}`);
    assert.deepEqual(r.shown.map(frPercent), r.p.map((p) => Number((p * 100).toFixed(1))), r.siren);
    assert.match(r.degradation, /^[+-]?\d+,\d pts$/, r.siren);
  }
  // The first-alert badge where the engine says so, and only there.
  const flagged = await page.locator("table.firms tbody td.alert[data-first-alert='true']").count();
  assert.equal(await page.locator("table.firms tbody td.alert .badge.first").count(), flagged);
  const line = page.locator("#model-line");
  assert.match(await line.innerText(), /Modèle intégré — entraîné sur des données synthétiques de démonstration/);
  assert.equal(await line.getAttribute("data-synthetic"), "true");
  assert.match(await line.locator(".badge.synthetic").innerText(), /données synthétiques/);
  assert.equal(await page.locator("#model-link").getAttribute("href"), "?vue=modele");
});

test("opening a firm shows its explanation and its history chart", async () => {
  await page.locator("table.firms tbody tr button.link").first().click();
  await page.locator("#chart-employment .main-svg").first().waitFor({ timeout: 30_000 });
  assert.ok(await page.locator("table.explain tbody tr").count() >= 3);
  assert.ok(await page.locator("#chart-employment .scatterlayer .trace").count() >= 2);
  // The term structure: four non-decreasing probabilities, then the degradation score.
  const terms = (await page.locator("#term-structure td.risk").allInnerTexts()).map(frPercent);
  assert.equal(terms.length, 4);
  for (let i = 1; i < 4; i++) assert.ok(terms[i - 1] <= terms[i], `${terms}`);
  assert.match(await page.locator("#term-structure td.degradation").innerText(), /^[+-]?\d+,\d\s?pts$/);
  assert.match(await page.locator(".scored-by").innerText(), /Noté par : Modèle intégré/);
  await page.screenshot({ path: `${SHOTS}/4-fiche.png`, fullPage: true });
  const siren = new URL(page.url()).searchParams.get("siren");
  assert.match(siren ?? "", /^\d{9}$/);
  // The browser's Back button returns to the list (the import is kept), Forward to the firm.
  await page.goBack();
  await page.locator("table.firms").waitFor();
  assert.equal(new URL(page.url()).searchParams.get("siren"), null);
  await page.goForward();
  await page.locator("#chart-employment .main-svg").first().waitFor({ timeout: 30_000 });
  assert.match(await page.locator(".identity").innerText(), new RegExp(siren.replace(/(\d{3})(\d{3})(\d{3})/, "$1 $2 $3")));
  await page.click("button.back");
  await page.locator("table.firms").waitFor();
});

test("the firm page explains the score exactly: waterfall by group with drill-down, reasons, counterfactual, change since last month", async () => {
  await page.locator("table.firms tbody tr button.link").first().click();
  await page.locator("#chart-waterfall .main-svg").first().waitFor({ timeout: 30_000 });
  const siren = new URL(page.url()).searchParams.get("siren");
  // The exact table: reference + Σ groups (+ the shorter-horizon term) = the firm's log-odds.
  const groups = (await page.locator("table.explain tr.group summary > .sum").allInnerTexts()).map(frNumber);
  const structure = (await page.locator("table.explain tr.structure td.num").allInnerTexts()).map(frNumber);
  const reference = frNumber(await page.locator("table.explain tr.reference td.num").innerText());
  const logit = frNumber(await page.locator("table.explain tr.total td.num").innerText());
  const sum = [...groups, ...structure].reduce((a, b) => a + b, reference);
  assert.ok(Math.abs(sum - logit) < 0.0005 * (groups.length + 2), `${reference} + ${groups} = ${logit}`);
  // The same reference and log-odds as `vigie score` (sector median firm), and the same reasons.
  const { header, rows } = cliScores;
  const row = rows.find((r) => r[0] === siren);
  assert.ok(row, siren);
  assert.equal(reference.toFixed(3), Number(row[header.indexOf("reference_logit_18m")]).toFixed(3));
  assert.equal(logit.toFixed(3), Number(row[header.indexOf("logit_18m")]).toFixed(3));
  const aggravating = page.locator("#reasons ol.aggravating li[data-feature]");
  const n = await aggravating.count();
  assert.ok(n >= 1 && n <= 4, `${n} reasons`);
  assert.ok((await page.locator("#reasons ol.mitigating li[data-feature]").count()) <= 2);
  for (let k = 0; k < n; k++) {
    const shown = (await aggravating.nth(k).innerText()).replace(/\s*\([^()]*pts\)$/, "");
    assert.equal(shown.replace(/\s+/g, " "), row[header.indexOf(`reason_${k + 1}`)].replace(/\s+/g, " "));
    assert.match(shown, /(contre .+ pour l'entreprise médiane du secteur|la plupart des entreprises du secteur|contrairement à l'entreprise médiane du secteur)\.$/);
  }
  // The waterfall: one bar per group plus the reference and the firm; drill-down to features.
  assert.match(await page.locator("#chart-waterfall").innerText(), /Entreprise médiane du secteur[\s\S]*Cette entreprise/);
  const debt = page.locator("#explain-drill button[data-group='dette_sociale']");
  await debt.focus();
  await page.keyboard.press("Enter");
  assert.equal(await debt.getAttribute("aria-pressed"), "true");
  await page.waitForFunction(() => document.querySelector("#chart-waterfall")?.innerText.includes("Après"));
  assert.match(await page.locator("#chart-waterfall").innerText(), /Dette URSSAF/);
  await page.selectOption("#explain-unit", "pp");
  await page.waitForFunction(() => document.querySelector("#chart-waterfall")?.innerText.includes("pt"));
  assert.match(await page.locator(".unit-help").innerText(), /points de pourcentage, ajoutées dans l'ordre affiché/);
  await page.selectOption("#explain-unit", "points");
  await page.click("#explain-drill button:first-child");
  // The population reference gives another, equally exact, decomposition.
  const sectorSummary = await page.locator("#explain-summary").innerText();
  assert.match(sectorSummary, /division NAF \d{2}/);
  await page.selectOption("#explain-reference", "population");
  await page.waitForFunction((s) => document.querySelector("#explain-summary")?.innerText !== s, sectorSummary);
  assert.match(await page.locator("#explain-summary").innerText(), /toutes les entreprises notées/);
  await page.selectOption("#explain-reference", "sector");
  // What it would take to leave the alert: the first firm is in alert.
  const targets = page.locator("#counterfactual .target");
  assert.ok((await targets.count()) >= 1);
  assert.match(await targets.first().innerText(), /Pour (passer sous le seuil rouge|sortir de l'alerte)/);
  assert.match(await page.locator("#counterfactual").innerText(), /(Rembourser|Obtenir|Réduire) .* → risque \d+,\d\s%|Aucun levier seul ne suffit/);
  assert.match(await page.locator("#counterfactual").innerText(), /jamais le secteur, l'âge ou la taille/);
  // What changed since last month, by group and feature.
  assert.match(await page.locator("#change .headline").innerText(), /^Depuis novembre 2024 : risque à 18\smois passé de \d+,\d\s% à \d+,\d\s%/);
  await page.screenshot({ path: `${SHOTS}/4b-fiche-explication.png`, fullPage: true });
  await page.click("button.back");
  await page.locator("table.firms").waitFor();
});

test("the English toggle translates the interface", async () => {
  await page.click("button.lang");
  assert.equal(await page.locator("html").getAttribute("lang"), "en");
  assert.match(await page.locator("h1").innerText(), /Detection list/);
  await page.screenshot({ path: `${SHOTS}/5-english.png`, fullPage: true });
  await page.click("button.lang");
});

async function importFiles(paths) {
  if (await page.locator("#new-import").count()) await page.click("#new-import");
  await page.setInputFiles("#pick-files", paths);
}

test("picking the CLI's demo files shows the CLI's report, then exactly the demo button's list", async () => {
  const dir = demoFiles(1000, 2016);
  const paths = readdirSync(dir).reverse().map((f) => join(dir, f)); // any order
  await importFiles(paths);
  await page.locator(REPORT).waitFor({ timeout: 60_000 });
  await page.screenshot({ path: `${SHOTS}/6-rapport-import.png`, fullPage: true });

  // Every counter shown equals the CLI's JSON report for the same files.
  const cli = cliReport(dir);
  const shown = await shownCounters();
  assert.equal(Object.keys(shown).length, cli.files.length);
  for (const f of cli.files) {
    const expected = {
      records_read: f.records_read,
      used: f.accepted + f.accepted_with_warnings,
      accepted_with_warnings: f.accepted_with_warnings,
      rejected: f.rejected,
      skipped: f.skipped,
      ...(f.filtered > 0 ? { filtered: f.filtered } : {}),
    };
    assert.deepEqual(shown[f.name], expected, f.name);
  }
  // The fingerprint, hashed while the chunks streamed by, is the CLI's.
  const printed = execFileSync(VIGIE, ["demo", "--firms", "1000", "--seed", "2016", "--fingerprint"]).toString().trim();
  assert.equal(await page.locator("#report-fingerprint").innerText(), printed);

  await page.click("#analyse");
  await page.locator("#fingerprint[data-demo='false']").waitFor({ timeout: 60_000 });
  assert.deepEqual(await page.locator("table.firms tbody tr").allInnerTexts(), demoTop);
});

test("files dropped on the drop zone are read like picked ones", async () => {
  const dir = demoFiles(300, 5);
  const files = readdirSync(dir).map((name) => ({ name, text: readFileSync(join(dir, name), "latin1") }));
  await page.click("#new-import");
  await page.locator("#drop-zone").waitFor();
  await page.evaluate((files) => {
    const transfer = new DataTransfer();
    for (const f of files) {
      const bytes = Uint8Array.from(f.text, (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], f.name));
    }
    const zone = document.querySelector("#drop-zone");
    zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, files);
  await page.locator(REPORT).waitFor({ timeout: 60_000 });
  const cli = cliReport(dir);
  const shown = await shownCounters();
  for (const f of cli.files) assert.equal(shown[f.name]?.records_read, f.records_read, f.name);
});

test("a bad file is explained: unknown header with the expected columns, malformed line with line, column and value", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vigie-e2e-"));
  const junk = join(dir, "notes.csv");
  writeFileSync(junk, "nom;commentaire\nabc;rien\n");
  const cotis = join(dir, "cotisations.csv");
  writeFileSync(
    cotis,
    "Urssaf_gestion;Dep;Siret;Compte;periode;mer;enc_direct;cotis_due\n" +
      "104;44;19751617200016;002197516172000923746440;202033;16981,98;16981,98;16981,98\n" +
      "104;44;19751617200016;002197516172000923746440;202041;15686,30;15686,30;douze\n",
  );
  await importFiles([junk, cotis]);
  await page.locator(REPORT).waitFor({ timeout: 30_000 });

  const unknown = page.locator("article.file-card[data-file='notes.csv']");
  assert.match(await unknown.getAttribute("class"), /fatal-card/);
  assert.match(await unknown.locator(".fatal").innerText(), /type de fichier non reconnu.*debit \(siret, num_cpte/);

  const bad = page.locator("article.file-card[data-file='cotisations.csv']");
  assert.match(await bad.locator(".kind").innerText(), /URSSAF — cotisations dues/);
  assert.equal(await bad.locator("td[data-field='rejected']").getAttribute("data-value"), "1");
  await bad.locator("details.issues summary").click();
  const issue = bad.locator("table.issue-list tbody tr").first();
  assert.equal(await issue.locator("[data-field='line']").innerText(), "3");
  assert.match(await issue.locator("[data-field='column']").innerText(), /cotis_due/);
  assert.match(await issue.locator("[data-field='message']").innerText(), /« douze » : nombre attendu/);
  assert.match(await issue.locator("td.raw").innerText(), /202041/);
  await page.screenshot({ path: `${SHOTS}/7-fichiers-invalides.png`, fullPage: true });

  // With nothing usable, the analysis says why and names the file set aside.
  await importFiles([junk]);
  await page.locator(REPORT).waitFor({ timeout: 30_000 });
  await page.click("#analyse");
  const error = page.locator(".error[role='alert']");
  await error.waitFor({ timeout: 30_000 });
  assert.match(await error.innerText(), /aucune donnée mensuelle exploitable/);
  assert.match(await error.locator("li").first().innerText(), /^notes\.csv — type de fichier non reconnu/);

  // Next to real files, the unknown one is reported and the others are analysed.
  const data = demoFiles(300, 5);
  await importFiles([junk, ...readdirSync(data).map((f) => join(data, f))]);
  await page.locator(REPORT).waitFor({ timeout: 60_000 });
  assert.equal(await page.locator("article.fatal-card").count(), 1);
  await page.click("#analyse");
  await page.locator("table.firms tbody tr").first().waitFor({ timeout: 60_000 });
  await page.locator("details.files summary").click();
  const fatal = await page.locator("details.files .fatal").allInnerTexts();
  assert.equal(fatal.length, 1);
  assert.match(fatal[0], /type de fichier non reconnu/);
});

/** A large cotisation file: the demo's lines over and over, each with its own account number. */
async function largeCotisationFile(dir, megabytes) {
  const demo = demoFiles(300, 7);
  const [header, ...lines] = readFileSync(join(demo, "sigfaible_cotisdues.csv"), "latin1").trim().split("\n");
  const path = join(dir, "grosses_cotisations.csv");
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  let size = 0;
  let rows = 0;
  for (let copy = 0; size < megabytes * 1024 * 1024; copy++) {
    const suffix = String(copy).padStart(6, "0");
    const block = lines
      .map((l) => {
        const f = l.split(";");
        f[3] = f[3].slice(0, -6) + suffix;
        return f.join(";");
      })
      .join("\n") + "\n";
    rows += lines.length;
    size += block.length;
    if (!out.write(block)) await new Promise((ok) => out.once("drain", ok));
  }
  await new Promise((ok) => out.end(ok));
  return { path, rows };
}

test("a large file is read in slices: the progress bar advances and the page keeps answering", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vigie-e2e-"));
  const { path, rows } = await largeCotisationFile(dir, 80);
  await importFiles([path]);
  const seen = new Set();
  let slowest = 0;
  let shot = false;
  while (!(await page.locator(REPORT).count())) {
    const start = Date.now();
    const value = await page.evaluate(() => document.querySelector("#overall-progress")?.getAttribute("aria-valuenow"));
    const took = Date.now() - start;
    if (value == null) continue;
    const pct = Number(value);
    if (pct < 100) {
      slowest = Math.max(slowest, took);
      seen.add(pct);
      if (!shot && pct >= 30) {
        await page.screenshot({ path: `${SHOTS}/8-progression.png`, fullPage: true });
        shot = true;
      }
    }
    await new Promise((ok) => setTimeout(ok, 50));
  }
  assert.ok(seen.size >= 5, `progress values seen: ${[...seen]}`);
  assert.ok(slowest < 1500, `the page took ${slowest} ms to answer while reading`);
  const card = page.locator("article.file-card[data-file='grosses_cotisations.csv']");
  assert.equal(Number(await card.locator("td[data-field='records_read']").getAttribute("data-value")), rows);
  await page.click("#new-import");
});

test("sector events: edited with live validation, saved and loaded locally, shown and explained on the firm page", async () => {
  if (page.url() === "about:blank") await page.goto(server.url); // when run alone
  if (await page.locator("#new-import").count()) await page.click("#new-import");
  await page.click("#load-demo");
  await page.locator(REPORT).waitFor({ timeout: 60_000 });
  const editor = page.locator("#events-editor");
  assert.match(await page.locator("#sector-events h2").innerText(), /Événements sectoriels/);
  // One event for restaurants (the demo's APE 56.10A) under way at the scoring month, one bad line.
  const text =
    "naf_prefix;debut;fin;libelle;severite\n" +
    "56;2024-06;;Fermeture administrative des restaurants;3\n" +
    "47;mars 2020;2021-01;Mauvais mois;2\n";
  await editor.fill(text);
  const issues = page.locator("#events-issues li");
  assert.equal(await issues.count(), 1);
  assert.match(await issues.first().innerText(), /^ligne 3, colonne debut\s:\smois attendu .*mars 2020/);
  assert.match(await page.locator("#events-status").innerText(), /1 événement valide · 1 problème/);
  const valid = page.locator("#events-table tbody tr");
  assert.equal(await valid.count(), 1);
  assert.match(await valid.first().innerText(), /56\s+juin 2024\s+en cours\s+Fermeture administrative des restaurants\s+forte/);
  await page.locator("#sector-events").screenshot({ path: `${SHOTS}/9-evenements.png` });

  // The text survives a language toggle, and the summary is translated.
  await page.click("button.lang");
  assert.match(await page.locator("#events-status").innerText(), /1 valid event · 1 problem/);
  assert.match(await issues.first().innerText(), /^line 3, column debut:/);
  assert.equal(await editor.inputValue(), text);
  await page.click("button.lang");

  // Download: a Blob saved under its name, with the text as typed (after a BOM for spreadsheets).
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#events-download")]);
  assert.equal(download.suggestedFilename(), "evenements_sectoriels.csv");
  assert.equal(readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, ""), text);

  // Loading a file (Windows-1252, as a spreadsheet saves it) replaces the text; the example too.
  await page.setInputFiles("#events-file", {
    name: "evenements.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("naf_prefix;debut;fin;libelle;severite\n55;2020-03;2021-06;Hôtels;forte\n", "latin1"),
  });
  await page.locator("#events-table tbody tr td:has-text('Hôtels')").waitFor();
  await page.click("#events-example");
  assert.equal(await page.locator("#events-table tbody tr").count(), 3);
  await editor.fill(text);

  // The crisis window is a parameter: COVID-19 by default; an end before the start is refused;
  // here the scoring month (December 2024) is put inside it.
  assert.equal(await page.inputValue("#crisis-start"), "2020-03");
  assert.equal(await page.inputValue("#crisis-end"), "2021-06");
  await page.fill("#crisis-start", "2024-06");
  await page.dispatchEvent("#crisis-start", "change");
  const error = page.locator("#crisis-error");
  await error.waitFor();
  assert.match(await error.innerText(), /période appliquée : mars 2020 – juin 2021/);
  await page.fill("#crisis-end", "2024-12");
  await page.dispatchEvent("#crisis-end", "change");
  assert.equal(await error.count(), 0);

  await page.click("#analyse");
  await page.locator("table.firms tbody tr").first().waitFor({ timeout: 60_000 });
  // A restaurant from the list (paging on if none is on the first page).
  let opened = false;
  for (let p = 0; p < 30 && !opened; p++) {
    const rows = page.locator("table.firms tbody tr");
    const nafs = await rows.locator("td:nth-child(5)").allInnerTexts();
    const i = nafs.findIndex((n) => n.startsWith("56"));
    if (i >= 0) {
      await rows.nth(i).locator("button.link").click();
      opened = true;
    } else if (await page.locator("nav.pager button:last-child").isDisabled()) break;
    else await page.click("nav.pager button:last-child");
  }
  assert.ok(opened, "a firm of NAF 56 in the detection list");
  const badge = page.locator("#sector-event");
  await badge.waitFor();
  assert.match(await badge.innerText(), /Événement sectoriel\s: Fermeture administrative des restaurants \(forte\) depuis juin 2024/);

  // One row per feature group, largest first; reference + Σ groups = log-odds (to the rounding).
  const groups = page.locator("table.explain tr.group");
  assert.ok((await groups.count()) >= 5, `${await groups.count()} groups`);
  const sums = (await groups.locator("summary > .sum").allInnerTexts()).map(frNumber);
  assert.equal(sums.length, await groups.count());
  for (let i = 1; i < sums.length; i++) assert.ok(Math.abs(sums[i - 1]) >= Math.abs(sums[i]), `sorted: ${sums}`);
  const intercept = frNumber(await page.locator("table.explain tr.reference td.num").innerText());
  const logit = frNumber(await page.locator("table.explain tr.total td.num").innerText());
  const structure = (await page.locator("table.explain tr.structure td.num").allInnerTexts()).map(frNumber);
  const total = [...sums, ...structure].reduce((a, b) => a + b, intercept);
  assert.ok(Math.abs(total - logit) < 0.0005 * (sums.length + 1), `${intercept} + Σ ${sums} = ${logit}`);
  const features = groups.first().locator("tr[data-feature]");
  assert.equal(await page.locator("table.explain tr.group summary > .sum").count(), await groups.count());
  assert.equal(await features.first().isVisible(), false);
  await groups.first().locator("summary").first().click();
  assert.ok(await features.first().isVisible());
  assert.ok((await features.count()) >= 1);
  assert.ok((await features.first().locator(".feature").getAttribute("title")).length > 10);
  // The embedded model scores with its own crisis window (COVID-19): December 2024 is not in it.
  const inCrisis = page.locator('tr[data-feature="en_periode_de_crise"] td.num').first();
  assert.equal(await inCrisis.textContent(), "non");
  await page.screenshot({ path: `${SHOTS}/10-fiche-evenement.png`, fullPage: true });
  await page.click("button.back");
  await page.locator("table.firms").waitFor();
  // The window set above is the one a training in the browser would use.
  await page.click("#model-link");
  assert.match(await page.locator("#train-crisis").innerText(), /^juin 2024 – décembre 2024$/);
  assert.match(await page.locator("#model-card [data-field='crisis']").innerText(), /mars 2020 – juin 2021/);
  await page.click("#model-page button.back");
  await page.locator("table.firms").waitFor();
});

/** The demo analysed from scratch, without sector events and with the default crisis window. */
async function freshDemo() {
  if (page.url() === "about:blank") await page.goto(server.url); // when run alone
  if (await page.locator("#model-page").count()) {
    await page.click("#model-page button.back");
    await page.locator("table.firms").waitFor();
  }
  if (await page.locator("#new-import").count()) await page.click("#new-import");
  await page.click("#load-demo");
  await page.locator(REPORT).waitFor({ timeout: 60_000 });
  await page.locator("#events-editor").fill("");
  for (const [id, value] of [["#crisis-start", "2020-03"], ["#crisis-end", "2021-06"]]) {
    await page.fill(id, value);
    await page.dispatchEvent(id, "change");
  }
  await page.click("#analyse");
  await page.locator("table.firms tbody tr").first().waitFor({ timeout: 60_000 });
}

/** A row of the model card's per-horizon table, as numbers when `number`. */
async function horizonRow(metric) {
  return page.locator(`#horizon-table tr[data-metric='${metric}'] td`).allInnerTexts();
}

test("the model page shows the model card, validation metrics and curves, backtests and shape functions", async () => {
  await freshDemo();
  await page.click("#model-link");
  await page.locator("#model-page").waitFor();
  assert.equal(new URL(page.url()).searchParams.get("vue"), "modele");
  assert.match(await page.locator("#model-source").innerText(), /Modèle intégré — entraîné sur des données synthétiques de démonstration/);
  assert.match(await page.locator("#model-card [data-field='data']").innerText(), /synthétiques/);
  assert.equal(await page.locator("#model-card [data-field='data'] .badge.synthetic").count(), 1);
  assert.match(await page.locator("#model-card [data-field='training']").innerText(), /^\S+ \d{4} – \S+ \d{4}$/);
  assert.ok(Number(await page.locator("#model-card [data-field='features']").innerText()) >= 10);
  // Per horizon: training, calibration in words, thresholds, validation metrics.
  assert.deepEqual(
    (await page.locator("#horizon-table thead th[data-horizon]").allInnerTexts()).map((t) => t.replace(/\s/g, " ")),
    ["3 mois", "6 mois", "12 mois", "18 mois"],
  );
  for (const auc of (await horizonRow("auc")).map(frNumber)) assert.ok(auc > 0.6 && auc <= 1, `AUC ${auc}`);
  for (const ap of (await horizonRow("ap")).map(frNumber)) assert.ok(ap > 0 && ap <= 1, `AP ${ap}`);
  for (const brier of (await horizonRow("brier")).map(frNumber)) assert.ok(brier > 0 && brier < 0.25, `Brier ${brier}`);
  for (const c of await horizonRow("calibration")) assert.match(c, /Platt sur la fenêtre récente|taux de base de long terme|aucune/);
  const [orange, rouge] = [(await horizonRow("orange")).map(frPercent), (await horizonRow("rouge")).map(frPercent)];
  orange.forEach((o, i) => assert.ok(o <= rouge[i], `thresholds ${o} ≤ ${rouge[i]}`));
  for (const top of await horizonRow("top1")) assert.match(top, /^\d+,\d\s%\s·\s\d+,\d\s%\s·\s×\d+,\d$/);
  assert.equal((await horizonRow("calibration-in-the-large")).length, 4);
  // Curves: ROC with the chance diagonal, precision-recall, reliability with the diagonal.
  for (const id of ["chart-roc", "chart-pr", "chart-reliability"]) await page.locator(`#${id} .main-svg`).first().waitFor({ timeout: 30_000 });
  assert.equal(await page.locator("#chart-roc .scatterlayer .trace").count(), 5);
  assert.equal(await page.locator("#chart-pr .scatterlayer .trace").count(), 4);
  assert.equal(await page.locator("#chart-reliability .scatterlayer .trace").count(), 5);
  // Backtests: evaluated cutoffs with their metrics, the others with the reason.
  const backtests = page.locator("#backtests tbody tr");
  assert.ok((await backtests.count()) >= 4);
  const evaluated = page.locator("#backtests tbody tr.evaluated");
  assert.ok((await evaluated.count()) >= 1);
  assert.match(await evaluated.first().innerText(), /^juin \d{4}\s+\d+\smois\s+(oui|non)\s/);
  const auc = frNumber(await evaluated.first().locator("td[data-field='auc']").innerText());
  assert.ok(auc > 0.5 && auc <= 1, `backtest AUC ${auc}`);
  assert.ok((await page.locator("#backtests tbody tr.crisis").count()) >= 1);
  const skipped = page.locator("#backtests td.skipped");
  if (await skipped.count()) assert.match(await skipped.first().innerText(), /^non évalué : \S/);
  // Shape functions of the 18-month horizon, then of another one.
  assert.equal(await page.inputValue("#shape-horizon"), "18");
  await page.locator("#shape-0 .main-svg").first().waitFor({ timeout: 30_000 });
  assert.equal(await page.locator("#shape-grid figure.shape").count(), 12);
  assert.ok((await page.locator("#shape-0 .scatterlayer .trace").count()) >= 2);
  assert.ok((await page.locator("#shape-grid figcaption").first().innerText()).length > 3);
  const first18 = await page.locator("#shape-grid figure.shape").first().getAttribute("data-feature");
  assert.ok(first18.length > 0);
  // Global explanation: importance (mean |contribution| over the scored firms), the shapes in
  // that order, each with the population's density, and every shape one click away.
  await page.locator("#importance .main-svg").first().waitFor({ timeout: 30_000 });
  assert.equal(await page.locator("#model-importance h2").innerText(), "Importance des variables");
  assert.equal(await page.locator("#importance .barlayer .point").count(), 20);
  assert.match((await page.locator("#importance-help").innerText()).replace(/\s/g, " "), /écart absolu moyen, en log-cote.* sur les \d+ entreprises notées en décembre 2024\./);
  // The most important feature is drawn on top (plotly lists the ticks bottom up) and comes first in the shape grid.
  const ticks = await page.locator("#importance .yaxislayer-above .ytick text").evaluateAll((ts) => ts.map((t) => t.textContent));
  assert.equal(ticks.length, 20);
  const firstShape = await page.locator("#shape-grid figcaption").first().innerText();
  assert.ok([ticks[0], ticks.at(-1)].includes(firstShape), `${firstShape} in ${ticks}`);
  assert.equal(await page.locator("#shape-0 .scatterlayer .trace").count(), 2);
  assert.equal(await page.locator("#shape-0 .barlayer .trace").count(), 1);
  const features = Number(await page.locator("#model-card [data-field='features']").innerText());
  const all = page.locator("#shapes-all");
  assert.equal(await all.innerText(), `Afficher les ${features - 12} autres fonctions de forme`);
  assert.equal(await all.getAttribute("aria-expanded"), "false");
  await all.click();
  assert.equal(await page.locator("#shape-grid figure.shape").count(), features);
  const ids = await page.locator("#shape-grid figure.shape").evaluateAll((fs) => fs.map((f) => f.dataset.feature));
  assert.equal(new Set(ids).size, features);
  assert.equal(await all.getAttribute("aria-expanded"), "true");
  await page.locator(`#shape-${features - 1} .main-svg`).first().waitFor({ timeout: 30_000 });
  await page.screenshot({ path: `${SHOTS}/11-modele.png`, fullPage: true });
  await all.click();
  assert.equal(await page.locator("#shape-grid figure.shape").count(), 12);
  // Pairwise terms as heatmaps, as many as the model card says.
  const pairs18 = Number(await page.locator("#horizon-table tr[data-metric='pairs'] td").last().innerText());
  assert.equal(await page.locator("#pairs figure.pair").count(), pairs18);
  if (pairs18 > 0) {
    await page.locator("#pair-0 .main-svg").first().waitFor({ timeout: 30_000 });
    assert.equal(await page.locator("#pair-0 .heatmaplayer .hm").count(), 1);
    assert.match(await page.locator("#pairs figure.pair figcaption").first().innerText(), / × .* · importance : \d+,\d{3}\s?log-cote$/);
  }
  await page.selectOption("#shape-horizon", "3");
  await page.locator("#shape-0 .main-svg").first().waitFor({ timeout: 30_000 });
  assert.equal(await page.locator("#shape-grid figure.shape").count(), 12);
  assert.ok((await page.locator("#pairs figure.pair").count()) + (await page.locator("#no-pairs").count()) >= 1);
  // English, then Back and Forward between the list and the model page.
  await page.click("button.lang");
  assert.match(await page.locator("#model-page h1").innerText(), /Risk model/);
  assert.match(await page.locator("#model-source").innerText(), /Built-in model — trained on synthetic demonstration data/);
  assert.equal(await page.locator("#model-importance h2").innerText(), "Feature importance");
  assert.match(await page.locator("#shapes-all").innerText(), /^Show the \d+ other shape functions$/);
  await page.click("button.lang");
  await page.goBack();
  await page.locator("table.firms").waitFor();
  assert.equal(new URL(page.url()).searchParams.get("vue"), null);
  await page.goForward();
  await page.locator("#model-page").waitFor();
  await page.locator("#shape-0 .main-svg").first().waitFor({ timeout: 30_000 });
});

let downloadedModel;
let trainedRows;

test("retraining in the browser: cancellable, progress to the end, then the firms are scored with the new model, which downloads", async () => {
  if (!(await page.locator("#model-page").count())) {
    await freshDemo();
    await page.click("#model-link");
  }
  // Cancelled between two steps: the current model stays.
  await page.click("#train");
  await page.click("#train-cancel");
  const message = page.locator("#train-message");
  await message.waitFor({ timeout: 60_000 });
  assert.match(await message.innerText(), /Apprentissage interrompu/);
  assert.match(await page.locator("#model-source").innerText(), /Modèle intégré/);

  await page.click("#train");
  const seen = [];
  let slowest = 0;
  const started = Date.now();
  while (!(await page.locator("#train-message.done").count())) {
    assert.ok(Date.now() - started < 120_000, "training took more than 120 s");
    const asked = Date.now();
    const value = await page.evaluate(() => document.querySelector("#train-progress")?.value);
    slowest = Math.max(slowest, Date.now() - asked);
    if (value != null) seen.push(value);
    await new Promise((ok) => setTimeout(ok, 50));
  }
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i - 1] <= seen[i], `progress went back: ${seen}`);
  assert.ok(new Set(seen).size >= 3, `progress values seen: ${seen}`);
  assert.ok(slowest < 1500, `the page took ${slowest} ms to answer while training`);
  const bar = page.locator("#train-progress");
  assert.equal(await bar.evaluate((b) => b.value), await bar.evaluate((b) => b.max));
  assert.match(await page.locator("#train-message").innerText(), /Apprentissage terminé/);
  assert.match(await page.locator("#model-source").innerText(), /Modèle entraîné ici sur les données de démonstration/);
  assert.match(await page.locator("#model-card [data-field='data']").innerText(), /générées dans le navigateur/);
  await page.screenshot({ path: `${SHOTS}/12-modele-entraine.png`, fullPage: true });

  // The model downloads as a versioned JSON document, without any request.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#model-download")]);
  assert.equal(download.suggestedFilename(), "vigie-modele.json");
  downloadedModel = readFileSync(await download.path(), "utf8");
  assert.match(downloadedModel, /"format":\s*"vigie-model"/);
  const model = JSON.parse(downloadedModel);
  assert.equal(model.training.synthetic, true);
  assert.deepEqual(model.horizons.map((h) => h.horizon), [3, 6, 12, 18]);

  // Everywhere: the list says so, and ranks the firms as `vigie score` does natively with the
  // downloaded model.
  await page.click("#model-page button.back");
  await page.locator("table.firms tbody tr").first().waitFor();
  assert.match(await page.locator("#model-line").innerText(), /Modèle entraîné ici sur les données de démonstration/);
  trainedRows = await shownRows();
  const dir = mkdtempSync(join(tmpdir(), "vigie-e2e-"));
  writeFileSync(join(dir, "modele.json"), downloadedModel);
  execFileSync(VIGIE, ["demo", "--firms", "1000", "--seed", "2016", "--out", join(dir, "demo")]);
  execFileSync(VIGIE, ["score", join(dir, "demo"), "--model", join(dir, "modele.json"), "-o", join(dir, "scores.csv")]);
  const { header, rows } = readCsv(join(dir, "scores.csv"));
  assertSameAsCli(trainedRows, header, rows);
});

test(
  "training natively (vigie score --train) gives the model trained in the browser",
  async () => {
    assert.ok(trainedRows, "run after the retraining test");
    const dir = mkdtempSync(join(tmpdir(), "vigie-e2e-"));
    execFileSync(VIGIE, ["demo", "--firms", "1000", "--seed", "2016", "--out", join(dir, "demo")]);
    execFileSync(VIGIE, ["score", join(dir, "demo"), "--train", "-o", join(dir, "scores.csv")]);
    const { header, rows } = readCsv(join(dir, "scores.csv"));
    assertSameAsCli(trainedRows, header, rows);
  },
);

test("a corrupted model file is refused with a clear French message and the list keeps working; a valid one is used", async () => {
  if (!(await page.locator("#model-page").count())) {
    if (!(await page.locator("table.firms").count())) await freshDemo();
    await page.click("#model-link");
  }
  const before = await page.locator("#model-source").innerText();
  await page.setInputFiles("#model-upload", {
    name: "abime.json",
    mimeType: "application/json",
    buffer: Buffer.from('{"format":"vigie-model","schema_version":99}'),
  });
  const error = page.locator("#model-error");
  await error.waitFor();
  assert.equal(await error.getAttribute("role"), "alert");
  assert.match(await error.innerText(), /Modèle refusé : version de modèle 99 non prise en charge \(cette version de Vigie lit la version 1\)/);
  assert.equal(await page.locator("#model-source").innerText(), before);
  await page.setInputFiles("#model-upload", { name: "texte.json", mimeType: "application/json", buffer: Buffer.from("pas du JSON") });
  await page.locator("#model-error", { hasText: "fichier de modèle illisible" }).waitFor();
  await page.setInputFiles("#model-upload", { name: "autre.json", mimeType: "application/json", buffer: Buffer.from('{"format":"autre"}') });
  await page.locator("#model-error", { hasText: "n'est pas un modèle Vigie" }).waitFor();
  await page.screenshot({ path: `${SHOTS}/13-modele-refuse.png`, fullPage: true });

  // The list still works: rows, a firm page, back.
  await page.click("#model-page button.back");
  const rows = page.locator("table.firms tbody tr");
  await rows.first().waitFor();
  assert.ok((await rows.count()) >= 20);
  const shownBefore = await shownRows();
  await rows.first().locator("button.link").click();
  await page.locator("#term-structure").waitFor();
  await page.click("button.back");
  await page.locator("table.firms").waitFor();

  // A valid model file (the one downloaded above, else the embedded one's settings) is used.
  if (downloadedModel) {
    await page.click("#model-link");
    await page.setInputFiles("#model-upload", { name: "vigie-modele.json", mimeType: "application/json", buffer: Buffer.from(downloadedModel) });
    await page.locator("#model-source", { hasText: "Modèle chargé depuis le fichier « vigie-modele.json »" }).waitFor({ timeout: 60_000 });
    assert.equal(await page.locator("#model-error").count(), 0);
    await page.click("#model-page button.back");
    await page.locator("table.firms tbody tr").first().waitFor();
    assert.match(await page.locator("#model-line").innerText(), /Modèle chargé depuis le fichier « vigie-modele\.json »/);
    assert.deepEqual((await shownRows()).map((r) => r.siren), shownBefore.map((r) => r.siren));
  }
});

test("no console error and no request left 127.0.0.1 during the whole session", () => {
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(foreignRequests, []);
});
