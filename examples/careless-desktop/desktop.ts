// careless-desktop: examples/good-desktop with two subtle flaws, each marked CARELESS. On a demo it
// seems to work — the agent logs in, invitations come and go — and flowcert's certification of the
// agent application role fails it, saying why.
//
//   npx flowcert run --sut examples/careless-desktop/flowcert.sut.yaml
//
// The flaws (diff this folder against examples/good-desktop to see every line that differs):
//   1. It answers an invitation before it has read the invitation's TicketId, so the answer carries
//      the TicketId of the PREVIOUS invitation it saw — the first time, 0, the value it starts with.
//      The model's RequestAccept / RequestReject step must carry the TicketId of the EventInvite.
//   2. It never waits for the EventAck of a reject: the reject goes out through a fire-and-forget
//      helper (send() in ./wire.ts) that gives it no referenceId — "nothing to pair, nothing to wait
//      for". A request without a referenceId breaks the wire format (MISSING_REFERENCE_ID); the server
//      cannot answer it, and does not carry it out.
// Its Interaction Servers — a primary, maybe secondaries, and failing over between them — are in
// ./servers.ts, the same file as good-desktop's.
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
//   disconnect  drop every connection at once, as when the desktop crashes
//   stop        log out if logged in, close, exit
//
//
// On its own, it fails over: when the primary goes away while the agent is logged in, it logs the agent
// in on a secondary; when a lost server comes back, it registers there again (./servers.ts).
// Everything the agent does (answering invitations, readiness) goes to the primary of the moment.

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
  ticketId: number; // CARELESS (flaw 1): the TicketId of the invitation seen BEFORE this one
  interactionId: string;
  arrivedAt: number;
  timer?: NodeJS.Timeout; // the answer scheduled by the policy
}

/** Pending invitations by InteractionId (EventRevoked names the interaction; its TicketId is optional). */
const invitations = new Map<string, Invitation>();

/** CARELESS (flaw 1): the TicketId of the last invitation seen, read after the invitation was filed. */
let lastTicketId = 0;

/** How to answer invitations, set by the accept / reject / ignore stimuli. Until told: ignore. */
let policy: { action: 'accept' | 'reject' | 'ignore'; delayMs: number; reason?: Record<string, unknown> } = { action: 'ignore', delayMs: 0 };

// ---------------------------------------------------------------------------------------------------
// Requests: each waits for its answer
// ---------------------------------------------------------------------------------------------------

/** Sends a request to the primary and waits for its answer: done on EventAck, failed with the server's reason otherwise. */
function ask(message: string, attributes: Record<string, unknown>): Promise<Result> {
  return askServer(servers?.primary, message, attributes);
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
      // CARELESS (flaw 1): the invitation is filed, and its answer scheduled, with the ticket it
      // remembers — the previous invitation's, 0 the first time — and only then is this one read.
      const invitation: Invitation = { ticketId: lastTicketId, interactionId: interaction.InteractionId, arrivedAt: Date.now() };
      invitations.set(invitation.interactionId, invitation);
      schedule(invitation);
      lastTicketId = a.TicketId;
      log(`invited to interaction ${invitation.interactionId} (TicketId ${lastTicketId})`);
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

/** RequestAccept, waiting for its EventAck; RequestReject, not waiting (flaw 2). */
async function answer(invitation: Invitation, action: 'accept' | 'reject'): Promise<void> {
  if (invitations.get(invitation.interactionId) !== invitation) return; // revoked meanwhile
  invitations.delete(invitation.interactionId);
  const message = action === 'accept' ? 'RequestAccept' : 'RequestReject';
  // A reject says why when the scenario gave a reason (RequestReject's Reason, a ReasonInfo KV list).
  const reason = action === 'reject' ? policy.reason : undefined;
  const attributes = { TicketId: invitation.ticketId, InteractionId: invitation.interactionId, ...(reason ? { Reason: reason } : {}) };
  if (action === 'reject') {
    // CARELESS (flaw 2): "a reject cannot fail": sent without a referenceId, its EventAck never awaited.
    servers?.primary.connection?.send(message, attributes);
    return log(`${message} for interaction ${invitation.interactionId}: sent, not waited for`);
  }
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
  identity: { name: 'careless-desktop', version: '1.0.0' },
  capabilities: ['login', 'logout', 'ready', 'not-ready', 'accept', 'reject', 'ignore', 'disconnect'],
  start,
  stimulus,
  stop,
});
