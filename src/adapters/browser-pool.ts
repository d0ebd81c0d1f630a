import type { Browser } from 'playwright-core';
import { AdapterError } from './adapter.ts';

/** Debian's chromium (`apt-get install chromium`): flowcert never downloads a browser. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * The flags these machines need: without the background-networking ones Chromium keeps trying to reach
 * Google's hosts, which a closed network refuses many at a time. Playwright's launch gives every
 * browser a fresh, empty temporary profile (--user-data-dir) of its own and deletes it on close.
 */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** One browser per process (a cucumber worker) and executable, launched on first use; each scenario gets a fresh context of it. */
const browsers = new Map<string, Promise<Browser>>();

/** How long launching took, for the bench and the trace: the cost the first scenario of a worker pays. */
export const launchCosts: number[] = [];

export function sharedBrowser(executablePath = DEFAULT_CHROMIUM): Promise<Browser> {
  let b = browsers.get(executablePath);
  if (!b) {
    const started = performance.now();
    // Loaded on first use: a run that binds no browser never pays for playwright-core.
    b = import('playwright-core')
      // Signals are the harness's (src/cli/): playwright's own Ctrl-C handler would exit the process at
      // once with 130, before the run stops in order and says what it ran. Its exit handler, which kills
      // every browser it launched synchronously, stays: a harness that exits leaves no Chromium behind.
      .then(({ chromium }) =>
        chromium.launch({ executablePath, headless: true, chromiumSandbox: false, args: [...CHROMIUM_FLAGS], timeout: 30_000, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false }),
      )
      .then((browser) => {
        launchCosts.push(performance.now() - started);
        // A browser that crashed is launched again by the next scenario rather than failing every one after.
        browser.on('disconnected', () => browsers.delete(executablePath));
        return browser;
      })
      .catch((err: unknown) => {
        browsers.delete(executablePath);
        const first = String((err as Error).message ?? err).split('\n').find((l) => l.trim() !== '') ?? 'no reason given';
        throw new AdapterError(
          `cannot launch Chromium at ${executablePath}: ${first.replace(/^browserType\.launch: /, '')} — install Debian's chromium (apt-get install -y chromium), or give the browser binding's executablePath`,
        );
      });
    browsers.set(executablePath, b);
  }
  return b;
}

/** Closes every browser this process launched (the end of a run or of a test). Never throws. */
export async function closeSharedBrowsers(): Promise<void> {
  const all = [...browsers.values()];
  browsers.clear();
  await Promise.all(all.map((b) => b.then((x) => x.close()).catch(() => undefined)));
}
