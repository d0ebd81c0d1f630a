// good-desktop: a third-party agent desktop that passes flowcert's certification of the agent
// application role — every scenario of features/deliver-interaction-to-agent.feature.
//
// It is written the way an integrator would write one: from flowcert's README alone (the wire format
// and the control channel, in ./wire.ts), importing nothing from flowcert. Run it under flowcert:
//
//   npx flowcert run --sut examples/good-desktop/flowcert.sut.yaml
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
// Two rules make it pass where a careless desktop fails (compare examples/careless-desktop):
//   - it answers an invitation with that invitation's own TicketId, read when the invitation arrives;
//   - it waits for the answer (EventAck or EventError) of every request before it goes on, and it
//     reports a stimulus done only once the server acknowledged what the stimulus asked for.

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

/** Sends a request and waits for its answer: done on EventAck, failed with the server's reason otherwise. */
async function ask(message: string, attributes: Record<string, unknown>): Promise<Result> {
  if (!server?.isOpen) return { status: 'failed', reason: `cannot send ${message}: not connected to the Interaction Server` };
  const answer = await server.request(message, attributes).answer;
  if (answer.message === 'EventAck') return done;
  return { status: 'failed', reason: `${message} refused: ${refusal(answer)}` };
}

/** Sends a request without waiting for its answer, which is logged when it comes. */
function sendOnly(message: string, attributes: Record<string, unknown>): Result {
  if (!server?.isOpen) return { status: 'failed', reason: `cannot send ${message}: not connected to the Interaction Server` };
  const sent = server.request(message, attributes);
  void sent.answer.then((a) => log(`${message} ${sent.referenceId}: ${a.message === 'EventAck' ? 'acknowledged' : `refused: ${refusal(a)}`}`));
  return done;
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
  // The one Interaction Server we were given, by its `im` face (the face of agent applications).
  const servers = Object.entries(request.endpoints).filter(([, faces]) => faces.im !== undefined);
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
    // Done once sent: a transfer or conference is answered only when the invited agent answers (or its
    // timer expires), and a leave may be refused — the server's answer is its part of the flow.
    case 'transfer':
    case 'conference':
      return sendOnly(s.kind === 'transfer' ? 'RequestTransfer' : 'RequestConference', { InteractionId: s.interaction, AgentId: s.agent, ...(s.place ? { PlaceId: s.place } : {}) });
    case 'leave':
      return sendOnly('RequestLeaveInteraction', { InteractionId: s.interaction, ...(s.reason ? { Reason: s.reason } : {}) });
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
  identity: { name: 'good-desktop', version: '1.0.0' },
  capabilities: ['login', 'logout', 'ready', 'not-ready', 'accept', 'reject', 'ignore', 'transfer', 'conference', 'leave', 'disconnect'],
  start,
  stimulus,
  stop,
});
