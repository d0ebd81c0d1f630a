import { isRole } from '../catalog/registry.ts';
import { openSocket } from '../transport/index.ts';
import type { Adapter, Endpoints, Reach, StartContext } from './adapter.ts';
import { parseStimulus } from './stimulus.ts';

/**
 * The system under test's end of the control channel, for flowcert's own reference participants run
 * as a process (`flowcert serve ROLE --control URL`): it says hello, builds the participant when the
 * harness sends start (with the endpoints to reach and the timers), carries out stimuli, and stops.
 * Third parties implement the same few lines of JSON in their own language (README, "Control channel").
 */
export interface ControlClientOptions {
  url: string;
  name: string;
  /** Builds the participant; called once, at start. */
  create: () => Adapter;
  /** Everything the adapter needs besides what the start request brings. */
  context: Omit<StartContext, 'reach' | 'timers' | 'timerOverrides'>;
  identity?: Record<string, unknown>;
  /** Called once when the channel ends (stop, or the harness went away). */
  onEnd: (why: string) => void;
}

export async function runControlClient(opts: ControlClientOptions): Promise<void> {
  const socket = await openSocket(opts.url);
  const probe = opts.create();
  const send = (o: unknown) => socket.send(JSON.stringify(o));
  send({ type: 'hello', participant: opts.name, capabilities: [...probe.capabilities], identity: opts.identity ?? {} });
  let adapter: Adapter | undefined;
  let ended = false;
  const end = (why: string) => {
    if (ended) return;
    ended = true;
    void (adapter?.stop() ?? Promise.resolve()).finally(() => opts.onEnd(why));
  };
  socket.onClose((code) => end(`the harness closed the control channel (${code})`));
  socket.onError(() => undefined);
  socket.onBadFraming(() => undefined);
  socket.onFrame((frame) => void handle(typeof frame === 'string' ? frame : frame.toString('utf8')));

  async function handle(text: string): Promise<void> {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    const id = msg.id;
    const reply = (status: string, extra: Record<string, unknown> = {}) => send({ type: 'result', id, status, ...extra });
    try {
      if (msg.type === 'start') {
        if (adapter) return reply('failed', { reason: 'already started' });
        adapter = probe;
        const endpoints = await adapter.start({ ...opts.context, reach: reachOf(msg), timers: numbers(msg.timers), timerOverrides: strings(msg.timerOverrides), ...(typeof msg.profile === 'string' ? { profile: msg.profile } : {}), ...(typeof msg.logKeep === 'number' && msg.logKeep >= 1 ? { logKeep: msg.logKeep } : {}) });
        reply('done', { data: { endpoints } });
      } else if (msg.type === 'stimulus') {
        const s = parseStimulus(msg.stimulus);
        if (typeof s === 'string') return reply('failed', { reason: s });
        if (!adapter) return reply('failed', { reason: 'not started' });
        const r = await adapter.stimulate(s);
        reply(r.status, r.status === 'done' ? (r.data ? { data: r.data } : {}) : { reason: r.reason });
      } else if (msg.type === 'stop') {
        await adapter?.stop();
        reply('done');
        socket.close(1000, 'stopped');
        end('the harness asked it to stop');
      } else reply('failed', { reason: `unknown request type ${JSON.stringify(msg.type)}` });
    } catch (err) {
      reply('failed', { reason: (err as Error).message });
    }
  }
}

/** The start request's `endpoints` (by participant name) and `roles` as Reach entries; this end records nothing (the harness does). */
function reachOf(msg: Record<string, unknown>): Reach[] {
  const endpoints = (msg.endpoints ?? {}) as Record<string, Endpoints>;
  const roles = (msg.roles ?? {}) as Record<string, unknown>;
  return Object.entries(endpoints).flatMap(([name, e]) => {
    const role = roles[name];
    return isRole(role) ? [{ name, role, endpoints: e, record: false }] : [];
  });
}

function numbers(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof v === 'object' && v !== null) for (const [k, n] of Object.entries(v)) if (typeof n === 'number') out[k] = n;
  return out;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
