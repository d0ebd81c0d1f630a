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
//
// What it does, in the order a scenario asks for it:
//   start       connect to the Interaction Server's `im` face and register (RequestRegisterClient)
//   login       RequestAgentLogin, the agent Ready for the media it names
//   accept / reject / ignore
//               how to answer invitations (EventInvite) from now on — including one already pending —
//               `delayMs` after each arrived; ignore lets the delivering timer run out (EventRevoked)
//   ready / not-ready / logout
//   disconnect  drop the connection at once, as when the desktop crashes
//   stop        log out if logged in, close, exit
//

import { done, log, refusal, serveControlChannel, ServerConnection } from './wire.ts';
import type { Envelope, Result, Start, Stimulus } from './wire.ts';

// ---------------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------------

/** The connection to the Interaction Server, once started. */
let server: ServerConnection | undefined;

/** Whether an agent is logged in on this desktop. */
let loggedIn = false;

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

/** Sends a request and waits for its answer: done on EventAck, failed with the server's reason otherwise. */
async function ask(message: string, attributes: Record<string, unknown>): Promise<Result> {
  if (!server?.isOpen) return { status: 'failed', reason: `cannot send ${message}: not connected to the Interaction Server` };
  const answer = await server.request(message, attributes).answer;
  if (answer.message === 'EventAck') return done;
  return { status: 'failed', reason: `${message} refused: ${refusal(answer)}` };
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
    server?.send(message, attributes);
    return log(`${message} for interaction ${invitation.interactionId}: sent, not waited for`);
  }
  const result = await ask(message, attributes);
  log(`${message} for interaction ${invitation.interactionId}: ${result.status === 'done' ? 'acknowledged' : result.reason}`);
}

// ---------------------------------------------------------------------------------------------------
// The component: start, stimuli, stop
// ---------------------------------------------------------------------------------------------------

async function start(request: Start): Promise<Result> {
  // The one Interaction Server we were given, by its `im` face (the face of agent applications).
  const servers = Object.entries(request.endpoints).filter(([, faces]) => faces.im !== undefined);
  // Several (a primary and secondaries, GenEM Login/Logout) is a set-up this desktop does not take: unsupported, so such a scenario is inconc.
  if (servers.length > 1) return { status: 'unsupported', reason: `this desktop connects to one Interaction Server; start named ${servers.length}` };
  if (servers.length !== 1) return { status: 'failed', reason: `this desktop connects to exactly one Interaction Server with an im face; start named ${servers.length}` };
  const [name, faces] = servers[0];
  try {
    server = await ServerConnection.open(faces.im, 'InteractionManagement', onEvent);
  } catch (err) {
    return { status: 'failed', reason: `cannot connect to ${name} at ${faces.im}: ${(err as Error).message}` };
  }
  log(`connected to ${name}`);
  return ask('RequestRegisterClient', { ClientName: request.participant, ClientType: 'AgentApplication' });
}

async function stimulus(s: Stimulus): Promise<Result> {
  switch (s.kind) {
    case 'login': {
      const MediaList = Object.fromEntries(s.media.map((m) => [m, 1])); // 1: Ready for that media
      const result = await ask('RequestAgentLogin', { TenantId: s.tenant ?? 101, PlaceId: s.place, AgentId: s.agent, MediaList });
      if (result.status === 'done') loggedIn = true;
      return result;
    }
    case 'logout': {
      const result = await ask('RequestAgentLogout', {});
      if (result.status === 'done') loggedIn = false;
      return result;
    }
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
      server?.drop();
      loggedIn = false;
      return done;
    default:
      return { status: 'unsupported', reason: `an agent desktop has no ${s.kind} stimulus` };
  }
}

async function stop(): Promise<void> {
  for (const invitation of invitations.values()) clearTimeout(invitation.timer);
  invitations.clear();
  // Leave the way a desktop should: log the agent out (waiting, briefly, for the EventAck), then close.
  if (loggedIn && server?.isOpen) await Promise.race([ask('RequestAgentLogout', {}), new Promise((r) => setTimeout(r, 1000))]);
  server?.close();
}

serveControlChannel({
  identity: { name: 'careless-desktop', version: '1.0.0' },
  capabilities: ['login', 'logout', 'ready', 'not-ready', 'accept', 'reject', 'ignore', 'disconnect'],
  start,
  stimulus,
  stop,
});
