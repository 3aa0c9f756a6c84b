#!/usr/bin/env node
// Regenerates docs/report.png, the README's picture of a client report: the bundled sample's "Birch Energy"
// rendered by `benchmark report` and photographed in Debian's Chromium (playwright-core).
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const html = join(mkdtempSync(join(tmpdir(), 'benchmark-shot-')), 'report.html');
execFileSync(process.execPath, [join(root, 'bin/benchmark.js'), 'report', '--org', 'Birch Energy', '-o', html, '-q'], { stdio: 'inherit' });
const browser = await chromium.launch({ executablePath: execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim(), args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
await page.goto(pathToFileURL(html).href);
await page.screenshot({ path: join(root, 'docs/report.png'), fullPage: true });
await browser.close();
