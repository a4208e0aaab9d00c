#!/usr/bin/env node
// Regenerates this folder from ../shared/interop (see README.md):
//   node tests/vectors/jsonld-safe/regen.mjs [INTEROP_DIR]
import {readFileSync, writeFileSync} from 'node:fs';
import {dirname, resolve} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const interop = resolve(process.argv[2] || resolve(here, '../../../../shared/interop'));
const {default: jsonld} = await import(pathToFileURL(`${interop}/node_modules/jsonld/lib/index.js`));
const {createDocumentLoader} = await import(pathToFileURL(`${interop}/lib/loader.mjs`));

// pitfalls.mjs runs main() on import: evaluate only its VARIANTS table.
let src = readFileSync(`${interop}/pitfalls.mjs`, 'utf8');
src = src.slice(0, src.indexOf('async function main'));
src = src.replace(/^#!.*\n/, '').replace(/^import .*\n/gm, '') + '\nexport {VARIANTS};\n';
const {VARIANTS} = await import('data:text/javascript,' + encodeURIComponent(src));

const base = JSON.parse(readFileSync(`${interop}/example-unsigned.json`, 'utf8'));
const documentLoader = createDocumentLoader();
const lines = [];
for(const [name, expect, , edit] of VARIANTS) {
  const doc = structuredClone(base);
  edit(doc);
  writeFileSync(`${here}/${name}.json`, JSON.stringify(doc, null, 2) + '\n');
  lines.push(`${name} ${expect}`);
  if(expect === 'ok') {
    const out = await jsonld.expand(doc, {documentLoader, safe: true, base: null});
    writeFileSync(`${here}/${name}.expanded.json`, JSON.stringify(out, null, 2) + '\n');
  }
}
writeFileSync(`${here}/expect.txt`, lines.join('\n') + '\n');
