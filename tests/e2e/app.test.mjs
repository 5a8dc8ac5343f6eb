// End-to-end tests: the built site (dist/) served on 127.0.0.1, driven in headless Chromium.
// Run with `node --test tests/e2e/` after `trunk build` and `cargo build -p vigie-cli`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer } from "../../scripts/serve.mjs";

const SHOTS = "test-output/e2e";
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

test("the page loads with no console error and says files stay local", async () => {
  await page.goto(server.url);
  await page.locator("#load-demo").waitFor();
  assert.match(await page.locator(".privacy").innerText(), /traités localement.*aucune donnée ne quitte votre poste/);
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

test("the demo button shows a list ranked by risk, with the CLI's data", async () => {
  await page.click("#load-demo");
  await page.locator("table.firms tbody tr").first().waitFor({ timeout: 60_000 });
  const rows = await page.locator("table.firms tbody tr").count();
  assert.ok(rows >= 20, `${rows} rows`);
  const risks = await page.locator("table.firms tbody tr td:last-child").allInnerTexts();
  const values = risks.map((t) => Number(t.replace(/[^\d,]/g, "").replace(",", ".")));
  for (let i = 1; i < values.length; i++) assert.ok(values[i - 1] >= values[i], `sorted: ${risks}`);
  await page.screenshot({ path: `${SHOTS}/2-liste.png`, fullPage: true });
  demoTop = await page.locator("table.firms tbody tr").allInnerTexts();

  // Same seed, same data: the browser's demo files are byte-identical to the CLI's.
  const code = page.locator("#fingerprint");
  const [shown, firms, seed] = [await code.innerText(), await code.getAttribute("data-firms"), await code.getAttribute("data-seed")];
  const cli = execFileSync("target/debug/vigie", ["demo", "--firms", firms, "--seed", seed, "--fingerprint"]).toString().trim();
  assert.equal(shown, cli);
});

test("opening a firm shows its explanation and its history chart", async () => {
  await page.locator("table.firms tbody tr button.link").first().click();
  await page.locator("#chart-history .main-svg").first().waitFor({ timeout: 30_000 });
  assert.ok(await page.locator("table.explain tbody tr").count() >= 3);
  assert.ok(await page.locator("#chart-history .scatterlayer .trace").count() >= 2);
  await page.screenshot({ path: `${SHOTS}/3-fiche.png`, fullPage: true });
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
  await page.screenshot({ path: `${SHOTS}/4-english.png`, fullPage: true });
  await page.click("button.lang");
});

async function importFiles(paths) {
  await page.click("#new-import");
  await page.setInputFiles("#pick-files", paths);
}

test("picking the CLI's demo files gives exactly the demo button's list", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vigie-e2e-"));
  execFileSync("target/debug/vigie", ["demo", "--firms", "1000", "--seed", "2016", "--out", dir]);
  const paths = readdirSync(dir).reverse().map((f) => join(dir, f)); // any order
  await importFiles(paths);
  await page.locator("#fingerprint[data-demo='false']").waitFor({ timeout: 60_000 });
  assert.deepEqual(await page.locator("table.firms tbody tr").allInnerTexts(), demoTop);
  await page.screenshot({ path: `${SHOTS}/5-import.png`, fullPage: true });
});

test("an unknown file alone gets a clear message; next to real files it is reported", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vigie-e2e-"));
  const junk = join(dir, "notes.csv");
  writeFileSync(junk, "nom;commentaire\nabc;rien\n");
  await importFiles([junk]);
  const error = page.locator(".error[role='alert']");
  await error.waitFor({ timeout: 30_000 });
  assert.match(await error.innerText(), /aucune donnée mensuelle exploitable/);
  assert.match(await error.locator("li").first().innerText(), /^notes\.csv — type de fichier non reconnu.*debit \(siret, num_cpte/);
  await page.screenshot({ path: `${SHOTS}/6-erreur.png`, fullPage: true });

  const data = join(dir, "data");
  execFileSync("target/debug/vigie", ["demo", "--firms", "300", "--seed", "5", "--out", data]);
  await page.setInputFiles("#pick-files", [junk, ...readdirSync(data).map((f) => join(data, f))]);
  await page.locator("table.firms tbody tr").first().waitFor({ timeout: 60_000 });
  await page.locator("details.files summary").click();
  const fatal = await page.locator("details.files .fatal").allInnerTexts();
  assert.equal(fatal.length, 1);
  assert.match(fatal[0], /type de fichier non reconnu/);
  await page.screenshot({ path: `${SHOTS}/7-fichier-inconnu.png`, fullPage: true });
});

test("no console error and no request left 127.0.0.1 during the whole session", () => {
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(foreignRequests, []);
});
