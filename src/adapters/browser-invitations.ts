import type { Locator, Page } from 'playwright-core';
import type { SelectorMap } from './browser-selectors.ts';

export interface InvitationPolicy {
  action: 'accept' | 'reject' | 'ignore';
  delayMs: number;
  /** A reject's reason, typed into rejectReason when the page has one. */
  reason?: string;
}

/**
 * How the agent answers what the page shows: accept, reject or ignore each invitation, `delayMs` after
 * it appeared — the stimulus sets the policy, as for every agent application, and this clicks. An
 * invitation the page takes away first (the delivering timer revoked it) is not answered: a person
 * cannot click what is gone.
 */
export class InvitationWatcher {
  private policy: InvitationPolicy = { action: 'ignore', delayMs: 0 };
  private changed = signal();
  private stopped = false;

  constructor(
    private readonly page: Page,
    private readonly sel: SelectorMap,
    private readonly timeoutMs: number,
    private readonly out: { note(text: string): void; shot(label: string): Promise<string | undefined>; fail(reason: string): void },
  ) {}

  set(policy: InvitationPolicy): void {
    this.policy = policy;
    const c = this.changed;
    this.changed = signal();
    c.fire();
  }

  stop(): void {
    this.stopped = true;
    this.changed.fire();
  }

  run(): void {
    void this.loop().catch(() => undefined /* the page closed under it: the scenario is over */);
  }

  private invitation(): Locator {
    return this.page.locator(this.sel.invitation!).first();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      await this.invitation().waitFor({ state: 'visible', timeout: 0 });
      if (this.stopped) return;
      const arrivedAt = performance.now();
      const shown = (await this.invitation().innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
      this.out.note(`the page shows an invitation: ${shown.slice(0, 200)}`);
      await this.answer(arrivedAt);
      // The next invitation is one the page shows after this one went away.
      await this.invitation().waitFor({ state: 'hidden', timeout: 0 });
    }
  }

  private async answer(arrivedAt: number): Promise<void> {
    const gone = this.invitation()
      .waitFor({ state: 'hidden', timeout: 0 })
      .then(() => 'gone' as const, () => 'gone' as const);
    for (;;) {
      if (this.stopped) return;
      const { action, delayMs, reason } = this.policy;
      const changed = this.changed.fired.then(() => 'changed' as const);
      const wait = action === 'ignore' ? Infinity : arrivedAt + delayMs - performance.now();
      if (wait > 0) {
        let timer: NodeJS.Timeout | undefined;
        const due = wait === Infinity ? new Promise<never>(() => undefined) : new Promise<'due'>((r) => (timer = setTimeout(() => r('due'), wait)));
        const r = await Promise.race([gone, changed, due]);
        clearTimeout(timer);
        if (r === 'gone') return this.out.note(`the invitation went away before the agent ${action === 'ignore' ? 'answered (ignored)' : `could ${action} it`}`);
        if (r === 'changed') continue;
      }
      if (action === 'ignore') continue;
      try {
        const inv = this.invitation();
        if (action === 'reject' && reason && this.sel.rejectReason) await inv.locator(this.sel.rejectReason).first().fill(reason, { timeout: this.timeoutMs });
        await inv.locator(this.sel[action]!).first().click({ timeout: this.timeoutMs });
        this.out.note(`clicked ${action} (selector ${action} "${this.sel[action]}")`);
        await this.out.shot(`clicked ${action}`);
      } catch (err) {
        if (!(await this.invitation().isVisible().catch(() => false))) return this.out.note(`the invitation went away as the agent tried to ${action} it`);
        const shot = await this.out.shot(`cannot ${action}`);
        // The invitation is there and the button is not: the selector map does not fit the page — the setup's fault, not the desktop's.
        this.out.fail(`cannot ${action}: selector ${action} "${this.sel[action]}" inside "${this.sel.invitation}" on ${this.page.url()}: ${String((err as Error).message).split('\n')[0]}${shot ? ` (screenshot attached: ${shot})` : ''}`);
      }
      return;
    }
  }
}

function signal(): { fired: Promise<void>; fire(): void } {
  let fire!: () => void;
  const fired = new Promise<void>((r) => (fire = r));
  return { fired, fire };
}
