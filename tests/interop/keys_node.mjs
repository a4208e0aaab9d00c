// interop/keys: signatures and key files both ways between microcred and the
// JavaScript reference harness (keygen.mjs, lib/keys.mjs, Node's crypto).
// Usage: node keys_node.mjs HARNESS_DIR MICROCRED
import {execFileSync, spawnSync} from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {isDeepStrictEqual} from 'node:util';
import {pathToFileURL} from 'node:url';

const [harness, prog] = process.argv.slice(2);
const {loadSigningKey, loadTrustedKeys} =
  await import(pathToFileURL(path.join(harness, 'lib/keys.mjs')));
const {resolveDidKey} = await import(pathToFileURL(path.join(harness, 'lib/loader.mjs')));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mc-keys-'));
let failed = 0, count = 0;
function check(name, cond, detail = '') {
  count++;
  if(cond) {
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name} ${detail}`);
  }
}
const mc = args => execFileSync(prog, args, {encoding: 'utf8'});
// Exit status of `microcred keys verify`.
const mcVerify = (key, data, sig) =>
  spawnSync(prog, ['keys', 'verify', key, data, sig], {encoding: 'utf8'}).status;
const keygen = args => execFileSync(
  process.execPath, [path.join(harness, 'keygen.mjs'), ...args], {encoding: 'utf8'});

const msg = Buffer.from('An OpenBadgeCredential, or any bytes: \u00e9\u0000\u00ff');
const msgFile = path.join(tmp, 'msg.bin');
fs.writeFileSync(msgFile, msg);
const tampered = path.join(tmp, 'tampered.bin');
fs.writeFileSync(tampered, Buffer.concat([msg, Buffer.from('!')]));
const b64u = b => Buffer.from(b).toString('base64url');
const ctl = 'https://example.edu/issuers/565049';

try {
  // 1. keygen.mjs Ed25519 key: the harness signs, microcred verifies.
  const kgEd = path.join(tmp, 'kg-ed.json');
  fs.writeFileSync(kgEd, keygen(['--controller', ctl]));
  const ed = await loadSigningKey(kgEd);
  const edSig = await ed.keyPair.signer().sign({data: msg});
  check('keygen-ed25519 -> microcred verify', mcVerify(kgEd, msgFile, b64u(edSig)) === 0);
  check('keygen-ed25519 tampered -> microcred rejects', mcVerify(kgEd, tampered, b64u(edSig)) === 1);
  // ...and microcred signs with the keygen file, the harness verifies.
  const edSig2 = Buffer.from(mc(['keys', 'sign', kgEd, msgFile]).trim(), 'base64url');
  check('microcred sign (keygen file) -> harness verify',
    await ed.keyPair.verifier().verify({data: msg, signature: edSig2}));

  // 2. keygen.mjs --rsa key: Node signs RS256, microcred verifies.
  const kgRsa = path.join(tmp, 'kg-rsa.json');
  fs.writeFileSync(kgRsa, keygen(['--rsa', '--controller', ctl]));
  const rsa = await loadSigningKey(kgRsa);
  const rsaSig = crypto.sign('sha256', msg, {key: rsa.privateJwk, format: 'jwk'});
  check('keygen-rsa -> microcred verify', mcVerify(kgRsa, msgFile, b64u(rsaSig)) === 0);
  check('keygen-rsa tampered -> microcred rejects', mcVerify(kgRsa, tampered, b64u(rsaSig)) === 1);

  // 3. microcred keys, each type: the harness loads the file, both ways verify.
  for(const type of ['ed25519', 'p256', 'rsa2048']) {
    const file = path.join(tmp, `mc-${type}.json`);
    mc(['keys', 'new', '--type', type, '--controller', ctl, '-o', file]);
    const mode = fs.statSync(file).mode & 0o777;
    check(`microcred ${type} key file mode 0600`, mode === 0o600, mode.toString(8));
    const pubJwk = JSON.parse(mc(['keys', 'show', file, '--jwk', '--public']));
    const privJwk = JSON.parse(mc(['keys', 'show', file, '--jwk']));
    const sig = Buffer.from(mc(['keys', 'sign', file, msgFile]).trim(), 'base64url');
    const opts = type === 'p256' ? {dsaEncoding: 'ieee-p1363'} : {};
    const alg = type === 'ed25519' ? null : 'sha256';
    check(`microcred ${type} sign -> node verify`,
      crypto.verify(alg, msg, {key: pubJwk, format: 'jwk', ...opts}, sig));
    check(`microcred ${type} sign, tampered -> node rejects`,
      !crypto.verify(alg, Buffer.concat([msg, Buffer.from('!')]),
        {key: pubJwk, format: 'jwk', ...opts}, sig));
    const nodeSig = crypto.sign(alg, msg, {key: privJwk, format: 'jwk', ...opts});
    check(`node ${type} sign -> microcred verify`, mcVerify(file, msgFile, b64u(nodeSig)) === 0);
    if(type === 'p256') {
      continue; // the harness's loadSigningKey knows Ed25519 Multikey and JWK keys only
    }
    // The harness reads microcred's key file as it reads keygen.mjs output.
    const loaded = await loadSigningKey(file);
    check(`harness loads microcred ${type} key file`, loaded.id && loaded.id.startsWith(ctl + '#'));
    const trusted = loadTrustedKeys([file]);
    check(`harness trusts microcred ${type} public key`, trusted.length === 1 && trusted[0].id === loaded.id);
    if(type === 'ed25519') {
      const s = await loaded.keyPair.signer().sign({data: msg});
      check('harness signs with microcred ed25519 file -> microcred verify',
        mcVerify(file, msgFile, b64u(s)) === 0);
      check('same publicKeyMultibase', loaded.publicKeyMultibase ===
        JSON.parse(fs.readFileSync(file, 'utf8')).publicKeyMultibase);
    } else {
      const s = crypto.sign('sha256', msg, {key: loaded.privateJwk, format: 'jwk'});
      check('harness RSA JWK from microcred file -> microcred verify',
        mcVerify(file, msgFile, b64u(s)) === 0);
    }
  }

  // 4. did:key documents: microcred's Multikey form equals the reference resolver's.
  for(let i = 0; i < 3; i++) {
    const k = JSON.parse(keygen([]));
    const did = k.controller;
    const ours = JSON.parse(mc(['did', 'resolve', did]));
    const theirs = await resolveDidKey(did);
    check(`did:key document ${did.slice(0, 20)}...`, isDeepStrictEqual(ours, theirs),
      JSON.stringify({ours, theirs}));
  }
} catch(e) {
  failed++;
  console.log(`FAIL exception: ${e.stack}`);
} finally {
  fs.rmSync(tmp, {recursive: true, force: true});
}
console.log(`interop keys: ${count - failed}/${count} passed`);
process.exit(failed ? 1 : 0);
