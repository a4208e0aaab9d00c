#!/usr/bin/env node
// Regenerates this folder from ../shared/refdata with the JavaScript reference
// (../shared/interop/canon.mjs: jsonld.js + rdf-canonize, safe mode, base null,
// rdfDirection i18n-datatype — the eddsa-rdfc-2022 settings).
//
// For every JSON credential in the source folders below, writes
//   inputs/<name>.json   the credential with its top-level "proof" removed
//   expected/<name>.nq   the reference's canonical N-Quads, or
//   expected/<name>.err  the reference's error, when it refuses the document
// Usage (from the project root): node tests/vectors/canon-credentials/regenerate.mjs
import {execFileSync} from 'node:child_process';
import {mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, rmSync} from 'node:fs';
import {join, relative} from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const shared = process.env.MC_SHARED_DIR || join(here, '../../../../shared');
const interop = join(shared, 'interop');
const sources = [
  'interop/example-unsigned.json',
  'refdata/ob3-spec/examples-1.0.14',
  'refdata/ob3-spec/test-vectors/obv3p0/unsigned.json',
  'refdata/ob3-spec/test-vectors/clrv2p0/unsigned.json',
  'refdata/vc-di-eddsa/TestVectors/unsigned.json',
  'refdata/vc-di-eddsa/TestVectors/employmentAuth.json',
  'refdata/vc-di-eddsa/TestVectors/proof-set-chain/unsigned.json',
  'refdata/1edtech-validator/ob30',
  'refdata/dcc-vc-test-fixtures/verifiableCredentials',
];

// Contexts the harness's loader does not serve, from the same refdata copies that
// microcred compiles in (contexts/README.md).
const extraContexts = {
  'https://w3id.org/security/suites/ed25519-2020/v1': 'refdata/vc-di-eddsa/contexts/lds-ed25519-2020-v1.json',
  'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json':
    'refdata/1edtech-validator/contexts/clr-v2p0-2.0.1.json',
  'https://w3id.org/citizenship/v4rc1': 'refdata/w3c-contexts/citizenship-vocab/citizenship-v4rc1.jsonld',
  'https://www.w3.org/ns/credentials/examples/v2': 'refdata/w3c-contexts/vc-data-model/credentials/examples/v2',
};
const contextArgs = Object.entries(extraContexts).flatMap(([u, f]) => ['--context', `${u}=${join(shared, f)}`]);

function walk(p, out) {
  if (statSync(p).isDirectory()) {
    for (const e of readdirSync(p).sort()) walk(join(p, e), out);
  } else if (p.endsWith('.json')) {
    out.push(p);
  }
}

rmSync(join(here, 'inputs'), {recursive: true, force: true});
rmSync(join(here, 'expected'), {recursive: true, force: true});
mkdirSync(join(here, 'inputs'));
mkdirSync(join(here, 'expected'));
const files = [];
for (const s of sources) walk(join(shared, s), files);
let ok = 0, refused = 0;
for (const f of files) {
  let doc;
  try { doc = JSON.parse(readFileSync(f, 'utf8')); } catch { continue; }
  if (typeof doc !== 'object' || Array.isArray(doc) || !doc['@context']) continue;
  delete doc.proof;
  const name = relative(shared, f).replace(/^refdata\//, '').replace(/\.json$/, '').replace(/[\/]/g, '__');
  const input = join(here, 'inputs', name + '.json');
  writeFileSync(input, JSON.stringify(doc, null, 2) + '\n');
  try {
    const nq = execFileSync('node', [join(interop, 'canon.mjs'), ...contextArgs, input], {stdio: ['ignore', 'pipe', 'pipe']});
    writeFileSync(join(here, 'expected', name + '.nq'), nq);
    ok++;
  } catch (e) {
    writeFileSync(join(here, 'expected', name + '.err'), String(e.stderr || e.message));
    refused++;
  }
}
console.log(`canonicalized ${ok}, refused ${refused}`);
