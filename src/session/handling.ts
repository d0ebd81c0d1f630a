import type { TraceMessage } from '../trace/types.ts';
import type { Session } from './session.ts';
import { ScenarioError } from './scenario-error.ts';

/**
 * The starting point of the Transfer and Conference scenarios: an agent who handles an interaction,
 * reached the way GenEM's Deliver Interaction to Agent reaches it — the desktop accepts invitations,
 * URS routes the interaction to the agent, and the desktop's RequestAccept is answered. It goes through
 * the session's stimuli and is judged on the trace, so it holds whoever plays the desktop, the server
 * or URS.
 */
export interface HandlingRequest {
  desktop: string;
  agent: string;
  place: string;
  interaction: string;
  urs: string;
}

/** Slack after the delivering timer, as a flow check allows beyond its timers. */
const GRACE_MS = 1500;
const POLL_MS = 20;

export async function deliverForHandling(session: Session, r: HandlingRequest): Promise<void> {
  const from = session.snapshot().entries.length;
  await session.stimulate(r.desktop, { kind: 'accept' });
  await session.stimulate(r.urs, { kind: 'route', interaction: r.interaction, agent: r.agent, place: r.place });
  const outcome = await awaitAnswer(session, { desktop: r.desktop, request: 'RequestAccept', interaction: r.interaction, agent: r.agent, urs: r.urs }, from);
  if (outcome === 'acked') return;
  // Deliver is not this scenario's model, but without it there is nothing to transfer: the scenario
  // cannot go on. The fault is a participant's under test when one took part, the harness's otherwise.
  throw new ScenarioError(
    `agent ${r.agent} does not handle interaction ${r.interaction}: ${outcome} — the scenario starts from an interaction delivered to ${r.desktop} (GenEM Deliver Interaction to Agent); run features/deliver-interaction-to-agent.feature to see which part of the delivery fails`,
    verdictFor(session, [r.desktop, r.urs]),
  );
}

/**
 * "Agent2's desktop has joined the interaction" / "has left it": waits on the trace for the server's
 * EventAck to the desktop's RequestAccept (a transfer or conference invitation) or RequestLeaveInteraction
 * of the interaction, so the next step acts on what the server has done. A refusal, a revoke or
 * silence until the delivering timer and a grace have passed ends the scenario: what it goes on to check
 * would not be about the flow it asked for.
 */
export async function awaitAcknowledged(session: Session, desktop: string, request: 'RequestAccept' | 'RequestLeaveInteraction', interaction: string): Promise<void> {
  // A leave is the one the desktop was last asked for: from that stimulus on, so the answer to an earlier
  // leave is not taken for it while the new request is still on its way (a desktop under test sends it itself).
  const from = request === 'RequestLeaveInteraction' ? lastStimulus(session, desktop, 'leave') : 0;
  const outcome = await awaitAnswer(session, { desktop, request, interaction }, from);
  if (outcome === 'acked') return;
  const what = request === 'RequestAccept' ? 'joined' : 'left';
  throw new ScenarioError(`${desktop} has not ${what} interaction ${interaction}: ${outcome}`, verdictFor(session, [desktop]));
}

interface AnswerQuery {
  desktop: string;
  request: 'RequestAccept' | 'RequestLeaveInteraction';
  interaction: string;
  /** With an agent, a Reporting EventPartyAdded for it counts as an acknowledged accept (a server that does not ack accepts, reference §6). */
  agent?: string;
  /** With a URS, its RequestRouteCall refused ends the wait. */
  urs?: string;
}

/** fail when a participant under test took part (the desktop, a URS, an Interaction Server), error when only the harness's did. */
function verdictFor(session: Session, names: string[]): 'fail' | 'error' {
  const servers = session.participants().filter((p) => p.role === 'InteractionServer').map((p) => p.name);
  return [...names, ...servers].some((n) => session.participant(n)?.isReference === false) ? 'fail' : 'error';
}

/**
 * Waits on the trace (from entry `fromEntry`) for the answer to the desktop's latest `request` of the
 * interaction: 'acked', or why not. Up to the delivering timer plus a grace from now, extended by the
 * harness's lag meanwhile; a replayed run judges what the recording holds.
 */
async function awaitAnswer(session: Session, q: AnswerQuery, fromEntry: number): Promise<'acked' | string> {
  const due = session.now() + session.timerValue('delivering') + GRACE_MS;
  const lostBefore = session.lagLost;
  for (;;) {
    const verdict = judge(session.snapshot().entries.slice(fromEntry).filter((e): e is TraceMessage => e.type === 'message'), q);
    if (verdict !== undefined) return verdict;
    const until = due + (session.lagLost - lostBefore);
    if (session.replaying || session.now() >= until) return `no answer to its ${q.request} within the delivering timer (${session.timerValue('delivering')} ms) and ${GRACE_MS} ms`;
    await session.awaitEntry(Math.min(POLL_MS, until - session.now()));
  }
}

function judge(messages: TraceMessage[], q: AnswerQuery): 'acked' | string | undefined {
  let sent: TraceMessage | undefined;
  let outcome: 'acked' | string | undefined;
  for (const m of messages) {
    // A new invitation starts over: what answered an earlier one says nothing about it.
    if (q.request === 'RequestAccept' && m.to === q.desktop && m.message === 'EventInvite' && interactionOf(m) === q.interaction) {
      sent = undefined;
      outcome = undefined;
    }
    if (m.from === q.desktop && m.attributes.InteractionId === q.interaction) {
      // The latest request counts: an earlier one of the same kind was about an earlier step.
      if (m.message === q.request) {
        sent = m;
        outcome = undefined;
      }
      if (q.request === 'RequestAccept' && m.message === 'RequestReject') outcome = `${q.desktop} rejected it (seq ${m.seq})`;
    }
    if (q.agent !== undefined && m.protocol === 'Reporting' && m.message === 'EventPartyAdded' && m.attributes.InteractionId === q.interaction && m.attributes.AgentId === q.agent) outcome = 'acked';
    if (q.request === 'RequestAccept' && m.to === q.desktop && m.message === 'EventRevoked' && interactionOf(m) === q.interaction) outcome = `its invitation was revoked (seq ${m.seq})`;
    if (sent && m.to === q.desktop && m.connection === sent.connection && m.referenceId === sent.referenceId && m.seq > sent.seq) {
      if (m.message === 'EventAck') outcome = 'acked';
      if (m.message === 'EventError') outcome = `${m.from} refused its ${q.request} (seq ${m.seq}: ${String(m.attributes.ErrorDescription ?? m.attributes.ErrorCode)})`;
    }
    if (q.urs !== undefined && m.to === q.urs && m.message === 'EventError' && m.attributes.InteractionId === q.interaction) outcome = `${m.from} refused to route it (seq ${m.seq}: ${String(m.attributes.ErrorMessage ?? m.attributes.ErrorCode)})`;
  }
  return outcome;
}

/** The entry index of the desktop's latest stimulus of this kind (0 when none). */
function lastStimulus(session: Session, desktop: string, kind: string): number {
  const entries = session.snapshot().entries;
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    if (e.type === 'note' && e.kind === 'stimulus' && e.participant === desktop && (e.data?.stimulus as { kind?: unknown } | undefined)?.kind === kind) return i;
  }
  return 0;
}

function interactionOf(m: TraceMessage): unknown {
  const i = m.attributes.Interaction;
  return i && typeof i === 'object' ? (i as Record<string, unknown>).InteractionId : undefined;
}
