// Generated and mutated inputs for the property tests and `npm run fuzz`: ticket CSVs (valid cells, odd cells,
// broken quoting, stray bytes, truncation) and mapping files (valid, misspelt, broken), run through the real
// CLI, whose outcome must be one of two: exit 0 with accounting that balances, or exit 2/3 with a message that
// names the file (and the line, for a row). Never a stack trace, never an internal error, never half a file.

import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Report } from '../../src/report/report.js';
import { visible } from '../../src/report/visible.js';
import { BIN, ROOT, hasStackTrace } from '../helpers.js';

/** Bytes a terminal acts on (all C0 but tab and line feed, DEL, C1) and the bidirectional controls. */
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const COLUMNS = ['ticket_id', 'organization', 'channel', 'created_at', 'solved_at', 'first_reply_minutes', 'satisfaction', 'replies', 'reopens', 'assignee', 'status'] as const;

/**
 * Names built to act on a terminal or in Markdown, HTML, a spreadsheet or SQL if a renderer passed them through:
 * escape sequences, a title-setting OSC, C1 controls, bidirectional overrides, a link, an image, HTML, quotes.
 */
export const HOSTILE_NAMES = [
  'Evil\u001b[2J\u001b[31mRed',
  'Title\u001b]0;pwned\u0007',
  'C1\u009b31m',
  '\u202eReversed\u202c',
  '[link](javascript:alert(6))',
  '![img](http://x/y.png)',
  '<img src=x onerror=alert(1)>',
  "x\\' OR 1=1 --",
  '`code` *em* _u_ | pipe',
];
const org = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom('Acme', 'Beta', 'Gamma', 'Delta Ltd', 'Δέλτα', 'Q,uoted', 'say "hi"', '=cmd|x', ' padded ', '', 'Acme') },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_NAMES) },
);
const channel = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom('email', 'Web', 'chat', 'phone', 'api', 'Social media', 'fax', '', 'EMAIL', 'Mail') },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_NAMES) },
);
const isoDate = fc.record({ y: fc.integer({ min: 2018, max: 2026 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }), h: fc.integer({ min: 0, max: 23 }), mi: fc.integer({ min: 0, max: 59 }) }).map(
  ({ y, m, d, h, mi }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')} ${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`,
);
const date = fc.oneof(
  { weight: 40, arbitrary: isoDate },
  { weight: 5, arbitrary: isoDate.map((s) => `${s.replace(' ', 'T')}:00Z`) },
  { weight: 1, arbitrary: fc.constantFrom('', 'yesterday', '2024-02-30 10:00', '1900-01-01 00:00', '03/04/2025 10:00', '2025-13-01 00:00', '0000-00-00 00:00', 'NaN') },
);
const count = fc.oneof({ weight: 30, arbitrary: fc.integer({ min: 0, max: 40 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('', '-1', '2.5', 'two', '1e3', ' 7 ', '٣') });
const minutes = fc.oneof({ weight: 30, arbitrary: fc.integer({ min: 0, max: 20_000 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('', '-5', '12.75', 'soon', '00:30:00', 'Infinity') });
const rating = fc.constantFrom('', 'good', 'bad', 'offered', 'unoffered', 'Good', '5', '1', '3', 'meh');
const id = fc.oneof({ weight: 40, arbitrary: fc.integer({ min: 1, max: 100_000 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('', 'INC001', '007', '1') });

const cell: Record<(typeof COLUMNS)[number], fc.Arbitrary<string>> = {
  ticket_id: id,
  organization: org,
  channel,
  created_at: date,
  solved_at: fc.oneof(date, fc.constant('')),
  first_reply_minutes: minutes,
  satisfaction: rating,
  replies: count,
  reopens: count,
  assignee: fc.constantFrom('', 'ann', 'bob', 'cy', 'Ann'),
  status: fc.constantFrom('solved', 'open', 'closed', ''),
};

function quote(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Damage done to a well-formed file, at a position given as a fraction of its length. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.constantFrom('"', ',', '\n', '\r\n', '\u0000', '\uFFFD', '""', ',,,', 'x"y', '\n\n') }),
  fc.record({ kind: fc.constant('bytes' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.uint8Array({ minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 12 }) }),
);

export interface FuzzCase {
  command: 'metrics' | 'classify';
  csv: Uint8Array;
  mapping: string | null;
  flags: string[];
  /** The report format: JSON (its accounting is checked) or a text format a person reads (checked for control characters and Markdown). */
  format: 'json' | 'table' | 'markdown';
  /** The export's file name: plain, or one built to act on a terminal. */
  fileName: string;
}

function applyMutation(bytes: Uint8Array, m: { kind: string; at: number; text?: string; bytes?: Uint8Array; length?: number }): Uint8Array {
  const at = Math.floor(m.at * bytes.length);
  if (m.kind === 'truncate') return bytes.subarray(0, at);
  if (m.kind === 'delete') return Buffer.concat([bytes.subarray(0, at), bytes.subarray(Math.min(bytes.length, at + m.length!))]);
  const insert = m.kind === 'insert' ? Buffer.from(m.text!, 'utf8') : Buffer.from(m.bytes!);
  return Buffer.concat([bytes.subarray(0, at), insert, bytes.subarray(at)]);
}

/** The first value most of the time, any of the others now and then. */
function rarely<T>(usual: T, ...others: T[]): fc.Arbitrary<T> {
  return fc.oneof({ weight: 6, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: fc.constantFrom(usual, ...others) });
}

const mappingArbitrary = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  {
    weight: 2,
    arbitrary: fc
      .record({
        org: rarely('organization', 'organisation'),
        created: rarely('created_at', 'opened_at'),
        dateFormat: rarely('iso', 'D/M/YYYY HH:mm', 'M/D/YY H:mm', 'dmy'),
        extraKey: rarely(null, 'timezone', 'colums'),
        broken: rarely(false, true),
        dedupe: rarely(null, 'last-by-id', 'none', 'first'),
      })
      .map(({ org: o, created, dateFormat, extraKey, broken, dedupe }) => {
        const mapping: Record<string, unknown> = { columns: { organization: o, created_at: created, solved_at: 'solved_at', channel: 'channel', ticket_id: 'ticket_id' }, dateFormat };
        if (extraKey === 'timezone') mapping.timezone = 'Europe/Paris';
        else if (extraKey !== null) mapping[extraKey] = {};
        if (dedupe !== null) mapping.dedupe = dedupe;
        const text = JSON.stringify(mapping);
        return broken ? text.slice(0, Math.floor(text.length / 2)) : text;
      }),
  },
);

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc
  .record({
    columns: fc.oneof({ weight: 6, arbitrary: fc.subarray([...COLUMNS], { minLength: 4 }).map((c) => [...new Set(['organization', 'created_at', ...c])]) }, { weight: 1, arbitrary: fc.subarray([...COLUMNS], { minLength: 1 }) }),
    shuffle: fc.boolean(),
    rows: fc.oneof({ weight: 8, arbitrary: fc.array(fc.record(cell), { minLength: 1, maxLength: 60 }) }, { weight: 1, arbitrary: fc.array(fc.record(cell), { maxLength: 2 }) }),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    trailingNewline: fc.boolean(),
    mutations: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) }),
    command: fc.constantFrom('metrics' as const, 'metrics' as const, 'classify' as const),
    mapping: mappingArbitrary,
    skip: fc.boolean(),
    flags: fc.subarray(['--tz=Europe/Paris', '--hours=business', '--preset=generic', '--all-channels']),
    format: fc.constantFrom('json' as const, 'json' as const, 'table' as const, 'markdown' as const),
    fileName: rarely('tickets.csv', 'tick\u001b[2Jets.csv', 'tickets\u202e.csv', '[x](javascript:y).csv'),
  })
  .map(({ columns, shuffle, rows, crlf, bom, trailingNewline, mutations, command, mapping, skip, flags: chosen, format, fileName }) => {
    const flags = skip ? ['--skip-invalid', ...chosen] : chosen;
    const cols: string[] = shuffle ? [...columns].reverse() : [...columns];
    const eol = crlf ? '\r\n' : '\n';
    const lines = [cols.join(','), ...(rows as Record<string, string>[]).map((r) => cols.map((c: string) => quote(r[c]!)).join(','))];
    let bytes: Uint8Array = Buffer.from(`${bom ? '\uFEFF' : ''}${lines.join(eol)}${trailingNewline ? eol : ''}`, 'utf8');
    for (const m of mutations) bytes = applyMutation(bytes, m);
    return { command, csv: bytes, mapping, flags: mapping === null ? flags : flags.filter((f) => !f.startsWith('--preset')), format, fileName };
  });

export interface Outcome {
  ok: boolean;
  problem: string | null;
  code: number;
}

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' }, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Writes the case into `dir`, runs it through the real CLI and says what, if anything, broke the contract. */
export async function check(c: FuzzCase, dir: string): Promise<Outcome> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, c.fileName);
  const out = join(dir, c.format === 'json' ? 'out.json' : 'out.txt');
  writeFileSync(file, c.csv);
  const args = [c.command, file, '-o', out, '--format', c.format, '--no-timings', ...c.flags];
  let map: string | undefined;
  if (c.mapping !== null) {
    map = join(dir, 'tickets.map.json');
    writeFileSync(map, c.mapping);
    args.push('--map', map);
  }
  const result = await run(args);
  const fail = (problem: string): Outcome => ({ ok: false, problem: `${problem}\nargs: ${args.join(' ')}\nexit ${result.code}\nstderr: ${result.stderr.slice(0, 2000)}`, code: result.code });
  if (hasStackTrace(result.stderr)) return fail('stack trace on stderr');
  if (ACTIVE.test(result.stderr)) return fail('a control or bidirectional character on stderr');
  if (/internal error/.test(result.stderr)) return fail('internal error');
  const leftovers = readdirSync(dir).filter((name) => name.endsWith('.tmp'));
  if (leftovers.length > 0) return fail(`temporary files left: ${leftovers.join(', ')}`);
  if (result.code === 0) {
    if (!existsSync(out)) return fail('exit 0 without the output file');
    if (c.format !== 'json') {
      const text = readFileSync(out, 'utf8');
      if (ACTIVE.test(text)) return fail(`a control or bidirectional character in the ${c.format} report`);
      if (c.format === 'markdown' && (/(^|[^\\])\[[^\]\n]*\]\(/.test(text) || /<img|<script/i.test(text))) return fail('a link, image or HTML made of data in the Markdown report');
      if (!/rows read [\d,]+ = used [\d,]+ \+ rejected [\d,]+/i.test(text)) return fail(`no accounting line in the ${c.format} report`);
      return { ok: true, problem: null, code: 0 };
    }
    let report: Report;
    try {
      report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    } catch {
      return fail('exit 0 with an unreadable report');
    }
    const { rowsRead, rowsUsed, rowsRejected } = report.input;
    if (rowsRead !== rowsUsed + rowsRejected) return fail(`rows read ${rowsRead} ≠ used ${rowsUsed} + rejected ${rowsRejected}`);
    const tickets = report.organizations.reduce((s, o) => s + (o.metrics.tickets ?? 0), 0);
    if (report.input.kind === 'tickets' && tickets !== rowsUsed) return fail(`tickets per organisation add up to ${tickets}, rows used ${rowsUsed}`);
    const rejected = Object.values(report.input.rejectsByReason).reduce((a, b) => a + b, 0);
    if (rejected !== rowsRejected) return fail(`rejects by reason add up to ${rejected}, rows rejected ${rowsRejected}`);
    return { ok: true, problem: null, code: 0 };
  }
  if (result.code !== 2 && result.code !== 3) return fail('exit code other than 0, 2 or 3');
  if (existsSync(out)) return fail('a failed run left an output file');
  if (!result.stderr.startsWith('benchmark: ')) return fail('message does not start with "benchmark: "');
  const namesFile = result.stderr.includes(visible(file)) || (map !== undefined && result.stderr.includes(visible(map)));
  if (!namesFile) return fail('message names neither the input nor the mapping file');
  const shownFile = visible(file);
  if (/column "/.test(result.stderr) && result.stderr.includes(shownFile) && !new RegExp(`${shownFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+`).test(result.stderr)) return fail('a row-level message without FILE:LINE');
  return { ok: true, problem: null, code: result.code };
}
