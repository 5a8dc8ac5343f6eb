// The detection list on the demo: every filter restricts the rows to the matching firms (checked
// against `vigie score` of the same files and against the shown cells), counts, sorting, search,
// the horizon selector, the capacity mode, paging and the keyboard.
// Run with `VIGIE_DIST=… node --test tests/e2e/list.test.mjs` after `cargo build -p vigie-cli`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { open, loadDemo, SHOTS, VIGIE } from "./harness.mjs";

let session, page;
/** `vigie score` of the app's demo: the scored firms in the CLI's (= the analysis') order. */
let cli;
/** The embedded model's thresholds by horizon in months. */
let thresholds;
const HORIZONS = [3, 6, 12, 18];

/** A CSV written by the CLI: header and rows, quoted fields unquoted. */
function readCsv(path) {
  const fields = (line) =>
    [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1].replace(/^"(.*)"$/s, "$1").replace(/""/g, '"')).slice(0, -1);
  const [header, ...rows] = readFileSync(path, "utf8").trim().split("\n").map(fields);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/** NAF rév. 2 section of an APE code, as engine::panel::geo::naf_section. */
function section(ape) {
  const d = Number(ape.slice(0, 2));
  const table = [[1, 3, "A"], [5, 9, "B"], [10, 33, "C"], [35, 35, "D"], [36, 39, "E"], [41, 43, "F"], [45, 47, "G"], [49, 53, "H"], [55, 56, "I"], [58, 63, "J"], [64, 66, "K"], [68, 68, "L"], [69, 75, "M"], [77, 82, "N"], [84, 84, "O"], [85, 85, "P"], [86, 88, "Q"], [90, 93, "R"], [94, 96, "S"], [97, 98, "T"], [99, 99, "U"]];
  return table.find(([a, b]) => d >= a && d <= b)?.[2] ?? null;
}

const level = (p, t) => (p >= t.rouge ? "rouge" : p >= t.orange ? "orange" : "vert");

before(async () => {
  session = await open();
  page = session.page;
  await page.goto(session.url);
  await loadDemo(page);
  const code = page.locator("#fingerprint");
  const [firms, seed] = [await code.getAttribute("data-firms"), await code.getAttribute("data-seed")];
  const dir = mkdtempSync(join(tmpdir(), "vigie-list-"));
  execFileSync(VIGIE, ["demo", "--firms", firms, "--seed", seed, "--out", join(dir, "demo")]);
  execFileSync(VIGIE, ["score", join(dir, "demo"), "-o", join(dir, "scores.csv")]);
  const all = readCsv(join(dir, "scores.csv"));
  cli = {
    scored: all.filter((r) => r.signal_fort === "0").map((r) => ({ ...r, p: HORIZONS.map((h) => Number(r[`p_${h}m`])) })),
    strong: all.filter((r) => r.signal_fort === "1"),
  };
  const model = JSON.parse(readFileSync("crates/engine/models/default.json", "utf8"));
  thresholds = Object.fromEntries(model.horizons.map((h) => [h.horizon, h.thresholds]));
});

after(async () => {
  await session?.close();
});

/** The rows of the page on screen, as shown. */
async function shown() {
  return page.$$eval("table.firms tbody tr", (trs) =>
    trs.map((tr) => {
      const cell = (c) => tr.querySelector(`td.${c}`);
      const num = (v) => (v === undefined || v === "" ? null : Number(v));
      return {
        siren: tr.dataset.siren,
        sirenText: tr.querySelector("td:nth-child(3)").innerText,
        level: tr.dataset.level ?? null,
        badge: tr.querySelector("td.alert .badge").innerText,
        first: cell("alert").dataset.firstAlert === "true",
        name: cell("name").innerText,
        named: !cell("name").querySelector("em"),
        departement: cell("departement").innerText,
        naf: tr.querySelector("td:nth-child(5)").innerText,
        region: tr.dataset.region ?? null,
        section: tr.dataset.section ?? null,
        age: num(tr.dataset.age),
        plans: num(tr.dataset.plans),
        procol: tr.dataset.procol,
        headcount: num(cell("headcount").dataset.value),
        debt: num(cell("debt").dataset.value),
        p: [...tr.querySelectorAll("td.risk")].map((td) => num(td.dataset.p)),
        trend: num(cell("trend").dataset.value),
        degradation: num(cell("degradation").dataset.value),
      };
    }),
  );
}

/** Every row of the filtered list, page after page (200 a page), back on page 1. */
async function everyRow() {
  await page.selectOption("#page-size", "200");
  if (!(await page.locator("#page-first").isDisabled())) await page.click("#page-first");
  const rows = [];
  for (;;) {
    rows.push(...(await shown()));
    if (await page.locator("#page-next").isDisabled()) break;
    await page.click("#page-next");
  }
  if (!(await page.locator("#page-first").isDisabled())) await page.click("#page-first");
  return rows;
}

/** The counts shown above the list. */
async function counts() {
  const n = async (sel) => {
    const el = page.locator(sel);
    return (await el.count()) ? Number(await el.getAttribute("data-count")) : 0;
  };
  const tools = page.locator("#shown-count");
  return {
    rouge: await n("span.count.rouge"),
    orange: await n("span.count.orange"),
    vert: await n("span.count.vert"),
    strong: await n("span.count.strong"),
    shown: Number(await tools.getAttribute("data-shown")),
    total: Number(await tools.getAttribute("data-total")),
  };
}

async function reset() {
  await page.click("#filter-reset");
  assert.equal(await page.locator("#filter-reset").getAttribute("data-active"), "0");
}

const sirens = (rows) => rows.map((r) => r.siren);
const sorted = (list) => [...list].sort();

test("the default list is the analysis: the CLI's firms in its order, its alerts, counts and paging", async () => {
  const rows = await everyRow();
  assert.deepEqual(sirens(rows), cli.scored.map((r) => r.siren));
  rows.forEach((r, i) => {
    assert.equal(r.level, cli.scored[i].alert, r.siren);
    assert.equal(r.badge, cli.scored[i].alert, r.siren);
    assert.equal(r.first, cli.scored[i].premiere_alerte === "1", r.siren);
    assert.equal(r.sirenText, r.siren.replace(/(\d{3})(\d{3})(\d{3})/, "$1 $2 $3"));
    r.p.forEach((p, k) => assert.ok(Math.abs(p - cli.scored[i].p[k]) < 1e-8, `${r.siren} ${HORIZONS[k]}`));
  });
  const c = await counts();
  const tally = (a) => cli.scored.filter((r) => r.alert === a).length;
  assert.deepEqual(c, { rouge: tally("rouge"), orange: tally("orange"), vert: tally("vert"), strong: 0, shown: cli.scored.length, total: cli.scored.length });
  // The strong signals are counted apart, as before.
  assert.match(await page.locator("p.summary").innerText(), new RegExp(`· ${cli.strong.length} en procédure collective`));
  // Paging: 50 rows a page by default, the page number can be typed.
  await page.selectOption("#page-size", "50");
  assert.equal(await page.locator("table.firms tbody tr").count(), 50);
  const pages = Math.ceil(cli.scored.length / 50);
  assert.equal(await page.locator("#page-count").innerText(), String(pages));
  await page.fill("#page-number", "3");
  await page.dispatchEvent("#page-number", "change");
  assert.deepEqual(sirens(await shown()), cli.scored.slice(100, 150).map((r) => r.siren));
  await page.click("#page-next");
  assert.equal(await page.inputValue("#page-number"), "4");
  await page.click("#page-first");
  assert.deepEqual(sirens(await shown()), cli.scored.slice(0, 50).map((r) => r.siren));
  // Trends are signed percentage points with their arrow.
  const trends = await page.locator("table.firms tbody td.trend[data-value]").allInnerTexts();
  assert.ok(trends.length > 20);
  for (const t of trends) assert.match(t, /^(↑ \+\d+,\d|↓ -\d+,\d|→ 0,0)\u00a0pts$/);
});

test("each filter keeps exactly the matching firms", async () => {
  await reset();
  // NAF section.
  const options = await page.$$eval("#filter-section option", (os) => os.map((o) => o.value).filter(Boolean));
  assert.ok(options.length >= 5, `${options}`);
  const wanted = options.find((s) => cli.scored.filter((r) => section(r.naf) === s).length > 20);
  await page.selectOption("#filter-section", wanted);
  let rows = await everyRow();
  assert.ok(rows.every((r) => r.section === wanted && section(r.naf) === wanted));
  assert.deepEqual(sirens(rows), cli.scored.filter((r) => section(r.naf) === wanted).map((r) => r.siren));
  await reset();

  // Département: the CLI's département column.
  const deps = await page.$$eval("#filter-departement option", (os) => os.map((o) => o.value).filter(Boolean));
  const dep = deps.find((d) => cli.scored.filter((r) => r.departement === d).length > 10);
  await page.selectOption("#filter-departement", dep);
  rows = await everyRow();
  assert.ok(rows.length > 10);
  assert.ok(rows.every((r) => r.departement === dep));
  assert.deepEqual(sirens(rows), cli.scored.filter((r) => r.departement === dep).map((r) => r.siren));
  // Counts are those of the filtered rows.
  const c = await counts();
  const tally = (a) => rows.filter((r) => r.level === a).length;
  assert.deepEqual([c.rouge, c.orange, c.vert, c.shown, c.total], [tally("rouge"), tally("orange"), tally("vert"), rows.length, cli.scored.length]);
  assert.match(await page.locator("#shown-count").innerText(), new RegExp(`^${rows.length} entreprises affichées sur ${cli.scored.length}`));
  assert.equal(await page.locator("#filter-reset").getAttribute("data-active"), "1");
  await reset();

  // Région: its firms are those of its départements (the département list narrows to them).
  const region = await page.$eval("#filter-region option:nth-child(2)", (o) => o.value);
  await page.selectOption("#filter-region", region);
  const regionDeps = await page.$$eval("#filter-departement option", (os) => os.map((o) => o.value).filter(Boolean));
  assert.ok(regionDeps.length >= 1 && regionDeps.length < deps.length, `${regionDeps}`);
  rows = await everyRow();
  assert.ok(rows.every((r) => r.region === region && regionDeps.includes(r.departement)));
  assert.deepEqual(sirens(rows), cli.scored.filter((r) => regionDeps.includes(r.departement)).map((r) => r.siren));
  await reset();

  // Minimum headcount: the CLI's headcount column.
  await page.fill("#filter-headcount", "50");
  await page.dispatchEvent("#filter-headcount", "change");
  rows = await everyRow();
  assert.ok(rows.length > 0 && rows.every((r) => r.headcount >= 50));
  assert.deepEqual(sirens(rows), cli.scored.filter((r) => r.effectif !== "" && Number(r.effectif) >= 50).map((r) => r.siren));
  await reset();

  // Collective proceedings: the strong signals only on request, with their status.
  await page.selectOption("#filter-procol", "ongoing");
  rows = await everyRow();
  assert.deepEqual(sorted(sirens(rows)), sorted(cli.strong.map((r) => r.siren)));
  assert.ok(rows.every((r) => !["none", "later"].includes(r.procol) && r.level === null && r.p.every((p) => p === null)));
  assert.ok(rows.every((r) => r.badge === "procédure"));
  assert.deepEqual(await counts(), { rouge: 0, orange: 0, vert: 0, strong: cli.strong.length, shown: cli.strong.length, total: cli.strong.length });
  await page.selectOption("#filter-procol", "all");
  rows = await everyRow();
  assert.deepEqual(sirens(rows), [...cli.scored.map((r) => r.siren), ...sirens(rows.slice(cli.scored.length))]);
  assert.equal(rows.length, cli.scored.length + cli.strong.length);
  await page.selectOption("#filter-procol", "never");
  rows = await everyRow();
  assert.ok(rows.length > 0 && rows.every((r) => r.procol === "none"));
  await reset();

  // First alerts only: the CLI's "première alerte".
  await page.check("#filter-first");
  rows = await everyRow();
  assert.ok(rows.length > 0 && rows.every((r) => r.first && r.level !== "vert"));
  assert.deepEqual(sirens(rows), cli.scored.filter((r) => r.premiere_alerte === "1").map((r) => r.siren));
  await reset();

  // No URSSAF payment plan under way.
  const all = await everyRow();
  const withPlan = all.filter((r) => r.plans > 0).length;
  const unknown = all.filter((r) => r.plans === null).length;
  assert.ok(withPlan > 0, "some firms have a plan");
  await page.check("#filter-no-plan");
  rows = await everyRow();
  assert.ok(rows.length > 0 && rows.every((r) => r.plans === 0));
  assert.equal(rows.length, cli.scored.length - withPlan - unknown);
  await reset();

  // Firms younger than 10 years excluded.
  await page.fill("#filter-age", "10");
  await page.dispatchEvent("#filter-age", "change");
  rows = await everyRow();
  assert.ok(rows.length > 0 && rows.length < cli.scored.length);
  assert.ok(rows.every((r) => r.age === null || r.age >= 10));
  await reset();
  const young = (await everyRow()).filter((r) => r.age !== null && r.age < 10).length;
  assert.equal(rows.length, cli.scored.length - young);

  // Alert level.
  await page.selectOption("#filter-level", "rouge");
  rows = await everyRow();
  assert.deepEqual(sirens(rows), cli.scored.filter((r) => r.alert === "rouge").map((r) => r.siren));
  await reset();

  // Followed firms only: nobody is followed yet.
  await page.check("#filter-followed");
  assert.equal(await page.locator("table.firms tbody tr").count(), 0);
  assert.match(await page.locator("#no-row").innerText(), /Aucune entreprise ne correspond/);
  await reset();
  assert.equal(await page.locator("#no-row").count(), 0);
});

test("sorting: header buttons toggle the direction, aria-sort says it, ties go by risk", async () => {
  await reset();
  await page.selectOption("#page-size", "200");
  const th = (id) => page.locator(`th:has(> #${id})`);
  await page.click("#sort-headcount");
  assert.equal(await th("sort-headcount").getAttribute("aria-sort"), "descending");
  assert.equal(await th("sort-p18").getAttribute("aria-sort"), "none");
  let rows = await shown();
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1], rows[i]];
    assert.ok(a.headcount >= b.headcount, `${a.headcount} ≥ ${b.headcount}`);
    if (a.headcount === b.headcount) assert.ok(a.p[3] >= b.p[3], `tie by risk at ${a.siren}`);
  }
  await page.click("#sort-headcount");
  assert.equal(await th("sort-headcount").getAttribute("aria-sort"), "ascending");
  rows = await shown();
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1], rows[i]];
    assert.ok(a.headcount <= b.headcount);
    if (a.headcount === b.headcount) assert.ok(a.p[3] >= b.p[3], `tie by risk at ${a.siren}`);
  }
  // Names A to Z, case and accents ignored.
  await page.click("#sort-name");
  assert.equal(await th("sort-name").getAttribute("aria-sort"), "ascending");
  const fold = (s) => s.normalize("NFD").replace(/\p{Diacritic}/gu, "").replace(/œ/gi, "oe").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  const all = await everyRow();
  const names = all.filter((r) => r.named).map((r) => fold(r.name));
  for (let i = 1; i < names.length; i++) assert.ok(names[i - 1] <= names[i], `${names[i - 1]} ≤ ${names[i]}`);
  // Firms missing from SIRENE (no name) come last.
  const firstNameless = all.findIndex((r) => !r.named);
  assert.ok(firstNameless > 0 && all.slice(firstNameless).every((r) => !r.named));
  // Degradation, largest first, then the debt.
  await page.click("#sort-degradation");
  rows = await shown();
  for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1].degradation >= rows[i].degradation);
  await page.click("#sort-debt");
  rows = await shown();
  for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1].debt >= rows[i].debt, `${rows[i - 1].debt} ≥ ${rows[i].debt}`);
  // Département A to Z.
  await page.click("#sort-departement");
  rows = await everyRow();
  const withDep = rows.filter((r) => r.departement !== "");
  for (let i = 1; i < withDep.length; i++) assert.ok(withDep[i - 1].departement <= withDep[i].departement);
  // Firms without a département come last.
  assert.ok(rows.slice(withDep.length).every((r) => r.departement === ""));
  // Back to the risk order.
  await page.click("#sort-p18");
  assert.deepEqual(sirens(await shown()), cli.scored.slice(0, 200).map((r) => r.siren));
});

test("search by a SIREN typed with spaces, or by a name without its accents or case", async () => {
  await reset();
  const target = cli.scored[137];
  const spaced = target.siren.replace(/(\d{3})(\d{3})(\d{3})/, "$1 $2 $3");
  await page.fill("#filter-search", spaced);
  let rows = await shown();
  assert.deepEqual(sirens(rows), [target.siren]);
  assert.equal((await counts()).shown, 1);
  await page.fill("#filter-search", `${target.siren}00012`);
  assert.deepEqual(sirens(await shown()), [target.siren]);
  // A name: lower case, accents removed, words in another order.
  const named = cli.scored.find((r) => /[A-Za-zÀ-ÿ]{4,}\s+[A-Za-zÀ-ÿ]{4,}/.test(r.raison_sociale));
  const words = named.raison_sociale.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase().match(/[a-z]{4,}/g);
  await page.fill("#filter-search", `${words[1]} ${words[0]}`);
  rows = await everyRow();
  assert.ok(rows.some((r) => r.siren === named.siren), `${words} finds ${named.raison_sociale}`);
  const fold = (s) => s.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
  assert.ok(rows.every((r) => fold(r.name).includes(words[0]) && fold(r.name).includes(words[1])));
  await page.fill("#filter-search", "zzzz-aucune-entreprise");
  assert.equal(await page.locator("table.firms tbody tr").count(), 0);
  await reset();
  assert.equal(await page.inputValue("#filter-search"), "");
});

test("the horizon selector ranks by that horizon's probability and gives its thresholds' levels", async () => {
  await reset();
  await page.selectOption("#page-size", "200");
  for (const h of [3, 12]) {
    await page.selectOption("#filter-horizon", String(h));
    const k = HORIZONS.indexOf(h);
    assert.equal(await page.locator(`th[data-horizon="${h}"]`).getAttribute("aria-sort"), "descending");
    assert.match(await page.locator(`th[data-horizon="${h}"]`).getAttribute("class"), /selected/);
    const rows = await everyRow();
    // The CLI's firms sorted by that horizon's probability (ties in the analysis' order).
    const expected = cli.scored
      .map((r, i) => ({ r, i }))
      .sort((a, b) => b.r.p[k] - a.r.p[k] || a.i - b.i)
      .map(({ r }) => r.siren);
    assert.deepEqual(sirens(rows), expected, `horizon ${h}`);
    for (const r of rows) assert.equal(r.level, level(r.p[k], thresholds[h]), `${r.siren} at ${h} months`);
    const c = await counts();
    assert.equal(c.rouge, rows.filter((r) => r.p[k] >= thresholds[h].rouge).length);
    assert.match(await page.locator("#list-mode").innerText(), new RegExp(`${h}\\s+mois`));
  }
  await reset();
  await page.selectOption("#filter-horizon", "18");
});

test("capacity mode: at most N firms in alert per département, the riskiest, red only above red", async () => {
  await reset();
  assert.ok(await page.locator("#filter-capacity").isDisabled());
  await page.selectOption("#filter-mode", "capacity");
  await page.fill("#filter-capacity", "2");
  await page.dispatchEvent("#filter-capacity", "change");
  for (const h of [18, 6]) {
    await page.selectOption("#filter-horizon", String(h));
    const k = HORIZONS.indexOf(h);
    const rows = await everyRow();
    assert.equal(rows.length, cli.scored.length);
    const perDep = new Map();
    for (const r of rows) {
      if (r.level === "vert") continue;
      perDep.set(r.departement, (perDep.get(r.departement) ?? 0) + 1);
      if (r.level === "rouge") assert.ok(r.p[k] >= thresholds[h].rouge, `${r.siren} red at ${r.p[k]}`);
      else assert.ok(r.p[k] < thresholds[h].rouge, `${r.siren} orange at ${r.p[k]}`);
    }
    assert.ok([...perDep.values()].every((n) => n <= 2), JSON.stringify([...perDep]));
    // Exactly the two riskiest firms of each département (the CLI's probabilities).
    const expected = new Set();
    const byDep = new Map();
    for (const r of cli.scored) byDep.set(r.departement, [...(byDep.get(r.departement) ?? []), r]);
    for (const firms of byDep.values()) {
      [...firms].sort((a, b) => b.p[k] - a.p[k]).slice(0, 2).forEach((r) => expected.add(r.siren));
    }
    assert.deepEqual(sorted(rows.filter((r) => r.level !== "vert").map((r) => r.siren)), sorted([...expected]));
    const c = await counts();
    assert.equal(c.rouge + c.orange, expected.size);
  }
  await page.selectOption("#filter-level", "orange");
  const inAlert = await everyRow();
  assert.ok(inAlert.every((r) => r.level !== "vert"));
  await reset();
  assert.equal(await page.inputValue("#filter-mode"), "thresholds");
});

test("filters survive a visit to a firm page; the list speaks English too", async () => {
  await reset();
  const dep = cli.scored[0].departement;
  await page.selectOption("#filter-departement", dep);
  await page.click("#sort-headcount");
  const before = sirens(await shown());
  await page.locator("table.firms tbody tr button.link").first().click();
  await page.locator("button.back").waitFor();
  await page.click("button.back");
  await page.locator("table.firms tbody tr").first().waitFor();
  assert.equal(await page.inputValue("#filter-departement"), dep);
  assert.deepEqual(sirens(await shown()), before);
  await page.click("button.lang");
  assert.equal(await page.locator("#filters-title").innerText(), "Filters");
  assert.match(await page.locator("#shown-count").innerText(), /firms shown out of/);
  assert.match(await page.locator("#sort-p18").innerText(), /18\s+months/);
  await page.click("button.lang");
  await reset();
});

test("keyboard: Tab reaches the filters and the sort headers, Enter sorts, focus is visible", async () => {
  await reset();
  const focused = () => page.evaluate(() => document.activeElement?.id);
  const outline = () =>
    page.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
  await page.focus("#filter-search");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "filter-horizon");
  let o = await outline();
  assert.ok(o.style !== "none" && o.width >= 2, JSON.stringify(o));
  // A checkbox with the keyboard.
  await page.focus("#filter-level");
  for (let i = 0; i < 10 && (await focused()) !== "filter-first"; i++) await page.keyboard.press("Tab");
  assert.equal(await focused(), "filter-first");
  await page.keyboard.press("Space");
  assert.ok(await page.isChecked("#filter-first"));
  assert.ok((await shown()).every((r) => r.first));
  await page.keyboard.press("Space");
  // From the alert header to the name header, then Enter.
  await page.focus("#sort-alert");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "sort-name");
  o = await outline();
  assert.ok(o.style !== "none" && o.width >= 2, JSON.stringify(o));
  await page.keyboard.press("Enter");
  assert.equal(await page.locator("th:has(> #sort-name)").getAttribute("aria-sort"), "ascending");
  await page.keyboard.press("Enter");
  assert.equal(await page.locator("th:has(> #sort-name)").getAttribute("aria-sort"), "descending");
  // Reset with Enter.
  await page.focus("#filter-reset");
  await page.keyboard.press("Enter");
  assert.equal(await page.locator("th:has(> #sort-p18)").getAttribute("aria-sort"), "descending");
});

test("a filtered list on screen (screenshot)", async () => {
  await reset();
  await page.selectOption("#page-size", "25");
  await page.selectOption("#filter-level", "orange");
  await page.fill("#filter-headcount", "10");
  await page.dispatchEvent("#filter-headcount", "change");
  await page.click("#sort-trend");
  const fit = await page.$eval(".table-wrap", (w) => [w.scrollWidth, w.clientWidth]);
  console.log(`table ${fit[0]} px in ${fit[1]} px`);
  await page.$eval(".table-wrap", (w) => (w.scrollLeft = 0));
  await page.screenshot({ path: `${SHOTS}/3b-liste-filtres.png`, fullPage: true });
  const rows = await shown();
  assert.ok(rows.length > 0 && rows.every((r) => r.level !== "vert" && r.headcount >= 10));
  await reset();
  await page.selectOption("#page-size", "50");
});

test("no console error and no request left 127.0.0.1", () => {
  assert.deepEqual(session.consoleErrors, []);
  assert.deepEqual(session.foreignRequests, []);
});
