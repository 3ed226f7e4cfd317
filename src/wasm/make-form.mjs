#!/usr/bin/env node
// Generate the offline scoring form of a ruleset: one HTML file holding the WebAssembly
// library, the form and what the library reads of the ruleset (docs/embedding-web.md).
//   node make-form.mjs [--ruleset ID | --ruleset-file FILE] [-o FORM.html]
// It works from file:// with no network: nothing is fetched.
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOcop } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const usage = 'usage: make-form.mjs [--ruleset ID | --ruleset-file FILE] [-o FORM.html]';
let id = '', file = '', out = 'ocop-form.html';
const args = process.argv.slice(2);
for (let i = 0; i < args.length; ++i) {
    const a = args[i], v = args[i + 1];
    if ((a === '--ruleset' || a === '--ruleset-file' || a === '-o') && v === undefined) {
        console.error(`make-form: ${a} needs a value\n${usage}`);
        process.exit(2);
    }
    if (a === '--ruleset') id = args[++i];
    else if (a === '--ruleset-file') file = args[++i];
    else if (a === '-o' || a === '--output') out = args[++i];
    else if (a === '-h' || a === '--help') { console.log(usage); process.exit(0); }
    else { console.error(`make-form: unknown argument ${a}\n${usage}`); process.exit(2); }
}
const ocop = await createOcop();
const extra = file ? [readFileSync(file, 'utf8')] : [];
const opts = extra.length ? { rulesets: extra, replace: true } : {};
let model;
try {
    if (file && !id) id = JSON.parse(extra[0]).id;
    model = ocop.form({ ...opts, ruleset: id });
} catch (e) {
    console.error(`make-form: ${e.message}`);
    process.exit(3);
}
// Text inside <script>: no "</script" and no "<!--" may appear.
const inScript = (s) => s.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
const json = (v) => JSON.stringify(v).replace(/</g, '\\u003c');
const core = readFileSync(join(here, 'ocop-core.mjs'), 'utf8').replace(/export default createOcopCore;?\s*$/, '');
const api = readFileSync(join(here, 'index.js'), 'utf8')
    .replace(/^import createOcopCore from .*$/m, '')
    .replace(/^export default .*$/m, '')
    .replace(/^export /gm, '');
const form = readFileSync(join(here, 'form.js'), 'utf8');
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const parts = {
    TITLE: esc(`Phiếu chấm điểm OCOP — ${model.id}`),
    SUBTITLE: esc(`${model.title} · ${model.hash}`),
    MODEL: json(model),
    RULESETS: json(extra),
    CORE: inScript(core),
    API: inScript(api),
    FORM: inScript(form),
};
const html = readFileSync(join(here, 'form-template.html'), 'utf8')
    .replace(/@@(TITLE|SUBTITLE|MODEL|RULESETS|CORE|API|FORM)@@/g, (_, k) => parts[k]);
writeFileSync(out + '.tmp', html);
renameSync(out + '.tmp', out);
console.error(`make-form: ${out} (${model.id}, ${model.sheets.length} sheets, ${html.length} bytes)`);
