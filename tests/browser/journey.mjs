// The learner's journey in a real browser (issue 6, "Must show"): a new learner signs
// up, finds a micro-credential with the catalogue's search box, enrols, submits
// evidence; an assessor accepts it in the issuer console's review queue; the badge
// appears in the learner's backpack; the learner opens the badge page and downloads
// the baked PNG; a logged-out visitor uploads that PNG on /verify and sees VERIFIED
// with no failed check.
//
// playwright-core drives Debian's /usr/bin/chromium (a browser is never downloaded).
// Run by CTest (tests/browser/browser.cmake) with MC_PROGRAM and MC_BINARY_DIR set;
// by hand:  MC_PROGRAM=build/microcred MC_BINARY_DIR=build node tests/browser/journey.mjs
// Screenshots go to $MC_SCREENSHOT_DIR (docs/screenshots when refreshing them), else
// to $MC_BINARY_DIR/browser-screenshots. Exit 0 pass, 1 fail, 77 skipped.

import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const source = path.resolve(process.env.MC_SOURCE_DIR || path.join(here, '../..'));
const binary = path.resolve(process.env.MC_BINARY_DIR || path.join(source, 'build'));
const program = path.resolve(process.env.MC_PROGRAM || path.join(binary, 'microcred'));
const chromiumPath = process.env.MC_CHROMIUM || '/usr/bin/chromium';
const shotDir = path.resolve(process.env.MC_SCREENSHOT_DIR || path.join(binary, 'browser-screenshots'));

// Under -DMC_SANITIZE=ON: fontconfig (drawing the badges) keeps its patterns for the
// life of the process in a way LeakSanitizer reports as leaks; tests/cli/render-lsan.supp
// suppresses exactly that and nothing of microcred's.
const lsanSupp = path.join(source, 'tests/cli/render-lsan.supp');
if (!process.env.LSAN_OPTIONS && fs.existsSync(lsanSupp))
  process.env.LSAN_OPTIONS = `suppressions=${lsanSupp}:print_suppressions=0`;

const ISSUER = 'northbridge-university';
const ASSESSOR = 'assessor@northbridge.example';
const SLUG = 'browser-journey';
const TITLE = 'Browser Journey Essentials';
const PASSWORD = 'journey-password-2026';
const LEARNER = { name: 'Lena Browser', email: 'lena.browser@learners.example' };

function skip(reason) {
  console.log(`SKIP: ${reason}`);
  process.exit(77);
}

class StepError extends Error {}
function check(cond, msg) {
  if (!cond) throw new StepError(msg);
}

let currentStep = 'setup';
function step(name) {
  currentStep = name;
  console.log(`-- ${name}`);
}

// ---- setup: playwright-core installed in the build directory -----------------------

function loadPlaywright() {
  if (!fs.existsSync(chromiumPath)) skip(`${chromiumPath} is absent (apt-get install chromium; scripts/install-deps)`);
  if (!fs.existsSync(program)) skip(`the microcred program ${program} is absent (build it first)`);
  const dir = path.join(binary, 'browser-tests');
  fs.mkdirSync(dir, { recursive: true });
  let fresh = false;
  for (const f of ['package.json', 'package-lock.json']) {
    const src = path.join(here, f);
    const dst = path.join(dir, f);
    if (!fs.existsSync(dst) || !fs.readFileSync(dst).equals(fs.readFileSync(src))) {
      fs.copyFileSync(src, dst);
      fresh = true;
    }
  }
  const pkg = path.join(dir, 'node_modules', 'playwright-core', 'package.json');
  if (fresh || !fs.existsSync(pkg)) {
    console.log(`installing playwright-core in ${dir} (npm ci)`);
    const r = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 240000,
      env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
    });
    if (r.status !== 0 || !fs.existsSync(pkg)) {
      process.stdout.write(r.stdout || '');
      process.stdout.write(r.stderr || '');
      skip(`npm ci of playwright-core failed in ${dir} (needs the npm registry)`);
    }
  }
  return createRequire(path.join(dir, 'package.json'))('playwright-core');
}

// ---- the microcred side ----------------------------------------------------------------

function mc(args, input) {
  const r = spawnSync(program, args, { encoding: 'utf8', input, timeout: 120000 });
  if (r.status !== 0)
    throw new StepError(`microcred ${args.join(' ')} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function prepareDatabase(db, base) {
  mc(['init', '--db', db, '--base-url', base]);
  mc(['demo', '--db', db]);
  // A micro-credential of its own with one assignment, so an assessor's acceptance
  // is all it takes to earn it.
  mc(['credential', 'create', '--db', db, '--issuer', ISSUER, '--title', TITLE, '--slug', SLUG,
    '--description', 'Plan, write and run an end-to-end browser test of a web application.',
    '--outcome', 'Writes an end-to-end browser test of a learner journey',
    '--align', 'ESCO|S1.2.3|test software|http://data.europa.eu/esco/skill/S1.2.3',
    '--criteria', 'Submit a write-up of one browser journey; an assessor scores it.',
    '--eqf-level', '5', '--workload-hours', '10', '--ects', '0.5', '--cost', '0', '--currency', 'EUR',
    '--delivery-mode', 'online', '--duration', 'P2W', '--assessment-type', 'Assignment reviewed by an assessor',
    '--participation-form', 'Online, self-paced', '--quality-assurance', 'Internal review by the faculty',
    '--language', 'en-GB', '--category', 'digital-skills', '--tag', 'testing']);
  mc(['requirement', 'add', SLUG, '--db', db, '--kind', 'assignment', '--title', 'Journey write-up',
    '--description', 'Describe the journey you tested and what you checked.',
    '--rubric', 'Clarity=50', '--rubric', 'Coverage=50', '--pass-threshold', '60']);
  mc(['credential', 'publish', SLUG, '--db', db]);
  mc(['user', 'passwd', ASSESSOR, '--db', db], `${PASSWORD}\n`);
}

function startServer(db, port, logDir) {
  return new Promise((resolve, reject) => {
    const srv = spawn(program, ['serve', '--listen', `127.0.0.1:${port}`, '--db', db, '--threads', '2',
      '--offline-verify', '--access-log', path.join(logDir, 'access.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(`no "microcred serving on" line within 20 s`), 20000);
    function fail(why) {
      clearTimeout(timer);
      srv.kill('SIGKILL');
      reject(new StepError(`the server did not start: ${why}\n${out}${err}`));
    }
    srv.stdout.on('data', (d) => {
      out += d;
      const m = /microcred serving on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ srv, url: m[1].replace(/\/$/, ''), log: () => out + err });
      }
    });
    srv.stderr.on('data', (d) => { err += d; });
    srv.once('exit', (code, sig) => fail(`it exited (${code ?? sig})`));
  });
}

// SIGTERM, then SIGKILL if it has not stopped within 12 s (the server promises 10).
// Returns how it ended: 'exit 0' for a graceful stop.
async function stopServer(s) {
  if (!s) return 'not started';
  if (s.srv.exitCode === null && s.srv.signalCode === null) {
    const exited = new Promise((r) => s.srv.once('exit', r));
    s.srv.kill('SIGTERM');
    const t = setTimeout(() => s.srv.kill('SIGKILL'), 12000);
    await exited;
    clearTimeout(t);
  }
  return s.srv.exitCode !== null ? `exit ${s.srv.exitCode}` : `signal ${s.srv.signalCode}`;
}

// ---- the browser side ------------------------------------------------------------------

const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function newPage(browser, serverErrors) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await ctx.newPage();
  page.setDefaultTimeout(15000);
  page.on('response', (r) => {
    if (r.status() >= 500) serverErrors.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return { ctx, page };
}

async function shot(page, name) {
  fs.mkdirSync(shotDir, { recursive: true });
  const file = path.join(shotDir, `browser-${name}.png`);
  // The header is sticky: scrolled (an #anchor, a focused field), a full-page shot
  // would paint it across the middle of the page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: true });
  console.log(`   screenshot ${file}`);
}

async function noErrorAlert(page, what) {
  const alerts = page.locator('[role="alert"]');
  const n = await alerts.count();
  for (let i = 0; i < n; i++) {
    const t = (await alerts.nth(i).innerText()).trim();
    check(t === '', `${what}: the page shows an error: "${t}" (${page.url()})`);
  }
}

async function logIn(page, base, email, password) {
  await page.goto(`${base}/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type="submit"]')]);
  await noErrorAlert(page, `log in as ${email}`);
  check(new URL(page.url()).pathname !== '/login', `log in as ${email}: still on the log-in page (${page.url()})`);
}

async function journey(pw, base, tmp) {
  const serverErrors = [];
  const browser = await pw.chromium.launch({ executablePath: chromiumPath, args: LAUNCH_ARGS });
  try {
    const { page } = await newPage(browser, serverErrors);

    step('1. a new learner signs up');
    await page.goto(`${base}/signup`);
    await page.fill('#email', LEARNER.email);
    await page.fill('#name', LEARNER.name);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/signup"] button[type="submit"]')]);
    await noErrorAlert(page, 'sign-up');
    check(new URL(page.url()).pathname !== '/signup', `sign-up: still on /signup (${page.url()})`);
    check(await page.locator('form[action="/logout"]').count() > 0,
      `sign-up: no log-out form after signing up, so no session (${page.url()})`);

    step('2. finds the micro-credential in the catalogue and enrols');
    await page.goto(`${base}/catalogue`);
    await page.fill('#q', 'browser journey');
    await Promise.all([page.waitForNavigation(), page.press('#q', 'Enter')]);
    check(new URL(page.url()).searchParams.get('q') === 'browser journey',
      `catalogue: the search did not submit q (${page.url()})`);
    const card = page.locator(`a[href$="/achievements/${SLUG}"]`).first();
    check(await card.count() > 0, `catalogue: searching "browser journey" does not list "${TITLE}"`);
    await shot(page, 'catalogue');
    await Promise.all([page.waitForNavigation(), card.click()]);
    check(new URL(page.url()).pathname === `/achievements/${SLUG}`, `catalogue: the card led to ${page.url()}`);
    check((await page.locator('h1').first().innerText()).includes(TITLE),
      `micro-credential page: the heading is not "${TITLE}"`);
    const enrol = page.locator(`form[action="/achievements/${SLUG}/enrol"] button[type="submit"]`);
    check(await enrol.count() === 1, 'micro-credential page: no Enrol button for a signed-in learner');
    await shot(page, 'achievement');
    await Promise.all([page.waitForNavigation(), enrol.click()]);
    const m = /^\/enrolments\/([^/?#]+)/.exec(new URL(page.url()).pathname);
    check(m, `enrol: expected to land on /enrolments/{id}, got ${page.url()}`);
    const enrolmentUrl = `${base}/enrolments/${m[1]}`;
    await noErrorAlert(page, 'enrol');

    step('3. submits evidence on the enrolment page');
    const form = page.locator('form.evidence-form').first();
    check(await form.count() === 1, 'enrolment page: no evidence form');
    await form.locator('input[name="title"]').fill('My journey write-up');
    await form.locator('textarea[name="text"]').fill(
      'I signed up, searched the catalogue, enrolled and submitted this text; the test checks every page on the way.');
    await form.locator('input[name="public"]').check();
    await Promise.all([page.waitForNavigation(), form.locator('button[type="submit"]').click()]);
    await noErrorAlert(page, 'evidence submission');
    const ev = page.locator('.evidence-list .evidence');
    check(await ev.count() === 1, `enrolment page: expected 1 submitted evidence, found ${await ev.count()}`);
    check((await ev.first().innerText()).includes('My journey write-up'), 'enrolment page: the evidence title is not shown');
    await shot(page, 'enrolment');

    step('4. an assessor accepts it in the console review queue');
    const assessor = await newPage(browser, serverErrors);
    const ap = assessor.page;
    await logIn(ap, base, ASSESSOR, PASSWORD);
    await ap.goto(`${base}/console/${ISSUER}/reviews`);
    const row = ap.locator('table.data tbody tr', { hasText: LEARNER.email });
    check(await row.count() === 1, `review queue: no row for ${LEARNER.email}`);
    check((await row.innerText()).includes(TITLE), `review queue: the row does not name "${TITLE}"`);
    await shot(ap, 'review-queue');
    await Promise.all([ap.waitForNavigation(), row.locator('a').first().click()]);
    const rubric = ap.locator('input[name^="rubric_"]');
    check(await rubric.count() === 2, `review page: expected 2 rubric fields, found ${await rubric.count()}`);
    await rubric.nth(0).fill('45');
    await rubric.nth(1).fill('40');
    await ap.fill('#rv-comment', 'Clear and complete.');
    await shot(ap, 'review');
    await Promise.all([ap.waitForNavigation(), ap.click('button[name="decision"][value="accept"]')]);
    await noErrorAlert(ap, 'accepting the evidence');
    // Accepting goes back to the queue (?done=reviewed), which no longer lists it.
    check(new URL(ap.url()).pathname === `/console/${ISSUER}/reviews`,
      `review page: after Accept expected the review queue, got ${ap.url()}`);
    check(await ap.locator('table.data tbody tr', { hasText: LEARNER.email }).count() === 0,
      `review queue: ${LEARNER.email}'s evidence is still waiting after Accept`);
    await assessor.ctx.close();

    step('5. the badge appears for the learner');
    await page.goto(`${base}/dashboard`);
    await page.reload();
    await page.goto(enrolmentUrl);
    check((await page.locator('.evidence-list').innerText()).includes('Accepted'),
      'enrolment page: the evidence is not shown as accepted');
    check(await page.locator('a[href^="/credentials/"]').count() > 0,
      'enrolment page: no link to the earned badge');
    await page.goto(`${base}/backpack`);
    const badgeLink = page.locator('a[href^="/credentials/"]', { hasText: TITLE }).first();
    check(await badgeLink.count() === 1, `backpack: "${TITLE}" is not among the badges`);
    await shot(page, 'backpack');

    step('6. opens the badge page and downloads the baked PNG');
    await Promise.all([page.waitForNavigation(), badgeLink.click()]);
    check(/^\/credentials\/[^/]+$/.test(new URL(page.url()).pathname), `backpack link led to ${page.url()}`);
    const badgeText = await page.locator('main').innerText();
    check(badgeText.includes(TITLE), 'badge page: the title is missing');
    check(badgeText.includes(LEARNER.name), `badge page: the learner's name "${LEARNER.name}" is missing`);
    check(/Northbridge University/.test(badgeText), 'badge page: the issuer is missing');
    await shot(page, 'badge');
    const dl = page.locator('a[href$="/badge.png"][download]').first();
    check(await dl.count() === 1, 'badge page: no PNG download link');
    const [download] = await Promise.all([page.waitForEvent('download'), dl.click()]);
    const png = path.join(tmp, 'badge.png');
    await download.saveAs(png);
    const bytes = fs.readFileSync(png);
    check(bytes.length > 1000 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
      `downloaded badge: not a PNG (${bytes.length} bytes)`);
    check(bytes.includes(Buffer.from('openbadgecredential')) || bytes.includes(Buffer.from('iTXt')),
      'downloaded badge: no baked credential chunk');

    step('7. a visitor verifies the downloaded PNG on /verify');
    const visitor = await newPage(browser, serverErrors);
    const vp = visitor.page;
    await vp.goto(`${base}/verify`);
    check(await vp.locator('form[action="/logout"]').count() === 0, 'verify: the visitor is not logged out');
    await shot(vp, 'verify');
    await vp.setInputFiles('#file', png);
    await Promise.all([vp.waitForNavigation(), vp.click('form.verify-form button[type="submit"]')]);
    const verdict = (await vp.locator('#verdict-h').innerText()).trim();
    check(verdict === 'VERIFIED', `verify: the verdict is "${verdict}", not VERIFIED`);
    const vtext = await vp.locator('main').innerText();
    check(/verified/i.test(vtext), 'verify: the page does not say verified');
    check(vtext.includes(TITLE), `verify: the result does not name "${TITLE}"`);
    const red = await vp.locator('.check.bad, .check.failed').count();
    check(red === 0, `verify: ${red} check(s) shown red: ${await vp.locator('.check.bad, .check.failed').allInnerTexts()}`);
    const green = await vp.locator('.check.ok').count();
    check(green > 0, 'verify: no check shown as passed');
    console.log(`   verdict ${verdict}: ${green} checks passed, ${await vp.locator('.check.skip').count()} not checked`);
    await shot(vp, 'verify-result');
    await visitor.ctx.close();

    check(serverErrors.length === 0, `the server answered 5xx: ${serverErrors.join('; ')}`);
  } finally {
    await browser.close();
  }
}

// ---- main ------------------------------------------------------------------------------

async function main() {
  const pw = loadPlaywright();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mc-browser-'));
  let server = null;
  const onSignal = async (sig) => {
    await stopServer(server);
    fs.rmSync(tmp, { recursive: true, force: true });
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let rc = 0;
  try {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const db = path.join(tmp, 'journey.db');
    prepareDatabase(db, base);
    server = await startServer(db, port, tmp);
    check(server.url === base, `the server prints ${server.url}, expected ${base}`);
    await journey(pw, server.url, tmp);
    step('the server stops gracefully on SIGTERM');
    const how = await stopServer(server);
    check(how === 'exit 0', `the server ended with ${how} after SIGTERM, expected exit 0`);
    console.log('browser/learner-journey: all 7 steps passed');
  } catch (e) {
    rc = 1;
    console.log(`FAIL at step "${currentStep}": ${e instanceof StepError ? e.message : e.stack || e}`);
    if (server) console.log(`server output:\n${server.log().split('\n').slice(-20).join('\n')}`);
  } finally {
    await stopServer(server);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(rc);
}

main();
