// Reference side of conformance/jcs-numbers: reads a file of IEEE 754 doubles, one
// per line as 16 hex digits of the bit pattern, and prints JSON.stringify of each,
// one per line, in the same order. JSON.stringify is the behaviour RFC 8785 §3.2.2.3
// pins down for numbers. Uses only Node built-ins.
//
// usage: node jcs_numbers.mjs FILE
import { readFileSync, writeSync } from 'node:fs';

if (process.argv.length !== 3) {
  process.stderr.write('usage: node jcs_numbers.mjs FILE\n');
  process.exit(2);
}
const lines = readFileSync(process.argv[2], 'latin1').split('\n');
const view = new DataView(new ArrayBuffer(8));
let out = [];
const flush = () => {
  const s = out.join('');
  let off = 0;
  const b = Buffer.from(s, 'latin1');
  while (off < b.length) off += writeSync(1, b, off);
  out = [];
};
for (const line of lines) {
  if (line === '') continue;
  view.setBigUint64(0, BigInt('0x' + line));
  out.push(JSON.stringify(view.getFloat64(0)), '\n');
  if (out.length >= 65536) flush();
}
flush();
