#!/usr/bin/env node
// Loads the browser example in headless Chromium and prints what the page
// wrote into <pre id="results"> (JSON) on stdout; exit 1 if the page failed,
// 3 if the browser could not be started or the page did not finish in time.
//
//   node examples/browser/drive.mjs <url> [--timeout-ms 120000]
//
// Uses Debian's /usr/bin/chromium (CHROMIUM=... to change it; nothing here
// downloads a browser), a fresh --user-data-dir that is removed afterwards,
// and a hard deadline after which Chromium is killed. ESM because
// puppeteer-core is ESM-only; test/browser.spec.ts runs it in a child process.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import puppeteer from 'puppeteer-core';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'timeout-ms': { type: 'string', default: '120000' } } });
const url = positionals[0];
const timeoutMs = Number(values['timeout-ms']);
if (!url || positionals.length > 1 || !(timeoutMs > 0)) {
  console.error('usage: node examples/browser/drive.mjs <url> [--timeout-ms N]');
  process.exit(2);
}
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`error: ${chromium} is missing: run tools/ci/install-chromium.sh (or set CHROMIUM)`);
  process.exit(3);
}

const userDataDir = mkdtempSync(join(tmpdir(), 'karmem-chromium-'));
let browser;
const cleanUp = () => {
  browser?.process()?.kill('SIGKILL');
  rmSync(userDataDir, { recursive: true, force: true });
};
const deadline = setTimeout(() => {
  console.error(`error: the page did not finish within ${timeoutMs} ms`);
  cleanUp();
  process.exit(3);
}, timeoutMs);

const log = [];
let status = 0;
try {
  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${userDataDir}`,
    ],
    timeout: timeoutMs,
    protocolTimeout: timeoutMs,
  });
  const page = await browser.newPage();
  page.on('console', (message) => log.push(`console: ${message.text()}`));
  page.on('pageerror', (error) => log.push(`page error: ${error}`));
  await page.goto(url, { timeout: timeoutMs });
  await page.waitForFunction(() => document.title === 'done' || document.title === 'failed', { timeout: timeoutMs, polling: 100 });
  const text = await page.$eval('#results', (element) => element.textContent ?? '');
  process.stdout.write(`${text}\n`);
  if ((await page.title()) !== 'done') {
    console.error(`error: the page failed\n${log.join('\n')}`);
    status = 1;
  }
  await browser.close();
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}${log.length ? `\n${log.join('\n')}` : ''}`);
  status = 3;
} finally {
  clearTimeout(deadline);
  cleanUp();
}
process.exit(status);
