import type { MessageDef } from '../types.ts';
import { opt, req } from './attributes.ts';

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

const INTERACTION_ID_NOTE = 'InteractionId [INFER]: the Interaction Server identifies the interaction to URS; T-Library has no such attribute, so the PSDK Interaction Management name is used.';

export const tLibrary: readonly MessageDef[] = [
  {
    protocol: 'TLibrary',
    name: 'RequestRouteCall',
    kind: 'request',
    senders: ['URS'],
    receivers: ['InteractionServer'],
    pairing: 'request',
    responses: ['EventRouteUsed', 'EventError'],
    attributes: {
      InteractionId: req.string('the interaction to route'),
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
    description: 'URS asks the Interaction Server to deliver the interaction to an agent and place (or to place it in a queue or workbin, or to stop processing it).',
    source: '[DOC] GenEM DeliverInteractiontoAgent ("RequestRouteCall ... specifying the agent and place"), PlaceInteractioninQueue, StopProcessing; [CODE] tlib TRouteCall (OtherDN, RouteType, UserData, Extensions)',
    note: `${INTERACTION_ID_NOTE} AgentId and PlaceId are optional because RequestRouteCall also stands for place-in-queue and stop-processing; the Deliver model asserts them. RouteType travels as the TRouteType name. How it names a queue or a workbin is not public [INFER]: without AgentId and PlaceId, WorkbinTypeId (with WorkbinAgentId or WorkbinGroupId, the seed 001 names) places it in that workbin, else Queue places it in that queue; EventRouteUsed answers either (in place of EventAck, GenEM PlaceInteractioninQueue).`,
  },
  {
    protocol: 'TLibrary',
    name: 'EventRouteRequest',
    kind: 'event',
    senders: ['InteractionServer'],
    receivers: ['URS'],
    pairing: 'none',
    attributes: {
      InteractionId: req.string('the interaction to route'),
      Queue: opt.string('queue the interaction waits in (stands in for ThisQueue)'),
      MediaType: opt.string('media type of the interaction'),
      TenantId: opt.int('tenant of the interaction'),
      UserData: opt.kv('user data (KV list)'),
      Extensions: opt.kv('extensions (KV list)'),
    },
    description: 'The Interaction Server offers URS a queued interaction to route, as a T-Server offers a call waiting at a routing point.',
    source: '[DOC] GenEM CallRoutingEvents (EventRouteRequest: ThisDN, ThisQueue, UserData, Extensions ...), reference §3.5',
    note: `Added by helper SERVERS. [INFER] URS learns of a queued interaction as a T-Server client learns of a call at a routing point; the public record does not show the Interaction Server's message for it. ${INTERACTION_ID_NOTE} Queue stands for ThisQueue.`,
  },
  {
    protocol: 'TLibrary',
    name: 'EventRouteUsed',
    kind: 'event',
    senders: ['InteractionServer'],
    receivers: ['URS'],
    pairing: 'response',
    attributes: {
      InteractionId: req.string('the routed interaction'),
      ThirdPartyDN: opt.string('destination used'),
      AgentId: opt.string('agent the interaction went to'),
      PlaceId: opt.string('place the interaction went to'),
      Reasons: opt.kv('reasons (KV list), e.g. why a delivery failed'),
      UserData: opt.kv('user data (KV list)'),
      Extensions: opt.kv('extensions (KV list)'),
    },
    description: 'The Interaction Server tells URS its RequestRouteCall has been filled (delivery accepted or rejected, interaction queued); it stands in for EventAck.',
    source: '[DOC] GenEM DeliverInteractiontoAgent ("informing it that its Deliver request has been filled"), PlaceInteractioninQueue; GenEM CallRoutingEvents (EventRouteUsed: ThirdPartyDN, Reasons, ReferenceID)',
    note: `${INTERACTION_ID_NOTE} It answers RequestRouteCall and echoes its referenceId (GenEM makes ReferenceID optional on voice EventRouteUsed; on the Interaction Server's face it always answers a RequestRouteCall). The reasons attribute keeps its T-Library name, Reasons.`,
  },
  {
    protocol: 'TLibrary',
    name: 'EventError',
    kind: 'event',
    senders: ['InteractionServer'],
    receivers: ['URS'],
    pairing: 'response',
    attributes: {
      ErrorCode: req.int('T-Library error code'),
      ErrorMessage: opt.string('error text'),
      InteractionId: opt.string('the interaction the failed request named'),
      Extensions: opt.kv('additional information on the failure'),
    },
    description: 'Negative answer to a T-Library request, e.g. a RequestRouteCall naming an unknown interaction.',
    source: '[DOC] GenEM NegativeResponseEvents (ErrorCode M, ErrorMessage O, ReferenceID M, Extensions O)',
    note: `${INTERACTION_ID_NOTE} On the Interaction Server's /tlib face the reference server refuses what it cannot serve as its / face does (see the Interaction Management EventError note), with the text in ErrorMessage.`,
  },
];
