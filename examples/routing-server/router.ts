// routing-server: a small third-party URS (Universal Routing Server) that passes every scenario in
// which URS takes part.
//
// Like the desktops, it is written from flowcert's README alone (./wire.ts is the same file as
// examples/good-desktop/wire.ts) and imports nothing from flowcert. Run it under flowcert:
//
//   npx flowcert run --sut examples/routing-server/flowcert.sut.yaml
//
// How a URS meets the Interaction Server (README, wire format and catalog): it connects to the
// server's T-Library face (`tlib`), as it would to a T-Server; it does not register. The server offers
// it each queued interaction with EventRouteRequest; the URS routes one to an agent with
// RequestRouteCall {InteractionId, AgentId, PlaceId}. The answer, EventRouteUsed (or EventError),
// echoes the request's referenceId — and comes only once the delivery is settled: when the agent
// accepts or rejects, or when the delivering timer runs out.
//
// What it does:
//   start       connect to the `tlib` face of the one Interaction Server it was given
//   route {interaction, agent, place}
//               wait until the interaction is ours to route (offered by EventRouteRequest, or back
//               after a delivery that failed), send RequestRouteCall, and report done once SENT —
//               not once answered: the answer waits for the agent (this is what flowcert's reference
//               URS does, and what the scenarios expect)
//   stop-processing {interaction, reason?}
//               RequestRouteCall with RouteType CallDisconnect (GenEM Stop Processing D: RequestRouteCall
//               stands for RequestStopProcessing); done once answered (EventRouteUsed, or EventError)
//   change-properties {interaction, changed?, added?}
//               RequestUpdateUserData (GenEM Change Properties: it stands for RequestChangeProperties);
//               done once answered (EventAttachedDataChanged, or EventError); it cannot delete
//   invoke-service {interaction, server, service, method, parameters?}
//               ESP over T-Library: RequestPrivateService with the request in Extensions.Envelope3rdServer;
//               done once answered (EventPrivateInfo, or EventError)
//   disconnect  drop the connection at once
//   stop        close, exit
//
// The routing decision itself (which agent) is the scenario's: a real URS runs a strategy here.

import { EventEmitter } from 'node:events';
import { done, log, refusal, serveControlChannel, ServerConnection } from './wire.ts';
import type { Envelope, Result, Start, Stimulus } from './wire.ts';

/** How long `route` waits for the interaction to be ours to route before it fails. */
const OFFER_TIMEOUT_MS = 5000;

// ---------------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------------

/** The connection to the Interaction Server's T-Library face, once started. */
let server: ServerConnection | undefined;

/** Interactions that are ours to route, by InteractionId, with what EventRouteRequest told of them. */
const queued = new Map<string, { queue?: unknown; mediaType?: unknown }>();

/** RequestRouteCall sent and not answered yet, by referenceId: the answer echoes it. */
const routing = new Map<number, { interactionId: string; agentId: string; placeId: string }>();

/** Says 'queued' with an InteractionId whenever an interaction becomes ours to route. */
const changes = new EventEmitter();

// ---------------------------------------------------------------------------------------------------
// Events from the Interaction Server
// ---------------------------------------------------------------------------------------------------

/**
 * Voice calls waiting at our route points (a T-Server's EventRouteRequest carries a ConnID, no
 * InteractionId), by ConnID, in the order they came.
 */
const calls = new Map<string, string>();

function onEvent(event: Envelope): void {
  const a = event.attributes;
  if (event.message === 'EventRouteRequest' && typeof a.ConnID === 'string' && typeof a.ThisDN === 'string' && a.InteractionId === undefined) {
    calls.set(a.ConnID, a.ThisDN);
    log(`call ${a.ConnID} waiting at route point ${a.ThisDN}`);
    changes.emit('call', a.ConnID);
    return;
  }
  if ((event.message === 'EventRouteUsed' || event.message === 'EventReleased') && typeof a.ConnID === 'string') calls.delete(a.ConnID);
  if (event.message === 'EventRouteRequest' && typeof a.InteractionId === 'string') {
    queued.set(a.InteractionId, { queue: a.Queue, mediaType: a.MediaType });
    log(`interaction ${a.InteractionId} offered for routing (queue ${String(a.Queue)}, ${String(a.MediaType)})`);
    changes.emit('queued', a.InteractionId);
    return;
  }
  log(`${event.message}: noted`);
}

/** The answer to a RequestRouteCall, paired by its referenceId. */
function settled(referenceId: number, answer: Envelope): void {
  const route = routing.get(referenceId);
  if (!route) return;
  routing.delete(referenceId);
  const to = `interaction ${route.interactionId} to ${route.agentId} at ${route.placeId} (RequestRouteCall ${referenceId})`;
  const reasons = answer.attributes.Reasons;
  if (answer.message === 'EventRouteUsed' && reasons === undefined) {
    log(`routed ${to}: delivered`);
    return;
  }
  // EventRouteUsed with Reasons (the agent rejected it, did not answer in time, or left), or
  // EventError: the delivery did not happen and the interaction is ours to route again.
  const why = answer.message === 'EventRouteUsed' ? `not delivered, ${JSON.stringify(reasons)}` : `refused, ${refusal(answer)}`;
  log(`routing ${to}: ${why}; ours to route again`);
  queued.set(route.interactionId, {});
  changes.emit('queued', route.interactionId);
}

// ---------------------------------------------------------------------------------------------------
// Routing
// ---------------------------------------------------------------------------------------------------

/** Resolves true once the interaction is ours to route, false after `ms`. */
function ours(interactionId: string, ms: number): Promise<boolean> {
  if (queued.has(interactionId)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const listener = (id: string) => {
      if (id !== interactionId) return;
      clearTimeout(timer);
      changes.off('queued', listener);
      resolve(true);
    };
    const timer = setTimeout(() => {
      changes.off('queued', listener);
      resolve(false);
    }, ms);
    changes.on('queued', listener);
  });
}

async function route(s: { interaction: string; agent: string; place: string }): Promise<Result> {
  if (!server?.isOpen) return { status: 'failed', reason: 'not connected to the Interaction Server' };
  if (!(await ours(s.interaction, OFFER_TIMEOUT_MS))) {
    const pending = [...routing].find(([, r]) => r.interactionId === s.interaction);
    const why = pending ? `it is being delivered (RequestRouteCall ${pending[0]} not answered yet)` : 'no EventRouteRequest offered it';
    return { status: 'failed', reason: `cannot route interaction ${s.interaction} within ${OFFER_TIMEOUT_MS} ms: ${why}` };
  }
  queued.delete(s.interaction);
  const { referenceId, answer } = server.request('RequestRouteCall', { InteractionId: s.interaction, AgentId: s.agent, PlaceId: s.place });
  routing.set(referenceId, { interactionId: s.interaction, agentId: s.agent, placeId: s.place });
  void answer.then((a) => settled(referenceId, a));
  return done; // sent; EventRouteUsed comes when the agent answers
}

/**
 * Places an interaction offered to us in a queue or an agent's workbin instead of routing it to an agent:
 * RequestRouteCall naming no agent, but the Queue — or the workbin (WorkbinTypeId, WorkbinAgentId) — as
 * flowcert's README says the reference Interaction Server reads it (GenEM Place Interaction in Queue /
 * in Workbin). Done once answered (EventRouteUsed or EventError): the scenario judges the answer.
 */
async function place(s: Extract<Stimulus, { kind: 'place-in-queue' | 'place-in-workbin' }>): Promise<Result> {
  if (s.kind === 'place-in-workbin' && s.owner === undefined) return { status: 'failed', reason: 'a router has no workbin of its own: the scenario must name the agent who owns the workbin' };
  if (!(await ours(s.interaction, OFFER_TIMEOUT_MS))) return { status: 'failed', reason: `cannot place interaction ${s.interaction}: no EventRouteRequest offered it within ${OFFER_TIMEOUT_MS} ms` };
  queued.delete(s.interaction);
  const where = s.kind === 'place-in-queue' ? { Queue: s.queue } : { WorkbinTypeId: s.workbin, WorkbinAgentId: s.owner };
  return answered('RequestRouteCall', { InteractionId: s.interaction, ...where });
}

// ---------------------------------------------------------------------------------------------------
// The component: start, stimuli, stop
// ---------------------------------------------------------------------------------------------------

async function start(request: Start): Promise<Result> {
  // The one Interaction Server we were given, by its T-Library face.
  const servers = Object.entries(request.endpoints).filter(([, faces]) => faces.tlib !== undefined);
  if (servers.length !== 1) return { status: 'failed', reason: `this router connects to exactly one Interaction Server with a tlib face; start named ${servers.length}` };
  const [name, faces] = servers[0];
  try {
    server = await ServerConnection.open(faces.tlib, 'TLibrary', onEvent);
  } catch (err) {
    return { status: 'failed', reason: `cannot connect to ${name} at ${faces.tlib}: ${(err as Error).message}` };
  }
  log(`connected to ${name}'s T-Library face`);
  return done; // no registration on the T-Library face: connected is ready
}

async function stimulus(s: Stimulus): Promise<Result> {
  switch (s.kind) {
    case 'route':
      return route(s);
    case 'stop-processing':
      queued.delete(s.interaction);
      return answered('RequestRouteCall', { InteractionId: s.interaction, RouteType: 'CallDisconnect', ...(s.reason ? { Extensions: { Reason: s.reason } } : {}) });
    case 'change-properties':
      if (s.deleted?.length) return { status: 'unsupported', reason: 'RequestUpdateUserData cannot delete properties' };
      return answered('RequestUpdateUserData', { InteractionId: s.interaction, UserData: { ...(s.changed ?? {}), ...(s.added ?? {}) } });
    case 'invoke-service': {
      const envelope = { Server: s.server, Service: s.service, Method: s.method, Version: '1.0', Parameters: s.parameters ?? {} };
      return answered('RequestPrivateService', { InteractionId: s.interaction, UserData: { InteractionId: s.interaction }, Extensions: { Envelope3rdServer: envelope } });
    }
    case 'place-in-queue':
    case 'place-in-workbin':
      return place(s);
    // Voice: a T-Server's route points.
    case 'register-dn':
      return answered('RequestRegisterAddress', { ThisDN: s.dn });
    case 'route-call': {
      const connId = await waitingCall(s.routePoint, OFFER_TIMEOUT_MS);
      if (connId === undefined) return { status: 'failed', reason: `no call waited at route point ${s.routePoint} within ${OFFER_TIMEOUT_MS} ms` };
      calls.delete(connId);
      return answered('RequestRouteCall', { ThisDN: s.routePoint, ConnID: connId, OtherDN: s.target, RouteType: 'Default' });
    }
    case 'disconnect':
      server?.drop();
      return done;
    default:
      return { status: 'unsupported', reason: `a router has no ${s.kind} stimulus` };
  }
}

/** The ConnID of the first call waiting at route point `rp`, waited for up to `ms`. */
function waitingCall(rp: string, ms: number): Promise<string | undefined> {
  const first = () => [...calls].find(([, dn]) => dn === rp)?.[0];
  const now = first();
  if (now !== undefined) return Promise.resolve(now);
  return new Promise((resolve) => {
    const listener = () => {
      const id = first();
      if (id === undefined) return;
      clearTimeout(timer);
      changes.off('call', listener);
      resolve(id);
    };
    const timer = setTimeout(() => {
      changes.off('call', listener);
      resolve(undefined);
    }, ms);
    changes.on('call', listener);
  });
}

/** Sends a request and reports done once it is answered, whatever the answer: the scenario judges it. */
async function answered(message: string, attributes: Record<string, unknown>): Promise<Result> {
  if (!server?.isOpen) return { status: 'failed', reason: `cannot send ${message}: not connected to the Interaction Server` };
  const answer = await server.request(message, attributes).answer;
  log(`${message} for ${attributes.InteractionId !== undefined ? `interaction ${String(attributes.InteractionId)}` : `DN ${String(attributes.ThisDN)}`}: ${answer.message}`);
  return { status: 'done', data: { answer: answer.message } };
}

async function stop(): Promise<void> {
  server?.close();
}

serveControlChannel({
  identity: { name: 'routing-server', version: '1.0.0' },
  capabilities: ['route', 'stop-processing', 'change-properties', 'invoke-service', 'place-in-queue', 'place-in-workbin', 'register-dn', 'route-call', 'disconnect'],
  start,
  stimulus,
  stop,
});
