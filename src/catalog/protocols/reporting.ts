import type { AttrDef, MessageDef } from '../types.ts';
import { currentAgentStatusAttributes, opt, reason, req } from './attributes.ts';

/**
 * Reporting: the Interaction Server tells the reporting engine (Stat Server) what happens to
 * interactions and agents; Stat Server answers with the agent status (EventCurrentAgentStatus).
 * Event names: reference §1.5 (Event Logger classification) and the GenEM model tables.
 *
 * Reporting events are flat. Their attributes are the Stat Server media-channel action attributes
 * (Stat Server User's Guide, "Attributes of Media-Channel Actions"; seed 001) in PSDK casing
 * (InteractionID → InteractionId, MediaTypeID → MediaType, PlaceID → PlaceId ...). That table says
 * AgentId/PlaceId are mandatory when an agent's request caused the event and RouterId/StrategyId when
 * the router's did, InteractionId identifies interaction events, and ParentInteractionId is mandatory
 * for a child interaction. Each event below lists the attributes that apply to it.
 */

const SOURCE_ACTIONS = '[DOC] Stat Server User\'s Guide, Attributes of Media-Channel Actions (seed 001), PSDK casing';

/** Attributes every interaction event may carry. */
function interactionCommon(): Record<string, AttrDef> {
  return {
    InteractionId: req.string('the interaction'),
    MediaType: opt.string('media type of the interaction (MediaTypeID)'),
    EventTime: opt.timestamp('when the event occurred (UTC)'),
    TenantId: opt.int('tenant of the interaction'),
    Queue: opt.string('queue involved'),
    ParentInteractionId: opt.string('parent interaction; mandatory for a child interaction'),
    UserData: opt.kv('user data attached to the interaction (KV list)'),
  };
}

/** The party an interaction event is about: an agent (AgentId, PlaceId) or a routing strategy (RouterId, StrategyId). */
function partyAttributes(): Record<string, AttrDef> {
  return {
    AgentId: opt.string('agent party'),
    PlaceId: opt.string('place of the agent party'),
    RouterId: opt.string('router (URS) party'),
    StrategyId: opt.string('strategy party'),
  };
}

/** An interaction event whose endpoint is an agent (Event Logger: endpoint Agent). */
function agentInteractionEvent(): Record<string, AttrDef> {
  return {
    ...interactionCommon(),
    AgentId: req.string('the agent'),
    PlaceId: req.string('the agent\'s place'),
    RouterId: opt.string('router whose request caused the event'),
    StrategyId: opt.string('strategy whose execution caused the event'),
    Reason: reason(),
  };
}

/** An agent event (Event Logger: activity Agent). */
function agentEvent(): Record<string, AttrDef> {
  return {
    AgentId: req.string('the agent'),
    PlaceId: req.string('the agent\'s place'),
    TenantId: opt.int('tenant of the agent'),
    EventTime: opt.timestamp('when the event occurred (UTC)'),
    Reason: reason(),
  };
}

const IS_TO_STAT = { senders: ['InteractionServer'], receivers: ['StatServer'] } as const;

/**
 * How an agent came to be invited or added, for the Stat Server's transfer, conference, coaching and
 * intrusion actions (seed 001). [INFER] all four: the record gives no Reporting attribute that tells a
 * transfer from a conference; VisibilityMode is PSDK's name on RequestConference / RequestIntrude [CODE].
 */
function invitationOrigin(): Record<string, AttrDef> {
  return {
    Operation: opt.oneOf(['Transfer', 'Conference', 'Intrusion'], '[INFER] what brought the agent in: a transfer, a conference (coaching by request included) or an intrusion'),
    VisibilityMode: opt.oneOf(['Conference', 'Coach', 'Monitor'], '[INFER] how the agent joins (PSDK VisibilityMode [CODE]); absent: Conference'),
    InviterAgentId: opt.string('[INFER] the agent whose RequestTransfer / RequestConference invited this one'),
    InviterPlaceId: opt.string('[INFER] that agent\'s place'),
  };
}

export const reporting: readonly MessageDef[] = [
  {
    protocol: 'Reporting',
    name: 'EventAgentInvited',
    kind: 'event',
    ...IS_TO_STAT,
    pairing: 'none',
    attributes: { ...agentInteractionEvent(), ...invitationOrigin() },
    description: 'An agent has been invited to an interaction (EventInvite sent to it).',
    source: `[DOC] GenEM DeliverInteractiontoAgent, Transfer; Event Logger (Interaction, endpoint Agent); ${SOURCE_ACTIONS}`,
    note: 'AgentId and PlaceId name the invited agent, so they are required.',
  },
  {
    protocol: 'Reporting',
    name: 'EventPartyAdded',
    kind: 'event',
    ...IS_TO_STAT,
    pairing: 'none',
    attributes: { ...interactionCommon(), ...partyAttributes(), MediaServerId: opt.string('media server whose request caused the event'), ...invitationOrigin() },
    description: 'A party (an agent, or a routing strategy) joined the interaction.',
    source: `[DOC] GenEM DeliverInteractiontoAgent, Transfer, Conference, AgentSubmitsInteraction; Event Logger (Interaction, endpoints Agent, Strategy); ${SOURCE_ACTIONS}`,
    note: 'The added party is an agent (AgentId, PlaceId) or a strategy (RouterId, StrategyId); which pair is present depends on the party, so all four are optional. Models assert the pair they expect.',
  },
  {
    protocol: 'Reporting',
    name: 'EventPartyRemoved',
    kind: 'event',
    ...IS_TO_STAT,
    pairing: 'none',
    attributes: {
      ...interactionCommon(),
      ...partyAttributes(),
      MediaServerId: opt.string('media server whose request caused the event'),
      Reason: reason(),
    },
    description: 'A party (an agent, or a routing strategy) left the interaction, e.g. the strategy once the interaction is delivered.',
    source: `[DOC] GenEM DeliverInteractiontoAgent, Transfer, Conference (Agent Leaves Conference), PlaceInteractioninQueue, StopProcessing; Event Logger (Interaction, endpoints Agent, Strategy); ${SOURCE_ACTIONS}`,
    note: 'The removed party is an agent (AgentId, PlaceId) or a strategy (RouterId, StrategyId); all four are optional. Models assert the pair they expect.',
  },
  {
    protocol: 'Reporting',
    name: 'EventRejected',
    kind: 'event',
    ...IS_TO_STAT,
    pairing: 'none',
    attributes: agentInteractionEvent(),
    description: 'The invited agent rejected the interaction.',
    source: `[DOC] GenEM DeliverInteractiontoAgent, Transfer, Conference; Event Logger (Interaction, endpoint Agent); ${SOURCE_ACTIONS}`,
    note: 'The rejection is the agent\'s request, so AgentId and PlaceId are mandatory (seed 001). Reason is the Reason of the agent\'s RequestReject when it gave one [INFER: seed 001 defines Reason as "the reason for the condition reported by this event"; which reason is not said].',
  },
  {
    protocol: 'Reporting',
    name: 'EventRevoked',
    kind: 'event',
    ...IS_TO_STAT,
    pairing: 'none',
    attributes: agentInteractionEvent(),
    description: 'The Interaction Server took an invitation or interaction back from an agent.',
    source: `[DOC] Event Logger (Interaction, endpoint Agent); ${SOURCE_ACTIONS}`,
    note:
      'The Deliver "Agent Fails to Respond in Time" table is truncated in the public copy; the revoked agent is the endpoint, so AgentId and PlaceId are required [INFER]. ' +
      'The reference Interaction Server also sends it when a transfer or conference invitation times out (GenEM lists only the Interaction Management EventRevoked there; the reporting engine heard EventAgentInvited, so it hears the invitation end) [INFER]; the Transfer and Conference models allow it and do not require it.',
  },
  {
    protocol: 'Reporting',
    name: 'EventPlaceAgentState',
    kind: 'event',
    ...IS_TO_STAT,
    pairing: 'none',
    attributes: {
      PlaceId: req.string('the place'),
      AgentId: req.string('the agent logged in at the place'),
      TenantId: opt.int('tenant of the agent'),
      MediaStateList: req.kv('media name → int state (1 Ready, 0 NotReady)'),
      Interactions: opt.list('interactions the agent is handling'),
    },
    description: 'The state of one logged-in agent (media readiness, interactions handled), sent after RequestStartPlaceAgentReportingAll.',
    source: '[DOC] GenEM ReportingEngineConnects ("state (media state, interactions being handled)")',
    note:
      'The payload is [NOT FOUND] publicly (reference §1.5, §7). Chosen [INFER]: PlaceId, AgentId and MediaStateList (as in EventCurrentAgentStatus) required; Interactions (list) optional because an idle agent handles none. ' +
      'Each entry of Interactions is a KV list {InteractionId, MediaType} (the reference Interaction Server sends the interactions the agent handles, not those it is only invited to); the reference Stat Server also takes a bare InteractionId (media unknown, counted as an interaction of no media). DonotDisturb (bool) may be added [INFER]. ' +
      'The end of the snapshot is not signalled [NOT FOUND, and no message in seed 000 says it]: the reference Stat Server needs no end — each EventPlaceAgentState stands alone and is answered at once, and a connection lost forgets everything that server said, so the snapshot taken again after the reconnect replaces it and counts nobody twice.',
  },
  {
    protocol: 'Reporting',
    name: 'EventCurrentAgentStatus',
    kind: 'event',
    // Two legs: Stat Server → Interaction Server, then Interaction Server → the agent's application.
    senders: ['StatServer', 'InteractionServer'],
    receivers: ['InteractionServer', 'AgentApplication'],
    pairing: 'none',
    attributes: currentAgentStatusAttributes(),
    description: 'Stat Server tells the Interaction Server the agent status calculated by the agent capacity rule; the Interaction Server passes the same event on to that agent\'s application.',
    source: '[DOC] GenEM ReportingEngineConnects (seed 000: "Interaction Server passes the same event to the agent application"; its table lists EventCurrentAgentStatus as Reporting), LoginLogout; [CODE] PSDK EventCurrentAgentStatus (MediaStateList, DonotDisturb)',
    note:
      'AgentId and PlaceId are required [INFER]: the Interaction Server relays the event to that agent. MediaStateList values: 1 Ready, 0 NotReady in client code; no official table [NOT FOUND]. ' +
      'Toward the agent application both forms are accepted: this one (the seed\'s table, [DOC]) and the Interaction Management EventCurrentAgentStatus (reference §1.4; PSDK delivers it among the Interaction Server events, [CODE]). ' +
      'The reference Interaction Server relays this one unless told otherwise (its agentStatusProtocol option): DOC before CODE. ' +
      'A model step from the Interaction Server to an agent application names its protocol, or accepts either with a one-of. ' +
      'The reference Stat Server says 1 for a media where the agent\'s capacity rule leaves room for one more interaction (N3 > 0 in [S N1 N2 N3], reference §5.1) and 0 otherwise, and sends the status again when it changes [INFER]. ' +
      'Stat Server → agent application and Interaction Server → Interaction Server pass the catalog too (senders and receivers are separate lists) but cannot occur: a reporting engine connects only to Interaction Servers.',
  },
  {
    protocol: 'Reporting',
    name: 'EventAgentLogin',
    kind: 'event',
    ...IS_TO_STAT,
    pairing: 'none',
    attributes: { ...agentEvent(), MediaList: opt.kv('media the agent logged in to: media name → int state') },
    description: 'An agent logged in at a place on this Interaction Server.',
    source: `[DOC] GenEM LoginLogout, DisconnectionandFailover; Event Logger (Agent, Agent State); ${SOURCE_ACTIONS}`,
    note: 'MediaList (as in RequestAgentLogin) is [INFER]; it is not among the media-channel action attributes.',
  },
  {
    protocol: 'Reporting',
    name: 'EventAgentLogout',
    kind: 'event',
    ...IS_TO_STAT,
    pairing: 'none',
    attributes: agentEvent(),
    description: 'An agent logged out (or its application disconnected while it was logged in).',
    source: `[DOC] GenEM LoginLogout, DisconnectionandFailover; Event Logger (Agent, Agent State); ${SOURCE_ACTIONS}`,
  },
  {
    protocol: 'Reporting',
    name: 'EventInteractionSubmitted',
    aliases: ['EventInteractionSubmited'],
    kind: 'event',
    ...IS_TO_STAT,
    pairing: 'none',
    attributes: {
      ...interactionCommon(),
      MediaServerId: opt.string('media server that submitted the interaction'),
      AgentId: opt.string('agent that submitted the interaction'),
      PlaceId: opt.string('place of the submitting agent'),
      // [INFER] carried so the Stat Server tells HandlingInbound/Outbound/Internal apart (seed 001); RequestSubmit has it [DOC].
      InteractionType: opt.string('Inbound, Outbound or Internal, as submitted [INFER]'),
    },
    description: 'A new interaction entered the Interaction Server (submitted by a media server or an agent).',
    source: `[DOC] GenEM MediaServerSubmitsInteraction, AgentSubmitsInteraction; Event Logger spells it EventInteractionSubmited; ${SOURCE_ACTIONS}`,
    note: 'GenEM spells it EventInteractionSubmitted (canonical, emitted); the Event Logger table spells it EventInteractionSubmited (accepted as an alias, reported). AgentId/PlaceId are present when an agent submitted it, MediaServerId when a media server did.',
  },
  {
    protocol: 'Reporting',
    name: 'EventProcessingStopped',
    kind: 'event',
    ...IS_TO_STAT,
    pairing: 'none',
    attributes: {
      ...interactionCommon(),
      ...partyAttributes(),
      MediaServerId: opt.string('media server whose request stopped processing'),
      Reason: reason(),
    },
    description: 'Processing of the interaction stopped: it is finished and leaves the Interaction Server.',
    source: `[DOC] GenEM StopProcessing (all versions); Event Logger (Interaction); ${SOURCE_ACTIONS}`,
    note: 'Who stopped it is the requester: a media server (MediaServerId), an agent (AgentId, PlaceId) or a strategy (RouterId) — all optional, models assert the one they expect. Reason is the request\'s own Reason when it gave one [INFER].',
  },
  {
    protocol: 'Reporting',
    name: 'EventPropertiesChanged',
    kind: 'event',
    ...IS_TO_STAT,
    pairing: 'none',
    attributes: {
      ...interactionCommon(),
      ...partyAttributes(),
      MediaServerId: opt.string('media server whose request changed the properties'),
      ChangedProperties: opt.kv('properties whose values changed'),
      AddedProperties: opt.kv('properties added'),
      DeletedProperties: opt.kv('properties removed'),
    },
    description: 'The properties of an interaction changed.',
    source: `[DOC] GenEM ChangeProperties ("the reporting engine is informed" while an agent processes it); Event Logger (Interaction); ${SOURCE_ACTIONS}`,
    note: 'The change lists mirror RequestChangeProperties [INFER]. The reference Interaction Server sends it where GenEM\'s table lists it: a media server changes the properties while an agent processes the interaction.',
  },
  {
    protocol: 'Reporting',
    name: 'EventExternalServiceRequested',
    kind: 'event',
    ...IS_TO_STAT,
    pairing: 'none',
    attributes: {
      InteractionId: opt.string('the interaction the service is requested for'),
      EventTime: opt.timestamp('when the event occurred (UTC)'),
      TenantId: opt.int('tenant of the interaction'),
      Server: req.string('the third-party (ESP) server addressed (AppName or AppType)'),
      Service: req.string('service requested'),
      Method: req.string('method requested'),
      RouterId: opt.string('router (URS) whose request it is'),
    },
    description: 'The Interaction Server passed an ESP request (Request3rdServer) on to a third-party server.',
    source: '[DOC] GenEM InvokeAutoresponse; Event Logger (ESP Server, endpoint ESP Server); ESP design note (Server, Service, Method) in the eServices javadoc (reference §1.8)',
    note: 'The payload is not public: Server, Service and Method (the ESP addressing) are [INFER], InteractionId where the request names one.',
  },
  {
    protocol: 'Reporting',
    name: 'EventExternalServiceResponded',
    kind: 'event',
    ...IS_TO_STAT,
    pairing: 'none',
    attributes: {
      InteractionId: opt.string('the interaction the service was requested for'),
      EventTime: opt.timestamp('when the event occurred (UTC)'),
      TenantId: opt.int('tenant of the interaction'),
      Server: req.string('the third-party (ESP) server that answered'),
      Service: req.string('service requested'),
      Method: req.string('method requested'),
      FaultCode: opt.int('set when the service failed'),
      FaultString: opt.string('set when the service failed'),
      RouterId: opt.string('router (URS) whose request it was'),
    },
    description: 'A third-party server answered an ESP request (Event3rdServerResponse), which the Interaction Server passes back to its requester.',
    source: '[DOC] GenEM InvokeAutoresponse; Event Logger (ESP Server); ESP design note (FaultCode, FaultString) in the eServices javadoc (reference §1.8)',
    note: 'The payload is not public: as EventExternalServiceRequested, plus FaultCode and FaultString when the service failed [INFER].',
  },
  {
    protocol: 'Reporting',
    name: 'EventPlacedInQueue',
    kind: 'event',
    ...IS_TO_STAT,
    pairing: 'none',
    attributes: {
      ...interactionCommon(),
      Queue: req.string('queue the interaction was placed in'),
      ...partyAttributes(),
      MediaServerId: opt.string('media server whose request caused the event'),
      Reason: reason(),
      WorkbinTypeId: opt.string('workbin type, when placed in a workbin'),
      WorkbinAgentId: opt.string('agent owning the workbin; mandatory for an agent workbin'),
      WorkbinGroupId: opt.string('agent group owning the workbin; mandatory for a group workbin'),
    },
    description: 'The interaction was placed in a queue (or in a workbin).',
    source: `[DOC] GenEM PlaceInteractioninQueue, PlaceInteractioninWorkbin; Event Logger (Interaction, endpoint Queue); ${SOURCE_ACTIONS}`,
    note:
      'Queue is the endpoint of the event, so it is required. The requester is an agent (AgentId, PlaceId), a strategy (RouterId, StrategyId) or a media server (MediaServerId): all optional. ' +
      'GenEM Conference: when the last party leaves, the Interaction Server "returns the interaction to its former location and informs the Reporting engine"; that this is EventPlacedInQueue naming the queue it was taken from is [INFER].',
  },
];
