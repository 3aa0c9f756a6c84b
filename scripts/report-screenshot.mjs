#!/usr/bin/env node
// Regenerates docs/report.png, the README's picture of a client report: the bundled sample's "Birch Energy"
// rendered by `benchmark report` and photographed in Debian's Chromium (playwright-core).
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const html = join(mkdtempSync(join(tmpdir(), 'benchmark-shot-')), 'report.html');
// With the first half of the month as the previous period, and gaps priced at 25 a late ticket.
const previous = join(dirname(html), 'previous.json');
execFileSync(process.execPath, [join(root, 'bin/benchmark.js'), 'classify', '--to', '2025-09-15', '--format', 'json', '-o', previous, '-q'], { stdio: 'inherit' });
execFileSync(process.execPath, [join(root, 'bin/benchmark.js'), 'report', '--org', 'Birch Energy', '--baseline', previous, '--cost-per-late-ticket', '25', '-o', html, '-q'], { stdio: 'inherit' });
const browser = await chromium.launch({ executablePath: execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim(), args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
await page.goto(pathToFileURL(html).href);
await page.screenshot({ path: join(root, 'docs/report.png'), fullPage: true });
await browser.close();
