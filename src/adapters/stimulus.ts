import type { Role } from '../catalog/types.ts';
// IVR and IVR Server stimuli (issue 11) live in ivr-stimuli.ts; the three lines that join them here are marked IVR.
import { describeIvrStimulus, IVR_STIMULI } from './ivr-stimuli.ts';
import type { IvrStimulus } from './ivr-stimuli.ts';

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
  // --- T-Server and its T-Library clients (voice) -------------------------------------------------
  /** The T-Server's CTI link to the switch goes down (EventLinkDisconnected) / comes back (EventLinkConnected). */
  | { kind: 'link-down' }
  | { kind: 'link-up' }
  /** A call from outside the switch arrives at a DN of the T-Server: it rings there, or waits at a route point; done carries `{ connId }`. */
  | { kind: 'call-arrives'; dn: string; ani?: string }
  /** The caller from outside on the newest call at a DN hangs up (EventReleased to the DN's clients). */
  | { kind: 'caller-hangs-up'; dn: string }
  /** What the switch does right after an agent logs in: `Ready` or `NotReady` (a T-Server's configuration, before agents log in). */
  | { kind: 'configure-after-login'; state: string }
  /** Configure one more DN on a T-Server (`type`: Extension, ACDPosition, RoutingPoint, VoiceTreatmentPort), e.g. an IVR port. */
  | { kind: 'configure-dn'; dn: string; type: string }
  /**
   * The agent at a DN acts on the phone set, not through a T-Library client (`action`: login, logout,
   * ready, not-ready): the T-Server's clients registered there hear it, with no ReferenceID.
   */
  | { kind: 'agent-at-set'; dn: string; action: string; agent?: string }
  /**
   * A T-Library client's requests to a T-Server, each about one DN: done once the T-Server answered,
   * whatever the answer (`{ answer }`: the event, or EventError with `errorCode`) — a refusal is the
   * T-Server's part of the flow, for the checks to judge.
   */
  | { kind: 'register-dn'; dn: string }
  | { kind: 'unregister-dn'; dn: string }
  | { kind: 'agent-login'; dn: string; agent?: string; queue?: string; workMode?: string }
  | { kind: 'agent-logout'; dn: string }
  | { kind: 'agent-ready'; dn: string }
  | { kind: 'agent-not-ready'; dn: string; workMode?: string }
  | { kind: 'query-agent-state'; dn: string }
  | { kind: 'make-call'; dn: string; to: string }
  | { kind: 'answer-call'; dn: string }
  | { kind: 'release-call'; dn: string }
  /** URS sends the call waiting at a route point to a DN (RequestRouteCall); done once answered (EventRouteUsed or EventError). */
  | { kind: 'route-call'; routePoint: string; target: string }
  // --- Stat Server (issue 10, reporting engine connects) ---
  /**
   * Ask a Stat Server what it computes for an agent (reference §5.1): done carries `{ vectors: { media:
   * "[R 1 3 2]" } | null (not logged in anywhere it follows), rule, via }` — a question, nothing is sent
   * on the wire. A Stat Server under test that cannot say answers unsupported (the step is inconc).
   */
  | { kind: 'capacity'; agent: string }
  // --- Stat Server media-channel actions (issue 10, items 3–4): the flows the actions need, and publishing them. ---
  /**
   * A Stat Server publishes the media-channel actions it derives (StatActions, flowcert's own protocol) to
   * the harness's actions observer, from now on; the durable ones in progress first.
   */
  | { kind: 'publish-actions' }
  /** The logged-in agent adds or removes a media (RequestAddMedia / RequestRemoveMedia); done once answered, whatever the answer. */
  | { kind: 'add-media'; media: string }
  | { kind: 'remove-media'; media: string }
  /** Do-not-disturb on or off (RequestDoNotDisturbOn / Off); done once answered, whatever the answer. */
  | { kind: 'do-not-disturb'; on: boolean }
  /**
   * A supervisor's desktop joins an interaction another agent handles, unasked (RequestIntrude) as a full
   * party (Conference), a coach (Coach) or a silent monitor (Monitor); done once answered, whatever the answer.
   */
  | { kind: 'intrude'; interaction: string; visibility: string }
  /** The handling agent asks a supervisor to coach it (RequestConference with VisibilityMode Coach); sent, like conference. */
  | { kind: 'request-coaching'; interaction: string; agent: string; place?: string }
  /** The handling agent sends a response: a new Outbound interaction whose parent is the one it handles (RequestSubmit with ParentInteractionId), of `mediaType` (default email); done with `{ response }`, its id. */
  | { kind: 'send-response'; interaction: string; mediaType?: string }
  /* IVR */ | IvrStimulus;

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
  // IVR: it drops its connection (IVR helper, issue 11).
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
  // T-Server and its T-Library clients (voice)
  'link-down': { roles: ['TServer'], args: {} },
  'link-up': { roles: ['TServer'], args: {} },
  'call-arrives': { roles: ['TServer'], args: { dn: 'string', ani: 'string' }, optional: ['ani'] },
  'caller-hangs-up': { roles: ['TServer'], args: { dn: 'string' } },
  'configure-after-login': { roles: ['TServer'], args: { state: 'string' } },
  'configure-dn': { roles: ['TServer'], args: { dn: 'string', type: 'string' } },
  'agent-at-set': { roles: ['TServer'], args: { dn: 'string', action: 'string', agent: 'string' }, optional: ['agent'] },
  'register-dn': { roles: ['AgentApplication', 'URS'], args: { dn: 'string' } },
  'unregister-dn': { roles: ['AgentApplication', 'URS'], args: { dn: 'string' } },
  'agent-login': { roles: ['AgentApplication'], args: { dn: 'string', agent: 'string', queue: 'string', workMode: 'string' }, optional: ['agent', 'queue', 'workMode'] },
  'agent-logout': { roles: ['AgentApplication'], args: { dn: 'string' } },
  'agent-ready': { roles: ['AgentApplication'], args: { dn: 'string' } },
  'agent-not-ready': { roles: ['AgentApplication'], args: { dn: 'string', workMode: 'string' }, optional: ['workMode'] },
  'query-agent-state': { roles: ['AgentApplication'], args: { dn: 'string' } },
  'make-call': { roles: ['AgentApplication'], args: { dn: 'string', to: 'string' } },
  'answer-call': { roles: ['AgentApplication'], args: { dn: 'string' } },
  'release-call': { roles: ['AgentApplication'], args: { dn: 'string' } },
  'route-call': { roles: ['URS'], args: { routePoint: 'string', target: 'string' } },
  // --- Stat Server (issue 10, reporting engine connects) ---
  capacity: { roles: ['StatServer'], args: { agent: 'string' } },
  // Stat Server media-channel actions (issue 10): one block.
  'publish-actions': { roles: ['StatServer'], args: {} },
  'add-media': { roles: ['AgentApplication'], args: { media: 'string' } },
  'remove-media': { roles: ['AgentApplication'], args: { media: 'string' } },
  'do-not-disturb': { roles: ['AgentApplication'], args: { on: 'boolean' } },
  intrude: { roles: ['AgentApplication'], args: { interaction: 'string', visibility: 'string' } },
  'request-coaching': { roles: ['AgentApplication'], args: { interaction: 'string', agent: 'string', place: 'string' }, optional: ['place'] },
  'send-response': { roles: ['AgentApplication'], args: { interaction: 'string', mediaType: 'string' }, optional: ['mediaType'] },
  /* IVR */ ...IVR_STIMULI,
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
    // T-Server and its T-Library clients (voice)
    case 'link-down':
      return 'take the CTI link to the switch down';
    case 'link-up':
      return 'bring the CTI link to the switch back';
    case 'call-arrives':
      return `let a call${s.ani ? ` from ${s.ani}` : ''} arrive at DN ${s.dn}`;
    case 'caller-hangs-up':
      return `let the caller at DN ${s.dn} hang up`;
    case 'configure-after-login':
      return `put agents in ${s.state} after login`;
    case 'configure-dn':
      return `configure DN ${s.dn} as a ${s.type}`;
    case 'agent-at-set':
      return `let ${s.agent !== undefined ? `agent ${s.agent}` : 'the agent'} at DN ${s.dn} ${s.action === 'not-ready' ? 'go not ready' : s.action === 'ready' ? 'go ready' : `log ${s.action === 'login' ? 'in' : 'out'}`} on the phone set`;
    case 'register-dn':
      return `register DN ${s.dn}`;
    case 'unregister-dn':
      return `unregister DN ${s.dn}`;
    case 'agent-login':
      return `log ${s.agent !== undefined ? `agent ${s.agent}` : 'an agent'} in at DN ${s.dn}${s.queue ? ` in queue ${s.queue}` : ''}`;
    case 'agent-logout':
      return `log the agent at DN ${s.dn} out`;
    case 'agent-ready':
      return `make the agent at DN ${s.dn} ready`;
    case 'agent-not-ready':
      return `make the agent at DN ${s.dn} not ready${s.workMode ? ` (${s.workMode})` : ''}`;
    case 'query-agent-state':
      return `ask the agent state of DN ${s.dn}`;
    case 'make-call':
      return `call DN ${s.to} from DN ${s.dn}`;
    case 'answer-call':
      return `answer the call ringing at DN ${s.dn}`;
    case 'release-call':
      return `hang up at DN ${s.dn}`;
    case 'route-call':
      return `route the call at route point ${s.routePoint} to DN ${s.target}`;
    // --- Stat Server (issue 10, reporting engine connects) ---
    case 'capacity':
      return `tell the capacity of agent ${s.agent}`;
    // Stat Server media-channel actions (issue 10): one block.
    case 'publish-actions':
      return 'publish its media-channel actions';
    case 'add-media':
      return `add media ${s.media}`;
    case 'remove-media':
      return `remove media ${s.media}`;
    case 'do-not-disturb':
      return `turn do-not-disturb ${s.on ? 'on' : 'off'}`;
    case 'intrude':
      return `intrude on interaction ${s.interaction} as ${s.visibility}`;
    case 'request-coaching':
      return `ask agent ${s.agent}${s.place ? ` at place ${s.place}` : ''} to coach on interaction ${s.interaction}`;
    case 'send-response':
      return `send a response to interaction ${s.interaction}`;
    /* IVR */ default:
      return describeIvrStimulus(s);
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
