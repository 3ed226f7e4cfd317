// Drive the generated scoring forms in headless Chromium (DevTools protocol, no npm
// dependency) and check that what the page shows and exports equals `ocop score`.
//   node form_test.mjs PKG_DIR OCOP_CLI WORK_DIR [SEED]
// For every sheet of qd26-2026 and qd148-2023: pick options pseudo-randomly (one case of a
// choose-one group; now and then a declared knock-out), read the displayed total and star,
// the exported evaluation and the result line; score the exported evaluations with the CLI
// and compare byte for byte. One sheet per edition is also left incomplete and its
// displayed range compared with `ocop range`.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { mkdirSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [pkg, cli, work, seedArg] = process.argv.slice(2);
if (!work) {
    console.error('usage: form_test.mjs PKG_DIR OCOP_CLI WORK_DIR [SEED]');
    process.exit(2);
}
const chromium = process.env.CHROMIUM || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
if (!chromium) {
    console.error('form_test: chromium not found (set CHROMIUM)');
    process.exit(2);
}
mkdirSync(work, { recursive: true });
let seed = Number(seedArg ?? 20) >>> 0;
const rand = () => { // mulberry32: the same picks for the same seed
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (n) => Math.floor(rand() * n);

let failures = 0, checks = 0;
function same(name, got, want) {
    ++checks;
    if (got === want) return;
    ++failures;
    console.error(`FAIL ${name}\n  form: ${String(got).slice(0, 300)}\n  cli:  ${String(want).slice(0, 300)}`);
}

// ---- A minimal WebSocket client (RFC 6455: text frames, client masking), so that the test
// runs on any Node >= 18 without flags or packages.
function openWebSocket(url) {
    const u = new URL(url);
    return new Promise((ok, ko) => {
        const sock = connect(Number(u.port), u.hostname);
        const ws = { onmessage: null, send: null, close: () => sock.destroy() };
        let buf = Buffer.alloc(0), open = false, parts = [];
        sock.on('error', ko);
        sock.on('connect', () => {
            sock.write(`GET ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\n` +
                       `Connection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
                       'Sec-WebSocket-Version: 13\r\n\r\n');
        });
        ws.send = (text) => {
            const data = Buffer.from(text), n = data.length, mask = randomBytes(4);
            const head = n < 126 ? Buffer.from([0x81, 0x80 | n])
                : n < 65536 ? Buffer.from([0x81, 0x80 | 126, n >> 8, n & 255])
                : Buffer.concat([Buffer.from([0x81, 0x80 | 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n)); return b; })()]);
            for (let i = 0; i < n; ++i) data[i] ^= mask[i & 3];
            sock.write(Buffer.concat([head, mask, data]));
        };
        sock.on('data', (d) => {
            buf = Buffer.concat([buf, d]);
            if (!open) {
                const end = buf.indexOf('\r\n\r\n');
                if (end < 0) return;
                if (!/^HTTP\/1\.1 101/.test(buf.subarray(0, end).toString())) return ko(new Error('websocket refused'));
                buf = buf.subarray(end + 4);
                open = true;
                ok(ws);
            }
            for (;;) {
                if (buf.length < 2) return;
                let n = buf[1] & 127, at = 2;
                if (n === 126) { if (buf.length < 4) return; n = buf.readUInt16BE(2); at = 4; }
                else if (n === 127) { if (buf.length < 10) return; n = Number(buf.readBigUInt64BE(2)); at = 10; }
                if (buf.length < at + n) return;
                const fin = buf[0] & 0x80, op = buf[0] & 15, payload = buf.subarray(at, at + n);
                buf = buf.subarray(at + n);
                if (op === 1 || op === 0) {
                    parts.push(payload);
                    if (fin) { const m = Buffer.concat(parts).toString('utf8'); parts = []; ws.onmessage?.({ data: m }); }
                }
            }
        });
    });
}

// ---- Chromium and a minimal DevTools client --------------------------------------------
const profile = join(work, 'profile');
rmSync(profile, { recursive: true, force: true });
const browser = spawn(chromium, ['--headless=new', '--no-sandbox', '--disable-gpu',
    '--no-first-run', '--disable-extensions', '--remote-debugging-port=0',
    `--user-data-dir=${profile}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] });
const wsUrl = await new Promise((ok, ko) => {
    let buf = '';
    const timer = setTimeout(() => ko(new Error('chromium did not start: ' + buf)), 30000);
    browser.stderr.on('data', (d) => {
        buf += d;
        const m = buf.match(/DevTools listening on (ws:\/\/\S+)/);
        if (m) { clearTimeout(timer); ok(m[1]); }
    });
    browser.on('exit', (c) => ko(new Error(`chromium exited (${c}): ${buf}`)));
});
const ws = await openWebSocket(wsUrl);
let nextId = 0;
const pending = new Map();
ws.onmessage = (m) => {
    const msg = JSON.parse(m.data);
    if (msg.id && pending.has(msg.id)) {
        const { ok, ko } = pending.get(msg.id);
        pending.delete(msg.id);
        msg.error ? ko(new Error(JSON.stringify(msg.error))) : ok(msg.result);
    }
};
const send = (method, params = {}, sessionId) => new Promise((ok, ko) => {
    const id = ++nextId;
    pending.set(id, { ok, ko });
    ws.send(JSON.stringify({ id, method, params, sessionId }));
});
let session;
async function evaluate(expr) {
    const r = await send('Runtime.evaluate', { expression: expr, returnByValue: true, awaitPromise: true }, session);
    if (r.exceptionDetails) throw new Error('page: ' + JSON.stringify(r.exceptionDetails).slice(0, 500));
    return r.result.value;
}
async function open(url) {
    const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
    ({ sessionId: session } = await send('Target.attachToTarget', { targetId, flatten: true }));
    await send('Page.navigate', { url }, session);
    for (let i = 0; i < 600; ++i) {
        const ready = await evaluate("document.body && document.body.dataset.ready === '1'").catch(() => false);
        if (ready) return targetId;
        await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the form did not load: ' + url);
}

const cliRun = (args, input) => {
    const r = spawnSync(cli, args, { input, maxBuffer: 1 << 28 });
    return r.stdout.toString('utf8');
};

try {
    // A ruleset given as a file (a province's copy of qd148-2023 under its own id): the page
    // loads its text into the library; the CLI reads the same file.
    const { createOcop } = await import(resolve(pkg, 'index.js'));
    const custom = JSON.parse((await createOcop()).rulesetText('qd148-2023'));
    custom.id = 'tinh-thu-2026';
    const customFile = join(work, 'tinh-thu-2026.json');
    writeFileSync(customFile, JSON.stringify(custom));
    const editions = [
        { edition: 'qd26-2026', gen: ['--ruleset', 'qd26-2026'], cli: [], sheets: Infinity },
        { edition: 'qd148-2023', gen: ['--ruleset', 'qd148-2023'], cli: [], sheets: Infinity },
        { edition: 'tinh-thu-2026', gen: ['--ruleset-file', customFile], cli: ['--ruleset-file', customFile], sheets: 3 },
    ];
    for (const { edition, gen, cli: cliRs, sheets: most } of editions) {
        const html = join(work, `form-${edition}.html`);
        const g = spawnSync(process.execPath, [join(pkg, 'make-form.mjs'), ...gen, '-o', html]);
        if (g.status !== 0) throw new Error('make-form failed: ' + g.stderr);
        const t0 = Date.now();
        const target = await open(pathToFileURL(resolve(html)).href);
        const model = await evaluate("JSON.parse(document.getElementById('ocop-model').textContent)");
        const shown = [];
        for (const sheet of model.sheets) {
            if (sheet.refusal) continue;
            if (shown.length >= most) break;
            await evaluate(`(() => { const s = document.getElementById('sheet'); s.value = '${sheet.no}';
                s.dispatchEvent(new Event('change')); })()`);
            const cases = sheet.groups.map(() => 1 + pick(2));
            const picks = {};
            for (const c of sheet.criteria) {
                if (c.case_no && sheet.groups[c.group].choose_one_case && c.case_no !== cases[c.group]) continue;
                picks[c.id] = 1 + pick(c.options.length);
            }
            const knock = sheet.knockouts.length && rand() < 0.15 ? sheet.knockouts[pick(sheet.knockouts.length)].code : '';
            await evaluate(`(() => { const p = ${JSON.stringify(picks)};
                for (const [id, k] of Object.entries(p)) { const s = document.getElementById('c-' + id);
                  s.value = String(k); s.dispatchEvent(new Event('change')); }
                const ko = ${JSON.stringify(knock)};
                if (ko) { const b = document.getElementById('ko-' + ko); b.checked = true; b.dispatchEvent(new Event('change')); }
              })()`);
            const st = await evaluate(`({ complete: window.ocopForm.complete, result: window.ocopForm.result,
                exported: document.getElementById('evaluation').value,
                total: document.getElementById('total').textContent,
                stars: document.getElementById('stars').dataset.stars })`);
            if (!st.complete) {
                ++failures;
                console.error(`FAIL ${edition} sheet ${sheet.no}: not scored: ${st.exported}`);
                continue;
            }
            shown.push({ sheet: sheet.no, ...st });
            // OCOP_FORM_SCREENSHOT=file.png: a picture of the first filled sheet (docs/images).
            if (process.env.OCOP_FORM_SCREENSHOT && edition === 'qd26-2026' && shown.length === 1) {
                await send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false }, session);
                await evaluate('window.scrollTo(0, 0)');
                const shot = await send('Page.captureScreenshot', { format: 'png' }, session);
                writeFileSync(process.env.OCOP_FORM_SCREENSHOT, Buffer.from(shot.data, 'base64'));
            }
        }
        const cliLines = cliRun(['score', '-q', '--detail', 'criteria', '--messages', ...cliRs, '-'],
                                shown.map((s) => s.exported).join('\n') + '\n').split('\n');
        shown.forEach((s, i) => {
            const want = cliLines[i];
            same(`${edition} sheet ${s.sheet} result line`, s.result, want);
            const w = JSON.parse(want);
            same(`${edition} sheet ${s.sheet} displayed total`, s.total, String(w.total));
            same(`${edition} sheet ${s.sheet} displayed star`, s.stars, String(w.stars));
        });
        // Incomplete: the first scorable sheet with three answers taken back shows the range.
        const first = model.sheets.find((s) => !s.refusal);
        await evaluate(`(() => { const s = document.getElementById('sheet'); s.value = '${first.no}';
            s.dispatchEvent(new Event('change'));
            for (const sel of document.querySelectorAll('#criteria select')) { sel.value = '1'; sel.dispatchEvent(new Event('change')); }
            const all = [...document.querySelectorAll('#criteria select')];
            for (const sel of [all[0], all[3], all[all.length - 1]]) { sel.value = ''; sel.dispatchEvent(new Event('change')); }
          })()`);
        const inc = await evaluate(`({ exported: document.getElementById('evaluation').value,
            total: document.getElementById('total').textContent, complete: window.ocopForm.complete })`);
        const rg = JSON.parse(cliRun(['range', ...cliRs, '-'], inc.exported + '\n'));
        same(`${edition} incomplete sheet ${first.no} range`, inc.total, `${rg.total_min} – ${rg.total_max}`);
        same(`${edition} incomplete sheet ${first.no} not complete`, inc.complete, false);
        await send('Target.closeTarget', { targetId: target });
        console.log(`${edition}: ${shown.length} sheets driven in ${Date.now() - t0} ms`);
    }
} catch (e) {
    ++failures;
    console.error('FAIL', e.message);
} finally {
    try { await send('Browser.close'); } catch { /* already gone */ }
    ws.close();
    browser.kill();
}
console.log(`${checks} checks, ${failures} failure(s): ${failures ? "NOT " : ""}equal to the CLI`);
process.exit(failures ? 1 : 0);
