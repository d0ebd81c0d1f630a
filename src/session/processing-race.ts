import type { Trace, TraceMessage } from '../trace/types.ts';

/**
 * GenEM Agent Pulls Interaction, Processing Occurs: the scenario has the agent send a request partway
 * into the processing (handling) timer, to show that the request resets it. The harness times that
 * request; when its own delay put the request past the timer, the server rightly revoked the interaction
 * first, and the scenario cannot tell whether the request would have reset the timer. Then this says why
 * (the step ends inconc); a revoke that came before the timer could have expired stays the server's to
 * answer for, and the flow check judges it.
 */
export function processingRace(trace: Trace, desktop: string, interactionId: string, request: string, handlingMs: number): string | undefined {
  const messages = trace.entries.filter((e): e is TraceMessage => e.type === 'message');
  const sent = findLast(messages, (m) => m.from === desktop && m.message === request);
  if (!sent) return undefined;
  const pulled = findLast(messages, (m) => m.seq < sent.seq && m.to === desktop && m.message === 'EventPulledInteractions' && hasInteraction(m, interactionId));
  const revoked = messages.find((m) => m.seq < sent.seq && m.to === desktop && m.message === 'EventRevoked' && revokes(m, interactionId) && (!pulled || m.seq > pulled.seq));
  if (!pulled || !revoked) return undefined;
  const late = sent.t - pulled.t;
  if (late < handlingMs) return undefined;
  return (
    `harness overloaded: ${desktop}'s ${request} (seq ${sent.seq}) went out ${Math.round(late)} ms after the pull (seq ${pulled.seq}), ` +
    `past the ${handlingMs} ms processing timer, so interaction ${interactionId} was revoked first (seq ${revoked.seq}) — whether the request resets the timer cannot be told from this run`
  );
}

function findLast(ms: TraceMessage[], pred: (m: TraceMessage) => boolean): TraceMessage | undefined {
  for (let i = ms.length - 1; i >= 0; i--) if (pred(ms[i])) return ms[i];
  return undefined;
}

function hasInteraction(m: TraceMessage, id: string): boolean {
  const list = m.attributes.Interactions;
  return typeof list === 'object' && list !== null && Object.hasOwn(list, id);
}

function revokes(m: TraceMessage, id: string): boolean {
  const i = m.attributes.Interaction as Record<string, unknown> | undefined;
  return i?.InteractionId === id;
}
