// End-to-end tests of the firm page's monthly series (issue 8, "Fiche entreprise"): employment
// and activité partielle, contributions and debt with payment plans and CCSF, financial ratios
// against the sector median, the collective-proceedings timeline and the term structure's
// history, on the built-in demo. Every chart's data is compared with what the CLI reads from the
// same demo files (`vigie ingest --panel`, `vigie score`, the raw statements file).
// Run after `trunk build` and `cargo build -p vigie-cli`:
// `VIGIE_DIST=/tmp/dist node --test tests/e2e/firm.test.mjs`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { open, loadDemo, SHOTS, VIGIE, frPercent } from "./harness.mjs";

const FULL_TIME_MONTH_HOURS = 151.67;
const MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

let h;
let page;
let demoDir;
/** Panel rows by SIREN, in month order. */
const panel = new Map();
/** `vigie score` rows (scored firms only), riskiest first. */
let scores;
/** Raw INPI statements by SIREN. */
const statements = new Map();
/** APE code by SIREN (SIRENE legal units). */
const ape = new Map();

/** A `sep`-separated file with quoted fields, as objects. */
function readCsv(path, sep = ",") {
  const text = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  const re = new RegExp(`("([^"]|"")*"|[^${sep}]*)(${sep}|$)`, "g");
  const fields = (line) =>
    [...line.matchAll(re)].map((m) => m[1].replace(/^"(.*)"$/s, "$1").replace(/""/g, '"')).slice(0, -1);
  const [header, ...rows] = text.trim().split(/\r?\n/).map(fields);
  return rows.map((r) => Object.fromEntries(header.map((k, i) => [k, r[i]])));
}

const num = (v) => (v === "" || v === undefined ? null : Number(v));
/** A statement's value: the INPI file writes decimals with a point or a comma. */
const dec = (v) => (v === "" || v === undefined ? null : Number(v.replace(",", ".")));
const frMonth = (iso) => `${MONTHS_FR[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
const nextMonth = (iso) => {
  const [y, m] = iso.split("-").map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
};
const addMonths = (iso, n) => {
  let out = iso;
  for (let i = 0; i < n; i++) out = nextMonth(out);
  return out;
};

before(async () => {
  h = await open();
  page = h.page;
  await page.goto(h.url);
  await loadDemo(page);
  const code = page.locator("#fingerprint");
  const [firms, seed] = [await code.getAttribute("data-firms"), await code.getAttribute("data-seed")];
  const dir = mkdtempSync(join(tmpdir(), "vigie-firm-"));
  demoDir = join(dir, "demo");
  execFileSync(VIGIE, ["demo", "--firms", firms, "--seed", seed, "--out", demoDir]);
  execFileSync(VIGIE, ["ingest", demoDir, "--panel", join(dir, "panel.csv")]);
  execFileSync(VIGIE, ["score", demoDir, "-o", join(dir, "scores.csv")]);
  for (const r of readCsv(join(dir, "panel.csv"))) {
    if (!panel.has(r.siren)) panel.set(r.siren, []);
    panel.get(r.siren).push(r);
  }
  scores = readCsv(join(dir, "scores.csv")).filter((r) => r.p_18m !== "" && r.signal_fort === "0");
  for (const r of readCsv(join(demoDir, "ratios_inpi_bce.csv"), ";")) {
    if (!statements.has(r.siren)) statements.set(r.siren, []);
    statements.get(r.siren).push(r);
  }
  for (const r of readCsv(join(demoDir, "sireneUL.csv"))) ape.set(r.siren, r.activitePrincipaleUniteLegale);
});

after(async () => {
  await h?.close();
});

/** Opens a firm page in the app (the way Back/Forward do: the query string, then popstate). */
async function openFirm(siren) {
  await page.evaluate((s) => {
    history.pushState(null, "", `?siren=${s}`);
    dispatchEvent(new PopStateEvent("popstate"));
  }, siren);
  await page.locator("#chart-employment .main-svg").first().waitFor({ timeout: 30_000 });
  await page.locator("#chart-debt .main-svg").first().waitFor({ timeout: 30_000 });
  assert.match(await page.locator(".identity").innerText(), new RegExp(siren.replace(/(\d{3})(\d{3})(\d{3})/, "$1 $2 $3")));
}

/** A chart's traces and shapes as plotly.js holds them. */
const chart = (id) =>
  page.evaluate((id) => {
    const el = document.getElementById(id);
    return { data: el.data.map((t) => ({ name: t.name, x: t.x, y: t.y, text: t.text, hovertext: t.hovertext })), shapes: el.layout.shapes ?? [], annotations: el.layout.annotations ?? [] };
  }, id);

/** The trace named `name`, as a map from "YYYY-MM" to its value. */
function series(c, name) {
  const t = c.data.find((d) => d.name === name);
  assert.ok(t, `trace « ${name} » in ${c.data.map((d) => d.name)}`);
  return new Map(t.x.map((x, i) => [String(x).slice(0, 7), t.y[i]]));
}

function close(got, want, tol, what) {
  if (want === null) assert.equal(got ?? null, null, `${what}: missing expected, got ${got}`);
  else {
    assert.notEqual(got ?? null, null, `${what}: ${want} expected, got missing`);
    assert.ok(Math.abs(got - want) <= tol, `${what}: ${got} ≠ ${want}`);
  }
}

/** The employment chart equals the panel month by month (headcount, AP hours / 151,67). */
async function checkEmployment(siren) {
  const c = await chart("chart-employment");
  const headcount = series(c, "Effectif");
  const carried = c.data.some((d) => d.name === "Effectif reporté (non publié)")
    ? series(c, "Effectif reporté (non publié)")
    : new Map();
  const authorised = series(c, "Activité partielle autorisée (ETP)");
  const consumed = series(c, "Activité partielle consommée (ETP)");
  const rows = panel.get(siren);
  assert.equal(headcount.size, rows.length, "one point per panel month");
  let apMonths = 0;
  for (const r of rows) {
    const e = num(r.effectif);
    if (r.effectif_reporte === "1") close(carried.get(r.month), e, 1e-9, `${siren} ${r.month} carried headcount`);
    else close(headcount.get(r.month), e, 1e-9, `${siren} ${r.month} headcount`);
    const a = num(r.ap_heures_autorisees);
    const u = num(r.ap_heures_consommees);
    close(authorised.get(r.month), a === null ? null : a / FULL_TIME_MONTH_HOURS, 0.006 / FULL_TIME_MONTH_HOURS + 1e-6, `${siren} ${r.month} AP authorised`);
    close(consumed.get(r.month), u === null ? null : u / FULL_TIME_MONTH_HOURS, 0.006 / FULL_TIME_MONTH_HOURS + 1e-6, `${siren} ${r.month} AP consumed`);
    if (u > 0) apMonths += 1;
  }
  return { chart: c, apMonths };
}

/** The debt chart equals the panel (contributions, both debt shares; 0 only under the
 * permitted zero-fill: débit file read, last month's contributions known, no débit row). */
async function checkDebt(siren) {
  const c = await chart("chart-debt");
  const due = series(c, "Cotisations dues du mois");
  const po = series(c, "Dette part ouvrière");
  const pp = series(c, "Dette part patronale");
  const rows = panel.get(siren);
  rows.forEach((r, i) => {
    close(due.get(r.month), num(r.cotisation_due), 0.006, `${siren} ${r.month} contributions`);
    for (const [shown, column] of [[po, "dette_part_ouvriere"], [pp, "dette_part_patronale"]]) {
      const v = num(r[column]);
      if (v !== null) close(shown.get(r.month), v, 0.006, `${siren} ${r.month} ${column}`);
      else {
        const zeroFill = i > 0 && rows[i - 1].cotisation_due !== "";
        assert.equal(shown.get(r.month) ?? null, zeroFill ? 0 : null, `${siren} ${r.month} ${column} (zero-fill ${zeroFill})`);
      }
    }
  });
  return c;
}

/** The COVID window (March 2020 – June 2021) is a shaded rectangle with its legend entry. */
function checkCovid(c, what) {
  const covid = c.shapes.find((s) => s.type === "rect" && String(s.x0).startsWith("2020-03-01") && String(s.x1).startsWith("2021-07-01"));
  assert.ok(covid, `${what}: COVID rectangle in ${JSON.stringify(c.shapes.map((s) => [s.x0, s.x1]))}`);
  assert.ok(c.data.some((d) => d.name === "Crise COVID-19 (mars 2020 – juin 2021)"), `${what}: COVID legend`);
}

/** The proceedings timeline says, in French, the panel's status periods. */
async function checkProcol(siren) {
  const rows = panel.get(siren);
  const last = rows[rows.length - 1].month;
  const labels = {
    sauvegarde: "Sauvegarde",
    plan_sauvegarde: "Plan de sauvegarde",
    redressement: "Redressement judiciaire",
    plan_redressement: "Plan de redressement",
    liquidation: "Liquidation judiciaire",
  };
  const expected = [];
  for (const r of rows) {
    const open = expected[expected.length - 1];
    if (r.procol_status === "in_bonis") continue;
    if (open && open.status === r.procol_status && nextMonth(open.end) === r.month) open.end = r.month;
    else expected.push({ status: r.procol_status, start: r.month, end: r.month });
  }
  const text = (p) =>
    `${labels[p.status]} ${p.end === last ? `depuis ${frMonth(p.start)}` : p.start === p.end ? frMonth(p.start) : `de ${frMonth(p.start)} à ${frMonth(p.end)}`}`;
  const shown = await page.locator("#procol-timeline .procol-list li").allInnerTexts();
  assert.deepEqual(shown.map((s) => s.replace(/\s+/g, " ").trim()), expected.map(text), siren);
  assert.equal(await page.locator("#procol-timeline .track .segment").count(), expected.length);
  if (expected.length === 0) {
    const words = await page.locator("#procol-timeline").innerText();
    assert.ok(/Aucune procédure collective connue\.|Première procédure collective le \d\d\/\d\d\/\d{4}/.test(words), words);
  }
  return expected;
}

test("the riskiest demo firm: every chart drawn from the panel, the COVID window shaded, the term structure's history", async () => {
  await page.locator("table.firms tbody tr button.link").first().click();
  await page.locator("#chart-employment .main-svg").first().waitFor({ timeout: 30_000 });
  const siren = new URL(page.url()).searchParams.get("siren");
  assert.equal(siren, scores[0].siren, "the list's first firm is the CLI's riskiest");
  await page.locator("#print-firm").waitFor({ state: "attached" });
  const { chart: employment } = await checkEmployment(siren);
  checkCovid(employment, "employment");
  const debt = await checkDebt(siren);
  checkCovid(debt, "debt");
  // Axis titles and the French hover header.
  const axes = await page.evaluate(() => {
    const l = document.getElementById("chart-employment").layout;
    return { y: l.yaxis.title.text, hover: l.xaxis.hoverformat, ticks: l.xaxis.ticktext };
  });
  assert.equal(axes.y, "Salariés / ETP");
  assert.equal(axes.hover, "%m/%Y");
  assert.ok(axes.ticks.includes("01/2020"), axes.ticks);
  await checkProcol(siren);

  // The term structure over the last 12 months: four non-decreasing horizons; its last point is
  // the table's, and its 18-month line is the risk history chart's.
  await page.locator("#chart-terms .main-svg").first().waitFor({ timeout: 30_000 });
  const terms = await chart("chart-terms");
  const horizons = ["Risque à 3\u00a0mois", "Risque à 6\u00a0mois", "Risque à 12\u00a0mois", "Risque à 18\u00a0mois"];
  const lines = horizons.map((n) => terms.data.find((d) => d.name === n));
  assert.ok(lines.every(Boolean), terms.data.map((d) => d.name).join(", "));
  assert.equal(lines[0].y.length, 13);
  for (let m = 0; m < 13; m++) {
    const ps = lines.map((l) => l.y[m]);
    if (ps[0] === null) assert.ok(ps.every((p) => p === null));
    else for (let k = 1; k < 4; k++) assert.ok(ps[k - 1] <= ps[k] + 1e-12, `${m}: ${ps}`);
  }
  const table = (await page.locator("#term-structure td.risk").allInnerTexts()).map(frPercent);
  assert.deepEqual(lines.map((l) => Number(l.y[12].toFixed(1))), table);
  const cli = ["p_3m", "p_6m", "p_12m", "p_18m"].map((k) => Number(scores[0][k]) * 100);
  lines.forEach((l, k) => assert.ok(Math.abs(l.y[12] - cli[k]) < 1e-6, `${horizons[k]}: ${l.y[12]} vs CLI ${cli[k]}`));
  const risk = await page.evaluate(() => document.getElementById("chart-risk").data[0].y);
  risk.forEach((p, m) => close(lines[3].y[m], p, 1e-4, `18-month history, point ${m}`));
  const ms = Number(await page.locator(".terms").getAttribute("data-ms"));
  console.log(`term structure history computed in ${ms} ms in the browser`);

  await page.locator("#firm-series").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/4-fiche.png`, fullPage: true });
  await page.locator("#firm-series").screenshot({ path: `${SHOTS}/4d-fiche-series.png` });
});

test("the ratios are the firm's usable statements and the median of its NAF division", async () => {
  // The riskiest firm with statements of at least two closings.
  const firm = scores.find((s) => (statements.get(s.siren) ?? []).length >= 2);
  await openFirm(firm.siren);
  await page.locator("#chart-ratios .main-svg").first().waitFor({ timeout: 30_000 });
  const c = await chart("chart-ratios");
  const firmLine = c.data.filter((d) => d.name === "Entreprise");
  const medianLine = c.data.filter((d) => d.name === "Médiane du secteur");
  assert.ok(firmLine.length >= 4 && firmLine.length === medianLine.length, `${firmLine.length} ratios`);
  assert.match(c.annotations[0].text, /^Marge d'EBE \(%\)$/);
  checkCovid(c, "ratios");

  // Which statement is usable in a month (closing + 8 months, type K, else C, else S among
  // the usable ones, the latest of that type): the rule of §5.1.
  const usable = (rows, month) => {
    const ok = rows.filter((s) => addMonths(s.date_cloture_exercice.slice(0, 7), 8) <= month);
    const kind = ["K", "C", "S"].find((k) => ok.some((s) => s.type_bilan === k));
    if (!kind) return null;
    return ok.filter((s) => s.type_bilan === kind).sort((a, b) => a.date_cloture_exercice.localeCompare(b.date_cloture_exercice)).pop();
  };
  const margin = series({ data: [firmLine[0]] }, "Entreprise");
  for (const [month, shown] of margin) {
    const s = usable(statements.get(firm.siren), month);
    close(shown, s ? dec(s.marge_ebe) : null, 1e-4, `${firm.siren} ${month} marge d'EBE`);
  }
  // The sector median at one month, recomputed from the raw files over the perimeter's firms of
  // the same NAF division.
  const division = firm.naf.slice(0, 2);
  const month = "2023-06";
  const values = [];
  for (const [siren, rows] of panel) {
    if (rows[0].perimetre !== "1" || (ape.get(siren) ?? "").slice(0, 2) !== division) continue;
    const s = usable(statements.get(siren) ?? [], month);
    if (s && dec(s.marge_ebe) !== null) values.push(dec(s.marge_ebe));
  }
  values.sort((a, b) => a - b);
  const n = values.length;
  const help = await page.locator("#firm-series p.help", { hasText: "médiane des entreprises" }).innerText();
  const min = Number(help.match(/manquante sous (\d+) entreprises/)[1]);
  const median = n < min ? null : n % 2 ? values[(n - 1) / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  const sector = series({ data: [medianLine[0]] }, "Médiane du secteur");
  close(sector.get(month), median, 1e-4, `division ${division} median at ${month} over ${n} firms`);

  await page.locator("#chart-ratios").screenshot({ path: `${SHOTS}/4f-fiche-ratios.png` });
  // The second set of ratios (operating cycle).
  await page.selectOption("#ratio-set", "1");
  await page.waitForFunction(() => document.getElementById("chart-ratios")?.layout?.annotations?.[0]?.text?.startsWith("Besoin en fonds de roulement"));
});

test("a firm with activité partielle: its hours in full-time equivalents", async () => {
  const months = (s) => (panel.get(s) ?? []).filter((r) => Number(r.ap_heures_consommees) > 0).length;
  const firm = scores.reduce((best, s) => (months(s.siren) > months(best.siren) ? s : best));
  assert.ok(months(firm.siren) >= 6, `${firm.siren}: ${months(firm.siren)} months of AP`);
  await openFirm(firm.siren);
  const { apMonths } = await checkEmployment(firm.siren);
  assert.equal(apMonths, months(firm.siren));
  assert.ok(await page.locator("#chart-employment .barlayer .point").count() >= apMonths);
  await page.locator("#chart-employment").screenshot({ path: `${SHOTS}/4g-fiche-activite-partielle.png` });
  await checkDebt(firm.siren);
});

test("a firm with CCSF events and payment plans: markers with their stage, plan periods shaded", async () => {
  const count = (s, f) => (panel.get(s) ?? []).filter(f).length;
  const candidates = scores.filter(
    (s) => count(s.siren, (r) => r.ccsf_dernier_stade !== "") > 0 && count(s.siren, (r) => Number(r.delai_plans) > 0) > 0,
  );
  assert.ok(candidates.length > 0);
  const firm = candidates[0];
  await openFirm(firm.siren);
  const c = await checkDebt(firm.siren);
  // CCSF: the latest event strictly before each month's first day is the panel's last stage.
  const ccsf = c.data.find((d) => d.name === "Événement CCSF");
  assert.ok(ccsf, "CCSF markers");
  const codes = { ouverture: "DEBUT", refus: "REFUS", "plan approuvé": "APPROB", "fin du plan": "FIN", rejet: "REJ", "autre stade": "OTHER" };
  const events = ccsf.x.map((d, i) => ({ date: d, stage: codes[ccsf.text[i]] }));
  assert.ok(events.every((e) => e.stage), JSON.stringify(ccsf.text));
  for (const r of panel.get(firm.siren)) {
    const before = events.filter((e) => e.date < `${r.month}-01`).pop();
    assert.equal(before?.stage ?? "", r.ccsf_dernier_stade, `${firm.siren} ${r.month}`);
  }
  // Payment plans: the green strips cover exactly the months with a plan under way.
  const covered = new Set();
  for (const s of c.shapes.filter((s) => s.fillcolor === "rgba(46, 139, 87, 0.55)")) {
    for (let m = s.x0.slice(0, 7); m < s.x1.slice(0, 7); m = nextMonth(m)) covered.add(m);
  }
  const planned = panel.get(firm.siren).filter((r) => Number(r.delai_plans) > 0).map((r) => r.month);
  assert.deepEqual([...covered].sort(), planned);
  assert.ok(c.data.some((d) => d.name === "Délai de paiement URSSAF en cours"));
  const summary = await page.locator("#debt-summary").innerText();
  assert.match(summary, /Délais de paiement : (de|depuis) [a-zéû]+ \d{4}/);
  assert.match(summary, /CCSF : \d\d\/\d\d\/\d{4} (ouverture|refus|plan approuvé|fin du plan|rejet)/);
});

test("collective proceedings: the timeline gives the statuses and their months in French", async () => {
  // The firm with the most status changes (not scored: it is in a proceeding).
  const periods = (s) => {
    let n = 0;
    let previous = "in_bonis";
    for (const r of panel.get(s)) {
      if (r.procol_status !== previous && r.procol_status !== "in_bonis") n += 1;
      previous = r.procol_status;
    }
    return n;
  };
  const siren = [...panel.keys()].reduce((best, s) => (periods(s) > periods(best) ? s : best));
  assert.ok(periods(siren) >= 2, `${siren}: ${periods(siren)} periods`);
  await openFirm(siren);
  const expected = await checkProcol(siren);
  assert.ok(expected.length >= 2);
  await page.locator("#procol-timeline").screenshot({ path: `${SHOTS}/4e-fiche-procol.png` });
});

test("a firm without statements gets a sentence instead of an empty ratio chart", async () => {
  const firm = scores.find((s) => !statements.has(s.siren));
  assert.ok(firm, "a scored firm without statements");
  await openFirm(firm.siren);
  const note = page.locator("#chart-ratios");
  assert.equal(await note.evaluate((el) => el.tagName), "P");
  assert.equal(await note.innerText(), "Aucun bilan connu pour cette entreprise : pas de ratios financiers à comparer au secteur.");
  assert.equal(await page.locator("#chart-ratios .main-svg").count(), 0);
});

test("the charts follow the English toggle", async () => {
  await page.click("button.lang");
  await page.waitForFunction(() => document.getElementById("chart-employment")?.layout?.yaxis?.title?.text === "Employees / FTE");
  const names = await page.evaluate(() => document.getElementById("chart-debt").data.map((d) => d.name));
  assert.ok(names.includes("Debt, employee share"), names.join(", "));
  assert.match(await page.locator("#procol-timeline h3").innerText(), /Collective proceedings/);
  await page.click("button.lang");
  await page.waitForFunction(() => document.getElementById("chart-employment")?.layout?.yaxis?.title?.text === "Salariés / ETP");
});

test("no console error and no request left this machine", () => {
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests, []);
});
