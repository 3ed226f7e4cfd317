// DuckDB writing every record's result, as one process to time against `ocop score`:
//   node duck-copy.mjs RUBRIC.sql INPUT OUT THREADS json|csv
// RUBRIC.sql comes from `ocop ruleset export ID --format sql [--sheet N]` (the macros
// ocop_score_json / ocop_score_csv); the COPY writes the columns peers.mjs --cli compares.
import * as api from '@duckdb/node-api';
import fs from 'fs';

const [sqlFile, input, out, threads, fmt] = process.argv.slice(2);
if (!sqlFile || !input || !out || !threads || !['json', 'csv'].includes(fmt)) {
  console.error('usage: node duck-copy.mjs RUBRIC.sql INPUT OUT THREADS json|csv');
  process.exit(2);
}
const quote = (s) => `'${s.replaceAll("'", "''")}'`;
const inst = await api.DuckDBInstance.create(':memory:');
const con = await inst.connect();
await con.run(fs.readFileSync(sqlFile, 'utf8'));
await con.run(`SET threads = ${Number(threads)}`);
const macro = fmt === 'csv' ? 'ocop_score_csv' : 'ocop_score_json';
await con.run(`COPY (SELECT id, sheet, status, error, part_a, part_b, part_c, total, band_stars,
  marker_stars, stars FROM ${macro}(${quote(input)})) TO ${quote(out)}
  (${fmt === 'csv' ? 'FORMAT CSV, HEADER' : 'FORMAT JSON'})`);
