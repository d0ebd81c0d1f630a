import type { TraceRecorder } from '../trace/recorder.ts';
import type { WireBadFrame, WireEvent, WireMessage, WireObserver, WireParticipant } from '../transport/types.ts';

/**
 * The harness's ear on the wire: every message the recording end of a connection (a reference
 * participant, or a recording relay) reads or writes goes into the trace, with its catalog violations,
 * the moment it crosses.
 */
export function traceObserver(recorder: TraceRecorder): WireObserver {
  return {
    message(e: WireMessage): void {
      // Handed over as the connection reported it: the recorder builds an entry only where one is kept or heard.
      recorder.messageOf(e);
    },
    badFrame(e: WireBadFrame): void {
      recorder.badFrame({ from: e.from, to: e.to, connection: e.connection, raw: e.preview, size: e.size, violations: e.violations });
    },
    event(e: WireEvent): void {
      // Built key by key (no spread copies): a server with 10,000 agents notes each connection.
      const note: Parameters<TraceRecorder['note']>[0] = { kind: e.kind } as Parameters<TraceRecorder['note']>[0];
      if (e.connection !== undefined) note.connection = e.connection;
      if (e.participant !== undefined) note.participant = e.participant;
      note.text = e.text;
      if (e.data !== undefined) note.data = e.data;
      recorder.note(note);
    },
    participant(e: WireParticipant): void {
      // Participants the harness bound are announced by the session with their binding; a peer it did not
      // bind is announced when it names itself on the wire.
      if (e.role === undefined || recorder.hasParticipant(e.name)) return;
      recorder.addParticipant({ name: e.name, role: e.role, binding: 'unbound' });
    },
  };
}
