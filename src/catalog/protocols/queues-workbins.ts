import type { AttrDef, MessageDef, Role } from '../types.ts';
import { opt, proxyClientId, reason, req } from './attributes.ts';

/**
 * Queues, workbins and pulling: the Interaction Management requests and events, and the Reporting
 * events, of GenEM Place Interaction in Queue, Place Interaction in Workbin, Agent Pulls Interaction and
 * Workbin Operations (reference §2.10–§2.13). GenEM's tables name the events [DOC]; the requests appear
 * only in the figures and the prose, and no public copy shows their attributes (reference §1.3, §7), so
 * every request attribute below is [INFER] unless marked otherwise.
 *
 * Workbins are named by the Stat Server action attributes (seed 001, [DOC]): WorkbinTypeId (the type of
 * workbin), WorkbinAgentId (its owner, for an agent workbin), WorkbinGroupId (for an agent-group
 * workbin). The same flat names are used on Interaction Management [INFER], so one workbin reads the same
 * in every message of a trace.
 */

const IS: Role[] = ['InteractionServer'];
const AGENT: Role[] = ['AgentApplication'];
const IS_TO_STAT = { senders: IS, receivers: ['StatServer'] as Role[] };
const ACK_OR_ERROR = ['EventAck', 'EventError'] as const;
const SOURCE_ACTIONS = '[DOC] Stat Server User\'s Guide, Attributes of Media-Channel Actions (seed 001), PSDK casing';

function workbinRef(): Record<string, AttrDef> {
  return {
    WorkbinTypeId: req.string('the type of workbin, e.g. Drafts (seed 001 WorkbinTypeID)'),
    WorkbinAgentId: opt.string('owner of an agent workbin (seed 001 WorkbinAgentID); default: the requesting agent'),
    WorkbinGroupId: opt.string('owner of an agent-group workbin (seed 001 WorkbinGroupID)'),
  };
}

/** Reporting interaction-event attributes (as reporting.ts's interactionCommon), plus the party and the workbin. */
function queueEvent(queueRequired: boolean): Record<string, AttrDef> {
  return {
    InteractionId: req.string('the interaction'),
    MediaType: opt.string('media type of the interaction (MediaTypeID)'),
    EventTime: opt.timestamp('when the event occurred (UTC)'),
    TenantId: opt.int('tenant of the interaction'),
    Queue: queueRequired ? req.string('the queue (the endpoint of the event)') : opt.string('queue involved'),
    UserData: opt.kv('user data attached to the interaction (KV list)'),
    AgentId: opt.string('agent whose request caused the event'),
    PlaceId: opt.string('place of that agent'),
    RouterId: opt.string('router whose request caused the event'),
    StrategyId: opt.string('strategy whose execution caused the event'),
    WorkbinTypeId: opt.string('workbin type'),
    WorkbinAgentId: opt.string('agent owning the workbin'),
    WorkbinGroupId: opt.string('agent group owning the workbin'),
    ViewId: opt.string('the view the agent used to pull the interaction (seed 001 ViewID)'),
    TargetAgentId: opt.string('the agent who pulled the interaction (seed 001 TargetAgentID)'),
    TargetPlaceId: opt.string('the place the interaction was pulled to (seed 001 TargetPlaceID)'),
    Reason: reason(),
  };
}

export const queuesAndWorkbins: readonly MessageDef[] = [
  {
    protocol: 'InteractionManagement',
    name: 'RequestPlaceInQueue',
    kind: 'request',
    senders: AGENT,
    receivers: IS,
    pairing: 'request',
    responses: ACK_OR_ERROR,
    attributes: { InteractionId: req.string('the interaction the agent handles'), Queue: req.string('queue to place it in'), Reason: reason(), ProxyClientId: proxyClientId() },
    description: 'The handling agent places the interaction in a queue; EventAck, and EventPartyRemoved and EventPlacedInQueue to the reporting engine.',
    source: '[DOC] GenEM PlaceInteractioninQueue ("If the agent application makes the request, RequestPlaceInQueue, Interaction Server responds with EventAck"); reference §1.3',
    note: 'InteractionId and Queue required [INFER]: the request must say which interaction and where; no public copy lists the attributes.',
  },
  {
    protocol: 'InteractionManagement',
    name: 'RequestPlaceInWorkbin',
    kind: 'request',
    senders: AGENT,
    receivers: IS,
    pairing: 'request',
    responses: ACK_OR_ERROR,
    attributes: { InteractionId: req.string('the interaction the agent handles'), ...workbinRef(), Reason: reason(), ProxyClientId: proxyClientId() },
    description: 'The handling agent places the interaction in a workbin; EventAck, EventPartyRemoved, EventPlacedInQueue and EventPlacedInWorkbin to the reporting engine, EventWorkbinContentChanged to the agents subscribed to that workbin.',
    source: '[DOC] GenEM PlaceInteractioninWorkbin (EventAck when the agent application requests it); reference §1.3',
    note: 'The workbin is named by the seed 001 action attribute names [INFER]; WorkbinAgentId defaults to the requesting agent (its own workbin).',
  },
  {
    protocol: 'InteractionManagement',
    name: 'RequestPull',
    kind: 'request',
    senders: AGENT,
    receivers: IS,
    pairing: 'request',
    responses: ['EventPulledInteractions', 'EventError'],
    attributes: { InteractionId: req.string('the interaction to pull'), ViewId: opt.string('the view the agent pulls through (seed 001 ViewID)'), ProxyClientId: proxyClientId() },
    description: 'An agent pulls an interaction out of a queue or a workbin; EventPulledInteractions (in place of EventAck), and the processing timer starts.',
    source: '[DOC] GenEM AgentPullsInteraction (the request name is in the figure only; reference §1.3)',
    note: 'Answered by EventPulledInteractions, which GenEM lists and which carries what was pulled; no EventAck [INFER]. The reference pulls one interaction named by InteractionId [INFER]; ViewId is passed on to the reporting engine.',
  },
  {
    protocol: 'InteractionManagement',
    name: 'RequestGetWorkbinContent',
    kind: 'request',
    senders: AGENT,
    receivers: IS,
    pairing: 'request',
    responses: ['EventWorkbinContent', 'EventError'],
    attributes: { ...workbinRef(), ProxyClientId: proxyClientId() },
    description: 'An agent asks what is in a workbin; EventWorkbinContent, or EventError when the agent or the workbin is not registered.',
    source: '[DOC] GenEM WorkbinOperations; [DOC] IxnLimits names RequestGetWorkbinContent',
  },
  {
    protocol: 'InteractionManagement',
    name: 'RequestWorkbinNotifications',
    kind: 'request',
    senders: AGENT,
    receivers: IS,
    pairing: 'request',
    responses: ACK_OR_ERROR,
    attributes: { ...workbinRef(), ProxyClientId: proxyClientId() },
    description: 'An agent asks to be told of changes to a workbin (EventWorkbinContentChanged); EventAck, or EventError for an unknown workbin.',
    source: '[DOC] GenEM WorkbinOperations ("request notification")',
    note: 'The name is [INFER]: GenEM describes the operation, not the request.',
  },
  {
    protocol: 'InteractionManagement',
    name: 'RequestCancelWorkbinNotifications',
    kind: 'request',
    senders: AGENT,
    receivers: IS,
    pairing: 'request',
    responses: ACK_OR_ERROR,
    attributes: { ...workbinRef(), ProxyClientId: proxyClientId() },
    description: 'An agent stops the notifications of a workbin; EventAck, or EventError when the workbin is unknown or the agent was not subscribed.',
    source: '[DOC] GenEM WorkbinOperations ("cancel notification")',
    note: 'The name is [INFER], after RequestCancelNotReadyForMedia: GenEM describes the operation, not the request.',
  },
  {
    protocol: 'InteractionManagement',
    name: 'EventPulledInteractions',
    kind: 'event',
    senders: IS,
    receivers: AGENT,
    pairing: 'response',
    attributes: { Interactions: req.kv('the pulled interactions: InteractionId → InteractionProperties (InteractionId, InteractionMediatype, InteractionQueue, …)'), ProxyClientId: proxyClientId() },
    description: 'Answers RequestPull with the interactions the agent now handles.',
    source: '[DOC] GenEM AgentPullsInteraction; reference §1.4',
    note: 'The payload is not public: [INFER] a KV list keyed by InteractionId, each value the interaction\'s properties in EventInvite\'s Interaction names.',
  },
  {
    protocol: 'InteractionManagement',
    name: 'EventWorkbinContent',
    kind: 'event',
    senders: IS,
    receivers: AGENT,
    pairing: 'response',
    attributes: { ...workbinRef(), Interactions: req.list('InteractionProperties of each interaction in the workbin (InteractionId, …)'), ProxyClientId: proxyClientId() },
    description: 'Answers RequestGetWorkbinContent with the workbin\'s interactions.',
    source: '[DOC] GenEM WorkbinOperations; reference §1.4',
    note: 'The payload is not public: [INFER] the workbin named as asked, and a list of interaction properties (InteractionId first), oldest placement first.',
  },
  {
    protocol: 'InteractionManagement',
    name: 'EventWorkbinContentChanged',
    kind: 'event',
    senders: IS,
    receivers: AGENT,
    pairing: 'none',
    attributes: {
      ...workbinRef(),
      InteractionId: req.string('the interaction that came into or left the workbin'),
      Operation: req.oneOf(['Added', 'Removed'], 'what happened to it'),
      ProxyClientId: proxyClientId(),
    },
    description: 'Tells each agent subscribed to a workbin (RequestWorkbinNotifications) that an interaction came into it or left it.',
    source: '[DOC] GenEM PlaceInteractioninWorkbin, AgentPullsInteraction (from a workbin), WorkbinOperations',
    note: 'The payload is not public: [INFER] the workbin, the interaction, and Operation Added or Removed.',
  },
  {
    protocol: 'Reporting',
    name: 'EventPlacedInWorkbin',
    kind: 'event',
    ...IS_TO_STAT,
    pairing: 'none',
    attributes: { ...queueEvent(true), WorkbinTypeId: req.string('the workbin type') },
    description: 'The interaction was placed in a workbin (after EventPlacedInQueue for the workbin\'s queue).',
    source: `[DOC] GenEM PlaceInteractioninWorkbin; Event Logger (Interaction, endpoint Queue); ${SOURCE_ACTIONS}`,
    note: 'Queue is the workbin\'s queue: [INFER] the reference names it after the workbin type. WorkbinAgentId is mandatory for an agent workbin (seed 001).',
  },
  {
    protocol: 'Reporting',
    name: 'EventTakenFromQueue',
    kind: 'event',
    ...IS_TO_STAT,
    pairing: 'none',
    attributes: queueEvent(true),
    description: 'An agent took (pulled) the interaction out of a queue.',
    source: `[DOC] GenEM AgentPullsInteraction; Event Logger (Interaction, endpoint Queue); ${SOURCE_ACTIONS}`,
    note: 'The pulling agent is TargetAgentId / TargetPlaceId (seed 001: "the agent who pulled this interaction"), and AgentId / PlaceId as the requester; ViewId when the pull named one.',
  },
  {
    protocol: 'Reporting',
    name: 'EventTakenFromWorkbin',
    kind: 'event',
    ...IS_TO_STAT,
    pairing: 'none',
    attributes: { ...queueEvent(true), WorkbinTypeId: req.string('the workbin type') },
    description: 'An agent took (pulled) the interaction out of a workbin.',
    source: `[DOC] GenEM AgentPullsInteraction (pull from workbin); Event Logger (Interaction, endpoint Queue); ${SOURCE_ACTIONS}`,
  },
];
