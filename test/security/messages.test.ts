// Mapping keys and messages: keys an object cannot hold are refused by name, a byte-order mark is no part of a
// JSON file, and files that are not UTF-8 CSV (UTF-16, gzip without .gz) are named for what they are.


import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ROOT, hasStackTrace, runCli } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'benchmark-messages-'));
function write(name: string, content: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}
const HAND = join(ROOT, 'fixtures/hand-worked/tickets.csv');

describe('mapping files', () => {
  it('refuse __proto__ and its kin as column or channel names, naming the key (exit 2)', () => {
    for (const [json, message] of [
      ['{"columns":{"__proto__":"organization"}}', 'columns.__proto__: a name benchmark cannot take as a key'],
      ['{"channels":{"__proto__":"email"}}', 'channels.__proto__: a name benchmark cannot take as a key'],
      ['{"channels":{"constructor":"email"}}', 'channels.constructor: a name benchmark cannot take as a key'],
    ] as const) {
      const result = runCli(['metrics', HAND, '--map', write('proto.map.json', json)]);
      expect(result.code, json).toBe(2);
      expect(result.stderr).toContain(message);
    }
  });

  it('read with a byte-order mark as without', () => {
    const map = write('bom.map.json', `\uFEFF${JSON.stringify({ columns: { organization: 'organization', created_at: 'created_at' } })}`);
    const result = runCli(['metrics', HAND, '--map', map, '--format', 'json', '-q']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).organizations).toHaveLength(2);
  });

  it('a model or baseline with a byte-order mark reads as without', () => {
    const baseline = join(dir, 'baseline.json');
    expect(runCli(['classify', '--format', 'json', '-o', baseline, '-q']).code).toBe(0);
    writeFileSync(baseline, `\uFEFF${readFileSync(baseline, 'utf8')}`);
    expect(runCli(['check', '--baseline', baseline, '-q']).code).toBe(0);
  });
});

describe('files that are not UTF-8 CSV', () => {
  it('UTF-16 is named as such, with how to convert it (exit 3)', () => {
    const text = readFileSync(HAND, 'utf8');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    for (const [name, content, detail] of [
      ['bom.csv', utf16, 'byte-order mark FF FE'],
      ['nobom.csv', Buffer.from(text, 'utf16le'), 'NUL bytes between its letters'],
    ] as const) {
      const file = write(name, content);
      const result = runCli(['metrics', file]);
      expect(result.code, name).toBe(3);
      expect(result.stderr).toBe(`benchmark: ${file}:1: the file is UTF-16 (${detail}): benchmark reads UTF-8; convert it first, for example with iconv -f UTF-16 -t UTF-8\n`);
    }
  });

  it('gzip without .gz is named as such (exit 3), and read when named .gz', () => {
    const gz = gzipSync(readFileSync(HAND));
    const file = write('tickets.csv', gz);
    const result = runCli(['metrics', file]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`${file}: the file is gzip-compressed, but its name does not end in .gz: rename it to tickets.csv.gz`);
    expect(runCli(['metrics', write('tickets.csv.gz', gz), '-q']).code).toBe(0);
  });
});

describe('messages', () => {
  it('a date out of range says the range', () => {
    const result = runCli(['metrics', write('range.csv', 'organization,created_at\nA,2024-02-30 09:00\n')]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('within range (years 1970–2100, a day the month has, hours 0–23');
  });

  it('a check config never suggests the key it refuses, and a bad archetype lists the allowed values', () => {
    const baseline = join(dir, 'b.json');
    expect(runCli(['classify', '--format', 'json', '-o', baseline, '-q']).code).toBe(0);
    const keyInCheck = write('c1.json', JSON.stringify({ assertions: [{ check: 'archetype-change', metric: 'csat', level: 'warn' }] }));
    const first = runCli(['check', '--baseline', baseline, '--config', keyInCheck]);
    expect(first.code).toBe(2);
    expect(first.stderr).toContain('unknown key "metric"');
    expect(first.stderr).not.toContain('did you mean "metric"');
    const badArchetype = write('c2.json', JSON.stringify({ assertions: [{ metric: 'csat', min: 0.5, scope: { archetype: 'Captains of Scal' } }] }));
    const second = runCli(['check', '--baseline', baseline, '--config', badArchetype]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('scope.archetype: expected one of Relationship Builders, Masters of Complexity, Late Bloomers, Captains of Scale, *, got "Captains of Scal"; did you mean "Captains of Scale"?');
    expect(hasStackTrace(second.stderr)).toBe(false);
  });
});

