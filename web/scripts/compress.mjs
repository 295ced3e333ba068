// Writes a gzip twin of each compressible file in dist/ so `innexar` can send it to browsers that
// accept gzip without compressing on every request.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

const root = new URL('../dist/', import.meta.url).pathname;
const compressible = /\.(js|css|html|svg|json|txt|map)$/;
let saved = 0;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (compressible.test(name)) {
      const raw = readFileSync(path);
      if (raw.length < 1024) continue;
      const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
      if (gz.length < raw.length * 0.9) {
        writeFileSync(`${path}.gz`, gz);
        saved += raw.length - gz.length;
      }
    }
  }
}
walk(root);
console.log(`gzip twins written (${Math.round(saved / 1024)} KiB saved)`);
