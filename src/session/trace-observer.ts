import type { TraceRecorder } from '../trace/recorder.ts';
import type { WireBadFrame, WireEvent, WireMessage, WireObserver, WireParticipant } from '../transport/types.ts';

/**
 * The session's ear on the wire: every message the observed end of a connection reads or writes goes
 * into the trace, with its catalog violations, the moment it crosses.
 */
export function traceObserver(recorder: TraceRecorder, known: Set<string>): WireObserver {
  return {
    message(e: WireMessage): void {
      const env = e.envelope;
      recorder.message({
        from: e.from,
        to: e.to,
        connection: e.connection,
        protocol: env.protocol,
        message: e.canonical,
        ...(e.alias !== undefined ? { alias: e.alias } : {}),
        ...(env.referenceId !== undefined ? { referenceId: env.referenceId } : {}),
        attributes: env.attributes,
        ...(e.raw !== undefined ? { raw: e.raw } : {}),
        violations: e.violations,
      });
    },
    badFrame(e: WireBadFrame): void {
      recorder.badFrame({ from: e.from, to: e.to, connection: e.connection, raw: e.preview, size: e.size, violations: e.violations });
    },
    event(e: WireEvent): void {
      recorder.note({
        kind: e.kind,
        connection: e.connection,
        ...(e.participant !== undefined ? { participant: e.participant } : {}),
        text: e.text,
        ...(e.data !== undefined ? { data: e.data } : {}),
      });
    },
    participant(e: WireParticipant): void {
      // Reference participants are announced by the session itself; a SUT is announced when it names itself.
      if (known.has(e.name) || e.role === undefined) return;
      known.add(e.name);
      recorder.addParticipant({ name: e.name, role: e.role, binding: e.namedBy === 'configured' ? 'reference' : 'remote' });
    },
  };
}
