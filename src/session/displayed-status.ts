import { sameWords } from '../adapters/index.ts';
import type { DisplayResult } from '../adapters/index.ts';
import type { Trace } from '../trace/types.ts';
import { FlowAssertionError } from './scenario-error.ts';
import type { Session } from './session.ts';

/** How long "shows status" waits for the page (or the trace) to come to show what is expected. */
export const DISPLAY_WAIT_MS = 2_000;

/**
 * "Agent1's desktop shows status Ready for email": a web desktop is read on its screen (the browser
 * adapter's display); a participant without a screen shows what it was last told — the MediaStateList
 * of the latest EventCurrentAgentStatus that reached it, in either protocol the catalog accepts (1
 * Ready, 0 NotReady). Waited for up to DISPLAY_WAIT_MS; what it shows instead fails the step, in the
 * step's own words, with where it was read.
 */
export async function expectDisplayedStatus(session: Session, desktop: string, media: string, expected: string, stepText: string): Promise<string> {
  const member = session.require(desktop, 'AgentApplication', 'an agent application whose display the step reads');
  let result: Exclude<DisplayResult, { status: 'unreadable' }>;
  const shown = member.adapter.display ? await member.adapter.display({ kind: 'status', media, expect: expected, withinMs: DISPLAY_WAIT_MS }) : undefined;
  if (shown?.status === 'unreadable') throw new FlowAssertionError(`${stepText}: ${desktop}'s page cannot be read for its status: ${shown.reason}`);
  if (shown) {
    result = shown;
  } else {
    const until = session.now() + DISPLAY_WAIT_MS;
    for (;;) {
      const shown = statusToldTo(session.snapshot(), desktop, media);
      result = { status: shown.text !== undefined && sameWords(shown.text, expected) ? 'shown' : 'not-shown', text: shown.text ?? 'nothing', where: shown.where };
      if (result.status === 'shown' || session.now() >= until || session.replaying) break;
      await session.pause(50);
    }
  }
  if (result.status === 'shown') {
    session.note(`${desktop} shows status ${result.text} for ${media} (${result.where})`, 'info');
    return result.text;
  }
  throw new FlowAssertionError(`${stepText}: no — it shows "${result.text}" for "${media}", not "${expected}" (after ${DISPLAY_WAIT_MS} ms; read from ${result.where})`);
}

/** What the latest EventCurrentAgentStatus to `to` said about `media`, as the status words a desktop shows. */
export function statusToldTo(trace: Trace, to: string, media: string): { text?: string; where: string } {
  for (let i = trace.entries.length - 1; i >= 0; i--) {
    const e = trace.entries[i];
    if (e.type !== 'message' || e.to !== to || e.message !== 'EventCurrentAgentStatus') continue;
    const list = e.attributes.MediaStateList as Record<string, unknown> | undefined;
    const where = `the ${e.protocol} EventCurrentAgentStatus at trace seq ${e.seq}, as ${to} has no screen`;
    if (!list || !(media in list)) return { where: `${where} (its MediaStateList names no ${media})` };
    return { text: statusWord(list[media]), where };
  }
  return { where: `the trace: no EventCurrentAgentStatus reached ${to}, which has no screen` };
}

/** 1 Ready, 0 NotReady (client code's reading; the catalog notes no official table), else the number. */
export function statusWord(v: unknown): string {
  if (v === 1 || v === '1') return 'Ready';
  if (v === 0 || v === '0') return 'NotReady';
  return `status ${String(v)}`;
}

/**
 * "Agent1's desktop receives the status …" for a desktop with a screen: what came on the wire (checked
 * first, by expectAgentStatus) must also be what the page shows — each media named as Ready (1) or
 * NotReady (0), and do-not-disturb on or off when the step names it — since the seed's application
 * "displays the status information in its UI". A desktop without a screen is judged on the wire alone.
 * A page whose binding has no place for a part (no dnd selector) is not read for it, and the trace says so.
 */
export async function receivedStatusShown(session: Session, desktop: string, expected: { media: Record<string, number>; dnd?: boolean }): Promise<{ ok: true } | { ok: false; text: string }> {
  const member = session.require(desktop, 'AgentApplication', 'an agent application whose status the step reads');
  const display = member.adapter.display?.bind(member.adapter);
  if (!display) return { ok: true };
  const wrong: string[] = [];
  const unread: string[] = [];
  const judge = (r: DisplayResult, what: string, want: string) => {
    if (r.status === 'unreadable') unread.push(`${what} (${r.reason})`);
    else if (r.status === 'not-shown') wrong.push(`it shows "${r.text}" for ${what}, not "${want}" (read from ${r.where})`);
    else session.note(`${desktop} shows ${r.text} for ${what} (${r.where})`, 'info');
  };
  for (const [media, v] of Object.entries(expected.media)) {
    const want = statusWord(v);
    judge(await display({ kind: 'status', media, expect: want, withinMs: DISPLAY_WAIT_MS }), `"${media}"`, want);
  }
  if (expected.dnd !== undefined) {
    const want = expected.dnd ? 'on' : 'off';
    judge(await display({ kind: 'dnd', expect: want, withinMs: DISPLAY_WAIT_MS }), 'do-not-disturb', want);
  }
  if (unread.length) session.note(`${desktop}: not read on screen, checked on the wire only: ${unread.join('; ')}`, 'info');
  if (wrong.length) return { ok: false, text: `the status came on the wire, but the screen disagrees — ${wrong.join('; ')} (after ${DISPLAY_WAIT_MS} ms)` };
  return { ok: true };
}
