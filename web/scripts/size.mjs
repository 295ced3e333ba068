// The JavaScript budget: what the browser downloads (gzipped) before the sign-in page can run.
// Follows the Vite manifest from the entry through static imports and the login route's chunk.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 250;
const dist = new URL('../dist/', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(`${dist}.vite/manifest.json`, 'utf8'));

function closure(keys, seen = new Set()) {
  for (const key of keys) {
    if (seen.has(key)) continue;
    seen.add(key);
    closure(manifest[key]?.imports ?? [], seen);
  }
  return seen;
}

const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
const login = Object.keys(manifest).find((k) => k.endsWith('modules/identity/LoginPage.tsx'));
if (!entry || !login) throw new Error('entry or LoginPage missing from the manifest');
const files = [...closure([entry, login])].map((k) => manifest[k].file);
const kb = (f) => gzipSync(readFileSync(dist + f)).length / 1024;
const rows = files.map((f) => [f, kb(f)]);
const total = rows.reduce((a, [, s]) => a + s, 0);
for (const [f, s] of rows) console.log(`${s.toFixed(1).padStart(7)} KB  ${f}`);
console.log(`${total.toFixed(1).padStart(7)} KB  initial JavaScript of the sign-in page (gzip), budget ${BUDGET_KB} KB`);
if (total > BUDGET_KB) {
  console.error('over budget');
  process.exit(1);
}
