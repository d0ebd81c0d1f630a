import { interactionOf as attributesInteraction } from '../trace/trace-sampler.ts';
import type { TraceEntry, TraceMessage } from '../trace/types.ts';

/**
 * The steps of Deliver Interaction to Agent (accept) a load run times, read off the trace as each
 * message is recorded: route (URS → IS RequestRouteCall), invite (IS → agent EventInvite), accept
 * (agent → IS RequestAccept), route used (IS → URS EventRouteUsed). Each latency is from the step
 * before; `delivery` is route → route used, the whole instance as URS sees it.
 */
export const STEPS = ['submit', 'invite', 'accept', 'route-used', 'delivery'] as const;
export type StepName = (typeof STEPS)[number];

export type DeliverEvent = 'route' | 'invite' | 'accept' | 'route-used';

/** Which step of the instance `e` is, and the interaction it belongs to; undefined for anything else. */
export function deliverEvent(e: TraceEntry): { event: DeliverEvent; interaction: string } | undefined {
  if (e.type !== 'message') return undefined;
  const id = interactionOf(e);
  if (id === undefined) return undefined;
  switch (e.message) {
    case 'RequestRouteCall':
      return { event: 'route', interaction: id };
    case 'EventInvite':
      return { event: 'invite', interaction: id };
    case 'RequestAccept':
      return { event: 'accept', interaction: id };
    case 'EventRouteUsed':
      return { event: 'route-used', interaction: id };
    default:
      return undefined;
  }
}

/** The interaction a message names: InteractionId, or Interaction.InteractionId (EventInvite). */
export function interactionOf(e: TraceMessage): string | undefined {
  return attributesInteraction(e.attributes);
}
