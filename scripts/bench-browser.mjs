// Browser benchmark: a region's raw files (the CLI's demo, FIRMS firms, default 30 000) picked in
// the built site (dist/) in headless Chromium. Prints the reading time up to the import report,
// the longest time the page took to answer a probe while reading (a frozen page would show it),
// the progress values seen, the time of the analysis (scoring with the embedded model in wasm)
// of opening the riskiest firm's page up to its explanation's waterfall (reasons, counterfactual,
// change since last month), of the model page's global explanation (importance, shapes with their
// density, pair heatmaps), and of retraining the model in the browser on the region's own history
// (the model page's button); also the firm page's time-series charts, the detection list's
// search, filter, sort and paging at that size, and the Secteurs page's heatmap.
// Usage: make build && cargo build --release -p vigie-cli && node scripts/bench-browser.mjs [FIRMS] [START]
// (START = the data's first month, YYYY-MM, default 2016-01; the data end in December 2024).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, statSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer } from "./serve.mjs";

const firms = Number(process.argv[2] ?? 30000);
const firstMonth = process.argv[3] ?? "2016-01";
const dir = mkdtempSync(join(tmpdir(), "vigie-bench-"));
execFileSync("target/release/vigie", ["demo", "--firms", String(firms), "--start", firstMonth, "--out", dir]);
const paths = readdirSync(dir).map((f) => join(dir, f));
const megabytes = paths.reduce((s, p) => s + statSync(p).size, 0) / 1e6;

const server = await startServer("dist", 0);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(server.url);
  await page.locator("#pick-files").waitFor({ state: "attached" });
  const start = Date.now();
  await page.setInputFiles("#pick-files", paths);
  let slowest = 0;
  const seen = new Set();
  while (!(await page.locator("#import-report").count())) {
    const asked = Date.now();
    const value = await page.evaluate(() => document.querySelector("#overall-progress")?.getAttribute("aria-valuenow"));
    slowest = Math.max(slowest, Date.now() - asked);
    if (value != null) seen.add(Number(value));
    await new Promise((ok) => setTimeout(ok, 100));
  }
  const read = (Date.now() - start) / 1000;
  const analysing = Date.now();
  await page.click("#analyse");
  await page.locator("table.firms tbody tr").first().waitFor({ timeout: 600_000 });
  const analysed = (Date.now() - analysing) / 1000;
  await page.screenshot({ path: join(dir, "..", `vigie-bench-${firms}.png`), fullPage: false });
  const opening = Date.now();
  await page.locator("table.firms tbody tr button.link").first().click();
  await page.locator("#chart-waterfall .main-svg").first().waitFor({ timeout: 120_000 });
  const explained = (Date.now() - opening) / 1000;
  await page.locator("#chart-employment .main-svg").first().waitFor({ timeout: 120_000 });
  await page.locator("#chart-terms .main-svg").first().waitFor({ timeout: 120_000 });
  const charted = (Date.now() - opening) / 1000;
  await page.click("button.back");
  await page.locator("table.firms").waitFor();
  // The detection list's interactions, each timed up to the new rows on screen.
  const timedList = async (action, check) => {
    const began = Date.now();
    await action();
    await page.waitForFunction(check, null, { timeout: 60_000 });
    return Date.now() - began;
  };
  const target = await page.locator("table.firms tbody tr").nth(7).getAttribute("data-siren");
  const list = {
    search: await timedList(
      () => page.fill("#filter-search", target),
      () => document.querySelectorAll("table.firms tbody tr[data-siren]").length === 1,
    ),
    reset: await timedList(
      () => page.click("#filter-reset"),
      () => document.querySelectorAll("table.firms tbody tr[data-siren]").length > 1,
    ),
    section: await timedList(
      () => page.selectOption("#filter-section", { index: 1 }),
      () => document.querySelector("#filter-reset")?.dataset.active === "1",
    ),
    sort: await timedList(
      () => page.click("#sort-debt"),
      () => document.querySelector("th:has(> #sort-debt)")?.getAttribute("aria-sort") === "descending",
    ),
    page: await timedList(
      () => page.click("#page-next"),
      () => document.querySelector("#page-number")?.value === "2",
    ),
  };
  await page.click("#filter-reset");
  const sectoring = Date.now();
  await page.click("#nav-sectors");
  await page.locator("#stress-heatmap .main-svg").first().waitFor({ timeout: 120_000 });
  const sectorsPage = (Date.now() - sectoring) / 1000;
  await page.click("#nav-list");
  await page.locator("table.firms").waitFor();
  const modelling = Date.now();
  await page.click("#model-link");
  await page.locator("#importance .main-svg").first().waitFor({ timeout: 120_000 });
  await page.locator("#shape-11 .main-svg").first().waitFor({ timeout: 120_000 });
  const modelPage = (Date.now() - modelling) / 1000;
  await page.locator("#train").waitFor();
  const training = Date.now();
  await page.click("#train");
  await page.locator("#train-message").waitFor({ timeout: 900_000 });
  const trained = (Date.now() - training) / 1000;
  const message = await page.locator("#train-message").innerText();
  console.log(`${firms} firms from ${firstMonth}, ${paths.length} files, ${megabytes.toFixed(1)} MB`);
  console.log(`reading up to the import report: ${read.toFixed(1)} s (${(megabytes / read).toFixed(1)} MB/s)`);
  console.log(`longest answer of the page while reading: ${slowest} ms; progress values seen: ${seen.size}`);
  console.log(`analysis (scoring with the embedded model in wasm) up to the list: ${analysed.toFixed(1)} s`);
  console.log(`the riskiest firm's page up to its explanation's waterfall: ${explained.toFixed(2)} s`);
  console.log(`the same page up to its time-series charts and the term structure's history: ${charted.toFixed(2)} s`);
  console.log(`list (ms up to the new rows): search a SIREN ${list.search}, reset ${list.reset}, NAF section ${list.section}, sort by debt ${list.sort}, next page ${list.page}`);
  console.log(`the Secteurs page up to its stress heatmap: ${sectorsPage.toFixed(2)} s`);
  console.log(`the model page up to its importance chart and 12 shape functions: ${modelPage.toFixed(2)} s`);
  console.log(`retraining in the browser, up to the new model scoring the list: ${trained.toFixed(1)} s (${message})`);
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
