// Trunk post-build hook: put the SHA-256 of every inline <script> into the page's CSP, and drop
// the static nonces Trunk adds (a nonce fixed at build time protects nothing).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("csp-hashes: TRUNK_STAGING_DIR is not set (run me as a Trunk hook)");
  process.exit(1);
}
const file = join(staging, "index.html");
let html = readFileSync(file, "utf8");
html = html.replace(/\snonce="[^"]*"/g, "");
const hashes = [];
for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  const digest = createHash("sha256").update(match[1], "utf8").digest("base64");
  hashes.push(`'sha256-${digest}'`);
}
if (!html.includes("__INLINE_SCRIPT_HASHES__")) {
  console.error("csp-hashes: placeholder __INLINE_SCRIPT_HASHES__ not found in index.html");
  process.exit(1);
}
html = html.replaceAll("__INLINE_SCRIPT_HASHES__", hashes.join(" "));
writeFileSync(file, html);
console.log(`csp-hashes: ${hashes.length} inline script(s) hashed into the CSP`);
