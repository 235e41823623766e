import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildUi } from '../../scripts/buildUi';
import { consolePickerPeople } from '../../scripts/consolePickerPeople';
import { PERSONA_SUPPORT } from '../../subgraphs/shared/seedIds';
import { startTestStack, type TestStack } from '../harness/startTestStack';

/**
 * The explorer and the rep console in a real browser (Debian's Chromium, headless)
 * against the real gateway and subgraphs, with every request to anything but this
 * machine blocked and recorded. One stack and one browser for the file; a browser
 * context per person. Screenshots of each step go to test-artifacts/browser/.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'browser');
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const STEP_MS = 30_000;

let stack: TestStack;
let browser: Browser;
/** Every request (HTTP or WebSocket) a page tried to send off this machine. */
const offMachine: string[] = [];
const contexts: BrowserContext[] = [];
const shots: string[] = [];

function isLocal(raw: string): boolean {
  const url = new URL(raw);
  if (url.protocol === 'data:' || url.protocol === 'blob:') return true;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/** A fresh browser context whose requests off this machine are refused and recorded. */
async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1100 } });
  contexts.push(context);
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    offMachine.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (request) => {
    if (!isLocal(request.url())) offMachine.push(request.url());
  });
  const page = await context.newPage();
  page.on('websocket', (socket) => {
    if (!isLocal(socket.url())) offMachine.push(socket.url());
  });
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  const path = join(ARTIFACTS, `${String(shots.length + 1).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path, fullPage: true });
  shots.push(path);
}

/** Runs `wait`; when it fails, keeps a screenshot of the page as it was. */
async function step(page: Page, name: string, wait: () => Promise<void>): Promise<void> {
  try {
    await wait();
  } catch (error) {
    await shot(page, name);
    throw error;
  }
}

/** Runs axe-core in the page; returns the serious and critical violations. */
interface Violation {
  id: string;
  impact: string | null;
  targets: string[];
}

async function seriousViolations(page: Page): Promise<string[]> {
  const axe = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(axe);
  const violations = await page.evaluate<Violation[]>(`axe.run().then((result) =>
    result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => JSON.stringify(n.target)),
    })))`);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`);
}

/** Opens the console and signs in through the development picker as `name`. */
async function signIn(name: string): Promise<Page> {
  const page = await newPage();
  await page.goto(`${stack.gateway.url}/console`);
  const picker = page.getByLabel('Sign in as (development)');
  const option = page.locator('#dev-person option', { hasText: name });
  await option.waitFor({ state: 'attached', timeout: STEP_MS });
  await picker.selectOption((await option.getAttribute('value')) ?? '');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('signed-in-as').filter({ hasText: name }).waitFor({ timeout: STEP_MS });
  return page;
}

async function find(page: Page, value: string): Promise<void> {
  await page.getByLabel('Find a customer').fill(value);
  // By keyboard, as a rep on the phone would.
  await page.getByLabel('Find a customer').press('Enter');
}

const flag = (page: Page, code: string) => page.locator(`[data-code="${code}"]`);
const danaCase = (page: Page) => page.locator('li.case', { hasText: 'case-dana-move' });

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does)`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  await buildUi();
  [stack, browser] = await Promise.all([
    startTestStack({ devSignIn: consolePickerPeople() }),
    chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS }),
  ]);
}, 240_000);

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await stack?.stop();
  if (shots.length > 0) console.log(`browser screenshots:\n  ${shots.join('\n  ')}`);
});

afterEach(() => {
  // Nothing a page did may have left this machine.
  expect(offMachine).toEqual([]);
});

it('the explorer runs CustomerContext with a token and shows Dana, all from the gateway', async () => {
  const page = await newPage();
  await page.goto(`${stack.gateway.url}/graphql`);
  await page.locator('.graphiql-container').waitFor({ timeout: STEP_MS });
  await page.getByText('Put your token in').waitFor();
  // The documented operations are there as tabs, CustomerContext first and active.
  await page.locator('.graphiql-tab', { hasText: 'LiveCustomerContext' }).waitFor();
  const token = await stack.tokenFor({
    sub: 'agt-care-jordan',
    role: 'agent',
    team: 'care',
    scopes: ['pii:read'],
  });
  // The header editor is CodeMirror: once it is up, set its text as a paste would.
  await page.waitForFunction(
    `(() => {
      for (const el of document.querySelectorAll('.CodeMirror')) {
        if (el.CodeMirror.getValue().includes('"authorization"')) {
          el.CodeMirror.setValue(${JSON.stringify(JSON.stringify({ authorization: `Bearer ${token}` }))});
          return true;
        }
      }
      return false;
    })()`,
    undefined,
    { timeout: STEP_MS },
  );
  await page.locator('.graphiql-execute-button').click();
  await step(page, 'explorer-failed', () =>
    page.locator('.result-window').filter({ hasText: 'Dana Reyes' }).waitFor({ timeout: STEP_MS }),
  );
  // The editor renders only the lines in view: the top of the answer.
  expect(await page.locator('.result-window').innerText()).toContain('cus-dana-reyes');
  expect(await page.locator('.result-window').innerText()).not.toContain('"errors"');
  await shot(page, 'explorer-customer-context');
}, 90_000);

it('the telecom install: care finds Dana, notes and transfers; sales sees it; care sees it read, live', async () => {
  const a = await signIn('Jordan Lee');
  await find(a, '415.555.0134');
  await a.getByRole('heading', { name: 'Dana Reyes' }).waitFor({ timeout: STEP_MS });
  for (const code of ['SKILL_MISMATCH', 'ORDER_IN_JEOPARDY', 'CHANNEL_CANNOT_COMPLETE']) {
    await flag(a, code).first().waitFor({ timeout: STEP_MS });
  }
  await a.locator('[data-live="live"]').waitFor({ timeout: STEP_MS });
  await shot(a, 'care-finds-dana');
  expect(await seriousViolations(a)).toEqual([]);

  const note = `Called back ${Date.now()}: she wants streaming instead of the set-top box.`;
  await danaCase(a).getByLabel('Add a note to this case').fill(note);
  await danaCase(a).getByRole('button', { name: 'Add note' }).click();
  await danaCase(a).getByText('Note added.').waitFor({ timeout: STEP_MS });
  await danaCase(a).locator('[data-testid="note"]', { hasText: note }).waitFor();

  const summary = 'Replace the TV package with the streaming package; no rewiring visit needed.';
  // A transfer without a summary is refused in words, before anything is sent.
  await danaCase(a).getByLabel('Transfer to team').selectOption('sales');
  await danaCase(a)
    .getByLabel(/To agent id/)
    .fill('agt-sales-morgan');
  await danaCase(a).getByRole('button', { name: 'Transfer case' }).click();
  await danaCase(a).getByText('a summary is required').waitFor();
  await danaCase(a).getByLabel('Handoff summary (required)').fill(summary);
  await danaCase(a).getByRole('button', { name: 'Transfer case' }).click();
  await danaCase(a).getByText('Case transferred to sales.').waitFor({ timeout: STEP_MS });
  await danaCase(a).getByTestId('handoff').filter({ hasText: summary }).waitFor();
  // Morgan has not opened Dana since: on Jordan's screen the note waits for Morgan.
  const aNote = danaCase(a).locator('[data-testid="note"]', { hasText: note });
  await aNote.getByText('Unread by Morgan Price').waitFor({ timeout: STEP_MS });
  await flag(a, 'UNREAD_NOTES').waitFor({ timeout: STEP_MS });
  await shot(a, 'care-noted-and-transferred');

  const b = await signIn('Morgan Price');
  await find(b, 'Dana.Reyes@example.com');
  const handoff = danaCase(b).getByTestId('handoff');
  await handoff.filter({ hasText: summary }).waitFor({ timeout: STEP_MS });
  // The handoff summary is on top: before the case's notes.
  const handoffBox = await handoff.boundingBox();
  const firstNoteBox = await danaCase(b).getByTestId('note').first().boundingBox();
  expect(handoffBox && firstNoteBox && handoffBox.y < firstNoteBox.y).toBe(true);
  const bNote = danaCase(b).locator('[data-testid="note"]', { hasText: note });
  await step(b, 'sales-unread-failed', () =>
    bNote.getByText('New since you last opened').waitFor({ timeout: STEP_MS }),
  );
  await shot(b, 'sales-sees-handoff-and-unread-note');

  // Morgan opening Dana is recorded; Jordan's screen follows without a reload.
  await step(a, 'care-live-failed', () =>
    flag(a, 'UNREAD_NOTES').waitFor({ state: 'detached', timeout: STEP_MS }),
  );
  await aNote.getByTestId('unread').waitFor({ state: 'detached', timeout: STEP_MS });
  expect(await a.getByTestId('unread').count()).toBe(0);
  await shot(a, 'care-sees-it-read-live');
}, 150_000);

it('a transfer whose answer is lost is sent again with the same key and hands the case off once', async () => {
  const a = await signIn('Jordan Lee');
  const caseId = PERSONA_SUPPORT.samCase;
  const handoffs = async () => {
    const [row] = await stack.database.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM support.handoff WHERE case_id = $1',
      [caseId],
    );
    return row?.n;
  };
  // The first transfer reaches the gateway and is done, but its answer is lost on the way
  // back (a proxy answers 503); the console must try again, and the retry must not repeat it.
  const keys: unknown[] = [];
  await a.route('**/graphql', async (route) => {
    const body = route.request().postDataJSON() as {
      query?: string;
      variables?: { input?: { idempotencyKey?: unknown } };
    } | null;
    if (!body?.query?.includes('mutation TransferCase')) return route.fallback();
    keys.push(body.variables?.input?.idempotencyKey);
    const response = await route.fetch();
    if (keys.length > 1) return route.fulfill({ response });
    return route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ errors: [{ message: 'upstream timed out' }] }),
    });
  });
  await find(a, 'sam.okafor@example.com');
  const samCase = a.locator('li.case', { hasText: caseId });
  await samCase.getByRole('button', { name: 'Transfer case' }).waitFor({ timeout: STEP_MS });
  const before = await handoffs();
  const summary = `Quote the family plan ${Date.now()}`;
  await samCase.getByLabel('Transfer to team').selectOption('sales');
  await samCase.getByLabel('Handoff summary (required)').fill(summary);
  await samCase.getByRole('button', { name: 'Transfer case' }).click();
  await samCase.getByText('Case transferred to sales.').waitFor({ timeout: STEP_MS });
  await samCase.getByTestId('handoff').filter({ hasText: summary }).waitFor({ timeout: STEP_MS });
  expect(keys).toHaveLength(2);
  expect(typeof keys[0]).toBe('string');
  expect(keys[1]).toBe(keys[0]);
  expect(await handoffs()).toBe((before ?? 0) + 1);
  await shot(a, 'care-transfer-retried-once');
}, 90_000);

it('a customer sees only themself, and never a staff-only field', async () => {
  const page = await signIn('Dana Reyes');
  await find(page, '+44 20 7946 0321');
  const refused = page.getByText(/Not allowed|No one found/);
  await refused.waitFor({ timeout: STEP_MS });
  expect(await page.getByText('Sam Okafor').count()).toBe(0);
  await shot(page, 'customer-cannot-see-another');

  await find(page, '(415) 555-0134');
  await page.getByRole('heading', { name: 'Dana Reyes' }).waitFor({ timeout: STEP_MS });
  await page.locator('[data-section="cases"]').waitFor();
  // Notes and handoffs are staff-only; rep actions are not offered to a customer.
  expect(await page.getByTestId('note').count()).toBe(0);
  expect(await page.getByTestId('handoff').count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Add note' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Transfer case' }).count()).toBe(0);
  await shot(page, 'customer-sees-own-context');
  expect(await seriousViolations(page)).toEqual([]);
}, 90_000);
