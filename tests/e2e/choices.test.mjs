// The analysis choices of the import report page: the scoring month (default: the latest
// complete month) and the model (embedded, trained here, or a checked file).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { open, SHOTS, VIGIE } from "./harness.mjs";

let session, page;

before(async () => {
  session = await open();
  page = session.page;
  await page.goto(session.url);
});

after(async () => session?.close());

/** The CLI's scores of the app's demo at a month: { header, rows }. */
function cliScores(at) {
  const dir = mkdtempSync(join(tmpdir(), "vigie-choices-"));
  execFileSync(VIGIE, ["demo", "--firms", "1000", "--seed", "2016", "--out", join(dir, "demo")]);
  execFileSync(VIGIE, ["score", join(dir, "demo"), "--at", at, "-o", join(dir, "scores.csv")]);
  const [header, ...rows] = readFileSync(join(dir, "scores.csv"), "utf8").trim().split("\n").map((l) => l.split(","));
  return { header, rows };
}

async function demoReport() {
  if (await page.locator("#new-import").count()) await page.click("#new-import");
  await page.click("#load-demo");
  await page.locator("#analysis-choices").waitFor({ timeout: 60_000 });
}

test("the scoring month defaults to the latest complete month and an earlier one scores like vigie score --at", async () => {
  await demoReport();
  const select = page.locator("#scoring-month");
  assert.equal(await select.inputValue(), "2024-12");
  assert.match(await select.locator("option:checked").innerText(), /décembre 2024 \(dernier mois complet\)/);
  // Newest first, every month down to the first with a year of history before it.
  const values = await select.locator("option").evaluateAll((os) => os.map((o) => o.value));
  const index = (v) => Number(v.slice(0, 4)) * 12 + Number(v.slice(5)) - 1;
  values.slice(1).forEach((v, i) => assert.equal(index(values[i]) - index(v), 1, `${values[i]} then ${v}`));
  assert.ok(values.length >= 7 * 12, `${values.length} months`);
  // Keyboard: the select is reachable and changes with the arrow keys.
  await select.focus();
  await page.keyboard.press("ArrowDown");
  assert.equal(await select.inputValue(), "2024-11");
  await select.selectOption("2024-06");
  await page.screenshot({ path: `${SHOTS}/2b-choix-analyse.png` });
  await page.click("#analyse");
  await page.locator("table.firms tbody tr").first().waitFor({ timeout: 60_000 });
  assert.match(await page.locator("p.summary").innerText(), /Mois de calcul : juin 2024/);

  const { header, rows } = cliScores("2024-06");
  const col = (name) => header.indexOf(name);
  const shown = await page.$$eval("table.firms tbody tr", (trs) =>
    trs.map((tr) => ({
      siren: (tr.dataset.siren ?? tr.querySelector("td:nth-child(3)").innerText).replace(/\s/g, ""),
      p18: Number(tr.querySelector("td.risk[data-horizon='18']").dataset.p),
    })),
  );
  assert.ok(shown.length >= 20);
  shown.forEach((r, i) => {
    assert.equal(r.siren, rows[i][col("siren")], `rank ${i + 1}`);
    assert.ok(Math.abs(r.p18 - Number(rows[i][col("p_18m")])) < 1e-8, `p18 at rank ${i + 1}`);
  });
});

test("a model file is checked as soon as it is picked: refused with the reason, or used for the analysis", async () => {
  await demoReport();
  await page.setInputFiles("#analysis-model-upload", {
    name: "abime.json",
    mimeType: "application/json",
    buffer: Buffer.from('{"format":"vigie-model","schema_version":99}'),
  });
  const error = page.locator("#analysis-model-error");
  await error.waitFor();
  assert.match(await error.innerText(), /« abime\.json » — Modèle refusé : version de modèle 99 non prise en charge/);
  assert.ok(await page.locator("#model-embedded").isChecked(), "the embedded model stays chosen");
  await page.setInputFiles("#analysis-model-upload", {
    name: "vigie-modele.json",
    mimeType: "application/json",
    buffer: readFileSync("crates/engine/models/default.json"),
  });
  await page.locator("#analysis-model-name", { hasText: "vigie-modele.json" }).waitFor();
  assert.equal(await error.count(), 0);
  assert.ok(await page.locator("#model-file").isChecked());
  await page.click("#analyse");
  await page.locator("table.firms tbody tr").first().waitFor({ timeout: 60_000 });
  assert.match(await page.locator("#model-line").innerText(), /Modèle chargé depuis le fichier « vigie-modele\.json »/);
});

test("« entraîner ici » ranks with the embedded model, then trains in the browser with progress and scores with the new model", async () => {
  await demoReport();
  await page.check("#model-train");
  await page.click("#analyse");
  await page.locator("#model-page").waitFor({ timeout: 60_000 });
  await page.locator("#train-progress").waitFor({ timeout: 30_000 });
  assert.match(page.url(), /\?vue=modele$/);
  await page.locator("#train-message.done").waitFor({ timeout: 300_000 });
  assert.match(await page.locator("#model-source").innerText(), /Modèle entraîné ici sur les données de démonstration/);
});

test("no console error and no request left 127.0.0.1", () => {
  assert.deepEqual(session.consoleErrors, []);
  assert.deepEqual(session.foreignRequests, []);
});
