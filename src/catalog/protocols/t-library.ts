import type { MessageDef } from '../types.ts';
import { opt, req } from './attributes.ts';
import { CALL_TYPES, DN_ROLES, TLIB_CLIENTS } from './t-library-voice.ts';

/**
 * T-Library as URS uses it toward the Interaction Server: the Interaction Server emulates a T-Server,
 * URS's RequestRouteCall stands in for Deliver / RequestPlaceInQueue / RequestPlaceInWorkbin /
 * RequestStopProcessing, and EventRouteUsed stands in for EventAck (reference §1.1, §3).
 * Attribute names are the T-Library TEvent names (reference §3.3, §3.5) — except the interaction
 * id, which has no T-Library attribute: it travels as InteractionId [INFER].
 */

/** TRouteType names (reference §3.3), sent by name on the JSON wire. */
export const ROUTE_TYPES = [
  'Unknown', 'Default', 'Label', 'OverwriteDNIS', 'DDD', 'IDDD', 'Direct', 'Reject', 'Announcement',
  'PostFeature', 'DirectAgent', 'Priority', 'DirectPriority', 'AgentID', 'CallDisconnect',
] as const;

const VOICE_NOTE = 'Shared by the Interaction Server (toward URS, InteractionId) and the T-Server (a call at a route point: ConnID, ThisDN …): the catalog holds one definition per name, so the attributes of each are optional here and each model asserts the ones its server must send [INFER].';

const INTERACTION_ID_NOTE = 'InteractionId [INFER]: the Interaction Server identifies the interaction to URS; T-Library has no such attribute, so the PSDK Interaction Management name is used.';

export const tLibrary: readonly MessageDef[] = [
  {
    protocol: 'TLibrary',
    name: 'RequestRouteCall',
    kind: 'request',
    senders: ['URS'],
    receivers: ['InteractionServer', 'TServer'],
    pairing: 'request',
    responses: ['EventRouteUsed', 'EventError'],
    attributes: {
      InteractionId: opt.string('the interaction to route (Interaction Server)'),
      ConnID: opt.string('the call to route (T-Server)'),
      ThisDN: opt.string('the route point the call waits at (T-Server)'),
      AgentId: opt.string('agent to deliver to'),
      PlaceId: opt.string('place to deliver to'),
      OtherDN: opt.string('routing destination'),
      RouteType: opt.oneOf(ROUTE_TYPES, 'TRouteType name'),
      Queue: opt.string('queue to place the interaction in (stands in for RequestPlaceInQueue)'),
      WorkbinTypeId: opt.string('workbin to place the interaction in (stands in for RequestPlaceInWorkbin)'),
      WorkbinAgentId: opt.string('owner of that agent workbin'),
      WorkbinGroupId: opt.string('owner of that agent-group workbin'),
      UserData: opt.kv('user data (KV list)'),
      Extensions: opt.kv('extensions (KV list)'),
    },
    description: 'URS asks the Interaction Server to deliver the interaction to an agent and place (or to place it in a queue or workbin, or to stop processing it: RouteType CallDisconnect); or a T-Server to send the call waiting at a route point (ThisDN, ConnID) to OtherDN.',
    source: '[DOC] GenEM DeliverInteractiontoAgent ("RequestRouteCall ... specifying the agent and place"), PlaceInteractioninQueue, StopProcessing; [CODE] tlib TRouteCall (OtherDN, RouteType, UserData, Extensions)',
    note: `${VOICE_NOTE} ${INTERACTION_ID_NOTE} AgentId and PlaceId are optional because RequestRouteCall also stands for place-in-queue and stop-processing; the Deliver model asserts them. RouteType travels as the TRouteType name. Stop processing (GenEM StopProcessing version D) is RouteType CallDisconnect naming no agent, place or queue [INFER: GenEM says only that RequestRouteCall stands for RequestStopProcessing; CallDisconnect (TRouteType 14, tlib_ext.h [CODE]) is the route type that ends a call instead of sending it somewhere], with the stop's reason in Extensions.Reason when URS gives one. How it names a queue or a workbin is not public [INFER]: without AgentId and PlaceId, WorkbinTypeId (with WorkbinAgentId or WorkbinGroupId, the seed 001 names) places it in that workbin, else Queue places it in that queue; EventRouteUsed answers either (in place of EventAck, GenEM PlaceInteractioninQueue).`,
  },
  {
    protocol: 'TLibrary',
    name: 'EventRouteRequest',
    kind: 'event',
    senders: ['InteractionServer', 'TServer'],
    receivers: ['URS'],
    pairing: 'none',
    attributes: {
      InteractionId: opt.string('the interaction to route (Interaction Server)'),
      ConnID: opt.string('the call waiting (T-Server)'),
      CallID: opt.int('switch call id (T-Server)'),
      CallType: opt.oneOf(CALL_TYPES, 'TCallType name'),
      ThisDN: opt.string('the route point (T-Server)'),
      ThisQueue: opt.string('the route point again: ThisDN = ThisQueue (T-Server)'),
      ANI: opt.string('calling number'),
      DNIS: opt.string('dialled number'),
      Queue: opt.string('queue the interaction waits in (stands in for ThisQueue)'),
      MediaType: opt.string('media type of the interaction'),
      TenantId: opt.int('tenant of the interaction'),
      UserData: opt.kv('user data (KV list)'),
      Extensions: opt.kv('extensions (KV list)'),
    },
    description: 'The Interaction Server offers URS a queued interaction to route, as a T-Server offers a call waiting at a routing point.',
    source: '[DOC] GenEM CallRoutingEvents (EventRouteRequest: ThisDN, ThisQueue, UserData, Extensions ...), reference §3.5',
    note: `${VOICE_NOTE} Added by helper SERVERS. [INFER] URS learns of a queued interaction as a T-Server client learns of a call at a routing point; the public record does not show the Interaction Server's message for it. ${INTERACTION_ID_NOTE} Queue stands for ThisQueue.`,
  },
  {
    protocol: 'TLibrary',
    name: 'EventRouteUsed',
    kind: 'event',
    senders: ['InteractionServer', 'TServer'],
    receivers: ['URS'],
    pairing: 'response',
    attributes: {
      InteractionId: opt.string('the routed interaction (Interaction Server)'),
      ConnID: opt.string('the routed call (T-Server)'),
      CallID: opt.int('switch call id (T-Server)'),
      CallType: opt.oneOf(CALL_TYPES, 'TCallType name'),
      ThisDN: opt.string('the route point (T-Server)'),
      ThisQueue: opt.string('the route point (T-Server)'),
      ThirdPartyDNRole: opt.oneOf(DN_ROLES, 'Destination (T-Server)'),
      ThirdPartyDN: opt.string('destination used'),
      AgentId: opt.string('agent the interaction went to'),
      PlaceId: opt.string('place the interaction went to'),
      Reasons: opt.kv('reasons (KV list), e.g. why a delivery failed'),
      UserData: opt.kv('user data (KV list)'),
      Extensions: opt.kv('extensions (KV list)'),
    },
    description: 'The Interaction Server tells URS its RequestRouteCall has been filled (delivery accepted or rejected, interaction queued); it stands in for EventAck.',
    source: '[DOC] GenEM DeliverInteractiontoAgent ("informing it that its Deliver request has been filled"), PlaceInteractioninQueue; GenEM CallRoutingEvents (EventRouteUsed: ThirdPartyDN, Reasons, ReferenceID)',
    note: `${VOICE_NOTE} ${INTERACTION_ID_NOTE} It answers RequestRouteCall and echoes its referenceId (GenEM makes ReferenceID optional on voice EventRouteUsed; on the Interaction Server's face it always answers a RequestRouteCall). The reasons attribute keeps its T-Library name, Reasons.`,
  },
  {
    protocol: 'TLibrary',
    name: 'EventAbandoned',
    kind: 'event',
    senders: ['InteractionServer'],
    receivers: ['URS'],
    pairing: 'none',
    attributes: {
      InteractionId: req.string('the interaction that stopped'),
      Reasons: opt.kv('reasons (KV list), e.g. who stopped processing'),
      UserData: opt.kv('user data (KV list)'),
      Extensions: opt.kv('extensions (KV list)'),
    },
    description: 'The Interaction Server tells URS that an interaction it was processing has stopped (a media server stopped processing it); it stands in for EventRevoked.',
    source: '[DOC] GenEM StopProcessing version B ("EventAbandoned ... in place of EventRevoked"); tlib_ext.h EventAbandoned = 59 [CODE]',
    note: `${INTERACTION_ID_NOTE} Unsolicited: it answers no request of URS's. Sent to every connected URS [INFER]: the reference server does not track which URS holds an interaction before it routes it.`,
  },
  {
    protocol: 'TLibrary',
    name: 'RequestUpdateUserData',
    kind: 'request',
    senders: ['URS'],
    receivers: ['InteractionServer'],
    pairing: 'request',
    responses: ['EventAttachedDataChanged', 'EventError'],
    attributes: {
      InteractionId: req.string('the interaction whose properties change'),
      UserData: req.kv('properties to add or change (KV list)'),
      Extensions: opt.kv('extensions (KV list)'),
    },
    description: 'URS changes properties of an interaction it processes; it stands in for RequestChangeProperties.',
    source: '[DOC] GenEM ChangeProperties ("RequestUpdateUserData ... in place of RequestChangeProperties"), reference §1.1; tlib_ext.h RequestUpdateUserData = 31 [CODE]',
    note: `${INTERACTION_ID_NOTE} UserData is required: an update that changes nothing is no update.`,
  },
  {
    protocol: 'TLibrary',
    name: 'EventAttachedDataChanged',
    kind: 'event',
    senders: ['InteractionServer'],
    receivers: ['URS'],
    pairing: 'optional-response',
    attributes: {
      InteractionId: req.string('the interaction whose properties changed'),
      UserData: opt.kv('the properties after the change (KV list)'),
      Extensions: opt.kv('extensions (KV list)'),
    },
    description: 'The properties of an interaction changed: answers URS\'s RequestUpdateUserData (in place of EventAck), or tells URS that a media server changed an interaction URS processes (in place of EventPropertiesChanged).',
    source: '[DOC] GenEM ChangeProperties, reference §1.1; tlib_ext.h EventAttachedDataChanged = 85 [CODE]',
    note: `${INTERACTION_ID_NOTE} Answering RequestUpdateUserData it echoes its referenceId; sent because a media server changed the properties it carries none.`,
  },
  {
    protocol: 'TLibrary',
    name: 'RequestPrivateService',
    kind: 'request',
    senders: ['URS'],
    receivers: ['InteractionServer'],
    pairing: 'request',
    responses: ['EventPrivateInfo', 'EventError'],
    attributes: {
      InteractionId: opt.string('the interaction the service is for'),
      UserData: opt.kv('interaction context (KV list)'),
      Extensions: req.kv('Envelope3rdServer: the ESP request', {
        Envelope3rdServer: req.kv('ESP envelope: Server, Service, Method, Version, Parameters', {
          Server: req.string('the third-party server: AppName or AppType'),
          Service: req.string('service name'),
          Method: req.string('method name'),
          Version: opt.string('ESP protocol version, "1.0"'),
          Parameters: opt.kv('method parameters (KV list)'),
        }),
      }),
      PrivateMsgID: opt.int('T-Library private message id'),
    },
    description: 'URS asks the Interaction Server to pass an ESP request (Request3rdServer) to a third-party server: the T-Library carrier of ESP.',
    source: '[DOC] GenEM InvokeAutoresponse; ESP design note in the eServices javadoc: attributes packed in Extensions Envelope3rdServer, parameters in Parameters, Version "1.0" (reference §1.8); tlib_ext.h RequestPrivateService = 149 [CODE]',
    note: `${INTERACTION_ID_NOTE} InteractionId may also travel in UserData; the reference server reads the attribute first. PrivateMsgID is the T-Library attribute; its value for ESP is not public and the reference server does not need it.`,
  },
  {
    protocol: 'TLibrary',
    name: 'EventPrivateInfo',
    kind: 'event',
    senders: ['InteractionServer'],
    receivers: ['URS'],
    pairing: 'response',
    attributes: {
      InteractionId: opt.string('the interaction the service was for'),
      UserData: opt.kv('interaction context (KV list)'),
      Extensions: req.kv('Envelope3rdServer: the ESP response', {
        Envelope3rdServer: req.kv('ESP envelope: Server, Service, Method, Version, Parameters (output; FaultCode and FaultString on failure)', {
          Server: opt.string(),
          Service: opt.string(),
          Method: opt.string(),
          Version: opt.string(),
          Parameters: opt.kv('output parameters; FaultCode and FaultString when the service failed'),
        }),
      }),
    },
    description: 'The Interaction Server passes a third-party server\'s Event3rdServerResponse back to URS: the T-Library carrier of ESP.',
    source: '[DOC] GenEM InvokeAutoresponse ("EventPrivateInfo ↔ Event3rdServerResponse", reference §1.8); tlib_ext.h EventPrivateInfo = 150 [CODE]',
    note: `${INTERACTION_ID_NOTE} It answers RequestPrivateService and echoes its referenceId.`,
  },
  {
    protocol: 'TLibrary',
    name: 'EventError',
    kind: 'event',
    senders: ['InteractionServer', 'TServer'],
    receivers: TLIB_CLIENTS,
    // The Interaction Server's T-Library face serves URS only; its agent applications get the Interaction Management EventError.
    notBetween: [['InteractionServer', 'AgentApplication'], ['InteractionServer', 'IVRServer']],
    pairing: 'response',
    attributes: {
      ErrorCode: req.int('T-Library error code'),
      ErrorMessage: opt.string('error text'),
      InteractionId: opt.string('the interaction the failed request named'),
      ThisDN: opt.string('the DN the failed request named (T-Server)'),
      ConnID: opt.string('the call the failed request named (T-Server)'),
      Extensions: opt.kv('additional information on the failure'),
    },
    description: 'Negative answer to a T-Library request, e.g. a RequestRouteCall naming an unknown interaction.',
    source: '[DOC] GenEM NegativeResponseEvents (ErrorCode M, ErrorMessage O, ReferenceID M, Extensions O)',
    note: `The T-Server's codes (tliberr.h /main/56 [CODE], code-index id 47950809298): 41 TERR_NOT_REGISTERED (DN not registered by this client), 43 TERR_IN_SAME_STATE (already logged in / out / ready / not ready), 51 TERR_UNSUP_OPER, 53 TERR_INVALID_ATTR, 54 TERR_NO_SWITCH (link down), 56 TERR_INV_CONNID, 59 TERR_NOT_CONFIGURED (unknown DN), 187 TERR_ACD_LOGOFF (ready / not ready with no agent logged in), 192 TERR_AGENT_ID_INV (unknown agent). ${INTERACTION_ID_NOTE} On the Interaction Server's /tlib face the reference server refuses what it cannot serve as its / face does (see the Interaction Management EventError note), with the text in ErrorMessage.`,
  },
];
