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
const foreignRequests = [];

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer("dist", 0);
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
  const risks = await page.locator("table.firms tbody tr td:last-child").allInnerTexts();
  const values = risks.map((t) => Number(t.replace(/[^\d,]/g, "").replace(",", ".")));
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

  // Same files, same engine natively and in WebAssembly: the CLI ranks the firms in the
  // browser's order with the same risks (features, training and scoring compared end to end).
  const dir = mkdtempSync(join(tmpdir(), "vigie-e2e-"));
  execFileSync(VIGIE, ["demo", "--firms", firms, "--seed", seed, "--out", join(dir, "demo")]);
  execFileSync(VIGIE, ["score", join(dir, "demo"), "-o", join(dir, "scores.csv")]);
  const fields = (line) => [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]).slice(0, -1);
  const [header, ...rowsCli] = readFileSync(join(dir, "scores.csv"), "utf8").trim().split("\n").map(fields);
  const [iSiren, iProba] = [header.indexOf("siren"), header.indexOf("proba_18m")];
  const sirens = await page.locator("table.firms tbody tr td:nth-child(3)").allInnerTexts();
  assert.ok(sirens.length >= 20);
  sirens.forEach((shownSiren, i) => {
    assert.equal(shownSiren.replace(/\s/g, ""), rowsCli[i][iSiren], `rank ${i + 1}`);
    const percent = (Number(rowsCli[i][iProba]) * 100).toFixed(1).replace(".", ",");
    assert.equal(risks[i].replace(/\s/g, ""), `${percent}%`, `risk at rank ${i + 1}`);
  });
});

test("opening a firm shows its explanation and its history chart", async () => {
  await page.locator("table.firms tbody tr button.link").first().click();
  await page.locator("#chart-history .main-svg").first().waitFor({ timeout: 30_000 });
  assert.ok(await page.locator("table.explain tbody tr").count() >= 3);
  assert.ok(await page.locator("#chart-history .scatterlayer .trace").count() >= 2);
  await page.screenshot({ path: `${SHOTS}/4-fiche.png`, fullPage: true });
  const siren = new URL(page.url()).searchParams.get("siren");
  assert.match(siren ?? "", /^\d{9}$/);
  // The browser's Back button returns to the list (the import is kept), Forward to the firm.
  await page.goBack();
  await page.locator("table.firms").waitFor();
  assert.equal(new URL(page.url()).searchParams.get("siren"), null);
  await page.goForward();
  await page.locator("#chart-history .main-svg").first().waitFor({ timeout: 30_000 });
  assert.match(await page.locator(".identity").innerText(), new RegExp(siren.replace(/(\d{3})(\d{3})(\d{3})/, "$1 $2 $3")));
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

/** A French decimal as shown ("+1,328", "-0,599") to a number. */
const frNumber = (t) => Number(t.replace(/\s/g, "").replace("−", "-").replace(",", "."));

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

  // One row per feature group, largest first; intercept + Σ groups = log-odds (to the rounding).
  const groups = page.locator("table.explain tr.group");
  assert.ok((await groups.count()) >= 5, `${await groups.count()} groups`);
  const sums = (await groups.locator("summary > .sum").allInnerTexts()).map(frNumber);
  assert.equal(sums.length, await groups.count());
  for (let i = 1; i < sums.length; i++) assert.ok(Math.abs(sums[i - 1]) >= Math.abs(sums[i]), `sorted: ${sums}`);
  const intercept = frNumber(await page.locator("table.explain tr.reference td.num").innerText());
  const logit = frNumber(await page.locator("table.explain tr.total td.num").innerText());
  const total = sums.reduce((a, b) => a + b, intercept);
  assert.ok(Math.abs(total - logit) < 0.0005 * (sums.length + 1), `${intercept} + Σ ${sums} = ${logit}`);
  const features = groups.first().locator("tr[data-feature]");
  assert.equal(await page.locator("table.explain tr.group summary > .sum").count(), await groups.count());
  assert.equal(await features.first().isVisible(), false);
  await groups.first().locator("summary").first().click();
  assert.ok(await features.first().isVisible());
  assert.ok((await features.count()) >= 1);
  assert.ok((await features.first().locator(".feature").getAttribute("title")).length > 10);
  // The window set above reached the features: December 2024 is a crisis month.
  const inCrisis = page.locator('tr[data-feature="en_periode_de_crise"] td.num').first();
  assert.equal(await inCrisis.textContent(), "oui");
  await page.screenshot({ path: `${SHOTS}/10-fiche-evenement.png`, fullPage: true });
  await page.click("button.back");
  await page.locator("table.firms").waitFor();
});

test("no console error and no request left 127.0.0.1 during the whole session", () => {
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(foreignRequests, []);
});
