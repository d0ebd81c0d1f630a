import type { MessageDef, Role } from '../types.ts';
import { currentAgentStatusAttributes, extension, opt, proxyClientId, reason, req } from './attributes.ts';

/**
 * Interaction Management (ITX): clients of the Interaction Server — agent applications, media
 * servers and the reporting engine (Stat Server) — and the Interaction Server's answers.
 * Facts: reference §1.1–§1.4; GenEM Registration, LoginLogout, ReportingEngineConnects,
 * MediaServerSubmitsInteraction, AgentSubmitsInteraction, DeliverInteractiontoAgent.
 */

const IS: Role[] = ['InteractionServer'];
/** Every registered client of the Interaction Server's Interaction Management face. */
const CLIENTS: Role[] = ['AgentApplication', 'MediaServer', 'StatServer'];
const AGENT: Role[] = ['AgentApplication'];
const ACK_OR_ERROR = ['EventAck', 'EventError'] as const;

const mediaTypeName = () => req.string('media type name, e.g. email, chat');

export const interactionManagement: readonly MessageDef[] = [
  {
    protocol: 'InteractionManagement',
    name: 'RequestRegisterClient',
    kind: 'request',
    senders: CLIENTS,
    receivers: IS,
    pairing: 'request',
    responses: ACK_OR_ERROR,
    attributes: {
      ClientName: req.string('application name of the client'),
      ClientType: req.oneOf(['AgentApplication', 'MediaServer', 'ReportingEngine', 'Proxy'], 'PSDK InteractionClient'),
      ProxyClientId: proxyClientId(),
      MediaType: opt.string('media of a proxy sub-client'),
      Extension: opt.kv('extension KV list, e.g. event_properties_changed for a media server'),
    },
    description: 'A client registers with the Interaction Server; EventAck on success, EventError for an invalid client; a client that has not registered when the registration timer expires is disconnected.',
    source: '[DOC] GenEM Registration; [CODE] PSDK RequestRegisterClient (ClientName, ClientType, ProxyClientId, MediaType, Extension)',
    note: 'ClientName and ClientType are required: every public PSDK sample sets both. The reporting engine registers as ReportingEngine.',
  },
  {
    protocol: 'InteractionManagement',
    name: 'RequestAgentLogin',
    kind: 'request',
    senders: AGENT,
    receivers: IS,
    pairing: 'request',
    responses: ACK_OR_ERROR,
    attributes: {
      TenantId: req.int('tenant DBID'),
      PlaceId: req.string('place the agent logs in at'),
      AgentId: opt.string('agent (employee) id'),
      MediaList: opt.kv('media the agent logs in to: media name → int state (1 Ready, 0 NotReady)'),
      Reason: reason(),
      ProxyClientId: proxyClientId(),
    },
    description: 'An agent application logs an agent in at a place; EventAck, and EventAgentLogin to the reporting engine.',
    source: '[DOC] GenEM LoginLogout; [CODE] PSDK RequestAgentLogin.create(tenantId, placeId, mediaList)',
    note: 'TenantId and PlaceId are required (the PSDK create() arguments); MediaList may be null in public samples, so it is optional. AgentId is optional in PSDK; the reference desktop always sends it.',
  },
  {
    protocol: 'InteractionManagement',
    name: 'RequestAgentLogout',
    kind: 'request',
    senders: AGENT,
    receivers: IS,
    pairing: 'request',
    responses: ACK_OR_ERROR,
    attributes: { Reason: reason(), ProxyClientId: proxyClientId() },
    description: 'An agent application logs its agent out; EventAck, and EventAgentLogout to the reporting engine.',
    source: '[DOC] GenEM LoginLogout; [CODE] PSDK RequestAgentLogout',
  },
  {
    protocol: 'InteractionManagement',
    name: 'RequestAgentAvailable',
    kind: 'request',
    senders: AGENT,
    receivers: IS,
    pairing: 'request',
    responses: ACK_OR_ERROR,
    attributes: {
      TenantId: opt.int('tenant DBID'),
      PlaceId: opt.string('place the agent is logged in at (on the primary)'),
      AgentId: opt.string('agent (employee) id'),
      MediaList: opt.kv('media the agent is logged in to: media name → int state'),
      Reason: reason(),
      ProxyClientId: proxyClientId(),
    },
    description: 'After logging in on the primary Interaction Server, the agent application tells each other (secondary) Interaction Server that the agent is available there; EventAck.',
    source: '[DOC] GenEM LoginLogout (name and use only: "sends RequestAgentAvailable to the other Interaction Servers"); [INFER] attributes and answer',
    note:
      'GenEM names the request and who it goes to, nothing more. [INFER] It carries what RequestAgentLogin carries (TenantId, PlaceId, AgentId, MediaList), each optional, so a secondary knows whom to log in on failover; ' +
      'the answer is EventAck (EventError for a client that is not an agent application, or an agent already logged in there), as for every agent-management request. The secondary sends no Reporting event: the agent is not logged in there.',
  },
  {
    protocol: 'InteractionManagement',
    name: 'RequestAgentNotAvailable',
    kind: 'request',
    senders: AGENT,
    receivers: IS,
    pairing: 'request',
    responses: ACK_OR_ERROR,
    attributes: { Reason: reason(), ProxyClientId: proxyClientId() },
    description: 'After logging out on the primary Interaction Server, the agent application tells each secondary that the agent is no longer available; EventAck.',
    source: '[DOC] GenEM LoginLogout (name and use only); [INFER] attributes and answer',
    note: '[INFER] Like RequestAgentLogout it names no agent: the connection says whose. EventAck; EventError (192) when no agent was made available on that connection. No Reporting event.',
  },
  {
    protocol: 'InteractionManagement',
    name: 'RequestNotReadyForMedia',
    kind: 'request',
    senders: AGENT,
    receivers: IS,
    pairing: 'request',
    responses: ACK_OR_ERROR,
    attributes: { MediaTypeName: mediaTypeName(), Reason: reason(), ProxyClientId: proxyClientId() },
    description: 'The agent becomes not ready for one media; EventAck, and EventNotReadyForMedia to the reporting engine.',
    source: '[CODE] PSDK RequestNotReadyForMedia (MediaTypeName, Reason)',
  },
  {
    protocol: 'InteractionManagement',
    name: 'RequestCancelNotReadyForMedia',
    kind: 'request',
    senders: AGENT,
    receivers: IS,
    pairing: 'request',
    responses: ACK_OR_ERROR,
    attributes: { MediaTypeName: mediaTypeName(), Reason: reason(), ProxyClientId: proxyClientId() },
    description: 'The agent becomes ready again for one media; EventAck, and EventReadyForMedia to the reporting engine.',
    source: '[CODE] PSDK RequestCancelNotReadyForMedia (MediaTypeName, Reason)',
  },
  {
    protocol: 'InteractionManagement',
    name: 'RequestSubmit',
    kind: 'request',
    senders: ['MediaServer', 'AgentApplication'],
    receivers: IS,
    pairing: 'request',
    responses: ACK_OR_ERROR,
    attributes: {
      MediaType: req.string('media type of the new interaction, e.g. email'),
      InteractionType: req.string('e.g. Inbound, Outbound, Internal'),
      InteractionSubtype: opt.string('e.g. InboundNew'),
      Queue: opt.string('interaction queue to submit to'),
      TenantId: opt.int('tenant DBID'),
      InteractionId: opt.string('set when UCS already created the interaction'),
      UserData: opt.kv('user data attached to the interaction (KV list)'),
      ProxyClientId: proxyClientId(),
    },
    description: 'A media server (or an agent application) submits a new interaction; EventAck and EventInteractionSubmitted, or EventError.',
    source: '[DOC] GenEM MediaServerSubmitsInteraction, AgentSubmitsInteraction; [CODE] PSDK RequestSubmit.create(mediaType, interactionType)',
    note: 'MediaType and InteractionType are required (the PSDK create() arguments); Queue and TenantId may come from the media server endpoint configuration, so they are optional.',
  },
  {
    protocol: 'InteractionManagement',
    name: 'RequestAccept',
    kind: 'request',
    senders: AGENT,
    receivers: IS,
    pairing: 'request',
    responses: ACK_OR_ERROR,
    attributes: {
      TicketId: req.int('ticket of the EventInvite being accepted'),
      InteractionId: req.string('interaction being accepted'),
      InitialInFocusState: opt.string(),
      ProxyClientId: proxyClientId(),
    },
    description: 'The agent accepts an invitation (EventInvite).',
    source: '[DOC] GenEM DeliverInteractiontoAgent (prose); [CODE] PSDK RequestAccept.Create(ticketId, interactionId)',
    note: 'GenEM lists no EventAck for the accept phase, but PSDK clients wait for one: the reference Interaction Server answers EventAck (reference §6).',
  },
  {
    protocol: 'InteractionManagement',
    name: 'RequestReject',
    kind: 'request',
    senders: AGENT,
    receivers: IS,
    pairing: 'request',
    responses: ACK_OR_ERROR,
    attributes: {
      TicketId: req.int('ticket of the EventInvite being rejected'),
      InteractionId: req.string('interaction being rejected'),
      Reason: reason(),
      Extension: extension(),
      ProxyClientId: proxyClientId(),
    },
    description: 'The agent rejects an invitation; EventAck to the agent, EventRejected to the reporting engine, EventRouteUsed to URS.',
    source: '[DOC] GenEM DeliverInteractiontoAgent; [CODE] PSDK RequestReject.Create(ticketId, interactionId, extension), ReasonInfo Reason (reference §1.3)',
    note: 'The Reason, when the agent gives one, goes on in the Reporting EventRejected (its Reason: "the reason for the condition reported by this event", seed 001); that the Interaction Server passes the request\'s own Reason is [INFER].',
  },
  {
    protocol: 'InteractionManagement',
    name: 'RequestStartPlaceAgentReportingAll',
    aliases: ['RequestStartPlaceAgentStateReportingAll'],
    kind: 'request',
    senders: ['StatServer'],
    receivers: IS,
    pairing: 'request',
    responses: ACK_OR_ERROR,
    attributes: {
      TenantList: opt.kv('tenants to report: {tenantId: {"Workbins": ""}}'),
      ProxyClientId: proxyClientId(),
    },
    description: 'The reporting engine asks for the state of every agent logged in to this Interaction Server; EventAck, then one EventPlaceAgentState per agent.',
    source: '[DOC] GenEM ReportingEngineConnects (RequestStartPlaceAgentReportingAll); [CODE] PSDK class RequestStartPlaceAgentStateReportingAll',
    note: 'GenEM and PSDK spell it differently (reference §6): the GenEM spelling is canonical and emitted; the PSDK spelling is accepted as an alias and reported.',
  },
  {
    protocol: 'InteractionManagement',
    name: 'EventAck',
    kind: 'event',
    senders: IS,
    receivers: CLIENTS,
    pairing: 'response',
    attributes: {
      ProxyClientId: proxyClientId(),
      InteractionId: opt.string('the new interaction, when answering RequestSubmit'),
      Extension: extension(),
    },
    description: 'Positive answer to any Interaction Management request; echoes its referenceId.',
    source: '[DOC] GenEM Registration, LoginLogout; [CODE] PSDK EventAck (ReferenceId, ProxyClientId, Extension)',
    note: 'InteractionId on the answer to RequestSubmit is [INFER]: the submitter must learn the id of the interaction it created.',
  },
  {
    protocol: 'InteractionManagement',
    name: 'EventError',
    kind: 'event',
    senders: IS,
    receivers: CLIENTS,
    pairing: 'response',
    attributes: {
      ErrorCode: req.int('error code'),
      ErrorDescription: opt.string('human-readable error text'),
      ProxyClientId: proxyClientId(),
    },
    description: 'Negative answer to an Interaction Management request; echoes its referenceId.',
    source: '[DOC] GenEM Registration, MediaServerSubmitsInteraction; [CODE] PSDK EventError (ErrorCode, ErrorDescription, ReferenceId)',
    note:
      'ErrorCode values are not public for Interaction Management (reference §7); the reference Interaction Server uses the T-Library numbering (tliberr.h [CODE]). ' +
      'Where the record is silent, what the reference server refuses (issue 7): everything a client sends with a referenceId that it cannot serve gets EventError echoing it — ' +
      'an unknown message or protocol 51 (TERR_UNSUP_OPER, with the catalog\'s did-you-mean), invalid attributes 53 (TERR_INVALID_ATTR, every violation with its hint), ' +
      'a request from a client that may not send it 51, and a frame that is not a readable envelope (not JSON, not an envelope, over the frame limit) but shows a top-level ' +
      '"referenceId": n in its first 200 characters 53, text "unreadable frame: …". Recorded and not answered, since no answer could pair: a request without referenceId ' +
      '(EventError must echo one: [DOC] GenEM NegativeResponseEvents, ReferenceID mandatory; a native T-Library request always has one, TGetReferenceID [CODE]), ' +
      'an event or response sent by a client (it asks nothing), a frame showing no referenceId. The face answers in its own protocol: this EventError on /, T-Library EventError on /tlib.',
  },
  {
    protocol: 'InteractionManagement',
    name: 'EventInvite',
    kind: 'event',
    senders: IS,
    receivers: AGENT,
    pairing: 'none',
    attributes: {
      TicketId: req.int('ticket the agent quotes in RequestAccept / RequestReject'),
      Interaction: req.kv('InteractionProperties of the offered interaction', {
        InteractionId: req.string(),
        InteractionMediatype: opt.string('media type (PSDK spelling: Mediatype)'),
        InteractionType: opt.string(),
        InteractionSubtype: opt.string(),
        InteractionQueue: opt.string('queue the interaction was taken from'),
        InteractionUserData: opt.kv('user data (KV list)'),
      }),
      ProxyClientId: proxyClientId(),
    },
    description: 'The Interaction Server offers an interaction to an agent and starts the delivering timer.',
    source: '[DOC] GenEM DeliverInteractiontoAgent, Transfer; [CODE] PSDK EventInvite (TicketId, Interaction.InteractionId, InteractionUserData, InteractionMediatype)',
  },
  {
    protocol: 'InteractionManagement',
    name: 'EventRevoked',
    kind: 'event',
    senders: IS,
    receivers: AGENT,
    pairing: 'none',
    attributes: {
      Interaction: req.kv('InteractionProperties of the revoked interaction', { InteractionId: req.string() }),
      TicketId: opt.int('ticket of the revoked invitation'),
      Reason: reason(),
      ProxyClientId: proxyClientId(),
    },
    description: 'The Interaction Server takes back an invitation or an interaction from the agent (delivering timeout, stop processing).',
    source: '[DOC] GenEM DeliverInteractiontoAgent, Transfer, StopProcessing; [CODE] PSDK EventRevoked (Interaction.InteractionId, Reason)',
  },
  {
    protocol: 'InteractionManagement',
    name: 'EventCurrentAgentStatus',
    kind: 'event',
    senders: IS,
    receivers: AGENT,
    pairing: 'none',
    attributes: currentAgentStatusAttributes(),
    description: 'The Interaction Server relays to the agent application the status that Stat Server calculated from the agent capacity rule.',
    source: '[DOC] GenEM ReportingEngineConnects, LoginLogout; reference §1.4 lists it among the Interaction Management events; [CODE] PSDK com.genesyslab.platform.openmedia.protocol.interactionserver.events.EventCurrentAgentStatus (MediaStateList, DonotDisturb; code ids 3650870495, 42733295272)',
    note:
      'GenEM: the Interaction Server "passes the same event" to the agent, so it has the attributes of the Reporting EventCurrentAgentStatus. AgentId and PlaceId are required [INFER]: the Interaction Server needs them to route the status to the right agent. MediaStateList values: 1 Ready, 0 NotReady in client code; no official table [NOT FOUND]. ' +
      'Seed 000\'s table gives the relayed event as Reporting, and the Reporting EventCurrentAgentStatus is accepted toward the agent application too: an Interaction Server may send either form. The reference one sends this form only with agentStatusProtocol: InteractionManagement.',
  },
];

