// The Secteurs view (`?vue=secteurs`): the sector stress heat map against the CLI's features,
// the events editor (form with live validation, edit, delete, export, import), « Appliquer aux
// scores », the firms each event affects against the detection list, and the firm page's event.
// Run with `VIGIE_DIST=/tmp/dist-… node --test tests/e2e/sectors.test.mjs` after
// `cargo build -p vigie-cli`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { open, loadDemo, SHOTS, VIGIE } from "./harness.mjs";

let h, page;
/** The CLI's features of the app's demo (1000 firms, seed 2016) at two months: month → rows. */
const cli = new Map();
const MONTHS = ["2020-06", "2024-12"];
const EVENT = "Fermeture administrative des restaurants";

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), "vigie-sectors-"));
  execFileSync(VIGIE, ["demo", "--firms", "1000", "--seed", "2016", "--out", join(dir, "demo")]);
  for (const m of MONTHS) {
    const out = join(dir, `features-${m}.csv`);
    execFileSync(VIGIE, ["features", join(dir, "demo"), "--at", m, "-o", out]);
    const [header, ...lines] = readFileSync(out, "utf8").trim().split("\n");
    const names = header.split(",");
    cli.set(m, lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [names[i], v]))));
  }
  h = await open();
  page = h.page;
  await page.goto(h.url);
  await loadDemo(page);
});

after(async () => {
  await h?.close();
});

/** The heat map as drawn: rows top first, each with its division and cells. */
async function heatmap() {
  await page.locator("#stress-heatmap .main-svg").first().waitFor({ timeout: 30_000 });
  return page.evaluate(() => {
    const el = document.getElementById("stress-heatmap");
    const d = el.data[0];
    const top = (a) => [...a].reverse();
    return {
      divisions: top(d.meta.divisions),
      months: d.meta.months,
      z: top(d.z),
      text: top(d.text),
      zmin: d.zmin,
      zmax: d.zmax,
      colourTitle: d.colorbar.title.text,
      ticks: el.layout.yaxis.ticktext.slice().reverse(),
      shapes: el.layout.shapes.length,
    };
  });
}

/** Goes to a view of the navigation bar (the list, Secteurs…). */
async function nav(id) {
  await page.click(id);
}

test("Secteurs opens with the keyboard and draws the features' sector stress, division by month", async () => {
  // Tab from the top of the page to the navigation link, Enter opens the view.
  await page.evaluate(() => document.activeElement?.blur());
  let focused = "";
  for (let i = 0; i < 40 && focused !== "nav-sectors"; i++) {
    await page.keyboard.press("Tab");
    focused = await page.evaluate(() => document.activeElement?.id ?? "");
  }
  assert.equal(focused, "nav-sectors");
  await page.keyboard.press("Enter");
  await page.locator("#sectors-page").waitFor();
  assert.equal(new URL(page.url()).searchParams.get("vue"), "secteurs");
  assert.equal(await page.locator("#nav-sectors").getAttribute("aria-current"), "page");
  assert.match(await page.locator("#sectors-title").innerText(), /^Secteurs$/);

  const map = await heatmap();
  // One row per NAF division of the demo's firms (the CLI's rows at either month).
  const divisions = new Set();
  for (const rows of cli.values()) for (const r of rows) if (r.naf) divisions.add(r.naf.slice(0, 2));
  assert.deepEqual([...map.divisions].sort(), [...divisions].sort());
  assert.equal(map.z.length, map.divisions.length);
  assert.equal(map.ticks.length, map.divisions.length);
  assert.ok(map.ticks.some((t) => t === "56 Restauration"), map.ticks.join(" | "));
  // Months: from three months before the crisis window (March 2020) to the scoring month.
  assert.equal(map.months[0], "2019-12");
  assert.equal(map.months.at(-1), "2024-12");
  assert.equal(map.months.length, 61);
  assert.deepEqual([map.zmin, map.zmax], [0, 1]);
  assert.equal(map.colourTitle, "Indice de tension");
  // Every value is a share or missing; most cells are known.
  let known = 0;
  for (const row of map.z) {
    assert.equal(row.length, map.months.length);
    for (const v of row) {
      if (v === null) continue;
      assert.ok(v >= 0 && v <= 1, `${v}`);
      known++;
    }
  }
  assert.ok(known > 0.8 * map.z.length * map.months.length, `${known} known cells`);
  // Each cell is the feature `stress_sectoriel` the CLI computes for the division's firms.
  for (const m of MONTHS) {
    const col = map.months.indexOf(m);
    for (const [k, d] of map.divisions.entries()) {
      const values = new Set(cli.get(m).filter((r) => r.naf.startsWith(d)).map((r) => r.stress_sectoriel));
      if (values.size === 0) continue;
      assert.equal(values.size, 1, `${d} ${m}: ${[...values]}`);
      const [value] = values;
      const drawn = map.z[k][col];
      if (value === "") assert.equal(drawn, null, `${d} ${m}`);
      else assert.ok(Math.abs(Number(value) - drawn) < 1e-6, `${d} ${m}: ${value} vs ${drawn}`);
    }
  }
  // The hover: division, month, index in %, the three shares and the firms behind it.
  const k56 = map.divisions.indexOf("56");
  const hover = map.text[k56][map.months.indexOf("2024-12")];
  assert.match(hover, /56 Restauration/);
  assert.match(hover, /décembre 2024/);
  assert.match(hover, /Indice\s: <b>\d+,\d\s%<\/b>/);
  assert.match(hover, /Dette en hausse\s: \d+,\d\s%/);
  assert.match(hover, /Activité partielle\s: \d+,\d\s%/);
  assert.match(hover, /Effectif en baisse\s: \d+,\d\s%/);
  const firms56 = cli.get("2024-12").filter((r) => r.naf.startsWith("56") && r.signal_fort === "0").length;
  assert.match(hover, new RegExp(`Entreprises\\s: ${firms56}$`));
  // The crisis window is framed (no event yet).
  assert.equal(map.shapes, 1);

  // Most stressed first (on the latest known index), then by NAF code.
  const latest = map.z.map((row) => row.filter((v) => v !== null).at(-1) ?? -1);
  for (let i = 1; i < latest.length; i++) assert.ok(latest[i - 1] >= latest[i], `${latest}`);
  await page.selectOption("#stress-sort", "code");
  const byCode = await heatmap();
  assert.deepEqual(byCode.divisions, [...map.divisions].sort());
  await page.selectOption("#stress-sort", "stress");
});

test("an event added with the form, checked live, edited, deleted, exported and imported back", async () => {
  await page.locator("#event-form").waitFor();
  assert.equal(await page.locator("#events-table").count(), 0);
  assert.match(await page.locator("#impact-none").innerText(), /Aucun événement déclaré/);
  // A bad start month is refused with the file reader's message, live.
  await page.fill("#event-naf", "56");
  await page.fill("#event-start", "2024-13");
  const startError = page.locator("#event-start-error");
  assert.match(await startError.innerText(), /^mois attendu \(AAAA-MM ou MM\/AAAA\), trouvé «\u00a02024-13\u00a0»$/);
  assert.equal(await page.getAttribute("#event-start", "aria-invalid"), "true");
  await page.click("#event-submit");
  assert.match(await page.locator("#event-form-invalid").innerText(), /Corrigez les champs signalés/);
  assert.match(await page.locator("#event-label-error").innerText(), /libellé attendu/);
  assert.equal(await page.locator("#events-table").count(), 0);
  // An end before the start is refused too.
  await page.fill("#event-start", "2024-06");
  await page.fill("#event-end", "2024-01");
  assert.match(await page.locator("#event-end-error").innerText(), /la fin \(janvier 2024\) précède le début \(juin 2024\)/);
  await page.fill("#event-end", "");
  assert.equal(await startError.innerText(), "");
  await page.fill("#event-label", EVENT);
  await page.selectOption("#event-severity", "3");
  await page.keyboard.press("Enter"); // submits the form from the label field
  const rows = page.locator("#events-table tbody tr");
  await rows.first().waitFor();
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), new RegExp(`56\\s+juin 2024\\s+en cours\\s+${EVENT}\\s+forte`));
  assert.equal(await page.inputValue("#event-naf"), "", "the form is cleared");
  const editor = page.locator("#events-editor");
  assert.equal(await editor.inputValue(), `naf_prefix;debut;fin;libelle;severite\n56;2024-06;;${EVENT};3\n`);

  // A second event, edited, then deleted: the first one's line stays as it was.
  await page.fill("#event-naf", "c");
  await page.fill("#event-start", "09/2022");
  await page.fill("#event-end", "2023-06");
  await page.fill("#event-label", "Hausse du prix de l'énergie");
  await page.click("#event-submit");
  assert.equal(await rows.count(), 2);
  await rows.nth(1).locator("button.event-edit").click();
  assert.equal(await page.inputValue("#event-naf"), "C");
  assert.equal(await page.inputValue("#event-start"), "2022-09");
  assert.match(await page.locator("#event-form-title").innerText(), /Modifier l'événement/);
  await page.fill("#event-label", "Énergie (industrie)");
  await page.click("#event-submit");
  assert.match(await rows.nth(1).innerText(), /C\s+septembre 2022\s+juin 2023\s+Énergie \(industrie\)\s+moyenne/);
  assert.equal(await editor.inputValue(), `naf_prefix;debut;fin;libelle;severite\n56;2024-06;;${EVENT};3\nC;2022-09;2023-06;Énergie (industrie);2\n`);
  // The firms affected, live, with the current scores: the energy event ended before the
  // scoring month.
  const impact = page.locator("#impact-table tbody tr");
  assert.equal(await impact.count(), 2);
  assert.equal(await impact.nth(0).getAttribute("data-active"), "true");
  assert.equal(await impact.nth(1).getAttribute("data-active"), "false");
  // The heat map frames the events on their divisions (56, and the industry's divisions).
  const framed = await heatmap();
  const industry = framed.divisions.filter((d) => Number(d) >= 10 && Number(d) <= 33).length;
  assert.equal(framed.shapes, 1 + 1 + industry);
  await rows.nth(1).locator("button.event-delete").click();
  assert.equal(await rows.count(), 1);
  assert.equal(await editor.inputValue(), `naf_prefix;debut;fin;libelle;severite\n56;2024-06;;${EVENT};3\n`);

  // Export, then import another file, then the exported one back.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#events-download")]);
  assert.equal(download.suggestedFilename(), "evenements_sectoriels.csv");
  const exported = readFileSync(await download.path());
  assert.equal(exported.toString("utf8").replace(/^\uFEFF/, ""), await editor.inputValue());
  await page.setInputFiles("#events-file", {
    name: "autre.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("naf_prefix;debut;fin;libelle;severite\n55;2024-01;;Hôtels;forte\n47;2024-02;;Commerce;1\n", "latin1"),
  });
  await page.locator("#events-table tbody tr td:has-text('Hôtels')").waitFor();
  assert.equal(await rows.count(), 2);
  await page.setInputFiles("#events-file", { name: "evenements_sectoriels.csv", mimeType: "text/csv", buffer: exported });
  await page.locator(`#events-table tbody tr td:has-text('${EVENT}')`).waitFor();
  assert.equal(await rows.count(), 1);
  assert.match(await page.locator("#events-applied").innerText(), /pas encore appliqués/);
});

/** Every row of the detection list (all pages): { naf, level, siren }. */
async function listRows() {
  await page.locator("table.firms tbody tr").first().waitFor({ timeout: 60_000 });
  if (await page.locator("#page-size").count()) await page.selectOption("#page-size", "200");
  const out = [];
  for (let p = 0; p < 100; p++) {
    const rows = await page.locator("table.firms tbody tr").evaluateAll((trs) =>
      trs.map((tr) => ({
        naf: tr.querySelector("td.naf")?.innerText ?? "",
        level: tr.dataset.level ?? "",
        siren: tr.dataset.siren,
      })),
    );
    out.push(...rows);
    const next = page.locator("#page-next");
    if (!(await next.count()) || (await next.isDisabled())) break;
    await next.click();
  }
  return out;
}

test("« Appliquer aux scores » re-scores with the event: firms affected match the list, the firm page shows it", async () => {
  // The import is scored again (the views are replaced by the notice meanwhile), then the
  // page comes back with the scores of the events.
  await page.evaluate(() => {
    window.__rescoring = false;
    const seen = new MutationObserver(() => {
      if (document.getElementById("rescoring")) window.__rescoring = true;
    });
    seen.observe(document.body, { childList: true, subtree: true });
  });
  await page.click("#events-apply");
  await page.locator("#events-applied[data-applied='true']").waitFor({ timeout: 60_000 });
  assert.ok(await page.evaluate(() => window.__rescoring), "the re-scoring notice was shown");
  await nav("#nav-list");
  const list = await listRows();
  const restaurants = list.filter((r) => r.naf.startsWith("56"));
  assert.ok(restaurants.length > 10, `${restaurants.length} restaurants`);
  const count = (level) => restaurants.filter((r) => r.level === level).length;

  await nav("#nav-sectors");
  await page.locator("#sectors-page").waitFor();
  // The events are still in the editor and now in the scores.
  assert.equal(await page.locator("#events-editor").inputValue(), `naf_prefix;debut;fin;libelle;severite\n56;2024-06;;${EVENT};3\n`);
  assert.equal(await page.getAttribute("#events-applied", "data-applied"), "true");
  assert.ok(await page.locator("#events-apply").isDisabled());
  const row = page.locator("#impact-table tbody tr").first();
  assert.equal(Number(await row.getAttribute("data-scored")), restaurants.length);
  assert.equal(Number(await row.getAttribute("data-rouge")), count("rouge"));
  assert.equal(Number(await row.getAttribute("data-orange")), count("orange"));
  assert.equal(await row.locator("td.scored").innerText(), String(restaurants.length));
  const links = row.locator("ul.firms-in-alert a.firm-link");
  assert.equal(await links.count(), Math.min(30, count("rouge") + count("orange")));
  const inAlert = new Set(restaurants.filter((r) => r.level !== "vert").map((r) => r.siren));
  for (const s of await links.evaluateAll((as) => as.map((a) => a.dataset.siren))) assert.ok(inAlert.has(s), s);
  // The heat map frames the event on the restaurants' row, from June 2024.
  assert.equal((await heatmap()).shapes, 2);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/12-secteurs.png`, fullPage: true });

  // A firm in alert, opened from its link: the firm page shows the event under way.
  const siren = await links.first().getAttribute("data-siren");
  assert.equal(await links.first().getAttribute("href"), `?siren=${siren}`);
  await links.first().focus();
  await page.keyboard.press("Enter");
  const badge = page.locator("#sector-event");
  await badge.waitFor();
  assert.equal(new URL(page.url()).searchParams.get("siren"), siren);
  assert.match(await badge.innerText(), new RegExp(`Événement sectoriel\\s: ${EVENT} \\(forte\\) depuis juin 2024`));
  // Back returns to the sectors page.
  await page.goBack();
  await page.locator("#sectors-page").waitFor();
});

test("no console error and no request left this machine", () => {
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests, []);
});
