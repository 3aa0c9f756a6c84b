// The client report in a real browser: Debian's Chromium, driven by playwright-core. The HTML must render its
// three charts as SVG without any network access or script, keep hostile organisation names as text, and
// print. A screenshot is saved to test-artifacts/ for people to look at.
// CI installs chromium (.ci/run); without it (outside CI) this file is skipped, and in CI it fails loudly.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_NAME, ROOT, hostileSample, runCli } from '../helpers.js';

const chromiumPath = spawnSync('which', ['chromium'], { encoding: 'utf8' }).stdout.trim();
if (chromiumPath === '' && process.env.CI) throw new Error('CI must have chromium (apt-get install chromium) for the browser tests');
const ARTIFACTS = join(ROOT, 'test-artifacts');

describe.skipIf(chromiumPath === '')('client report in Chromium', () => {
  let browser: Browser;
  let html: string;
  let file: string;
  beforeAll(async () => {
    const [tickets, profile] = hostileSample();
    file = join(mkdtempSync(join(tmpdir(), 'benchmark-html-')), 'report.html');
    // The previous period: the same organisations over the first half of the month.
    const previous = join(dirname(file), 'previous.json');
    expect(runCli(['classify', tickets, '--profile', profile, '--to', '2025-09-15', '--format', 'json', '-o', previous, '-q']).code).toBe(0);
    const result = runCli(['report', '--org', HOSTILE_NAME, tickets, '--profile', profile, '--baseline', previous, '--cost-per-late-ticket', '25', '-o', file, '-q']);
    expect(result.code, result.stderr).toBe(0);
    html = readFileSync(file, 'utf8');
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders three SVG charts with marks, makes no request and runs no script', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const requests: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url());
    });
    await page.goto(pathToFileURL(file).href);
    const charts = await page.$$eval('figure.chart', (figures) =>
      figures.map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return { id: f.id, width: box?.width ?? 0, height: box?.height ?? 0, marks: svg?.querySelectorAll('path, circle, rect, line').length ?? 0 };
      }),
    );
    expect(charts.map((c) => c.id)).toEqual(['chart-standing', 'chart-channels', 'chart-map']);
    for (const chart of charts) {
      expect(chart.width, chart.id).toBeGreaterThan(300);
      expect(chart.height, chart.id).toBeGreaterThan(100);
      expect(chart.marks, chart.id).toBeGreaterThan(10);
    }
    // The map draws every reference organisation (240 in the sample) plus the client.
    const mapSymbols = await page.$$eval('#chart-map svg .mark-symbol.role-mark path', (paths) => paths.length);
    expect(mapSymbols).toBe(241);
    expect(requests).toEqual([]);
    expect(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.$$eval('script, img', (nodes) => nodes.length)).toBe(0);
    expect(await page.textContent('h1')).toBe(HOSTILE_NAME);
    // The client's name is drawn on the map as text, not markup.
    const labels = await page.$$eval('#chart-map svg text', (texts) => texts.map((t) => t.textContent));
    expect(labels).toContain(HOSTILE_NAME);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
    await page.close();
  });

  it('shows the previous period beside each figure, the buckets, both kinds of gap and the unit', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    await page.goto(pathToFileURL(file).href);
    const heads = await page.$$eval('table th', (cells) => cells.map((c) => c.textContent));
    expect(heads).toEqual(expect.arrayContaining(['Previous', 'Change', 'Solved ≤24 h / 24–48 h / >48 h', 'vs reference channel']));
    const text = (await page.textContent('body')) ?? '';
    expect(text).toMatch(/Unit: one organisation per value of column organization/);
    expect(text).toMatch(/Previous period: .*previous\.json/);
    expect(text).toMatch(/The archetype rests on /);
    expect(text).toMatch(/inconsistency|peer gap/);
    await page.close();
  });

  it('prints: charts stay visible on paper and a PDF comes out', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    await page.emulateMedia({ media: 'print' });
    const widths = await page.$$eval('figure.chart svg', (svgs) => svgs.map((s) => s.getBoundingClientRect().width));
    expect(widths).toHaveLength(3);
    for (const width of widths) expect(width).toBeGreaterThan(300);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
    await page.close();
  });

  it('escapes the hostile name everywhere in the file', () => {
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;window.pwned=1&lt;/script&gt;');
  });
});
