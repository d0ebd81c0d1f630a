import { handleDoNotDisturb, handleMedia } from './agent-media.ts';
import { handleIntrude } from './intrusion.ts';
import type { Envelope } from '../../codec/envelope.ts';
import type { InboundMessage, MessageConnection } from '../../transport/types.ts';
import { agentApplicationGone, handleLogin, handleLogout, handleReadiness, mediaStateList, relayAgentStatus } from './agents.ts';
import type { ServerContext } from './context.ts';
import { ErrorCodes, RequestError } from './errors.ts';
import { leaveInteraction } from './conference.ts';
import { handleSubmit } from './interactions.ts';
import { changeProperties } from './properties.ts';
import { placeByAgent } from './placement.ts';
import { refusalFor } from './refusals.ts';
import { sendAck, sendErrorFor } from './replies.ts';
import { asRequestError, gate } from './request-gate.ts';
import { stopProcessing } from './stop-processing.ts';
import { handleAvailable, handleNotAvailable } from './standby.ts';
import { answerUnreadable } from './unreadable-frames.ts';
import { handleGetWorkbinContent, handleWorkbinNotifications } from './workbins.ts';

/**
 * The Interaction Management + Reporting face (path `/`): agent applications, media servers and
 * reporting engines. Every client registers first (GenEM Registration).
 */
export function attachImClient(ctx: ServerContext, conn: MessageConnection): void {
  let registrationTimer: NodeJS.Timeout | undefined;
  // Fault keepUnregistered: the registration timer never runs, so a client that never registers stays connected.
  if (ctx.opts.registrationTimeoutMs > 0 && !ctx.opts.faults.keepUnregistered) {
    registrationTimer = setTimeout(() => {
      registrationTimer = undefined;
      if (!ctx.registry.get(conn)) void conn.close(1008, `not registered within ${ctx.opts.registrationTimeoutMs} ms`);
    }, ctx.opts.registrationTimeoutMs);
  }
  // The timer is stopped in place, not by a helper function: one function fewer for each of 10,000 clients.
  conn.onMessage((m) => {
    onMessage(ctx, conn, m);
    if (registrationTimer !== undefined && ctx.registry.get(conn)) {
      clearTimeout(registrationTimer);
      registrationTimer = undefined;
    }
  });
  conn.onBadFrame((b) => answerUnreadable(conn, b, 'InteractionManagement'));
  conn.onClose(() => {
    if (registrationTimer !== undefined) clearTimeout(registrationTimer);
    registrationTimer = undefined;
    // An agent's application going away logs its agent out (GenEM Disconnection); others just leave.
    agentApplicationGone(ctx, conn);
    ctx.esp.serverGone(conn);
    ctx.standby.remove(conn);
    ctx.registry.remove(conn);
  });
}

function onMessage(ctx: ServerContext, conn: MessageConnection, m: InboundMessage): void {
  const g = gate(ctx, m);
  if (g.kind === 'unanswerable') return;
  const env = m.envelope;
  if (g.kind === 'refuse') return sendErrorFor(conn, env, 'InteractionManagement', g.error.code, g.error.message);
  if (g.kind === 'event') {
    const client = ctx.registry.get(conn);
    if (g.resolved.def.protocol === 'Reporting' && g.resolved.def.name === 'EventCurrentAgentStatus' && client?.clientType === 'ReportingEngine') {
      relayAgentStatus(ctx, env);
    }
    // A third-party server's answer to the Request3rdServer this server passed on (GenEM Invoke Autoresponse).
    if (g.resolved.def.protocol === 'ESP' && g.resolved.def.name === 'Event3rdServerResponse' && client?.clientType === 'MediaServer') {
      ctx.esp.response(conn, env);
    }
    return;
  }
  try {
    carryOut(ctx, conn, env, g.resolved.def.protocol, g.resolved.def.name, m);
  } catch (err) {
    const e = asRequestError(err);
    sendErrorFor(conn, env, g.resolved.def.protocol, e.code, e.message);
  }
}

function carryOut(ctx: ServerContext, conn: MessageConnection, env: Envelope, protocol: string, name: string, m: InboundMessage): void {
  if (protocol !== 'InteractionManagement') {
    throw new RequestError(ErrorCodes.Unsupported, `${name} is a ${protocol} request; this face (${conn.path}) takes Interaction Management requests${protocol === 'TLibrary' ? ' — T-Library goes to /tlib' : ''}`);
  }
  if (name === 'RequestRegisterClient') {
    // Fault ackInvalidClient: any client is taken, whatever its ClientType (GenEM Registration wants EventError).
    const lenient = ctx.opts.faults.ackInvalidClient;
    const refusal = lenient ? undefined : refusalFor(m.violations, 'invalid client: ');
    if (refusal) throw refusal;
    ctx.registry.register(conn, env, lenient);
    sendAck(conn, env);
    return;
  }
  if (!ctx.registry.get(conn)) {
    throw new RequestError(ErrorCodes.NotRegistered, `client is not registered: send RequestRegisterClient before ${name}`);
  }
  // Processing Occurs (GenEM Agent Pulls Interaction): any request from the handling agent resets its processing timer.
  ctx.handling.touch(conn);
  const refusal = refusalFor(m.violations);
  if (refusal) throw refusal;
  switch (name) {
    case 'RequestAgentLogin':
      return handleLogin(ctx, conn, env);
    case 'RequestAgentLogout':
      return handleLogout(ctx, conn, env);
    case 'RequestAgentAvailable':
      return handleAvailable(ctx, conn, env);
    case 'RequestAgentNotAvailable':
      return handleNotAvailable(ctx, conn, env);
    case 'RequestNotReadyForMedia':
      return handleReadiness(ctx, conn, env, false);
    case 'RequestCancelNotReadyForMedia':
      return handleReadiness(ctx, conn, env, true);
    case 'RequestSubmit':
      return handleSubmit(ctx, conn, env);
    // One ticket counter for every invitation: the ticket says whether URS or an agent asked for it.
    case 'RequestAccept':
      return ctx.invitations.owns(env.attributes.TicketId) ? ctx.invitations.accept(conn, env) : ctx.deliveries.accept(conn, env);
    case 'RequestReject':
      return ctx.invitations.owns(env.attributes.TicketId) ? ctx.invitations.reject(conn, env) : ctx.deliveries.reject(conn, env);
    case 'RequestTransfer':
      return ctx.invitations.issue('transfer', conn, env);
    case 'RequestConference':
      return ctx.invitations.issue('conference', conn, env);
    case 'RequestLeaveInteraction':
      return leaveInteraction(ctx, conn, env);
    case 'RequestStopProcessing':
      return stopProcessing(ctx, conn, env);
    case 'RequestChangeProperties':
      return changeProperties(ctx, conn, env);
    case 'RequestPlaceInQueue':
    case 'RequestPlaceInWorkbin':
      return placeByAgent(ctx, conn, env);
    case 'RequestPull':
      return ctx.handling.pull(conn, env);
    case 'RequestGetWorkbinContent':
      return handleGetWorkbinContent(ctx, conn, env);
    case 'RequestWorkbinNotifications':
      return handleWorkbinNotifications(ctx, conn, env, true);
    case 'RequestCancelWorkbinNotifications':
      return handleWorkbinNotifications(ctx, conn, env, false);
    case 'RequestStartPlaceAgentReportingAll':
      return startReporting(ctx, conn, env);
    // The flows Stat Server's media-channel actions need (issue 10): media, do-not-disturb, intrusion.
    case 'RequestAddMedia':
    case 'RequestRemoveMedia':
      return handleMedia(ctx, conn, env, name === 'RequestAddMedia');
    case 'RequestDoNotDisturbOn':
    case 'RequestDoNotDisturbOff':
      return handleDoNotDisturb(ctx, conn, env, name === 'RequestDoNotDisturbOn');
    case 'RequestIntrude':
      return handleIntrude(ctx, conn, env);
    default:
      throw new RequestError(ErrorCodes.Unsupported, `${name} is not supported by the reference Interaction Server`);
  }
}

/**
 * GenEM Reporting Engine Connects: EventAck, then one EventPlaceAgentState per logged-in agent, to the
 * engine that asked — each agent's media state and the interactions it handles, each as InteractionId
 * and MediaType (catalog note). One pass over the interactions, so the snapshot is linear in agents
 * plus interactions. Any number of engines may subscribe, each at any time: agents logged in before it
 * connected are in its snapshot.
 */
function startReporting(ctx: ServerContext, conn: MessageConnection, env: Envelope): void {
  const client = ctx.registry.get(conn);
  if (client?.clientType !== 'ReportingEngine') {
    throw new RequestError(ErrorCodes.Unsupported, `${env.message} from a ${client?.clientType} client: only a ReportingEngine subscribes to agent state`);
  }
  sendAck(conn, env);
  const handled = new Map<string, Array<{ InteractionId: string; MediaType: string }>>();
  for (const i of ctx.interactions.all()) {
    for (const agentId of ctx.parties.of(i)) {
      let list = handled.get(agentId);
      if (!list) handled.set(agentId, (list = []));
      list.push({ InteractionId: i.id, MediaType: i.mediaType });
    }
  }
  const agents = ctx.agents.all();
  // FAULT dropReportingEngineMidSnapshot: the first snapshot of two agents or more stops halfway, the connection closed.
  const dropAfter = ctx.opts.faults.dropReportingEngineMidSnapshot && !ctx.droppedMidSnapshot && agents.length >= 2 ? Math.ceil(agents.length / 2) : Infinity;
  for (const [n, a] of agents.entries()) {
    if (n === dropAfter) {
      ctx.droppedMidSnapshot = true;
      void conn.close(1011, `dropped mid-snapshot after ${n} of ${agents.length} EventPlaceAgentState (fault dropReportingEngineMidSnapshot)`);
      return;
    }
    ctx.reporting.sendTo(conn, 'EventPlaceAgentState', {
      PlaceId: a.placeId,
      AgentId: a.agentId,
      TenantId: a.tenantId,
      MediaStateList: mediaStateList(a),
      Interactions: handled.get(a.agentId) ?? [],
    });
  }
}
