import { actionRow } from './action-table.ts';
import type { ActionKind } from './action-table.ts';

/**
 * A media-channel action as the Stat Server records it. `started` and `ended` are the two ends of a
 * durable action (each published as it happens); a momentary action `occurred`; a retrospective one is
 * `recorded` once it is over, with both its times.
 */
export interface MediaChannelAction {
  action: string;
  kind: ActionKind;
  phase: 'started' | 'ended' | 'occurred' | 'recorded';
  startTime: string;
  endTime?: string;
  /** Seed 001's attribute names (AgentID, MediaTypeID, InteractionID ...). */
  attributes: Record<string, unknown>;
}

interface Open {
  action: string;
  start: string;
  attrs: Record<string, unknown>;
}

/**
 * The durable actions in progress, and the making of every record: a durable action starts once and ends
 * once per agent and scope (a media, an interaction, or none), whatever repeats the events bring.
 */
export class ActionLedger {
  /** By `${action}|${agent}|${scope}`. */
  private readonly open = new Map<string, Open>();

  /** The durable actions in progress, as `started` records. */
  inProgress(): MediaChannelAction[] {
    return [...this.open.values()].map((o) => this.make(o.action, 'started', o.start, undefined, o.attrs));
  }

  toggle(action: string, on: boolean, agentId: string, scope: string, t: string, attrs: Record<string, unknown>, out: MediaChannelAction[]): void {
    if (on) this.begin(action, agentId, scope, t, attrs, out);
    else this.end(action, agentId, scope, t, out);
  }

  begin(action: string, agentId: string, scope: string, t: string, attrs: Record<string, unknown>, out: MediaChannelAction[]): void {
    const k = `${action}|${agentId}|${scope}`;
    if (this.open.has(k)) return;
    this.open.set(k, { action, start: t, attrs });
    out.push(this.make(action, 'started', t, undefined, attrs));
  }

  end(action: string, agentId: string, scope: string, t: string, out: MediaChannelAction[]): void {
    const k = `${action}|${agentId}|${scope}`;
    const o = this.open.get(k);
    if (!o) return;
    this.open.delete(k);
    out.push(this.make(action, 'ended', o.start, t, { ...o.attrs, EventTime: t }));
  }

  make(action: string, phase: MediaChannelAction['phase'], start: string, endTime: string | undefined, attrs: Record<string, unknown>): MediaChannelAction {
    const row = actionRow(action);
    if (!row) throw new Error(`action-deriver: ${action} is not in action-table.ts`);
    return { action, kind: row.kind, phase, startTime: start, ...(endTime !== undefined ? { endTime } : {}), attributes: attrs };
  }
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Drops undefined values: an attribute not known is absent. */
export function compact(o: Record<string, unknown>): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  for (const k in o) if (o[k] !== undefined) r[k] = o[k];
  return r;
}
