// good-desktop: a third-party agent desktop that passes flowcert's certification of the agent
// application role — every scenario in which an agent application takes part.
//
// It is written the way an integrator would write one: from flowcert's README alone (the wire format
// and the control channel, in ./wire.ts), importing nothing from flowcert. Its Interaction Servers — a
// primary, maybe secondaries, and failing over between them — are in ./servers.ts. Run it under flowcert:
//
//   npx flowcert run --sut examples/good-desktop/flowcert.sut.yaml
//
// What it does, in the order a scenario asks for it:
//   start       connect to each Interaction Server's `im` face and register (RequestRegisterClient);
//               the first one named is the primary
//   login       RequestAgentLogin on the primary, the agent Ready for the media it names; then
//               RequestAgentAvailable on the other servers (the secondaries)
//   accept / reject / ignore
//               how to answer invitations (EventInvite) from now on — including one already pending —
//               `delayMs` after each arrived; ignore lets the delivering timer run out (EventRevoked)
//   ready / not-ready / logout   (logout: on the primary, then RequestAgentNotAvailable on the others)
//   submit      RequestSubmit as the logged-in agent (no queue: the agent handles what it submits); done
//               with the new InteractionId — or, when the scenario says the server may refuse it
//               (mayBeRefused), done with what the refusal said
//   stop-processing
//               RequestStopProcessing for an interaction the agent handles; done once answered, whatever
//               the answer (the scenario judges it)
//   place-in-queue / place-in-workbin / pull / get-workbin-content / subscribe-workbin / unsubscribe-workbin
//               the queue and workbin requests (RequestPlaceInQueue, RequestPlaceInWorkbin, RequestPull,
//               RequestGetWorkbinContent, RequestWorkbinNotifications, RequestCancelWorkbinNotifications)
//               on the primary; done once answered, whatever the answer (the scenario judges it)
//   disconnect  drop every connection at once, as when the desktop crashes
//   stop        log out if logged in, close, exit
//
// Two rules make it pass where a careless desktop fails (compare examples/careless-desktop):
//   - it answers an invitation with that invitation's own TicketId, read when the invitation arrives;
//   - it waits for the answer (EventAck or EventError) of every request before it goes on, and it
//     reports a stimulus done only once the server acknowledged what the stimulus asked for.
//
// On its own, it fails over: when the primary goes away while the agent is logged in, it logs the agent
// in on a secondary; when a lost server comes back, it registers there again (./servers.ts).
// Everything the agent does (answers, transfers, submits…) goes to the primary of the moment.

import { ask as askServer, InteractionServers } from './servers.ts';
import { done, log, refusal, serveControlChannel } from './wire.ts';
import type { Envelope, Result, Start, Stimulus } from './wire.ts';

// ---------------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------------

/** The Interaction Servers, once started: a primary, maybe secondaries (./servers.ts). */
let servers: InteractionServers | undefined;

/** An invitation (EventInvite) not answered yet. */
interface Invitation {
  ticketId: number; // read from the EventInvite itself: the answer must carry exactly this one
  interactionId: string;
  arrivedAt: number;
  timer?: NodeJS.Timeout; // the answer scheduled by the policy
}

/** Pending invitations by InteractionId (EventRevoked names the interaction; its TicketId is optional). */
const invitations = new Map<string, Invitation>();

/** How to answer invitations, set by the accept / reject / ignore stimuli. Until told: ignore. */
let policy: { action: 'accept' | 'reject' | 'ignore'; delayMs: number; reason?: Record<string, unknown> } = { action: 'ignore', delayMs: 0 };

// ---------------------------------------------------------------------------------------------------
// Requests: each waits for its answer
// ---------------------------------------------------------------------------------------------------

/** Sends a request to the primary and waits for its answer: done on EventAck, failed with the server's reason otherwise. */
function ask(message: string, attributes: Record<string, unknown>): Promise<Result> {
  return askServer(servers?.primary, message, attributes);
}

/** Sends a request to the primary without waiting for its answer, which is logged when it comes. */
function sendOnly(message: string, attributes: Record<string, unknown>): Result {
  const server = servers?.primary.connection;
  if (!server?.isOpen) return { status: 'failed', reason: `cannot send ${message}: not connected to the Interaction Server` };
  const sent = server.request(message, attributes);
  void sent.answer.then((a) => log(`${message} ${sent.referenceId}: ${a.message === 'EventAck' ? 'acknowledged' : `refused: ${refusal(a)}`}`));
  return done;
}

/** A request on the primary, done once it is answered, whatever the answer: the scenario judges the answer. */
async function answered(message: string, attributes: Record<string, unknown>): Promise<Result> {
  const server = servers?.primary.connection;
  if (!server?.isOpen) return { status: 'failed', reason: `cannot send ${message}: not connected to the Interaction Server` };
  const answer = await server.request(message, attributes).answer;
  return { status: 'done', data: { answer: answer.message } };
}

/** The workbin a request names: its type, and its owner when it is not our own agent's. */
function workbin(s: { workbin: string; owner?: string }): Record<string, unknown> {
  return { WorkbinTypeId: s.workbin, ...(s.owner ? { WorkbinAgentId: s.owner } : {}) };
}

// ---------------------------------------------------------------------------------------------------
// Events from the Interaction Server
// ---------------------------------------------------------------------------------------------------

function onEvent(event: Envelope): void {
  const a = event.attributes;
  switch (event.message) {
    case 'EventInvite': {
      const interaction = (a.Interaction ?? {}) as Record<string, unknown>;
      if (typeof a.TicketId !== 'number' || typeof interaction.InteractionId !== 'string') {
        log(`EventInvite without a TicketId or an InteractionId: it cannot be answered, ignored`);
        return;
      }
      const invitation: Invitation = { ticketId: a.TicketId, interactionId: interaction.InteractionId, arrivedAt: Date.now() };
      invitations.set(invitation.interactionId, invitation);
      log(`invited to interaction ${invitation.interactionId} (TicketId ${invitation.ticketId})`);
      schedule(invitation);
      return;
    }
    case 'EventRevoked': {
      // The delivering timer ran out (or the agent left): too late to answer. Forget it.
      const id = (a.Interaction as Record<string, unknown> | undefined)?.InteractionId;
      const invitation = typeof id === 'string' ? invitations.get(id) : undefined;
      if (invitation) {
        clearTimeout(invitation.timer);
        invitations.delete(invitation.interactionId);
      }
      log(`invitation to interaction ${String(id)} revoked${invitation ? '' : ' (none was pending)'}`);
      return;
    }
    case 'EventError':
      // An EventError that answers none of our requests: nothing to settle, but say it.
      log(`the server reports an error: ${refusal(event)}`);
      return;
    default:
      // EventCurrentAgentStatus and anything else we do not act on.
      log(`${event.message}: noted`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Invitations: answered by the policy, delayMs after each arrived
// ---------------------------------------------------------------------------------------------------

/** Schedules the answer the policy gives an invitation, `delayMs` after it arrived; ignore schedules none. */
function schedule(invitation: Invitation): void {
  clearTimeout(invitation.timer);
  const { action, delayMs } = policy;
  if (action === 'ignore') return;
  const wait = Math.max(0, invitation.arrivedAt + delayMs - Date.now());
  invitation.timer = setTimeout(() => void answer(invitation, action), wait);
}

/** RequestAccept or RequestReject with the invitation's own TicketId, waiting for its EventAck. */
async function answer(invitation: Invitation, action: 'accept' | 'reject'): Promise<void> {
  if (invitations.get(invitation.interactionId) !== invitation) return; // revoked meanwhile
  invitations.delete(invitation.interactionId);
  const message = action === 'accept' ? 'RequestAccept' : 'RequestReject';
  // A reject says why when the scenario gave a reason (RequestReject's Reason, a ReasonInfo KV list).
  const reason = action === 'reject' ? policy.reason : undefined;
  const attributes = { TicketId: invitation.ticketId, InteractionId: invitation.interactionId, ...(reason ? { Reason: reason } : {}) };
  const result = await ask(message, attributes);
  log(`${message} for interaction ${invitation.interactionId}: ${result.status === 'done' ? 'acknowledged' : result.reason}`);
}

// ---------------------------------------------------------------------------------------------------
// The component: start, stimuli, stop
// ---------------------------------------------------------------------------------------------------

async function start(request: Start): Promise<Result> {
  // The Interaction Servers we were given, by their `im` face (the face of agent applications), in the
  // scenario's order: the first is the primary.
  const named = Object.entries(request.endpoints).flatMap(([name, faces]) => (faces.im === undefined ? [] : [{ name, url: faces.im }]));
  if (named.length === 0) {
    // A scenario that gives us only other faces (a T-Server's T-Library) asks for a desktop we are not:
    // we speak Interaction Management only, so the scenario cannot be decided with us (inconc), not failed.
    const faces = Object.entries(request.endpoints).flatMap(([name, f]) => Object.keys(f).map((face) => `${name} ${face}`));
    return { status: 'unsupported', reason: `this desktop speaks Interaction Management only (an im face); it was given ${faces.join(', ') || 'no endpoint'}` };
  }
  servers = new InteractionServers(named, request.participant, onEvent);
  return servers.start();
}

async function stimulus(s: Stimulus): Promise<Result> {
  switch (s.kind) {
    case 'login': {
      if (!servers) return { status: 'failed', reason: 'cannot log in: not started' };
      const MediaList = Object.fromEntries(s.media.map((m) => [m, 1])); // 1: Ready for that media
      return servers.login({ TenantId: s.tenant ?? 101, PlaceId: s.place, AgentId: s.agent, MediaList });
    }
    case 'logout':
      return servers ? servers.logout() : { status: 'failed', reason: 'cannot log out: not started' };
    case 'ready':
      return ask('RequestCancelNotReadyForMedia', { MediaTypeName: s.media });
    case 'not-ready':
      return ask('RequestNotReadyForMedia', { MediaTypeName: s.media });
    case 'accept':
    case 'reject':
    case 'ignore': {
      const action = s.kind;
      policy = { action, delayMs: action === 'ignore' ? 0 : (s.delayMs ?? 0), ...(s.kind === 'reject' && s.reason ? { reason: s.reason } : {}) };
      // An invitation already pending is answered by the new policy too. One whose time has come is
      // answered now, and the stimulus is done once that answer is acknowledged; the others wait.
      const due: Promise<void>[] = [];
      for (const invitation of invitations.values()) {
        if (action !== 'ignore' && invitation.arrivedAt + policy.delayMs <= Date.now()) {
          clearTimeout(invitation.timer);
          due.push(answer(invitation, action));
        } else {
          schedule(invitation);
        }
      }
      await Promise.all(due);
      return done;
    }
    // Done once sent: a transfer or conference is answered only when the invited agent answers (or its
    // timer expires), and a leave may be refused — the server's answer is its part of the flow.
    case 'transfer':
    case 'conference':
      return sendOnly(s.kind === 'transfer' ? 'RequestTransfer' : 'RequestConference', { InteractionId: s.interaction, AgentId: s.agent, ...(s.place ? { PlaceId: s.place } : {}) });
    case 'leave':
      return sendOnly('RequestLeaveInteraction', { InteractionId: s.interaction, ...(s.reason ? { Reason: s.reason } : {}) });
    case 'submit': {
      const server = servers?.primary.connection;
      if (!server?.isOpen) return { status: 'failed', reason: 'cannot submit: not connected to the Interaction Server' };
      const attributes: Record<string, unknown> = { MediaType: s.mediaType, InteractionType: s.interactionType ?? 'Outbound' };
      if (s.queue) attributes.Queue = s.queue;
      for (const name of s.without ?? []) delete attributes[name];
      const answer = await server.request('RequestSubmit', attributes).answer;
      if (answer.message === 'EventAck' && typeof answer.attributes.InteractionId === 'string') return { status: 'done', data: { interactionId: answer.attributes.InteractionId } };
      if (answer.message === 'EventError' && s.mayBeRefused) return { status: 'done', data: { refused: { errorCode: answer.attributes.ErrorCode, description: answer.attributes.ErrorDescription } } };
      return { status: 'failed', reason: `RequestSubmit: ${answer.message === 'EventAck' ? 'the EventAck carries no InteractionId' : refusal(answer)}` };
    }
    case 'stop-processing': {
      const server = servers?.primary.connection;
      if (!server?.isOpen) return { status: 'failed', reason: 'cannot stop processing: not connected to the Interaction Server' };
      const answer = await server.request('RequestStopProcessing', { InteractionId: s.interaction, ...(s.reason ? { Reason: s.reason } : {}) }).answer;
      return { status: 'done', data: { answer: answer.message } };
    }
    case 'place-in-queue':
      return answered('RequestPlaceInQueue', { InteractionId: s.interaction, Queue: s.queue });
    case 'place-in-workbin':
      return answered('RequestPlaceInWorkbin', { InteractionId: s.interaction, ...workbin(s) });
    case 'pull':
      return answered('RequestPull', { InteractionId: s.interaction });
    case 'get-workbin-content':
      return answered('RequestGetWorkbinContent', workbin(s));
    case 'subscribe-workbin':
      return answered('RequestWorkbinNotifications', workbin(s));
    case 'unsubscribe-workbin':
      return answered('RequestCancelWorkbinNotifications', workbin(s));
    // What a supervisor's and a busy agent's desktop add: media, do-not-disturb, intrusion, coaching, responses.
    case 'add-media':
    case 'remove-media':
      return answered(s.kind === 'add-media' ? 'RequestAddMedia' : 'RequestRemoveMedia', { MediaTypeName: s.media });
    case 'do-not-disturb':
      return answered(s.on ? 'RequestDoNotDisturbOn' : 'RequestDoNotDisturbOff', {});
    case 'intrude':
      return answered('RequestIntrude', { InteractionId: s.interaction, VisibilityMode: s.visibility });
    case 'request-coaching':
      return sendOnly('RequestConference', { InteractionId: s.interaction, AgentId: s.agent, ...(s.place ? { PlaceId: s.place } : {}), VisibilityMode: 'Coach' });
    case 'send-response': {
      const server = servers?.primary.connection;
      if (!server?.isOpen) return { status: 'failed', reason: 'cannot send a response: not connected to the Interaction Server' };
      const answer = await server.request('RequestSubmit', { MediaType: s.mediaType ?? 'email', InteractionType: 'Outbound', InteractionSubtype: 'OutboundReply', ParentInteractionId: s.interaction }).answer;
      if (answer.message === 'EventAck' && typeof answer.attributes.InteractionId === 'string') return { status: 'done', data: { response: answer.attributes.InteractionId } };
      return { status: 'failed', reason: `RequestSubmit of a response: ${answer.message === 'EventAck' ? 'the EventAck carries no InteractionId' : refusal(answer)}` };
    }
    case 'disconnect':
      servers?.drop();
      return done;
    default:
      return { status: 'unsupported', reason: `an agent desktop has no ${s.kind} stimulus` };
  }
}

async function stop(): Promise<void> {
  for (const invitation of invitations.values()) clearTimeout(invitation.timer);
  invitations.clear();
  // Leave the way a desktop should: log the agent out (waiting, briefly, for the answers), then close.
  if (servers?.loggedIn) await Promise.race([servers.logout(), new Promise((r) => setTimeout(r, 1000))]);
  servers?.close();
}

serveControlChannel({
  identity: { name: 'good-desktop', version: '1.0.0' },
  capabilities: ['login', 'logout', 'ready', 'not-ready', 'accept', 'reject', 'ignore', 'transfer', 'conference', 'leave', 'submit', 'stop-processing', 'place-in-queue', 'place-in-workbin', 'pull', 'get-workbin-content', 'subscribe-workbin', 'unsubscribe-workbin', 'add-media', 'remove-media', 'do-not-disturb', 'intrude', 'request-coaching', 'send-response', 'disconnect'],
  start,
  stimulus,
  stop,
});
