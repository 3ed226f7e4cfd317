// ocop from Node: score a JSON Lines file with the WebAssembly module, print each result
// line, the refusals with their line, and for the first record its explanation and the
// cheapest plan to the next star. Output is the CLI's, byte for byte.
//   node examples/node/score.mjs PKG_DIR [FILE.jsonl]
// PKG_DIR is the module built by tools/build-wasm.sh (build-wasm/pkg).
import { readFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [pkg, file = resolve(here, '../data/sample-national.jsonl')] = process.argv.slice(2);
if (!pkg) {
    console.error('usage: node score.mjs PKG_DIR [FILE.jsonl]');
    process.exit(2);
}
const { createOcop } = await import(resolve(pkg, 'index.js'));
const ocop = await createOcop();

const text = readFileSync(file, 'utf8');
const scored = ocop.score(text); // the lean line of `ocop score`
process.stdout.write(scored.output);
for (const line of scored.errors.split('\n').filter(Boolean)) {
    const e = JSON.parse(line);
    console.error(`line ${e.line}: ${e.error} at ${e.path}: ${e.message}`);
}
const first = text.slice(0, text.indexOf('\n') + 1);
console.error(ocop.explain(first).output);
console.error(ocop.plan(first).output);
// Exit as the CLI does: 0 all scored, 1 some records refused.
process.exitCode = scored.exitCode;
