// Names from the data never act on a terminal or in Markdown: control sequences, bidirectional overrides and
// Markdown link, image and HTML syntax in organisation and file names are shown, not obeyed, in every text
// output (table and Markdown reports, the client report, check, tune) and in messages.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { visible } from '../../src/report/visible.js';
import { mdCell } from '../../src/report/render-markdown.js';
import { ROOT, runCli } from '../helpers.js';

// Clear the screen, set the window title (OSC … BEL), a C1 CSI, a right-to-left override, and Markdown/HTML.
const EVIL = 'Evil\u001b[2J\u001b]0;pwned\u0007 \u009b31m \u202eCorp [link](javascript:alert(6)) ![i](x.png) <img src=x onerror=alert(1)>';
/** Bytes a terminal acts on (all C0 but line feed, DEL, C1) and the bidirectional controls. */
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const dir = mkdtempSync(join(tmpdir(), 'benchmark-terminal-'));
/** The bundled sample with "Acme Cloud" renamed to EVIL (quoted as CSV needs), and its profile likewise. */
function evilSample(): [string, string] {
  const quoted = `"${EVIL.replace(/"/g, '""')}"`;
  return (['tickets.csv', 'profile.csv'] as const).map((name) => {
    const text = readFileSync(join(ROOT, 'fixtures/sample', name), 'utf8').replace(/^([^,\n]*,)?Acme Cloud,/gm, (_, id: string | undefined) => `${id ?? ''}${quoted},`);
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  }) as [string, string];
}

describe('visible', () => {
  it('shows control characters and bidirectional controls as marks, and leaves other text as it is', () => {
    expect(visible('a\u001b[2Jb')).toBe('a\u241b[2Jb');
    expect(visible('x\u0007y\u007f')).toBe('x\u2407y\u2421');
    expect(visible('\u202eabc\u2066')).toBe('<U+202E>abc<U+2066>');
    expect(visible('\u009b')).toBe('<U+009B>');
    expect(visible('tab\there')).toBe('tab here');
    expect(visible('Zürich — 東京 ✓')).toBe('Zürich — 東京 ✓');
  });

  it('mdCell makes no link, image, HTML, code or emphasis of a name', () => {
    expect(mdCell('[link](javascript:alert(6))')).toBe('\\[link\\](javascript:alert(6))');
    expect(mdCell('![i](x.png)')).toBe('!\\[i\\](x.png)');
    expect(mdCell('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(mdCell('a|b `c` *d* _e_ \\')).toBe('a\\|b \\`c\\` \\*d\\* \\_e\\_ \\\\');
  });
});

describe('hostile organisation names in every text output', () => {
  const [tickets, profile] = evilSample();
  const baseline = join(dir, 'baseline.json');
  expect(runCli(['classify', tickets, '--profile', profile, '--format', 'json', '-o', baseline, '-q']).code).toBe(0);
  const runs: [string, string[]][] = [
    ['classify table', ['classify', tickets, '--profile', profile]],
    ['classify markdown', ['classify', tickets, '--profile', profile, '--format', 'markdown']],
    ['metrics table', ['metrics', tickets, '--all-channels']],
    ['metrics markdown', ['metrics', tickets, '--format', 'markdown']],
    ['report markdown', ['report', tickets, '--profile', profile, '--org', EVIL, '--format', 'markdown']],
    ['check table', ['check', tickets, '--profile', profile, '--baseline', baseline]],
    ['check markdown', ['check', tickets, '--profile', profile, '--baseline', baseline, '--format', 'markdown']],
    ['tune table', ['tune', tickets, '--profile', profile, '--k', '2..4']],
  ];
  for (const [what, args] of runs) {
    it(`${what}: no control or bidirectional character, and the name still shown`, () => {
      const result = runCli(args);
      expect([0, 1], `${what}: ${result.stderr}`).toContain(result.code);
      expect(result.stdout.length).toBeGreaterThan(100);
      expect(ACTIVE.test(result.stdout), what).toBe(false);
      expect(ACTIVE.test(result.stderr), what).toBe(false);
      if (what.includes('markdown')) {
        expect(result.stdout).not.toMatch(/(^|[^\\])\[link\]\(/);
        expect(result.stdout).not.toContain('<img');
      }
    });
  }
  it('the names are shown where they are: the organisation appears, marked', () => {
    const result = runCli(['metrics', tickets]);
    expect(result.stdout).toContain('Evil\u241b[2J\u241b]0;pwned\u2407');
    // JSON keeps the name exactly as the data has it.
    const json = runCli(['metrics', tickets, '--format', 'json', '-q']);
    expect(JSON.parse(json.stdout).organizations.some((o: { name: string }) => o.name === EVIL)).toBe(true);
  });
});

describe('messages', () => {
  it('name a hostile file without acting on it', () => {
    const result = runCli(['metrics', join(dir, 'no\u001b[2Jsuch\u202e.csv')]);
    expect(result.code).toBe(2);
    expect(ACTIVE.test(result.stderr)).toBe(false);
    expect(result.stderr).toContain('no\u241b[2Jsuch<U+202E>.csv');
  });
});
