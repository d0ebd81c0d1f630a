import type { MessageConnection } from '../../transport/types.ts';
import type { ClientRegistry } from './registration.ts';

/** Drops undefined values, so "not known" is absent on the wire and in the trace alike. */
export function compact(attrs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in attrs) if (attrs[k] !== undefined) out[k] = attrs[k];
  return out;
}

let lastMs = NaN;
let lastIso = '';

/** EventTime: the ISO-8601 text of this millisecond, built once per millisecond (a snapshot of 10,000 states is one or two). */
function eventTime(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

/** compact({ ...attributes, EventTime }) in one pass: the attributes as given, undefined ones left out, stamped. */
function stamped(attributes: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in attributes) if (attributes[k] !== undefined) out[k] = attributes[k];
  out.EventTime = eventTime();
  return out;
}

/**
 * Reporting events go to every registered ReportingEngine client, each stamped with EventTime
 * (ISO-8601, UTC) and, where known, TenantId (callers pass it).
 */
export class ReportingFanout {
  constructor(private readonly registry: ClientRegistry) {}

  emit(message: string, attributes: Record<string, unknown>): void {
    const engines = this.registry.reportingEngines();
    if (engines.length === 0) return;
    const attrs = stamped(attributes);
    for (const conn of engines) conn.send({ protocol: 'Reporting', message, attributes: attrs });
  }

  /** One Reporting event to one connection (EventPlaceAgentState to the engine that asked; a fault's misdirected event). */
  sendTo(conn: MessageConnection, message: string, attributes: Record<string, unknown>): void {
    conn.send({ protocol: 'Reporting', message, attributes: stamped(attributes) });
  }
}
