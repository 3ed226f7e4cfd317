// The JS module (build-wasm/pkg/index.js) gives the CLI's output byte for byte.
//   node node_module_test.mjs PKG_DIR OCOP_CLI SAMPLE.jsonl
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const [pkg, cli, sample] = process.argv.slice(2);
if (!sample) {
    console.error('usage: node_module_test.mjs PKG_DIR OCOP_CLI SAMPLE.jsonl');
    process.exit(2);
}
const { createOcop } = await import(resolve(pkg, 'index.js'));
const ocop = await createOcop();
let failures = 0, checks = 0;
const tmp = mkdtempSync(join(tmpdir(), 'ocop-node-'));

function runCli(args, input) {
    const r = spawnSync(cli, args, { input, maxBuffer: 1 << 30 });
    if (r.error) throw r.error;
    return { out: r.stdout.toString('utf8'), code: r.status };
}
function same(name, got, want) {
    ++checks;
    if (got === want) return;
    ++failures;
    let i = 0;
    while (i < got.length && got[i] === want[i]) ++i;
    console.error(`FAIL ${name}: differs at ${i}\n  js:  ${JSON.stringify(got.slice(i, i + 120))}\n  cli: ${JSON.stringify(want.slice(i, i + 120))}`);
}

const text = readFileSync(sample, 'utf8');
const lines = text.split('\n').filter((l) => l.trim());
// A few refused records in the middle: the good ones are still scored, the errors match
// the CLI's --errors file.
const bad = [lines[0], '{"id":"bad-1","sheet":1,"answers":{"1.1":99}}', 'not json', lines[1],
             '{"id":"bad-2","sheet":77,"answers":{}}'].join('\n') + '\n';

for (const detail of ['totals', 'criteria', 'full']) {
    const js = ocop.score(text, { detail });
    const c = runCli(['score', '-q', '--detail', detail, '-'], text);
    same(`score --detail ${detail}`, js.output, c.out);
    same(`score --detail ${detail} exit`, String(js.exitCode), String(c.code));
}
// The policy overrides: --markers, --defects, --knockout (the sample holds knock-outs).
for (const [key, value] of [['knockout', 'flag'], ['markers', 'ignore'], ['defects', 'strict']]) {
    const js = ocop.score(text, { detail: 'criteria', [key]: value });
    const c = runCli(['score', '-q', '--detail', 'criteria', `--${key}`, value, '-'], text);
    same(`score --${key} ${value}`, js.output, c.out);
}
{
    const js = ocop.score(text, { messages: true, format: 'csv' });
    same('score --messages --format csv', js.output, runCli(['score', '-q', '--messages', '--format', 'csv', '-'], text).out);
}
{
    const errs = join(tmp, 'errors.jsonl');
    const js = ocop.score(bad, {});
    const c = runCli(['score', '-q', '--errors', errs, '-'], bad);
    same('score with refusals', js.output, c.out);
    same('score errors', js.errors, readFileSync(errs, 'utf8'));
    same('score with refusals exit', String(js.exitCode), String(c.code));
}
{
    const some = lines.slice(0, 50).join('\n') + '\n';
    same('plan', ocop.plan(some).output, runCli(['plan', '--format', 'json', '-'], some).out);
    same('plan --target 5', ocop.plan(some, { target: 5 }).output,
         runCli(['plan', '--format', 'json', '--target', '5', '-'], some).out);
    same('explain', ocop.explain(some).output, runCli(['explain', '-'], some).out);
    const id = JSON.parse(lines[7]).id;
    same('explain --id', ocop.explain(some, { id }).output, runCli(['explain', '--id', id, '-'], some).out);
    const scored = ocop.score(some, { detail: 'criteria' }).output;
    same('explain a result line', ocop.explain(scored).output, runCli(['explain', '-'], scored).out);
    // Incomplete dossiers: drop a few answers.
    const single = lines.filter((l) => JSON.parse(l).answers).slice(0, 50);
    const partial = single.map((l, i) => {
        const r = JSON.parse(l);
        const keys = Object.keys(r.answers);
        for (let k = 0; k < i % 4; ++k) delete r.answers[keys[(k * 7 + i) % keys.length]];
        return JSON.stringify(r);
    }).join('\n') + '\n';
    same('range', ocop.range(partial).output, runCli(['range', '-'], partial).out);
    same('validate jsonl', ocop.validate(partial + bad, { format: 'jsonl' }).output,
         runCli(['validate', '--format', 'jsonl', '-'], partial + bad).out);
    same('validate text en', ocop.validate(partial, { lang: 'en' }).output,
         runCli(['validate', '--lang', 'en', '-'], partial).out);
    // CSV: the place of a problem is the column, as the CLI names it.
    const csvText = 'id,sheet,1.1\nk,1,9\nk,1,1\n';
    same('validate csv', ocop.validate(csvText, { inputFormat: 'csv', lang: 'en' }).output,
         runCli(['validate', '--lang', 'en', '-'], csvText).out);
    // Council: three members per record.
    const council = single.slice(0, 30).map((l, i) => {
        const r = JSON.parse(l);
        const m2 = { ...r.answers }, m3 = { ...r.answers };
        const keys = Object.keys(r.answers);
        m2[keys[i % keys.length]] = { option: 1 };
        m3[keys[(i + 3) % keys.length]] = { option: 1 };
        r.members = [r.answers, m2, m3];
        delete r.answers;
        return JSON.stringify(r);
    }).join('\n') + '\n';
    same('council', ocop.council(council, { spread: 2.5 }).output,
         runCli(['council', '--format', 'json', '--spread', '2.5', '-'], council).out);
    same('plan --consensus', ocop.plan(council, { consensus: true }).output,
         runCli(['plan', '--format', 'json', '--consensus', '-'], council).out);
}
for (const [rs, sheet] of [['qd26-2026', 1], ['qd148-2023', 26], ['qd1048-2019', 5]]) {
    const f = join(tmp, 'schema.json');
    runCli(['schema', '--ruleset', rs, '--sheet', String(sheet), '-o', f], '');
    same(`schema ${rs} ${sheet}`, ocop.schema({ ruleset: rs, sheet }), readFileSync(f, 'utf8'));
}
{
    const ids = ocop.rulesets().map((r) => r.id);
    same('rulesets', ids.join(','), 'qd1048-2019,qd148-2023,qd26-2026');
    const rsText = ocop.rulesetText('qd148-2023');
    const js = ocop.score(lines.slice(0, 5).join('\n'), { rulesets: [rsText], replace: true, markers: 'fail' });
    const f = join(tmp, 'rs.json');
    spawnSync('sh', ['-c', `cat > "${f}"`], { input: rsText });
    same('score --ruleset-file --replace --markers fail', js.output,
         runCli(['score', '-q', '--ruleset-file', f, '--replace', '--markers', 'fail', '-'],
                lines.slice(0, 5).join('\n')).out);
}
{
    // examples/node/score.mjs prints what `ocop score` prints and exits as it does.
    const example = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples/node/score.mjs');
    const r = spawnSync(process.execPath, [example, pkg, sample], { maxBuffer: 1 << 30 });
    const c = runCli(['score', '-q', sample], '');
    same('examples/node/score.mjs', r.stdout.toString('utf8'), c.out);
    same('examples/node/score.mjs exit', String(r.status), String(c.code));
    same('examples/node/score.mjs explains', String(r.stderr.toString('utf8').includes('★')), 'true');
}
same('version', `ocop ${ocop.version}`, runCli(['--version'], '').out.trim().split('\n')[0]);
rmSync(tmp, { recursive: true, force: true });
console.log(`${checks} checks, ${failures} failure(s): ${failures ? "NOT " : ""}equal to the CLI`);
process.exit(failures ? 1 : 0);
