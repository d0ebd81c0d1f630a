import { defaultCatalog } from '../catalog/catalog.ts';
import { matchTrace } from '../flow/matcher.ts';
import type { TraceMessage } from '../trace/types.ts';
import { InlineModelError, inlineModel } from './inline-model.ts';
import type { Session } from './session.ts';

/**
 * "No <message> reaches <participant> in this scenario [carrying …]": absence over the whole scenario so
 * far — from its start to the moment the step runs — filtered by attributes (matchers, as in every
 * table). No window, so no lag to account for: the message is in the trace or it is not.
 *
 * Each sender the catalog allows is tried as a one-step inline model, so the attributes are matched exactly
 * as "X reaches Y carrying:" matches them. Returns the first such message, or undefined.
 */
export function findAnywhere(session: Session, message: string, to: string, attributes: string, where: string, at?: { uri: string; line: number }): TraceMessage | undefined {
  const trace = session.snapshot();
  const participants = trace.header.participants;
  const target = participants.find((p) => p.name === to);
  if (!target) throw new InlineModelError(`${where}: no participant "${to}" in this scenario (known: ${participants.map((p) => `"${p.name}"`).join(', ') || 'none'})`);
  const senders = participants.filter((p) => p.name !== to && defaultCatalog.resolve(message, { from: p.role, to: target.role }).length > 0);
  if (senders.length === 0) {
    throw new InlineModelError(`${where}: nothing in this scenario can send ${defaultCatalog.describe(message)} to "${to}", so its absence proves nothing — check the message and the participant`);
  }
  for (const s of senders) {
    const model = inlineModel([{ from: s.name, to, message, attributes }], participants, where, at);
    const r = matchTrace(model, trace, { variant: 'table' });
    const hit = r.instances.flatMap((i) => i.matched)[0];
    if (hit) return trace.entries.find((e): e is TraceMessage => e.type === 'message' && e.seq === hit.seq);
  }
  return undefined;
}
