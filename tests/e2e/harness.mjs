// Shared set-up of the end-to-end test files: the built site (dist/, or $VIGIE_DIST) served on 127.0.0.1 and a
// headless Chromium page that records console errors and any request leaving this machine.
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import { startServer } from "../../scripts/serve.mjs";

export const SHOTS = "test-output/e2e";
export const VIGIE = "target/debug/vigie";

/** A French decimal as shown ("+1,328", "-0,599", "1 234") to a number. */
export const frNumber = (t) => Number(t.replace(/\s/g, "").replace("−", "-").replace(",", "."));
/** A French percentage as shown ("12,3 %") to a number (12.3). */
export const frPercent = (t) => Number(t.replace(/[^\d,-]/g, "").replace(",", "."));

/**
 * Serves dist/ and opens a page. Returns { page, browser, server, consoleErrors,
 * foreignRequests, close }.
 */
export async function open({ viewport = { width: 1280, height: 900 } } = {}) {
  mkdirSync(SHOTS, { recursive: true });
  const server = await startServer(process.env.VIGIE_DIST ?? "dist", 0);
  const browser = await chromium.launch({
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
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const consoleErrors = [];
  const foreignRequests = [];
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  page.on("request", (r) => {
    const { protocol, hostname } = new URL(r.url());
    if (!["data:", "blob:"].includes(protocol) && hostname !== "127.0.0.1") foreignRequests.push(r.url());
  });
  const close = async () => {
    await browser.close();
    await server.close();
  };
  return { page, context, browser, server, url: server.url, consoleErrors, foreignRequests, close };
}

/** Loads the built-in demo, analyses it and waits for the detection list. */
export async function loadDemo(page) {
  await page.click("#load-demo");
  await page.locator("#import-report").waitFor({ timeout: 60_000 });
  await page.click("#analyse");
  await page.locator("table.firms tbody tr").first().waitFor({ timeout: 60_000 });
}
