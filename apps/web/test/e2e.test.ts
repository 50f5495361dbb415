import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type System, startSystem, TEST_PASSWORD } from '../../../test-support/system';

const WEB_DIR = path.resolve(import.meta.dirname, '..');
const ARTIFACTS = path.join(import.meta.dirname, 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DONE = 45_000;

let system: System;
let browser: Browser;
let page: Page;
const problems: string[] = [];

async function screenshot(name: string, target: Page = page) {
  const file = path.join(ARTIFACTS, `${name}.png`);
  await target.screenshot({ path: file, fullPage: true });
  return file;
}

/** Follows a link of the navigation and waits until the page has loaded what it shows. */
async function open(link: string) {
  await page.getByRole('link', { name: link, exact: true }).click();
  await page.locator('main:not([aria-busy])').waitFor();
}

/** What the forecast chart draws, read from the Chart.js instance the page keeps. */
function drawnForecast(target: Page) {
  return target.evaluate(() => {
    const chart = window.boutiqueCharts?.forecast;
    if (!chart) return null;
    return {
      labels: chart.data.labels as string[],
      datasets: chart.data.datasets.map((d) => ({ label: d.label, data: d.data as (number | null)[] })),
      // Elements Chart.js laid out for the forecast line: one per label, on the canvas.
      forecastPoints: chart.getDatasetMeta(3).data.length,
      width: chart.width,
      height: chart.height,
    };
  });
}

/** The names the customers table shows, in order. */
const shownNames = () => page.locator('#segment-customers tbody tr td:first-child').allTextContents();

/**
 * The Segments page's customers table against GET /api/ml/customer-segments/: the chosen segment's count
 * and names, page 1, then page 2 with Next and back with Previous.
 */
async function segmentCustomersMatchTheApi() {
  const token = await system.token('admin');
  const filter = page.locator('#segment-filter');
  const types = (
    await filter.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))
  ).filter(Boolean);
  expect(types.length).toBeGreaterThanOrEqual(2);
  // The segment with the most customers, so that it has a second page.
  const answers = await Promise.all(
    types.map((t) =>
      system.request('GET', `/api/ml/customer-segments/?segment_type=${t}&page_size=10`, { token }),
    ),
  );
  const best = answers.reduce((a, b, i) => (b.body.count > answers[a]!.body.count ? i : a), 0);
  const chosen = types[best]!;
  const api = answers[best]!.body;
  expect(api.count).toBeGreaterThan(0);

  await filter.selectOption(chosen);
  const status = page.locator('#segment-customers-status');
  await expect
    .poll(() => status.textContent())
    .toBe(`${api.count} customers · page 1 of ${Math.ceil(api.count / 10)}`);
  expect(await shownNames()).toEqual(api.results.map((c: any) => c.customer_name));
  const segments = await page.locator('#segment-customers tbody tr td:nth-child(2)').allTextContents();
  expect(new Set(segments).size).toBeLessThanOrEqual(2); // the type, and its numbered variant when k > 6
  expect(segments.every((s) => s.startsWith(chosen.replaceAll('_', ' ')))).toBe(true);

  const next = page.getByRole('button', { name: 'Next', exact: true });
  const previous = page.getByRole('button', { name: 'Previous', exact: true });
  expect(await previous.isDisabled()).toBe(true);
  if (api.next) {
    const second = (await system.request('GET', api.next, { token })).body;
    await next.click();
    await expect.poll(shownNames).toEqual(second.results.map((c: any) => c.customer_name));
    expect(await status.textContent()).toContain('page 2 of');
    await expect.poll(() => previous.isDisabled()).toBe(false);
    await previous.click();
    await expect.poll(shownNames).toEqual(api.results.map((c: any) => c.customer_name));
  }
}

/**
 * The Recommendations picker, filled from GET /api/ml/products/: typing part of a name narrows the list to
 * the API's matches and choosing one shows its cards; a unique SKU and Enter choose from the keyboard.
 */
async function pickProductsBySearch() {
  const token = await system.token('admin');
  const picker = page.getByLabel('Product', { exact: true });
  const search = page.getByLabel('Search products');
  const catalogue = (await system.request('GET', '/api/ml/products/?page_size=100', { token })).body;
  await expect.poll(() => picker.locator('option').count()).toBe(catalogue.results.length + 1);

  // A product that has recommendations, found by its name.
  let product: any;
  let expected: any;
  for (const p of catalogue.results) {
    const r = await system.request('GET', `/api/ml/product-recommendations/${p.id}/?top_n=12&method=hybrid`, {
      token,
    });
    if (r.status === 200 && r.body.recommendations.length > 0) {
      product = p;
      expected = r.body;
      break;
    }
  }
  expect(product).toBeDefined();
  const byName = (
    await system.request(
      'GET',
      `/api/ml/products/?page_size=100&search=${encodeURIComponent(product.name)}`,
      {
        token,
      },
    )
  ).body;
  expect(byName.count).toBeLessThan(catalogue.count);
  await search.fill(product.name.toLowerCase());
  await expect.poll(() => picker.locator('option').count()).toBe(byName.results.length + 1);
  expect(await picker.locator(`option[value="${product.id}"]`).count()).toBe(1);
  await picker.selectOption(product.id);
  const cards = page.locator('#recommendations li.product strong');
  await expect
    .poll(() => cards.allTextContents())
    .toEqual(expected.recommendations.map((r: any) => r.product_name));
  expect(await page.locator('#recommendations h2').textContent()).toContain(product.name);

  // From the keyboard: a SKU only one product matches, then Enter.
  let other: any;
  for (const p of catalogue.results) {
    if (p.id === product.id) continue;
    const found = await system.request('GET', `/api/ml/products/?search=${encodeURIComponent(p.sku)}`, {
      token,
    });
    if (found.body.count === 1) {
      other = p;
      break;
    }
  }
  expect(other).toBeDefined();
  await search.focus();
  await search.fill('');
  await page.keyboard.type(other.sku);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.locator('#recommendations h2').textContent()).toContain(other.name);
  expect(await picker.inputValue()).toBe(other.id);
  // Back to the first product for the screenshot (the option is there again once the search is cleared).
  await search.fill('');
  await picker.selectOption(product.id);
  await expect
    .poll(() => cards.allTextContents())
    .toEqual(expected.recommendations.map((r: any) => r.product_name));
}

beforeAll(async () => {
  // CI builds the app first (npm run build); a bare `npx vitest run --project web` builds it if missing.
  if (!fs.existsSync(path.join(WEB_DIR, 'dist/index.html'))) {
    execFileSync('npx', ['vite', 'build'], { cwd: WEB_DIR, stdio: 'inherit' });
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  [system, browser] = await Promise.all([
    startSystem(),
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] }),
  ]);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // Product photos point at hosts the test must not depend on: every request off the system fails fast.
  await page.route(
    (url) => url.origin !== system.baseUrl,
    (route) => route.abort(),
  );
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) problems.push(msg.text());
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

describe('the web dashboard', () => {
  it('is served by the API with a strict CSP, and index.html only for its own routes', async () => {
    const home = await fetch(`${system.baseUrl}/forecast`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toContain('text/html');
    const csp = home.headers.get('content-security-policy') ?? '';
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src'));
    expect(scriptSrc?.trim()).toBe("script-src 'self'"); // no inline scripts, no other hosts
    const html = await home.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // every script is a bundled file
    expect(html).not.toMatch(/https?:\/\//); // nothing from a CDN
    const api404 = await system.request('GET', '/api/no-such-route/');
    expect(api404.status).toBe(404);
    expect(api404.body.success).toBe(false);
    expect((await fetch(`${system.baseUrl}/assets/missing.js`)).status).toBe(404);
  });

  it('signs in from the keyboard, trains a forecast with live progress and charts it', async () => {
    await page.goto(`${system.baseUrl}/forecast`);
    await page.waitForURL(/\/login\?next=%2Fforecast$/);
    await screenshot('login');
    // The username field has focus; the rest is typing, Tab and Enter.
    await page.keyboard.type('admin-user');
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sales forecast' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/forecast');
    await page.getByText('No sales forecast model yet').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('boutique-ml.session'))).toContain('access');

    // Record every progress the page shows (each DOM change of the job's status) until the job is done.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        const status = document.getElementById('job-train-sales-forecast-status');
        const bar = status?.querySelector('progress');
        const entry = `${status?.dataset.state ?? 'queuing'}:${bar?.value ?? 0}`;
        if (bar && seen.at(-1) !== entry) seen.push(entry);
      }).observe(document.getElementById('main')!, { subtree: true, childList: true, attributes: true });
    });
    const status = page.locator('#job-train-sales-forecast-status');
    await page.getByLabel('Algorithm').selectOption('linear');
    await page.getByRole('button', { name: 'Train forecast' }).click();
    await expect.poll(() => status.getAttribute('data-state'), { timeout: DONE }).toMatch(/completed|failed/);
    expect(await status.getAttribute('data-state'), (await status.textContent()) ?? '').toBe('completed');
    expect(await status.textContent()).toMatch(/Done · 100%/);
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    // Queued, then the states the job went through, ending at completed; progress never goes back.
    expect(seen.at(-1)).toBe('completed:100');
    expect(seen.length, seen.join(' → ')).toBeGreaterThan(1);
    const percents = seen.map((e) => Number(e.split(':')[1]));
    expect(percents).toEqual([...percents].sort((a, b) => a - b));

    await page.waitForFunction(() => window.boutiqueCharts?.forecast !== undefined);
    const token = await system.token('admin');
    const check = async (days: number) => {
      const drawn = await drawnForecast(page);
      const [forecast, history] = await Promise.all([
        system.request('POST', '/api/ml/predict-sales/', { token, body: { days_ahead: days } }),
        system.request('GET', `/api/ml/sales-history/?days=${Math.max(56, 2 * days)}`, { token }),
      ]);
      expect(forecast.status).toBe(200);
      const predictions = forecast.body.predictions as any[];
      const past = history.body.history as any[];
      expect(drawn).not.toBeNull();
      const [lower, upper, sales, line] = drawn!.datasets;
      expect(drawn!.labels).toEqual([...past.map((d) => d.date), ...predictions.map((p) => p.date)]);
      expect(sales!.data.slice(0, past.length)).toEqual(past.map((d) => d.sales));
      expect(line!.data.slice(past.length)).toEqual(predictions.map((p) => p.predicted_sales));
      expect(lower!.data.slice(past.length)).toEqual(predictions.map((p) => p.confidence_lower));
      expect(upper!.data.slice(past.length)).toEqual(predictions.map((p) => p.confidence_upper));
      expect(line!.data.slice(0, past.length).every((v) => v === null)).toBe(true);
      expect(drawn!.forecastPoints).toBe(past.length + days);
      expect(drawn!.width).toBeGreaterThan(300);
      expect(drawn!.height).toBeGreaterThan(150);
      // Days with sales exist in the history the chart shows (not an empty series).
      expect(past.some((d) => d.sales > 0)).toBe(true);
    };
    await check(30);
    // The horizon slider redraws with another number of days.
    await page.getByLabel('Horizon').fill('14');
    await expect
      .poll(async () => (await drawnForecast(page))?.labels.length, { timeout: 10_000 })
      .toBe(56 + 14);
    await check(14);
    expect(await page.locator('#horizon-value').textContent()).toBe('14 days');
    await screenshot('forecast');
  });

  it('runs an inventory analysis and resolves an alert with its button', async () => {
    await open('Inventory');
    await page.getByText('No inventory analysis yet').or(page.locator('#health-score')).waitFor();
    await page.getByRole('button', { name: 'Run inventory analysis' }).click();
    const status = page.locator('#job-analyze-inventory-status');
    await expect.poll(() => status.getAttribute('data-state'), { timeout: DONE }).toBe('completed');
    const resolve = page.locator('button[data-alert-id]').first();
    await resolve.waitFor();
    await page.locator('#health-score').waitFor();
    const score = Number(await page.locator('#health-score').textContent());
    expect(score).toBeGreaterThanOrEqual(0);
    expect(score).toBeLessThanOrEqual(100);
    await screenshot('inventory');

    const alertId = (await resolve.getAttribute('data-alert-id'))!;
    const before = await page.locator('button[data-alert-id]').count();
    await resolve.click();
    await page.getByText('Resolved:').waitFor();
    expect(await page.locator('button[data-alert-id]').count()).toBe(before - 1);
    const token = await system.token('admin');
    const alert = await system.request('GET', `/api/ml/inventory-alerts/${alertId}/`, { token });
    expect(alert.status).toBe(200);
    expect(alert.body).toMatchObject({ id: alertId, is_resolved: true });
    expect(alert.body.resolved_by).toEqual(expect.any(String));
    expect(alert.body.resolved_at).toEqual(expect.any(String));
  });

  it('trains the other models from the training page, then shows segments and recommendations', async () => {
    await open('Training');
    for (const [job, label] of [
      ['train-product-recommendation', 'Train recommendations'],
      ['train-customer-segmentation', 'Train segmentation'],
    ] as const) {
      await page.getByRole('button', { name: label }).click();
      await expect
        .poll(() => page.locator(`#job-${job}-status`).getAttribute('data-state'), { timeout: DONE })
        .toBe('completed');
    }
    // The logs list reloads after each job: forecast, recommendations, segmentation all completed.
    const logs = page.locator('#training-logs tbody tr');
    await expect.poll(() => logs.count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('#training-logs').textContent()).toMatch(/customer segmentation\s*completed/);
    await screenshot('training');

    await open('Segments');
    await page.locator('#clv-total').waitFor();
    const rows = await page.locator('#segments tbody tr').count();
    expect(rows).toBeGreaterThanOrEqual(2);
    await segmentCustomersMatchTheApi();
    await screenshot('segments');

    await open('Recommendations');
    await pickProductsBySearch();
    // The demo photos are on a host the test blocks: each card falls back to its placeholder.
    const cards = page.locator('#recommendations li.product');
    await expect
      .poll(() => page.locator('#recommendations .photo.placeholder').count())
      .toBe(await cards.count());
    await screenshot('recommendations');
  });

  it('shows the dashboard, readable at phone width', async () => {
    await open('Dashboard');
    await page.getByRole('heading', { name: 'Recent models' }).waitFor();
    expect(await page.locator('.stat-value').first().textContent()).toMatch(/^\d+$/);
    await screenshot('dashboard');
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [name, link] of [
      ['phone-dashboard', 'Dashboard'],
      ['phone-forecast', 'Forecast'],
      ['phone-inventory', 'Inventory'],
      ['phone-segments', 'Segments'],
      ['phone-recommendations', 'Recommendations'],
    ] as const) {
      await open(link);
      // Wide tables scroll inside their own box; the page itself never scrolls sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(name);
    }
    expect(problems).toEqual([]);
  });

  it('sends the admin back to the login page when the token is refused', async () => {
    await page.evaluate(() => {
      const raw = sessionStorage.getItem('boutique-ml.session')!;
      sessionStorage.setItem('boutique-ml.session', JSON.stringify({ ...JSON.parse(raw), access: 'x.y.z' }));
    });
    await page.getByRole('link', { name: 'Segments' }).click();
    await page.getByText('Your session expired: sign in again.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
  });
});
