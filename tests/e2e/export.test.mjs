// Exports of the detection list (CSV for French Excel, XLSX) and the printable firm sheet.
// Run with `VIGIE_DIST=… node --test tests/e2e/export.test.mjs` after `trunk build` and
// `cargo build -p vigie-cli` (the CLI writes the demo folders and the reference exports).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { open, loadDemo, SHOTS, VIGIE } from "./harness.mjs";

let h, page;
const dialogs = [];

before(async () => {
  h = await open();
  page = h.page;
  // A hostile name must never run: any alert() would show up here.
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await page.goto(h.url);
  await loadDemo(page);
});

after(async () => {
  await h?.close();
});

/** Parses RFC 4180 text with `;` separators (quotes doubled, line breaks inside quotes). */
function parseCsv(text) {
  const rows = [];
  let row = [""];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        row[row.length - 1] += '"';
        i++;
      } else if (c === '"') quoted = false;
      else row[row.length - 1] += c;
    } else if (c === '"') quoted = true;
    else if (c === ";") row.push("");
    else if (c === "\r" && text[i + 1] === "\n") {
      rows.push(row);
      row = [""];
      i++;
    } else row[row.length - 1] += c;
  }
  assert.deepEqual(row, [""], "the file ends with CRLF");
  return rows;
}

/** A French decimal from the CSV ("0,123456", "-1,5") as a number; "" stays null. */
const frDecimal = (s) => {
  if (s === "") return null;
  assert.match(s, /^-?\d+(,\d+)?$/, `a French decimal: ${s}`);
  return Number(s.replace(",", "."));
};

/** Clicks `selector` and returns the downloaded file: { name, bytes }. */
async function download(selector) {
  const [d] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  return { name: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
}

/** Downloads the CSV export and checks what every export must be; returns { header, rows, name }. */
async function exportCsv() {
  const { name, bytes } = await download("#export-csv");
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 BOM");
  const text = bytes.toString("utf8").slice(1);
  assert.ok(!/(^|[^\r])\n/.test(text.replace(/"[^"]*"/g, "")), "CRLF line ends only");
  const [header, ...rows] = parseCsv(text);
  for (const r of rows) assert.equal(r.length, header.length, r.join(";"));
  return { header, rows, name, text: bytes.toString("utf8") };
}

/** The scored rows the list shows (page 1), in order: SIREN and the four probabilities. */
async function shownRows() {
  return page.$$eval("table.firms tbody tr[data-siren]", (trs) =>
    trs
      .map((tr) => ({
        siren: tr.querySelector("td.siren").innerText.trim(),
        p: [...tr.querySelectorAll("td.risk[data-p]")].map((td) => Number(td.dataset.p)),
      }))
      .filter((r) => r.p.length === 4),
  );
}

const HORIZONS = [3, 6, 12, 18];
let demoCsv;

test("CSV export: the list's firms in its order, for French Excel, with the explanation columns", async () => {
  const count = Number(await page.locator("#export-count").getAttribute("data-count"));
  assert.ok(count > 500, `firms in the list: ${count}`);
  assert.match(await page.locator("#export-count").innerText(), new RegExp(`${count.toLocaleString("fr-FR").replace(/\s/g, "\\s")} entreprises`));
  const csv = await exportCsv();
  demoCsv = csv;
  const { header, rows, name } = csv;
  assert.match(name, /^vigie-liste-\d{4}-\d{2}\.csv$/);
  assert.deepEqual(header.slice(0, 13), [
    "rang", "alerte (modèle)", "règle de l'alerte", "alerte retenue", "justification de l'ajustement", "suivie",
    "première alerte", "SIREN", "raison sociale", "département", "NAF", "effectif", "dette URSSAF (€)",
  ]);
  assert.deepEqual(header.slice(13, 17), HORIZONS.map((m) => `p ${m} mois`));
  assert.ok(rows.every((r) => r[2] === "seuils du modèle, p 18 mois"), "the rule of the list's default view");
  assert.deepEqual(header.slice(-4), ["raison 1", "raison 2", "raison 3", "raison 4"]);
  assert.equal(rows.length, count);
  // The status says how many firms went into which file.
  assert.equal(Number(await page.locator("#export-status .saved").getAttribute("data-firms")), count);
  assert.match(await page.locator("#export-status").innerText(), new RegExp(`exportées dans ${name.replace(/\./g, "\\.")}`));

  // Row for row, the firms of the list's first page with the list's probabilities.
  const shown = await shownRows();
  assert.ok(shown.length >= 20, `rows shown: ${shown.length}`);
  const col = (n) => header.indexOf(n);
  for (const [k, s] of shown.entries()) {
    const r = rows[k];
    assert.equal(r[col("SIREN")], s.siren, `row ${k + 1}`);
    assert.match(r[col("SIREN")], /^\d{3} \d{3} \d{3}$/);
    HORIZONS.forEach((m, j) => {
      const p = r[col(`p ${m} mois`)];
      assert.ok(p.includes(","), `decimal comma: ${p}`);
      assert.ok(Math.abs(frDecimal(p) - s.p[j]) < 1e-6, `${s.siren} p${m}: ${p} vs ${s.p[j]}`);
    });
  }

  // The whole file equals the CLI's export of the same demo (1000 firms, seed 2016): the app
  // and `vigie export` run the same engine code.
  const dir = mkdtempSync(join(tmpdir(), "vigie-export-"));
  execFileSync(VIGIE, ["demo", "--firms", "1000", "--seed", "2016", "--out", join(dir, "demo")]);
  const month = name.match(/(\d{4}-\d{2})/)[1];
  execFileSync(VIGIE, ["export", join(dir, "demo"), "--format", "csv", "--at", month, "-o", join(dir, "cli.csv")]);
  assert.equal(readFileSync(join(dir, "cli.csv"), "utf8"), csv.text, "the app's file is the CLI's, byte for byte");
  assert.deepEqual(rows.map((r) => r[0]), rows.map((_, k) => String(k + 1)), "rang: the risk order");

  // The explanation columns add up: reference + groups + term structure = the firm's log-odds.
  const logit = header.findIndex((n) => /^log-odds \d+ mois$/.test(n));
  const structure = col("contribution structure par terme");
  assert.ok(logit > 0 && structure === logit + 9, header.join(" | "));
  for (const r of rows) {
    const parts = r.slice(logit + 1, structure + 1).map(frDecimal);
    const sum = parts.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - frDecimal(r[logit])) < 1e-5, `${r[col("SIREN")]}: ${sum} vs ${r[logit]}`);
  }
  // Numbers are numbers: negative contributions are written as such, never neutralised.
  assert.ok(rows.some((r) => r.slice(logit, structure + 1).some((v) => /^-\d/.test(v))));
  assert.ok(rows.filter((r) => r[col("raison 1")] !== "").length > rows.length / 2);
});

test("the export follows the list's filters", async () => {
  const name = demoCsv.rows[3][demoCsv.header.indexOf("raison sociale")];
  const word = name.split(" ")[0];
  await page.fill("#filter-search", word);
  await page.waitForFunction(
    (n) => Number(document.querySelector("#export-count")?.dataset.count) < n,
    demoCsv.rows.length,
  );
  const count = Number(await page.locator("#export-count").getAttribute("data-count"));
  const { header, rows } = await exportCsv();
  assert.equal(rows.length, count);
  const expected = demoCsv.rows.filter((r) =>
    (r[header.indexOf("raison sociale")] + " " + r[header.indexOf("SIREN")]).toLowerCase().includes(word.toLowerCase()),
  );
  const siren = header.indexOf("SIREN");
  assert.deepEqual(rows.map((r) => r[siren]), expected.map((r) => r[siren]), `search « ${word} »`);
  await page.screenshot({ path: `${SHOTS}/3e-export-filtre.png` });
  await page.fill("#filter-search", "");
  await page.waitForFunction((n) => Number(document.querySelector("#export-count")?.dataset.count) === n, demoCsv.rows.length);
});

test("the export gives the alerts of the list's horizon and capacity mode, as `vigie export` does", async () => {
  await page.selectOption("#filter-horizon", "6");
  await page.selectOption("#filter-mode", "capacity");
  await page.fill("#filter-capacity", "3");
  await page.dispatchEvent("#filter-capacity", "change");
  await page.locator("#list-mode", { hasText: "(3)" }).waitFor();
  const { header, rows, name, text } = await exportCsv();
  const col = (n) => header.indexOf(n);
  assert.ok(rows.every((r) => r[col("règle de l'alerte")] === "capacité : 3 par département, p 6 mois"));
  assert.ok(col("log-odds 6 mois") > 0, "explained at 6 months");
  // The rows of the first page have the alert the list shows them with, ranked by p 6 mois.
  const shown = await page.$$eval("table.firms tbody tr[data-siren]", (trs) =>
    trs.map((tr) => ({ siren: tr.querySelector("td.siren").innerText.trim(), level: tr.querySelector(".alert-view")?.dataset.modelAlert })),
  );
  for (const [k, s] of shown.entries()) {
    assert.equal(rows[k][col("SIREN")], s.siren);
    assert.equal(rows[k][col("alerte (modèle)")], s.level, `${s.siren}: the list's level`);
    assert.equal(rows[k][col("rang")], String(k + 1), "ranked by p 6 mois");
  }
  const perDep = new Map();
  for (const r of rows.filter((r) => r[col("alerte (modèle)")] !== "vert")) {
    perDep.set(r[col("département")], (perDep.get(r[col("département")]) ?? 0) + 1);
  }
  assert.ok(perDep.size > 0 && [...perDep.values()].every((n) => n <= 3), JSON.stringify([...perDep]));
  // Byte for byte the CLI's export with the same horizon and capacity.
  const dir = mkdtempSync(join(tmpdir(), "vigie-export-view-"));
  execFileSync(VIGIE, ["demo", "--firms", "1000", "--seed", "2016", "--out", join(dir, "demo")]);
  const month = name.match(/(\d{4}-\d{2})/)[1];
  execFileSync(VIGIE, ["export", join(dir, "demo"), "--at", month, "--horizon", "6", "--capacity", "3", "-o", join(dir, "cli.csv")]);
  assert.equal(readFileSync(join(dir, "cli.csv"), "utf8"), text, "the app's file is `vigie export --horizon 6 --capacity 3`");
  await page.selectOption("#filter-mode", "thresholds");
  await page.selectOption("#filter-horizon", "18");
  await page.locator("#list-mode", { hasText: "18" }).waitFor();
});

test("XLSX export: a workbook whose cells are typed (SIREN as text, probabilities as numbers)", async () => {
  const { name, bytes } = await download("#export-xlsx");
  assert.match(name, /^vigie-liste-\d{4}-\d{2}\.xlsx$/);
  assert.equal(bytes.subarray(0, 2).toString("latin1"), "PK");
  const dir = mkdtempSync(join(tmpdir(), "vigie-xlsx-"));
  writeFileSync(join(dir, name), bytes);
  // Read the first rows back with python's zipfile (shared strings resolved, typed cells).
  const py = `
import json, re, sys, zipfile
from xml.etree import ElementTree as ET
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
z = zipfile.ZipFile(sys.argv[1])
strings = [''.join(t.text or '' for t in si.iter('{%s}t' % ns["m"])) for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns)]
sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
rows = []
for row in sheet.find("m:sheetData", ns).findall("m:row", ns)[:4]:
    cells = {}
    for c in row.findall("m:c", ns):
        col = re.match(r"[A-Z]+", c.get("r")).group(0)
        v = c.find("m:v", ns)
        t = c.get("t")
        cells[col] = {"type": "s" if t == "s" else "n", "value": strings[int(v.text)] if t == "s" else float(v.text)}
    rows.append(cells)
frozen = sheet.find("m:sheetViews/m:sheetView/m:pane", ns)
print(json.dumps({"rows": rows, "frozen": frozen is not None and frozen.get("state") == "frozen", "formulas": len(sheet.findall(".//m:f", ns))}))
`;
  const got = JSON.parse(execFileSync("python3", ["-c", py, join(dir, name)]).toString());
  assert.equal(got.frozen, true, "header row frozen");
  assert.equal(got.formulas, 0, "no formula anywhere");
  const [head, first] = got.rows;
  assert.deepEqual(head.A, { type: "s", value: "rang" });
  assert.deepEqual(head.H, { type: "s", value: "SIREN" });
  assert.deepEqual(head.Q, { type: "s", value: "p 18 mois" });
  const csvFirst = demoCsv.rows[0];
  assert.deepEqual(first.A, { type: "n", value: 1 });
  assert.deepEqual(first.H, { type: "s", value: csvFirst[7] });
  assert.equal(first.I.value, csvFirst[8]);
  assert.equal(first.Q.type, "n");
  assert.ok(Math.abs(first.Q.value - frDecimal(csvFirst[16])) < 1e-6);
});

/** Whether a command-line tool is installed (poppler's pdftotext and pdftoppm). */
const has = (tool) => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;

test("the printable firm sheet: no navigation nor buttons, identity and charts kept, a dated confidential footer", async () => {
  await page.locator("table.firms tbody tr[data-siren] td.name button").first().click();
  await page.locator("#print-firm").waitFor();
  assert.equal((await page.locator("#print-firm").innerText()).trim(), "Imprimer la fiche");
  await page.locator(".chart .main-svg").first().waitFor({ timeout: 30_000 });
  // The button opens the browser's print dialog (window.print, replaced here to count calls)
  // and, like any print, redraws the charts to the paper's width first.
  await page.evaluate(() => {
    window.__printed = 0;
    window.print = () => {
      window.__printed++;
      window.dispatchEvent(new Event("beforeprint"));
    };
  });
  const widths = () => page.$$eval(".js-plotly-plot", (els) => els.map((e) => e._fullLayout.width));
  const onScreen = await widths();
  await page.click("#print-firm");
  assert.equal(await page.evaluate(() => window.__printed), 1);
  const onPaper = await widths();
  const a4 = (186 / 25.4) * 96;
  assert.ok(onScreen.some((w) => w > a4), `a chart wider than the page on screen: ${onScreen}`);
  assert.deepEqual(onPaper, onScreen.map(() => Math.floor(a4 - 4)), `${onScreen} → ${onPaper}`);
  await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
  await page.waitForFunction((before) => [...document.querySelectorAll(".js-plotly-plot")].every((e, k) => Math.abs(e._fullLayout.width - before[k]) <= 1), onScreen);

  const footer = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--print-footer").trim());
  assert.match(footer, /^"Fiche imprimée le (1er|\d{1,2}) [a-zéû]+ \d{4} — données confidentielles"$/);

  await page.emulateMedia({ media: "print" });
  for (const hidden of ["nav.views", "header.top button.lang", ".privacy", "#print-firm", "button.back", "#export-csv"]) {
    assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} hidden on paper`);
  }
  for (const shown of ["section.firm h1", ".identity", "#model-line", ".chart"]) {
    assert.equal(await page.locator(shown).first().isVisible(), true, `${shown} printed`);
  }
  const style = await page.evaluate(() => {
    const b = getComputedStyle(document.body);
    const chart = getComputedStyle(document.querySelector(".chart"));
    return { color: b.color, background: b.backgroundColor, breakInside: chart.breakInside };
  });
  assert.deepEqual(style, { color: "rgb(0, 0, 0)", background: "rgb(255, 255, 255)", breakInside: "avoid" });
  await page.screenshot({ path: `${SHOTS}/4c-fiche-impression.png`, fullPage: true });

  // The real print, as a PDF: the footer on every page; the first pages as pictures.
  const dir = mkdtempSync(join(tmpdir(), "vigie-print-"));
  await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
  await page.pdf({ path: join(dir, "fiche.pdf"), format: "A4", preferCSSPageSize: true });
  await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
  await page.emulateMedia({ media: "screen" });
  // `make setup-test` installs poppler-utils: the printed sheet is always checked.
  assert.ok(has("pdftotext") && has("pdftoppm"), "poppler-utils (pdftotext, pdftoppm) must be installed");
  {
    const pages = execFileSync("pdftotext", ["-layout", join(dir, "fiche.pdf"), "-"]).toString().split("\f").filter((t) => t.trim());
    assert.ok(pages.length >= 2, `${pages.length} pages`);
    const text = JSON.parse(footer);
    for (const [k, t] of pages.entries()) assert.ok(t.includes(text), `page ${k + 1} has the footer`);
    const first = pages[0];
    const siren = (await page.locator(".identity .mono").first().innerText()).replace(/\s+/g, " ");
    assert.ok(first.replace(/\s+/g, " ").includes(siren), `page 1 names the firm: ${siren}`);
    assert.ok(!/Exporter en CSV|Imprimer la fiche|Liste de détection\s+Secteurs/.test(pages.join("")), "no control on paper");
  }
  {
    execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "2", join(dir, "fiche.pdf"), `${SHOTS}/4d-fiche-pdf`]);
  }
  assert.equal(await page.locator("nav.views").isVisible(), true);
  // Leaving the firm page takes the footer away (it belongs to the firm sheet).
  await page.click("#nav-list");
  await page.locator("table.firms").waitFor();
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--print-footer")), "");
});

test("hostile firm names: shown as text, exported neutralised", async () => {
  // A demo folder written by the CLI, with two firm names rewritten in the SIRENE legal-unit file.
  const dir = mkdtempSync(join(tmpdir(), "vigie-hostile-"));
  const data = join(dir, "demo");
  execFileSync(VIGIE, ["demo", "--firms", "300", "--seed", "7", "--out", data]);
  execFileSync(VIGIE, ["score", data, "-o", join(dir, "scores.csv")]);
  const [scoreHead, ...scoreRows] = readFileSync(join(dir, "scores.csv"), "utf8").trim().split("\n").map((l) => l.split(","));
  const scored = scoreRows.filter((r) => r[scoreHead.indexOf("signal_fort")] === "0").map((r) => r[0]);
  const [formula, script] = scored;
  const HOSTILE = { [formula]: '=HYPERLINK("http://x")', [script]: "<script>alert(1)</script>" };
  const file = readdirSync(data).find((f) => readFileSync(join(data, f), "utf8").split("\n")[0].includes("denominationUniteLegale"));
  assert.ok(file, "the SIRENE legal-unit file");
  const lines = readFileSync(join(data, file), "utf8").split("\n");
  const cols = lines[0].split(",");
  const [siren, nameCol] = [cols.indexOf("siren"), cols.indexOf("denominationUniteLegale")];
  let rewritten = 0;
  const out = lines.map((l, i) => {
    const f = l.split(",");
    if (i === 0 || !(f[siren] in HOSTILE) || f.length !== cols.length) return l;
    rewritten++;
    const v = HOSTILE[f[siren]];
    f[nameCol] = /[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
    return f.join(",");
  });
  assert.equal(rewritten, 2, `${file}: both firms rewritten`);
  writeFileSync(join(data, file), out.join("\n"));

  await page.click("#new-import");
  await page.setInputFiles("#pick-files", readdirSync(data).map((f) => join(data, f)));
  await page.locator("#import-report").waitFor({ timeout: 60_000 });
  await page.click("#analyse");
  await page.locator("table.firms tbody tr").first().waitFor({ timeout: 60_000 });

  // The names are text in the list: no element was made of them, no script ran.
  const rowOf = (s) => page.locator(`table.firms tbody tr[data-siren="${s}"]`);
  assert.equal((await rowOf(script).locator("td.name").innerText()).trim(), "<script>alert(1)</script>");
  assert.equal((await rowOf(formula).locator("td.name").innerText()).trim(), '=HYPERLINK("http://x")');
  assert.equal(await page.locator("table.firms script").count(), 0);
  await page.screenshot({ path: `${SHOTS}/3f-noms-hostiles.png` });
  await rowOf(script).locator("td.name button").click();
  await page.locator("#print-firm").waitFor();
  assert.equal((await page.locator("section.firm h1").innerText()).trim(), "<script>alert(1)</script>");
  assert.equal(await page.locator("section.firm script").count(), 0);
  await page.click("#nav-list");
  await page.locator("table.firms").waitFor();

  const { header, rows } = await exportCsv();
  const by = Object.fromEntries(rows.map((r) => [r[header.indexOf("SIREN")].replace(/ /g, ""), r]));
  const name = header.indexOf("raison sociale");
  assert.equal(by[formula][name], `'=HYPERLINK("http://x")`);
  assert.equal(by[script][name], "<script>alert(1)</script>");
  // The raw bytes: the formula cell is quoted (it holds quotes) and starts with the apostrophe.
  const { bytes } = await download("#export-csv");
  assert.ok(bytes.toString("utf8").includes(`;"'=HYPERLINK(""http://x"")";`));
  // XLSX: the names are strings, never formulas.
  const x = await download("#export-xlsx");
  const xdir = mkdtempSync(join(tmpdir(), "vigie-xlsx-"));
  writeFileSync(join(xdir, "l.xlsx"), x.bytes);
  const check = execFileSync("python3", [
    "-c",
    `import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); s = z.read("xl/sharedStrings.xml").decode(); w = z.read("xl/worksheets/sheet1.xml").decode(); print("<f>" in w, '=HYPERLINK("http://x")' in s, "&lt;script&gt;alert(1)&lt;/script&gt;" in s)`,
    join(xdir, "l.xlsx"),
  ]).toString().trim();
  assert.equal(check, "False True True");
  assert.deepEqual(dialogs, [], "no dialog opened");
});

test("no console error and no request leaving the machine", () => {
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests, []);
});
