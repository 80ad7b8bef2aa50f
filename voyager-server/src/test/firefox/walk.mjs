// The admin console walked in Firefox, driven over WebDriver BiDi by puppeteer-core (no driver binary, no browser
// download). Run by ConsoleFirefoxTest against a real voyager serve:
//   node walk.mjs <console url> <admin token> <firmware file> <screenshot dir> <firefox binary>
// It prints one line per step; at "WAITING devices" the test makes devices update and writes one line to stdin:
// "<successes> <failures>". Exits 0 only when every step held and the page logged no script error or CSP violation.
import puppeteer from 'puppeteer-core';
import { createInterface } from 'node:readline';

const [consoleUrl, token, firmware, shots, firefox] = process.argv.slice(2);
const stdin = createInterface({ input: process.stdin });
const nextLine = () => new Promise(resolve => stdin.once('line', resolve));
const errors = [];
const step = what => console.log('STEP ' + what);

function fail(message) {
  throw new Error(message);
}

const browser = await puppeteer.launch({ browser: 'firefox', executablePath: firefox, headless: true,
  protocol: 'webDriverBiDi', args: ['--no-remote'], defaultViewport: { width: 1280, height: 1000 } });
try {
  const page = await browser.newPage();
  page.on('console', m => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
  page.on('pageerror', e => errors.push('script: ' + e.message));
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('securitypolicyviolation',
      e => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));
  });

  const text = async sel => page.$eval(sel, e => e.textContent.trim());
  const waitForText = async (sel, wanted, seconds = 10) => {
    try {
      await page.waitForFunction((s, w) => {
        const e = document.querySelector(s);
        return e !== null && e.textContent.includes(w);
      }, { timeout: seconds * 1000, polling: 100 }, sel, wanted);
    } catch (e) {
      const now = await page.$eval(sel, el => el.textContent.trim()).catch(() => '(absent)');
      fail(`waited ${seconds} s for "${wanted}" in ${sel}; it shows: ${now}`);
    }
    return text(sel);
  };
  const click = async sel => {
    await page.waitForSelector(sel, { visible: true, timeout: 10000 });
    await page.click(sel);
  };
  const type = async (sel, value) => {
    await page.waitForSelector(sel, { visible: true, timeout: 10000 });
    await page.$eval(sel, e => { e.value = ''; });
    await page.type(sel, value);
  };
  const shot = name => page.screenshot({ path: `${shots}/${name}.png` });

  await page.goto(consoleUrl);
  await waitForText('h1', 'Sign in');
  await type('#token', 'not-the-token');
  await page.keyboard.press('Enter');
  await waitForText('#signin-error', 'refused');
  if (await page.$eval('#topbar', e => e.checkVisibility())) fail('the top bar shows without a token');
  step('a wrong token is refused');

  await type('#token', token);
  await click('#signin');
  await waitForText('h1', 'Create your first product');
  if (await page.evaluate(() => localStorage.length) !== 0) fail('something went to localStorage');
  if (page.url().includes(token)) fail('the token is in the URL');
  step('signed in');

  await type('#product-id', 'locker');
  await type('#product-name', 'Smart locker');
  await type('#model-name', 'locker-s3');
  await page.select('#model-chip', 'esp32s3');
  await click('#create-product');
  await waitForText('h1', 'Releases');
  step('product created');

  await type('#release-version', '1.1.0');
  await type('#release-changelog', 'Fixes the **door sensor**.\n\n- <script>alert(1)</script> stays text');
  await waitForText('#changelog-preview strong', 'door sensor');
  const input = await page.$('#release-file');
  await input.uploadFile(firmware);
  await waitForText('#file-chosen', 'locker-1.1.0.bin');
  await click('#upload');
  await waitForText('#upload-result', 'validation passed', 20);
  const row = "#releases tr[data-version='1.1.0']";
  await waitForText(row + ' td.state', 'draft');
  if (await page.$(row + ' .markdown script') !== null) fail('changelog markup became an element');
  await shot('firefox-01-releases');
  step('uploaded by the file input, validated');

  await click(row + " button[data-action='stage']");
  await waitForText('#dlg-message', 'tester');
  await click('#dlg-confirm');
  await waitForText(row + ' td.state', 'staging');
  await click(row + " button[data-action='promote']");
  await waitForText('#dlg-title', 'Promote 1.1.0 to production?');
  await type('#dlg-percent', '10');
  await click('#dlg-confirm');
  await waitForText(row + ' td.state', 'production');
  step('staged and promoted to 10%');

  await click("#nav a[data-page='rollouts']");
  const rollout = '#rollouts tbody tr';
  await waitForText(rollout + " [data-field='version']", '1.1.0');
  await page.evaluate(() => { window.consoleWalk = 'same page'; });
  console.log('WAITING devices');
  const [successes, failures] = (await nextLine()).trim().split(' ');
  await waitForText(rollout + " [data-field='successes']", successes, 30);
  await waitForText(rollout + " [data-field='failures']", failures, 30);
  if (await page.evaluate(() => window.consoleWalk) !== 'same page') fail('the page reloaded');
  await shot('firefox-02-rollouts');
  step('the rollout counts changed without a reload');

  await click(rollout + " button[data-action='pause']");
  await type('#dlg-reason', 'checking in Firefox');
  await click('#dlg-confirm');
  await waitForText(rollout, 'paused');
  await click(rollout + " button[data-action='resume']");
  await click('#dlg-confirm');
  await waitForText(rollout, 'active');
  step('paused and resumed');

  await click("#nav a[data-page='fleet']");
  await waitForText('#fleet-succeeded .value', successes, 15);
  const chart = await page.$eval('#fleet-summary svg.chart', e => e.getAttribute('aria-label'));
  if (!chart.startsWith('Devices by version:') || !chart.includes('1.1.0 ' + successes)) fail('chart: ' + chart);
  await shot('firefox-03-fleet');
  step('fleet charts drawn: ' + chart);

  await click("#nav a[data-page='releases']");
  await click(row + " button[data-action='revoke']");
  await waitForText('#dlg-message', 'cannot be undone');
  await type('#dlg-reason', 'revoked from Firefox');
  await click('#dlg-confirm');
  await waitForText(row + ' td.state', 'revoked');
  step('revoked');

  await page.setViewport({ width: 390, height: 844 });
  await click("#nav a[data-page='rollouts']");
  await waitForText(rollout, 'revoked');
  if (!await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)) {
    fail('the rollouts page scrolls sideways at a phone\'s width');
  }
  await shot('firefox-04-phone-rollouts');
  step('phone width without sideways scrolling');

  await click('#sign-out');
  await waitForText('h1', 'Sign in');
  if (await page.evaluate(() => sessionStorage.getItem('voyager.adminToken')) !== null) fail('token kept');
  step('signed out');

  const unexpected = errors.filter(e => !/\b(401|422)\b/.test(e));
  if (unexpected.length > 0) fail('the page logged errors:\n' + unexpected.join('\n'));
  console.log('DONE ' + (await browser.version()));
} catch (e) {
  console.log('FAILED ' + e.message);
  process.exitCode = 1;
} finally {
  stdin.close();
  await browser.close();
}
