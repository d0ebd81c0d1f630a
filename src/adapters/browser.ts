import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { Role } from '../catalog/types.ts';
import type { Adapter, DisplayQuery, DisplayResult, Endpoints, StartContext, StopOptions } from './adapter.ts';
import { AdapterError, StartUnsupportedError } from './adapter.ts';
import type { BrowserBinding } from './binding.ts';
import { InvitationWatcher } from './browser-invitations.ts';
import { pageAddress } from './browser-pages.ts';
import { sharedBrowser } from './browser-pool.ts';
import { capabilitiesOf, REFERENCE_DESKTOP_SELECTORS, SELECTOR_KEYS, withMedia } from './browser-selectors.ts';
import type { SelectorKey, SelectorMap } from './browser-selectors.ts';
import { describeStimulus } from './stimulus.ts';
import type { Stimulus, StimulusKind, StimulusResult } from './stimulus.ts';
import { desktopUrl } from './web-desktop.ts';

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_START_MS = 15_000;

/**
 * A web agent desktop driven the way a person uses it: Chromium (one per process, a fresh context per
 * scenario) opens its page on the Interaction Server it must reach, and each stimulus becomes clicks
 * and typing through the binding's selector map. What the page shows is read back (display), and a
 * screenshot goes to the report at each agent step. The page speaks to the Interaction Server itself;
 * the server's end records the connection, as for any external client.
 */
export class BrowserAdapter implements Adapter {
  readonly kind = 'browser' as const;
  readonly capabilities: ReadonlySet<StimulusKind>;
  private readonly sel: SelectorMap;
  private readonly timeoutMs: number;
  private context: BrowserContext | undefined;
  private page: Page | undefined;
  private ctx: StartContext | undefined;
  private watcher: InvitationWatcher | undefined;
  private stopped: Promise<void> | undefined;
  private shots = 0;

  constructor(
    readonly name: string,
    readonly role: Role,
    private readonly binding: BrowserBinding,
    private readonly base: { dir: string },
  ) {
    const reference = binding.page === undefined || binding.page === 'reference';
    this.sel = { ...(reference ? REFERENCE_DESKTOP_SELECTORS : {}), ...(binding.selectors ?? {}) };
    this.capabilities = new Set(binding.capabilities ?? capabilitiesOf(this.sel));
    this.timeoutMs = binding.stimulusTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** The page's address as opened (with its query), for messages. */
  get url(): string {
    return this.page?.url() ?? '(no page yet)';
  }

  async start(ctx: StartContext): Promise<Endpoints> {
    this.ctx = ctx;
    if (this.role !== 'AgentApplication') throw new AdapterError(`${this.name}: a browser binding plays an agent application (a web desktop), not a ${this.role}${this.at()}`);
    const servers = ctx.reach.filter((r) => r.endpoints.im !== undefined);
    if (servers.length === 0) throw new AdapterError(`${this.name}: the scenario gives the web desktop no Interaction Server to connect to`);
    if (servers.length > 1) {
      throw new StartUnsupportedError(`${this.name} (browser) connects to one Interaction Server; this scenario connects it to ${servers.map((s) => s.name).join(', ')}`);
    }
    const browser = await sharedBrowser(this.binding.executablePath);
    this.context = await browser.newContext({ viewport: { width: 1000, height: 760 } });
    const page = await this.context.newPage();
    // The page's start is the desktop's; launching Chromium (once per process) and opening a context is the
    // harness's, and on a loaded machine can take seconds: it must not spend the desktop's start budget.
    const deadline = performance.now() + (this.binding.startTimeoutMs ?? DEFAULT_START_MS);
    this.page = page;
    const log: string[] = [];
    page.on('console', (m) => log.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));
    ctx.attach(`${this.name} console.txt`, 'text/plain', () => (log.length ? log.join('\n') : '(the page logged nothing)'));
    const url = desktopUrl(await pageAddress(this.binding.page, this.base.dir), servers[0].endpoints.im, this.name, { delivering: String(ctx.timers.delivering ?? 30_000) });
    ctx.recorder.note({ kind: 'info', participant: this.name, text: `${this.name} opens ${url} in Chromium`, data: { url } });
    const left = () => Math.max(1, deadline - performance.now());
    try {
      await page.goto(url, { timeout: left() });
    } catch (err) {
      throw new AdapterError(`${this.name}: Chromium could not open ${url}: ${firstLine(err)}`);
    }
    if (this.sel.registered) await this.visible('registered', undefined, left());
    await this.settled(left());
    if (this.sel.invitation) {
      this.watcher = new InvitationWatcher(page, this.sel, this.timeoutMs, {
        note: (text) => ctx.recorder.note({ kind: 'info', participant: this.name, text: `${this.name}: ${text}` }),
        shot: (label) => this.screenshot(label),
        fail: (reason) => ctx.fail(`${this.name}: ${reason}`),
      });
      this.watcher.run();
    }
    await this.screenshot('started');
    return {};
  }

  async stimulate(s: Stimulus): Promise<StimulusResult> {
    if (!this.capabilities.has(s.kind)) return { status: 'unsupported', reason: `${this.name} (browser) has no selectors to ${describeStimulus(s)} (it can: ${[...this.capabilities].join(', ') || 'nothing'})` };
    const page = this.page;
    if (!page) return { status: 'failed', reason: `${this.name}: the page is not open` };
    switch (s.kind) {
      case 'login': {
        await (await this.visible('agent')).fill(s.agent);
        await (await this.visible('place')).fill(s.place);
        if (s.tenant !== undefined && this.sel.tenant) await (await this.visible('tenant')).fill(String(s.tenant));
        if (this.sel.media?.includes('{media}')) for (const m of s.media) await (await this.visible('media', m)).check();
        else if (this.sel.media) await (await this.visible('media')).fill(s.media.join(','));
        await (await this.visible('login')).click();
        return this.until('loggedIn', 'visible', 'logged in', 'the page did not show the agent logged in');
      }
      case 'logout':
        await (await this.visible('logout')).click();
        return this.until('loggedIn', 'hidden', 'logged out', 'the page still shows the agent logged in');
      case 'ready':
      case 'not-ready':
        await (await this.visible(s.kind === 'ready' ? 'ready' : 'notReady', s.media)).click();
        await this.settled();
        await this.screenshot(`${s.kind} ${s.media}`);
        return { status: 'done' };
      case 'accept':
      case 'reject':
      case 'ignore':
        this.watcher?.set({ action: s.kind, delayMs: s.kind === 'ignore' ? 0 : (s.delayMs ?? 0), ...(s.kind === 'reject' && s.reason ? { reason: String(s.reason.ReasonDescription ?? s.reason.ReasonSystemName ?? '') } : {}) });
        await this.screenshot(`will ${s.kind}`);
        return { status: 'done' };
      case 'disconnect':
        await (await this.visible('disconnect')).click();
        await this.screenshot('disconnected');
        return { status: 'done' };
      default:
        return { status: 'unsupported', reason: `${this.name} (browser) cannot ${describeStimulus(s)}: a web desktop takes ${[...this.capabilities].join(', ')}` };
    }
  }

  async display(q: DisplayQuery): Promise<DisplayResult> {
    const page = this.page;
    if (!page) throw new AdapterError(`${this.name}: the page is not open`);
    const key: SelectorKey = q.kind === 'status' ? 'status' : 'dnd';
    if (!this.sel[key]) return { status: 'unreadable', reason: `the browser binding's selectors have no ${key} (${SELECTOR_KEYS[key]})${this.at()}` };
    const selector = q.kind === 'status' ? withMedia(this.need('status'), q.media) : this.need('dnd');
    const what = q.kind === 'status' ? `${q.media}` : 'do-not-disturb';
    const where = `"${selector}" on ${page.url()}`;
    const loc = page.locator(selector).first();
    const until = performance.now() + q.withinMs;
    let text: string | undefined;
    for (;;) {
      const here = (await loc.count()) > 0;
      text = here ? (await loc.innerText().catch(() => '')).trim() : undefined;
      if (text !== undefined && sameWords(text, q.expect)) {
        await this.screenshot(`shows ${q.expect} for ${what}`);
        return { status: 'shown', text, where };
      }
      if (performance.now() >= until) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    if (text === undefined) throw await this.missing(key, selector, q.withinMs);
    const shot = await this.screenshot(`shows ${text || 'nothing'} for ${what}, not ${q.expect}`);
    return { status: 'not-shown', text, where: `${where}${shot ? `; screenshot attached: ${shot}` : ''}` };
  }

  /**
   * The harness is exiting this instant: the page's context is closed without waiting, and the browser
   * itself, shared by the process's scenarios, dies with the process — playwright-core kills every
   * browser it launched in its exit handler (browser-pool.ts).
   */
  abandon(): void {
    this.watcher?.stop();
    void this.context?.close().catch(() => undefined);
  }

  stop(opts: StopOptions = {}): Promise<void> {
    if (opts.urgent) this.watcher?.stop();
    this.stopped ??= (async () => {
      this.watcher?.stop();
      const page = this.page;
      if (page && this.sel.errors && this.ctx) {
        const errors = await page.locator(this.sel.errors).allInnerTexts().catch(() => []);
        if (errors.length) this.ctx.recorder.note({ kind: 'info', participant: this.name, text: `${this.name} shows ${errors.length} error(s): ${errors.map((e) => e.trim()).join(' | ')}`, data: { errors } });
      }
      await this.context?.close().catch(() => undefined);
    })();
    return this.stopped;
  }

  // -------------------------------------------------------------------------------------------------

  private need(key: SelectorKey): string {
    const s = this.sel[key];
    if (!s) throw new AdapterError(`${this.name}: the browser binding's selectors have no ${key} (${SELECTOR_KEYS[key]})${this.at()}`);
    return s;
  }

  /** The element, once visible; one that never shows is an error naming the selector and the page, with a screenshot. */
  private async visible(key: SelectorKey, media?: string, timeoutMs = this.timeoutMs): Promise<Locator> {
    const selector = media !== undefined ? withMedia(this.need(key), media) : this.need(key);
    const loc = this.page!.locator(selector).first();
    try {
      await loc.waitFor({ state: 'visible', timeout: timeoutMs });
    } catch {
      throw await this.missing(key, selector, timeoutMs);
    }
    return loc;
  }

  private async missing(key: SelectorKey, selector: string, ms: number): Promise<AdapterError> {
    const shot = await this.screenshot(`no ${key}`);
    return new AdapterError(`${this.name}: selector ${key} "${selector}" matched nothing visible on ${this.url} within ${ms} ms${shot ? ` (screenshot attached: ${shot})` : ''}${this.at()}`);
  }

  /** Waits for the page to show (or stop showing) `key` after an action; a page that never does fails the stimulus, with a screenshot. */
  private async until(key: SelectorKey, state: 'visible' | 'hidden', label: string, otherwise: string): Promise<StimulusResult> {
    const selector = this.need(key);
    try {
      await this.page!.locator(selector).first().waitFor({ state, timeout: this.timeoutMs });
    } catch {
      const shot = await this.screenshot(`not ${label}`);
      return { status: 'failed', reason: `${otherwise} within ${this.timeoutMs} ms (selector ${key} "${selector}" on ${this.url}${shot ? `; screenshot attached: ${shot}` : ''})` };
    }
    await this.settled();
    await this.screenshot(label);
    return { status: 'done' };
  }

  /** A page that marks its pending requests (busy) is settled once none is left. */
  private async settled(timeoutMs = this.timeoutMs): Promise<void> {
    if (!this.sel.busy) return;
    await this.page!.locator(this.sel.busy).first().waitFor({ state: 'detached', timeout: timeoutMs }).catch(() => undefined);
  }

  /** A screenshot on the step under way; its name, or undefined when the page could not be taken. */
  private async screenshot(label: string): Promise<string | undefined> {
    const page = this.page;
    const ctx = this.ctx;
    if (!page || !ctx?.attachNow || page.isClosed()) return undefined;
    const name = `${this.name} ${String(++this.shots).padStart(2, '0')} ${label}`;
    try {
      // A starved Chromium took over 5 s to draw one beside two busy loops: a missing shot is a lost record.
      const png = await page.screenshot({ type: 'png', timeout: SCREENSHOT_MS });
      ctx.attachNow(`${name}.png`, 'image/png', png);
      return `${name}.png`;
    } catch (err) {
      // Said on the step where it would have been, so that a report missing one says why.
      ctx.attachNow(`${name} (no screenshot).txt`, 'text/plain', Buffer.from(`the screenshot "${label}" could not be taken: ${firstLine(err)}\n`));
      return undefined;
    }
  }

  private at(): string {
    return this.binding.at ? ` (bound at ${this.binding.at})` : '';
  }
}

/** How long a screenshot may take before the step goes on without it (and says so). */
const SCREENSHOT_MS = 15_000;

/** "Not ready" reads as NotReady: a page's own wording of the status words, compared without case, spaces, - or _. */
export function sameWords(shown: string, expected: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');
  return norm(shown) === norm(expected);
}

function firstLine(err: unknown): string {
  return String((err as Error).message ?? err).split('\n')[0];
}
