// Headless Chromium from the system (never downloaded) with software WebGL, and pages that watch
// themselves: any request leaving the server's origin, console error or page error is recorded.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const ARTIFACTS = 'test-artifacts';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Schemes that never touch the network. */
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:']);

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** Everything that went wrong so far: foreign requests, console errors, page errors. */
  problems: string[];
  /** Console errors matching this are expected for now (e.g. while the server is down). */
  tolerate: RegExp | null;
  close(): Promise<void>;
}

export async function openWatchedPage(browser: Browser, origin: string, viewport: { width: number; height: number }): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'block' });
  const page = await context.newPage();
  const watched: WatchedPage = {
    context,
    page,
    problems: [],
    tolerate: null,
    close: () => context.close(),
  };
  const allowedOrigin = new URL(origin).origin;
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (LOCAL_SCHEMES.has(url.protocol)) return;
    if (url.origin !== allowedOrigin) watched.problems.push(`request to another host: ${request.method()} ${request.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (watched.tolerate?.test(text)) return;
    watched.problems.push(`console error: ${text} (${message.location().url})`);
  });
  page.on('pageerror', (error) => watched.problems.push(`page error: ${error.message}`));
  return watched;
}

/** Consecutive polls (100 ms apart) the map must stay idle before a wait ends. */
const STEADY_POLLS = 8;

/**
 * Waits until the map reports itself idle with its data, the predicate on its view holds, and both
 * stay so for several polls in a row: a busy main thread (software WebGL compiling shaders) can
 * leave a momentary idle report on the hook that the next frame withdraws. Counting polls rather
 * than time keeps a long stall from passing for a steady state.
 */
export async function waitForMapIdle(page: Page, condition = 'true', timeoutMs = 60_000): Promise<void> {
  await page.evaluate('window.__e2eSteadyPolls = 0');
  await page.waitForFunction(
    `(() => {
      const hook = window.__gridmap;
      const view = hook && hook.view;
      const ready = Boolean(hook && hook.idle && view && (${condition}));
      window.__e2eSteadyPolls = ready ? (window.__e2eSteadyPolls || 0) + 1 : 0;
      return window.__e2eSteadyPolls >= ${STEADY_POLLS};
    })()`,
    undefined,
    { timeout: timeoutMs, polling: 100 },
  );
}

export async function saveScreenshot(page: Page, name: string): Promise<Buffer> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** A screenshot of just the map element. */
export async function mapScreenshot(page: Page): Promise<Buffer> {
  return page.getByTestId('map').screenshot();
}
