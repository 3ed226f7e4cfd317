// Peers in the same run: DuckDB (exported SQL over the same JSON Lines / CSV file) and
// json-logic-js (exported rules per record). Every peer's results are first checked equal to
// ours on the same records; only then is it timed. Prints one JSON line per measurement.
//
//   node peers.mjs --ocop BIN --tool BIN --jsonl FILE [--csv FILE] --sheet N
//                  [--threads 1,2] [--jsonlogic-records N] [--ruleset qd26-2026]
//                  [--cli 1] [--national FILE]
// With --cli 1, the command a user runs is timed too: `ocop score FILE -o OUT` (default line;
// CSV in, CSV out) against DuckDB running the exported SQL with COPY … TO, both writing
// every record's result, checked equal first (--national FILE adds the mixed dataset, where
// the SQL refuses councils and `{"option": k}` answers: those records are left out of the
// check and counted).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (i % 2 ? acc : [...acc, [a.replace(/^--/, ''), all[i + 1]]]), []));
const ruleset = args.ruleset ?? 'qd26-2026';
const threads = (args.threads ?? '1').split(',').map(Number);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocop-peers-'));
const log = (o) => console.log(JSON.stringify(o));
const sqlPath = (p) => `'${p.replaceAll("'", "''")}'`;

function ours(input, t, emit) {
  const a = ['score', '--input', input, '--threads', String(t)];
  if (emit) a.push('--emit', emit);
  return JSON.parse(execFileSync(args.tool, a, { encoding: 'utf8' }));
}

// Our per-record outcome: "id status total band marker stars" (errors: "id error").
const emit = path.join(tmp, 'ours.txt');
ours(args.jsonl, 1, emit);

async function duckdb() {
  let api;
  try { api = await import('@duckdb/node-api'); } catch { log({ peer: 'duckdb', skipped: 'not installed (npm install --prefix benchmarks/peers)' }); return; }
  const sheetArgs = args.sheet && args.sheet !== '0' ? ['--sheet', args.sheet] : [];
  const sql = execFileSync(args.ocop, ['ruleset', 'export', ruleset, '--format', 'sql', ...sheetArgs], { encoding: 'utf8' });
  const inst = await api.DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  await con.run(sql);
  await con.run(`CREATE TABLE ours AS SELECT * FROM read_csv(${sqlPath(emit)}, delim = ' ', header = false, null_padding = true,
    columns = {id: 'VARCHAR', status: 'VARCHAR', total: 'DOUBLE', band: 'INTEGER', marker: 'INTEGER', stars: 'INTEGER'})`);
  const inputs = [['json', args.jsonl, 'ocop_score_json']];
  if (args.csv) inputs.push(['csv', args.csv, 'ocop_score_csv']);
  for (const [fmt, file, macro] of inputs) {
    // Check every record before any timing.
    const chk = await con.runAndReadAll(`SELECT count(*) AS n, count(*) FILTER (WHERE o.id IS NULL OR
        CASE WHEN p.status = 'error' THEN o.status <> 'error'
             ELSE o.status IS DISTINCT FROM p.status OR o.total IS DISTINCT FROM p.total OR o.band IS DISTINCT FROM p.band_stars
               OR o.marker IS DISTINCT FROM p.marker_stars OR o.stars IS DISTINCT FROM p.stars END) AS bad
      FROM ${macro}(${sqlPath(file)}) p LEFT JOIN ours o USING (id)`);
    const [{ n, bad }] = chk.getRowObjectsJson();
    const { records } = ours(file, 1);
    if (Number(bad) !== 0 || Number(n) !== records) {
      log({ peer: 'duckdb', input: fmt, check: 'FAILED', records: Number(n), mismatches: Number(bad) });
      process.exitCode = 1;
      continue;
    }
    for (const t of threads) {
      await con.run(`SET threads = ${t}`);
      const q = `SELECT stars, count(*) AS n, sum(total) AS s FROM ${macro}(${sqlPath(file)}) GROUP BY stars`;
      await con.runAndReadAll(q); // warm the file cache and the planner
      const t0 = process.hrtime.bigint();
      await con.runAndReadAll(q);
      const peer = Number(process.hrtime.bigint() - t0) / 1e9;
      const me = ours(file, t);
      log({ peer: 'duckdb', input: fmt, threads: t, records: me.records, check: 'equal', peer_s: peer, ours_s: me.seconds,
            bytes: me.bytes, ratio: peer / me.seconds });
    }
  }
}

async function jsonlogic() {
  let jl;
  if (!args.sheet || args.sheet === '0') { log({ peer: 'json-logic-js', skipped: 'rules are per sheet: give --sheet N' }); return; }
  try { jl = (await import('json-logic-js')).default; } catch { log({ peer: 'json-logic-js', skipped: 'not installed (npm install --prefix benchmarks/peers)' }); return; }
  const doc = JSON.parse(execFileSync(args.ocop, ['ruleset', 'export', ruleset, '--format', 'jsonlogic', '--sheet', args.sheet], { encoding: 'utf8' }));
  const { keys, rules } = doc.sheets[0];
  const limit = Number(args['jsonlogic-records'] ?? 200000);
  // The same first `limit` records, as a file for our side too.
  const subset = path.join(tmp, 'subset.jsonl');
  const lines = [];
  const rl = readline.createInterface({ input: fs.createReadStream(args.jsonl) });
  for await (const line of rl) { if (line) lines.push(line); if (lines.length >= limit) break; }
  rl.close();
  fs.writeFileSync(subset, lines.join('\n') + '\n');
  const expected = new Map();
  for (const l of fs.readFileSync(emit, 'utf8').split('\n')) if (l) { const f = l.split(' '); expected.set(f[0], f); }
  const run = (check) => {
    const agg = [0, 0, 0, 0, 0, 0];
    let bad = 0;
    for (const line of lines) {
      const rec = JSON.parse(line);
      const answers = {};
      for (const [k, v] of Object.entries(rec.answers)) answers[keys[k] ?? k] = v;
      const out = jl.apply(rules.result, { answers, knockouts: rec.knockouts ?? [], dossier_rejected: rec.dossier_rejected });
      agg[out[6]]++;
      if (check) {
        const f = expected.get(rec.id);
        if (!f || f[1] === 'error' || Number(f[2]) !== out[0] || Number(f[3]) !== out[4] || Number(f[4]) !== out[5] || Number(f[5]) !== out[6]) bad++;
      }
    }
    return bad;
  };
  const bad = run(true);
  if (bad) { log({ peer: 'json-logic-js', check: 'FAILED', records: lines.length, mismatches: bad }); process.exitCode = 1; return; }
  const t0 = process.hrtime.bigint();
  run(false);
  const peer = Number(process.hrtime.bigint() - t0) / 1e9;
  const me = ours(subset, 1);
  log({ peer: 'json-logic-js', input: 'json', threads: 1, records: lines.length, check: 'equal', peer_s: peer, ours_s: me.seconds,
        bytes: me.bytes, ratio: peer / me.seconds, note: 'records already in memory for the peer; ours reads the file' });
}

// The CLI with output against DuckDB writing its results: check, then time.
async function duckdbCli() {
  let api;
  try { api = await import('@duckdb/node-api'); } catch { log({ peer: 'duckdb-cli', skipped: 'not installed (npm install --prefix benchmarks/peers)' }); return; }
  const runs = [['json', args.jsonl, 'ocop_score_json', args.sheet], ['csv', args.csv, 'ocop_score_csv', args.sheet]];
  if (args.national) runs.push(['national', args.national, 'ocop_score_json', '0']);
  for (const [input, file, macro, sheet] of runs) {
    if (!file) continue;
    const sheetArgs = sheet && sheet !== '0' ? ['--sheet', sheet] : [];
    const sql = execFileSync(args.ocop, ['ruleset', 'export', ruleset, '--format', 'sql', ...sheetArgs], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const inst = await api.DuckDBInstance.create(':memory:');
    const con = await inst.connect();
    await con.run(sql);
    const csvOut = input === 'csv';
    const ext = csvOut ? 'csv' : 'jsonl';
    const oursOut = path.join(tmp, `ours-cli.${ext}`), peerOut = path.join(tmp, `duck-cli.${ext}`);
    const copy = `COPY (SELECT id, sheet, status, error, part_a, part_b, part_c, total, band_stars, marker_stars, stars FROM ${macro}(${sqlPath(file)}))
      TO ${sqlPath(peerOut)} (${csvOut ? 'FORMAT CSV, HEADER' : 'FORMAT JSON'})`;
    const oursCmd = (t) => ['score', file, '-o', oursOut, '--threads', String(t), '--quiet', ...(csvOut ? ['--format', 'csv'] : [])];
    const runOurs = (t) => {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(args.ocop, oursCmd(t), { stdio: 'ignore' });
      if (r.status !== 0 && r.status !== 1) throw new Error(`ocop score exited with ${r.status}`);
      return Number(process.hrtime.bigint() - t0) / 1e9;
    };
    // Check every record before timing: our output file against DuckDB's output file. A
    // rejected dossier has no total in our line and 0 in the SQL's: both say "not scored".
    runOurs(1);
    await con.run('SET threads = 1');
    await con.run(copy);
    const readOurs = csvOut
      ? `read_csv(${sqlPath(oursOut)}, header = true, all_varchar = true)`
      : `read_json(${sqlPath(oursOut)}, format = 'newline_delimited', columns = {id: 'VARCHAR', status: 'VARCHAR', total: 'VARCHAR', band_stars: 'VARCHAR', marker_stars: 'VARCHAR', stars: 'VARCHAR'})`;
    const readPeer = csvOut ? `read_csv(${sqlPath(peerOut)}, header = true, all_varchar = true)`
      : `read_json(${sqlPath(peerOut)}, format = 'newline_delimited', columns = {id: 'VARCHAR', status: 'VARCHAR', total: 'VARCHAR', band_stars: 'VARCHAR', marker_stars: 'VARCHAR', stars: 'VARCHAR'})`;
    const chk = await con.runAndReadAll(`SELECT count(*) AS n,
        count(*) FILTER (WHERE p.status = 'error') AS peer_refused,
        count(*) FILTER (WHERE p.status <> 'error' AND (o.id IS NULL OR o.status IS DISTINCT FROM p.status
          OR (p.status <> 'rejected' AND TRY_CAST(o.total AS DOUBLE) IS DISTINCT FROM TRY_CAST(p.total AS DOUBLE))
          OR o.band_stars IS DISTINCT FROM p.band_stars OR o.marker_stars IS DISTINCT FROM p.marker_stars
          OR o.stars IS DISTINCT FROM p.stars)) AS bad,
        count(*) FILTER (WHERE p.status = 'error' AND o.id IS NOT NULL) AS ours_only
      FROM ${readPeer} p LEFT JOIN ${readOurs} o USING (id)`);
    const [{ n, peer_refused, bad, ours_only }] = chk.getRowObjectsJson();
    const records = Number(n), refused = Number(peer_refused);
    if (Number(bad) !== 0 || (input !== 'national' && refused !== 0)) {
      log({ peer: 'duckdb-cli', input, check: 'FAILED', records, mismatches: Number(bad), peer_refused: refused });
      process.exitCode = 1;
      continue;
    }
    const bytes = fs.statSync(file).size;
    for (const t of threads) {
      await con.run(`SET threads = ${t}`);
      await con.run(copy); // warm the file cache and the planner
      const t0 = process.hrtime.bigint();
      await con.run(copy);
      const peer = Number(process.hrtime.bigint() - t0) / 1e9;
      runOurs(t); // warm-up, as for DuckDB
      const me = runOurs(t);
      log({ peer: 'duckdb-cli', input, threads: t, records, check: 'equal', peer_refused: refused, ours_also_scored: Number(ours_only),
            peer_s: peer, ours_s: me, bytes, ours_out_bytes: fs.statSync(oursOut).size, peer_out_bytes: fs.statSync(peerOut).size,
            ratio: peer / me });
    }
    fs.rmSync(oursOut, { force: true });
    fs.rmSync(peerOut, { force: true });
  }
}

if (args.cli === '1') {
  await duckdbCli();
} else {
  await duckdb();
  await jsonlogic();
}
fs.rmSync(tmp, { recursive: true, force: true });
