import type { MessageConnection } from '../../transport/types.ts';
import type { ClientRegistry } from './registration.ts';

/** Drops undefined values, so "not known" is absent on the wire and in the trace alike. */
export function compact(attrs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in attrs) if (attrs[k] !== undefined) out[k] = attrs[k];
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
    const attrs = compact({ ...attributes, EventTime: new Date().toISOString() });
    for (const conn of engines) conn.send({ protocol: 'Reporting', message, attributes: attrs });
  }

  /** One Reporting event to one connection (EventPlaceAgentState to the engine that asked; a fault's misdirected event). */
  sendTo(conn: MessageConnection, message: string, attributes: Record<string, unknown>): void {
    conn.send({ protocol: 'Reporting', message, attributes: compact({ ...attributes, EventTime: new Date().toISOString() }) });
  }
}
