import type { Role } from '../catalog/types.ts';
// The stimuli of the voice side (T-Server and its clients), of the Stat Server and of the IVR live in files
// of their own, each with its table and its wording; they join the union and the table here.
import { describeIvrStimulus, IVR_STIMULI } from './ivr-stimuli.ts';
import type { IvrStimulus } from './ivr-stimuli.ts';
import { describeStatServerStimulus, STAT_SERVER_STIMULI } from './stat-server-stimuli.ts';
import type { StatServerStimulus } from './stat-server-stimuli.ts';
import { describeVoiceStimulus, VOICE_STIMULI } from './voice-stimuli.ts';
import type { VoiceStimulus } from './voice-stimuli.ts';

/**
 * Stimuli: what a scenario asks a participant to do, as data. The same object goes to a reference
 * implementation (a method call), to a SUT through the control channel (one JSON line), or is looked
 * up in a recording (replay), so a feature reads the same whoever plays the part.
 */
export type Stimulus =
  /** Log an agent in at a place for these media (RequestAgentLogin). */
  | { kind: 'login'; agent: string; place: string; media: string[]; tenant?: number }
  /** Log the agent of this desktop out (RequestAgentLogout). */
  | { kind: 'logout' }
  /** Readiness for one medium (RequestCancelNotReadyForMedia / RequestNotReadyForMedia). */
  | { kind: 'ready'; media: string }
  | { kind: 'not-ready'; media: string }
  /**
   * How to answer invitations from now on, including one already pending: accept, reject, or let the
   * delivering timer run out; `delayMs` after each invitation arrived. A reject's `reason` (a ReasonInfo
   * KV list: ReasonSystemName, ReasonDescription, Reason) goes in RequestReject's Reason.
   */
  | { kind: 'accept'; delayMs?: number }
  | { kind: 'reject'; delayMs?: number; reason?: Record<string, unknown> }
  | { kind: 'ignore' }
  /**
   * Submit a new interaction (RequestSubmit), as a media server or as an agent's desktop (its logged-in
   * agent submits); done carries `{ interactionId }`. `without` names attributes to leave out of the
   * request (e.g. `["MediaType"]`: a submit without a media type). With `mayBeRefused`, an EventError is an
   * answer the scenario goes on to check, not a failure of the step: done carries `{ refused: { errorCode,
   * description } }` and no interaction.
   */
  | { kind: 'submit'; mediaType: string; queue: string; interactionType?: string; without?: string[]; mayBeRefused?: boolean }
  /**
   * Stop processing an interaction: RequestStopProcessing from a media server or an agent's desktop,
   * RequestRouteCall with RouteType CallDisconnect from URS. Done once the request is answered, whatever
   * the answer (EventAck, EventRouteUsed or EventError): done carries `{ answer }`, the answer's message
   * name, and the flow check judges it.
   */
  | { kind: 'stop-processing'; interaction: string; reason?: Record<string, unknown> }
  /**
   * Change an interaction's properties: RequestChangeProperties from a media server (changed, added,
   * deleted), RequestUpdateUserData from URS (changed and added; URS cannot delete). Done once answered,
   * whatever the answer (`{ answer }`), like stop-processing.
   */
  | { kind: 'change-properties'; interaction: string; changed?: Record<string, unknown>; added?: Record<string, unknown>; deleted?: string[] }
  /**
   * Drop the connection and connect again, registering with `extension` (RequestRegisterClient's Extension
   * KV list, e.g. `{ event_properties_changed: 1 }`) — or not registering at all with `register: false`.
   */
  | { kind: 'reconnect'; register?: boolean; extension?: Record<string, unknown> }
  /**
   * Ask a third-party server for a service through the Interaction Server (ESP: RequestPrivateService
   * carrying Envelope3rdServer {Server, Service, Method, Parameters}). Done once answered (`{ answer }`).
   */
  | { kind: 'invoke-service'; interaction: string; server: string; service: string; method: string; parameters?: Record<string, unknown> }
  /** Route an interaction offered for routing to an agent (RequestRouteCall); done once the request is sent. */
  | { kind: 'route'; interaction: string; agent: string; place: string }
  /**
   * Transfer an interaction this desktop's agent handles to another agent (RequestTransfer), or bring
   * another agent into it (RequestConference); done once the request is sent. Its answer comes when the
   * invited agent answers or the delivering timer expires, and the flow check reads it from the trace.
   */
  | { kind: 'transfer'; interaction: string; agent: string; place?: string }
  | { kind: 'conference'; interaction: string; agent: string; place?: string }
  /** Leave an interaction (RequestLeaveInteraction); done once the request is sent — refused or not, the trace says. */
  | { kind: 'leave'; interaction: string; reason?: Record<string, unknown> }
  /**
   * Drop every connection at once, as when a desktop crashes or a link goes down. An Interaction
   * Server stops listening too (GenEM Disconnection and Failover: "Interaction Server Disconnects").
   */
  | { kind: 'disconnect' }
  /** An Interaction Server that was disconnected listens again where it did, with no memory of its clients (GenEM "Interaction Server Restarts"). */
  | { kind: 'restart' }
  /**
   * Send RequestRegisterClient with this ClientType (default: the participant's own) and ClientName
   * (default: its name): done once the server answered, whatever the answer (data.answer: EventAck or
   * EventError) — the flow check judges the answer, so a registration a scenario expects refused is no failure here.
   */
  | { kind: 'register'; clientType?: string; clientName?: string }
  /**
   * Send one Interaction Management request with exactly these attributes (a request before
   * registering, a submit without a media type): done once the server answered, whatever the answer
   * (data.answer); failed only when nothing answered.
   */
  | { kind: 'request'; message: string; attributes?: Record<string, unknown> }
  /**
   * Place an interaction in a queue: URS by RequestRouteCall naming the Queue, the handling agent's
   * application by RequestPlaceInQueue. Done once the request is answered (EventRouteUsed, EventAck or
   * EventError: the flow checks read which from the trace).
   */
  | { kind: 'place-in-queue'; interaction: string; queue: string }
  /** Place an interaction in the workbin of type `workbin` owned by agent `owner` (default: the desktop's own agent); as place-in-queue. */
  | { kind: 'place-in-workbin'; interaction: string; workbin: string; owner?: string }
  /** Pull an interaction out of the queue or workbin it waits in (RequestPull); done once answered. */
  | { kind: 'pull'; interaction: string }
  /** Workbin operations (RequestGetWorkbinContent, RequestWorkbinNotifications, RequestCancelWorkbinNotifications); done once answered, whatever the answer. */
  | { kind: 'get-workbin-content'; workbin: string; owner?: string }
  | { kind: 'subscribe-workbin'; workbin: string; owner?: string }
  | { kind: 'unsubscribe-workbin'; workbin: string; owner?: string }
  /** Configure a workbin type on an Interaction Server (every agent gets a workbin of that type). */
  | { kind: 'configure-workbin'; workbin: string }
  | VoiceStimulus
  | StatServerStimulus
  | IvrStimulus;

export type StimulusKind = Stimulus['kind'];

/** done: carried out (data: what it produced); unsupported: the participant cannot take it; failed: it tried and could not. */
export type StimulusResult =
  | { status: 'done'; data?: Record<string, unknown> }
  | { status: 'unsupported'; reason: string }
  | { status: 'failed'; reason: string };

/** Each stimulus, the roles that take it, and what its arguments are (for the control channel and its docs). */
/** Argument types on the control channel: `kv` is a JSON object (a Genesys KV list). */
export type StimulusArgType = 'string' | 'number' | 'boolean' | 'string[]' | 'kv';

export const STIMULI: Readonly<Record<StimulusKind, { roles: readonly Role[]; args: Readonly<Record<string, StimulusArgType>>; optional?: readonly string[] }>> = {
  login: { roles: ['AgentApplication'], args: { agent: 'string', place: 'string', media: 'string[]', tenant: 'number' }, optional: ['tenant'] },
  logout: { roles: ['AgentApplication'], args: {} },
  ready: { roles: ['AgentApplication'], args: { media: 'string' } },
  'not-ready': { roles: ['AgentApplication'], args: { media: 'string' } },
  accept: { roles: ['AgentApplication'], args: { delayMs: 'number' }, optional: ['delayMs'] },
  reject: { roles: ['AgentApplication'], args: { delayMs: 'number', reason: 'kv' }, optional: ['delayMs', 'reason'] },
  ignore: { roles: ['AgentApplication'], args: {} },
  submit: {
    roles: ['MediaServer', 'AgentApplication'],
    args: { mediaType: 'string', queue: 'string', interactionType: 'string', without: 'string[]', mayBeRefused: 'boolean' },
    optional: ['interactionType', 'without', 'mayBeRefused'],
  },
  'stop-processing': { roles: ['MediaServer', 'AgentApplication', 'URS'], args: { interaction: 'string', reason: 'kv' }, optional: ['reason'] },
  'change-properties': {
    roles: ['MediaServer', 'URS'],
    args: { interaction: 'string', changed: 'kv', added: 'kv', deleted: 'string[]' },
    optional: ['changed', 'added', 'deleted'],
  },
  reconnect: { roles: ['MediaServer'], args: { register: 'boolean', extension: 'kv' }, optional: ['register', 'extension'] },
  'invoke-service': { roles: ['URS'], args: { interaction: 'string', server: 'string', service: 'string', method: 'string', parameters: 'kv' }, optional: ['parameters'] },
  route: { roles: ['URS'], args: { interaction: 'string', agent: 'string', place: 'string' } },
  transfer: { roles: ['AgentApplication'], args: { interaction: 'string', agent: 'string', place: 'string' }, optional: ['place'] },
  conference: { roles: ['AgentApplication'], args: { interaction: 'string', agent: 'string', place: 'string' }, optional: ['place'] },
  leave: { roles: ['AgentApplication'], args: { interaction: 'string', reason: 'kv' }, optional: ['reason'] },
  disconnect: { roles: ['AgentApplication', 'MediaServer', 'StatServer', 'URS', 'InteractionServer', 'TServer', 'IVR'], args: {} },
  restart: { roles: ['InteractionServer'], args: {} },
  register: { roles: ['AgentApplication'], args: { clientType: 'string', clientName: 'string' }, optional: ['clientType', 'clientName'] },
  request: { roles: ['AgentApplication'], args: { message: 'string', attributes: 'kv' }, optional: ['attributes'] },
  'place-in-queue': { roles: ['URS', 'AgentApplication'], args: { interaction: 'string', queue: 'string' } },
  'place-in-workbin': { roles: ['URS', 'AgentApplication'], args: { interaction: 'string', workbin: 'string', owner: 'string' }, optional: ['owner'] },
  pull: { roles: ['AgentApplication'], args: { interaction: 'string' } },
  'get-workbin-content': { roles: ['AgentApplication'], args: { workbin: 'string', owner: 'string' }, optional: ['owner'] },
  'subscribe-workbin': { roles: ['AgentApplication'], args: { workbin: 'string', owner: 'string' }, optional: ['owner'] },
  'unsubscribe-workbin': { roles: ['AgentApplication'], args: { workbin: 'string', owner: 'string' }, optional: ['owner'] },
  'configure-workbin': { roles: ['InteractionServer'], args: { workbin: 'string' } },
  ...VOICE_STIMULI,
  ...STAT_SERVER_STIMULI,
  ...IVR_STIMULI,
};

export const STIMULUS_KINDS = Object.keys(STIMULI) as StimulusKind[];

export function isStimulusKind(s: unknown): s is StimulusKind {
  return typeof s === 'string' && Object.hasOwn(STIMULI, s);
}

/** The stimuli a role takes, for the capabilities a reference participant declares. */
export function stimuliOf(role: Role): StimulusKind[] {
  return STIMULUS_KINDS.filter((k) => STIMULI[k].roles.includes(role));
}

/** `login Agent1 at Place1 for email`: how a stimulus reads in notes and errors. */
export function describeStimulus(s: Stimulus): string {
  switch (s.kind) {
    case 'login':
      return `log agent ${s.agent} in at place ${s.place} for ${s.media.join(', ')}`;
    case 'logout':
      return 'log the agent out';
    case 'ready':
    case 'not-ready':
      return `${s.kind} for ${s.media}`;
    case 'accept':
      return `accept invitations${s.delayMs ? ` after ${s.delayMs} ms` : ''}`;
    case 'reject':
      return `reject invitations${s.delayMs ? ` after ${s.delayMs} ms` : ''}${s.reason ? ` with reason ${JSON.stringify(s.reason)}` : ''}`;
    case 'ignore':
      return 'ignore invitations';
    case 'submit':
      return `submit a ${s.mediaType} interaction ${s.queue ? `to queue ${s.queue}` : 'as its agent'}${s.without?.length ? ` without ${s.without.join(', ')}` : ''}`;
    case 'stop-processing':
      return `stop processing interaction ${s.interaction}${s.reason ? ` with reason ${JSON.stringify(s.reason)}` : ''}`;
    case 'change-properties': {
      const parts = [s.changed && `changing ${JSON.stringify(s.changed)}`, s.added && `adding ${JSON.stringify(s.added)}`, s.deleted?.length && `deleting ${s.deleted.join(', ')}`].filter(Boolean);
      return `change the properties of interaction ${s.interaction}${parts.length ? `: ${parts.join(', ')}` : ''}`;
    }
    case 'reconnect':
      return s.register === false ? 'reconnect without registering' : `reconnect and register${s.extension ? ` with extension ${JSON.stringify(s.extension)}` : ''}`;
    case 'invoke-service':
      return `ask ${s.server} for ${s.service}.${s.method} on interaction ${s.interaction}`;
    case 'route':
      return `route interaction ${s.interaction} to agent ${s.agent} at place ${s.place}`;
    case 'transfer':
      return `transfer interaction ${s.interaction} to agent ${s.agent}${s.place ? ` at place ${s.place}` : ''}`;
    case 'conference':
      return `conference agent ${s.agent}${s.place ? ` at place ${s.place}` : ''} into interaction ${s.interaction}`;
    case 'leave':
      return `leave interaction ${s.interaction}${s.reason ? ` with reason ${JSON.stringify(s.reason)}` : ''}`;
    case 'disconnect':
      return 'disconnect';
    case 'restart':
      return 'restart';
    case 'register':
      return `register${s.clientType !== undefined ? ` as client type ${s.clientType}` : ''}${s.clientName !== undefined ? ` named ${JSON.stringify(s.clientName)}` : ''}`;
    case 'request':
      return `send ${s.message}${s.attributes && Object.keys(s.attributes).length ? ` with ${JSON.stringify(s.attributes)}` : ' without attributes'}`;
    case 'place-in-queue':
      return `place interaction ${s.interaction} in queue ${s.queue}`;
    case 'place-in-workbin':
      return `place interaction ${s.interaction} in workbin ${s.workbin}${s.owner ? ` of agent ${s.owner}` : ''}`;
    case 'pull':
      return `pull interaction ${s.interaction}`;
    case 'get-workbin-content':
      return `get the content of workbin ${s.workbin}${s.owner ? ` of agent ${s.owner}` : ''}`;
    case 'subscribe-workbin':
      return `subscribe to workbin ${s.workbin}${s.owner ? ` of agent ${s.owner}` : ''}`;
    case 'unsubscribe-workbin':
      return `cancel the notifications of workbin ${s.workbin}${s.owner ? ` of agent ${s.owner}` : ''}`;
    case 'configure-workbin':
      return `configure workbin ${s.workbin}`;
    default:
      if (Object.hasOwn(VOICE_STIMULI, s.kind)) return describeVoiceStimulus(s as VoiceStimulus);
      if (Object.hasOwn(STAT_SERVER_STIMULI, s.kind)) return describeStatServerStimulus(s as StatServerStimulus);
      return describeIvrStimulus(s as IvrStimulus);
  }
}

/** Checks a stimulus that came as JSON (the SUT side of the control channel); the reason when it is not one. */
export function parseStimulus(v: unknown): Stimulus | string {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'a stimulus is a JSON object with a "kind"';
  const o = v as Record<string, unknown>;
  if (!isStimulusKind(o.kind)) return `unknown stimulus kind ${JSON.stringify(o.kind)}; kinds: ${STIMULUS_KINDS.join(', ')}`;
  const spec = STIMULI[o.kind];
  for (const [arg, type] of Object.entries(spec.args)) {
    const value = o[arg];
    if (value === undefined) {
      if (spec.optional?.includes(arg)) continue;
      return `stimulus ${o.kind} needs ${arg} (${type})`;
    }
    const ok =
      type === 'string[]' ? Array.isArray(value) && value.every((x) => typeof x === 'string')
      : type === 'kv' ? typeof value === 'object' && value !== null && !Array.isArray(value)
      : typeof value === type;
    if (!ok) return `stimulus ${o.kind}: ${arg} must be ${type === 'string[]' ? 'a list of strings' : type === 'kv' ? 'a JSON object (a KV list)' : type === 'boolean' ? 'true or false' : `a ${type}`}`;
  }
  return o as unknown as Stimulus;
}
