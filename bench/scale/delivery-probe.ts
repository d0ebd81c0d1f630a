// A whole delivery, over and over, for bench/agents-scale.bench.ts: a media server submits an
// interaction (EventAck; EventInteractionSubmitted, EventPlacedInQueue to the reporting engine;
// EventRouteRequest to URS), URS routes it to the probe agent (RequestRouteCall; EventInvite to the
// agent; EventPartyRemoved, EventAgentInvited), the agent accepts (EventAck; EventRouteUsed to URS;
// EventPartyAdded) and stops processing it (EventAck; EventPartyRemoved, EventProcessingStopped,
// EventRevoked). One interaction at a time: the next is submitted once the agent's stop is acknowledged
// and URS has its EventRouteUsed.
import type { WebSocket } from 'ws';
import { acked, im, open, tlib } from './clients.ts';

export interface DeliveryProbe {
  /** Runs `count` whole deliveries, one after another. */
  run(count: number): Promise<void>;
  close(): void;
}

interface Frame {
  message: string;
  referenceId?: number;
  attributes: Record<string, unknown>;
}

export async function deliveryProbe(url: string, tlibUrl: string): Promise<DeliveryProbe> {
  const ms = await open(`${url}?participant=MS1&role=MediaServer`);
  const urs = await open(`${tlibUrl}${tlibUrl.includes('?') ? '&' : '?'}participant=URS1&role=URS`);
  const agent = await open(`${url}?participant=Deliveree&role=AgentApplication`);
  await acked(ms, [im('RequestRegisterClient', 1, { ClientName: 'MS1', ClientType: 'MediaServer' })]);
  await acked(agent, [im('RequestRegisterClient', 1, { ClientName: 'Deliveree', ClientType: 'AgentApplication' }), im('RequestAgentLogin', 2, { TenantId: 101, PlaceId: 'P-deliveree', AgentId: 'deliveree', MediaList: { email: 1 } })]);

  let ref = 100;
  let left = 0;
  let stopAcked = false;
  let routeUsed = false;
  let stopRef = -1;
  let done: (() => void) | undefined;
  let fail: ((e: Error) => void) | undefined;
  const submit = () => ms.send(im('RequestSubmit', ++ref, { MediaType: 'email', InteractionType: 'Inbound', Queue: 'scale-q', TenantId: 101 }));
  const settled = () => {
    if (!stopAcked || !routeUsed) return;
    stopAcked = routeUsed = false;
    if (--left === 0) done?.();
    else submit();
  };
  const parse = (d: Buffer, who: string): Frame => {
    const f = JSON.parse(d.toString()) as Frame;
    if (f.message === 'EventError') fail?.(new Error(`${who} got ${d.toString()}`));
    return f;
  };
  ms.on('message', (d: Buffer) => parse(d, 'the media server'));
  urs.on('message', (d: Buffer) => {
    const f = parse(d, 'URS');
    if (f.message === 'EventRouteRequest') urs.send(tlib('RequestRouteCall', ++ref, { InteractionId: f.attributes.InteractionId, AgentId: 'deliveree', PlaceId: 'P-deliveree' }));
    else if (f.message === 'EventRouteUsed') {
      routeUsed = true;
      settled();
    }
  });
  agent.on('message', (d: Buffer) => {
    const f = parse(d, 'the agent');
    if (f.message === 'EventInvite') {
      const i = f.attributes.Interaction as { InteractionId: string };
      agent.send(im('RequestAccept', ++ref, { TicketId: f.attributes.TicketId, InteractionId: i.InteractionId }));
      stopRef = ++ref;
      // The accept's EventAck comes first on this connection; the stop follows it.
      pendingStop = i.InteractionId;
    } else if (f.message === 'EventAck' && pendingStop !== undefined) {
      agent.send(im('RequestStopProcessing', stopRef, { InteractionId: pendingStop }));
      pendingStop = undefined;
    } else if (f.message === 'EventAck' && f.referenceId === stopRef) {
      stopAcked = true;
      settled();
    }
  });
  let pendingStop: string | undefined;

  return {
    run(count) {
      left = count;
      return new Promise<void>((resolve, reject) => {
        done = resolve;
        fail = reject;
        submit();
      });
    },
    close() {
      for (const ws of [ms, urs, agent] as WebSocket[]) ws.close();
    },
  };
}
