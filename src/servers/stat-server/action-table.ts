/**
 * The media-channel actions of Stat Server (seed 001, "Stat Server Actions for Media-Channels"; reference
 * §5.3) and the Reporting events (reference §1.5) that start, end or fire each one. This table is the one
 * place that says so: the deriver (action-deriver.ts) follows it, the feature's rows are checked against it
 * (test/servers/stat-server/action-table.test.ts), and every row cites its source or says [INFER].
 *
 * The seed names every action and its kind, and the attributes an action may carry; it gives no trigger
 * per action. The reference adds two triggers [DOC]: Active starts on EventMediaAdded and ends on
 * EventMediaRemoved, and Accepted ends Delivering. Everything else is read from the action's name and the
 * Reporting event it most plainly follows, and marked [INFER]. Some triggers read Reporting attributes the
 * record does not show and the reference Interaction Server adds (Operation, VisibilityMode,
 * InviterAgentId; InteractionType and ParentInteractionId on EventInteractionSubmitted): from a server that
 * does not send them, those actions are not derived.
 */

export type ActionKind = 'durable-non-interaction' | 'durable-interaction' | 'momentary' | 'retrospective';

export interface ActionRow {
  action: string;
  kind: ActionKind;
  /** What starts it (durable), fires it (momentary) or closes it (retrospective: it is recorded then, with its start). */
  trigger: string;
  /** Durable: what ends it. Retrospective: when its recorded interval began. */
  until?: string;
  /** The seed's attribute names that the action carries (seed 001, "Attributes of Media-Channel Actions"). */
  attributes: readonly string[];
  /** Where the trigger comes from; a row whose trigger the record does not give starts with [INFER]. */
  source: string;
}

const SEED = '[DOC] seed 001 (name and kind)';
const AGENT = ['AgentID', 'PlaceID', 'TenantID', 'EventTime'] as const;
const MEDIA = [...AGENT, 'MediaTypeID'] as const;
const IXN = [...MEDIA, 'InteractionID'] as const;

/** [INFER] what "handling" means throughout: from the Reporting EventPartyAdded naming the agent (it accepted, pulled or submitted) to the EventPartyRemoved naming it. */
const HANDLING = 'EventPartyAdded naming the agent (accepted, pulled, submitted or joined)';
const HANDLING_END = 'EventPartyRemoved naming the agent, or EventProcessingStopped';

export const ACTION_TABLE: readonly ActionRow[] = [
  // Durable, non-interaction-related
  { action: 'Active', kind: 'durable-non-interaction', trigger: 'EventMediaAdded for the media (and EventAgentLogin for each media of its MediaList)', until: 'EventMediaRemoved (and EventAgentLogout)', attributes: MEDIA, source: `${SEED}; [DOC] reference §5.3 (EventMediaAdded starts, EventMediaRemoved ends); [INFER] login and logout count as adding and removing every media of the login` },
  { action: 'Available', kind: 'durable-non-interaction', trigger: 'the agent is logged in for the media, ready for it (EventAgentLogin with the media not 0, EventReadyForMedia) and not in do-not-disturb', until: 'EventNotReadyForMedia, EventDoNotDisturbOn, EventMediaRemoved or EventAgentLogout', attributes: MEDIA, source: `${SEED}; [INFER] ready and not do-not-disturb (MediaList 1 = Ready, 0 = NotReady: reference §1.4 [CODE])` },
  { action: 'Blocked', kind: 'durable-non-interaction', trigger: 'the agent is logged in for the media and not ready for it (EventNotReadyForMedia, or EventAgentLogin with the media 0)', until: 'EventReadyForMedia, EventMediaRemoved or EventAgentLogout', attributes: [...MEDIA, 'Reason'], source: `${SEED}; [INFER] not ready for the media` },
  // Durable, interaction-related
  { action: 'Delivering', kind: 'durable-interaction', trigger: 'EventAgentInvited', until: 'EventPartyAdded (accepted), EventRejected, EventRevoked or EventProcessingStopped for the agent', attributes: [...IXN, 'RouterID', 'Queue'], source: `${SEED}; [DOC] reference §5.3 (Accepted ends Delivering); [INFER] the invitation starts it, a reject, revoke or stop also ends it` },
  { action: 'DoNotDisturb', kind: 'durable-interaction', trigger: 'EventDoNotDisturbOn', until: 'EventDoNotDisturbOff or EventAgentLogout', attributes: AGENT, source: `${SEED}; [INFER] the Reporting pair EventDoNotDisturbOn/Off (reference §1.5); agent-wide, so no MediaTypeID` },
  { action: 'Handling', kind: 'durable-interaction', trigger: HANDLING, until: HANDLING_END, attributes: IXN, source: `${SEED}; [INFER] party added to party removed` },
  { action: 'HandlingInbound', kind: 'durable-interaction', trigger: `${HANDLING}, InteractionType Inbound`, until: HANDLING_END, attributes: IXN, source: `${SEED}; [INFER] Handling of an Inbound interaction (InteractionType of EventInteractionSubmitted; Inbound when it was not seen)` },
  { action: 'HandlingInternal', kind: 'durable-interaction', trigger: `${HANDLING}, InteractionType Internal`, until: HANDLING_END, attributes: IXN, source: `${SEED}; [INFER] Handling of an Internal interaction` },
  { action: 'HandlingOutbound', kind: 'durable-interaction', trigger: `${HANDLING}, InteractionType Outbound`, until: HANDLING_END, attributes: IXN, source: `${SEED}; [INFER] Handling of an Outbound interaction` },
  { action: 'NotRoutable', kind: 'durable-interaction', trigger: 'logged in for the media and not Routable', until: 'Routable, EventMediaRemoved or EventAgentLogout', attributes: MEDIA, source: `${SEED}; [INFER] the complement of Routable while logged in for the media` },
  { action: 'Routable', kind: 'durable-interaction', trigger: 'the Stat Server\'s capacity rule lets the agent take one more interaction of the media (N3 > 0: ready, not do-not-disturb, under its maximum and no blocking media), re-judged on every event about the agent', until: 'N3 falls to 0, EventMediaRemoved or EventAgentLogout', attributes: MEDIA, source: `${SEED}; [INFER] the capacity vector's N3 > 0 (reference §5.1 [DOC]), so Routable agrees with the status in EventCurrentAgentStatus` },
  // Momentary, interaction-related
  { action: 'BeingCoached', kind: 'momentary', trigger: 'EventPartyAdded of a supervisor with VisibilityMode Coach, for each agent handling the interaction', attributes: IXN, source: `${SEED}; [INFER] VisibilityMode (PSDK's name on RequestConference and RequestIntrude [CODE]) carried on the Reporting EventPartyAdded, which the record does not show` },
  { action: 'BeingMonitored', kind: 'momentary', trigger: 'EventPartyAdded of a supervisor with VisibilityMode Monitor, for each agent handling the interaction', attributes: IXN, source: `${SEED}; [INFER] as BeingCoached` },
  { action: 'CoachingByIntrusionInitiated', kind: 'momentary', trigger: 'EventPartyAdded with Operation Intrusion and VisibilityMode Coach, for the intruding supervisor', attributes: IXN, source: `${SEED}; [INFER] RequestIntrude (reference §1.3 [CODE]) joining as coach` },
  { action: 'CoachingRequested', kind: 'momentary', trigger: 'EventAgentInvited with Operation Conference and VisibilityMode Coach, for the agent who asked (InviterAgentId)', attributes: IXN, source: `${SEED}; [INFER] the handling agent invites a supervisor to coach it` },
  { action: 'ConferenceJoined', kind: 'momentary', trigger: 'EventPartyAdded with Operation Conference (VisibilityMode Conference), for the agent who joined', attributes: IXN, source: `${SEED}; [INFER] GenEM Conference "Invitation Accepted" (EventPartyAdded) [DOC] for the invitee` },
  { action: 'ConferenceJoinedByIntrusion', kind: 'momentary', trigger: 'EventPartyAdded with Operation Intrusion and VisibilityMode Conference, for the intruder', attributes: IXN, source: `${SEED}; [INFER] RequestIntrude joining as a full party` },
  { action: 'ConferenceMade', kind: 'momentary', trigger: 'EventPartyAdded with Operation Conference (VisibilityMode Conference), for the agent who invited (InviterAgentId)', attributes: IXN, source: `${SEED}; [INFER] GenEM Conference "Invitation Accepted" [DOC] for the inviter` },
  { action: 'DeliveringStarted', kind: 'momentary', trigger: 'EventAgentInvited', attributes: [...IXN, 'RouterID', 'Queue'], source: `${SEED}; [INFER] the start of Delivering` },
  { action: 'HandlingInboundStarted', kind: 'momentary', trigger: `${HANDLING}, InteractionType Inbound`, attributes: IXN, source: `${SEED}; [INFER] the start of HandlingInbound` },
  { action: 'HandlingInternalStarted', kind: 'momentary', trigger: `${HANDLING}, InteractionType Internal`, attributes: IXN, source: `${SEED}; [INFER] the start of HandlingInternal` },
  { action: 'HandlingOutboundStarted', kind: 'momentary', trigger: `${HANDLING}, InteractionType Outbound`, attributes: IXN, source: `${SEED}; [INFER] the start of HandlingOutbound` },
  { action: 'HandlingStarted', kind: 'momentary', trigger: HANDLING, attributes: IXN, source: `${SEED}; [INFER] the start of Handling` },
  { action: 'InteractionResponded', kind: 'momentary', trigger: 'EventInteractionSubmitted by an agent with a ParentInteractionId that agent handles (a reply)', attributes: [...IXN, 'ParentInteractionID'], source: `${SEED} ("InteractionResponded (MediaChannels)"); [INFER] a response is a child interaction the handling agent submits (seed 001: ParentInteractionID is mandatory for a child)` },
  { action: 'MonitoringInitiated', kind: 'momentary', trigger: 'EventPartyAdded with Operation Intrusion and VisibilityMode Monitor, for the supervisor', attributes: IXN, source: `${SEED}; [INFER] RequestIntrude joining as monitor` },
  { action: 'Pulled', kind: 'momentary', trigger: 'EventTakenFromQueue (or EventTakenFromWorkbin) naming TargetAgentId', attributes: [...IXN, 'Queue', 'ViewID', 'TargetAgentID', 'TargetPlaceID'], source: `${SEED}; [DOC] GenEM Agent Pulls Interaction (EventTakenFromQueue); seed 001 (TargetAgentID "the agent who pulled"); [INFER] one Pulled per pull, not per event` },
  { action: 'StartedInternal', kind: 'momentary', trigger: 'EventInteractionSubmitted by an agent, InteractionType Internal', attributes: IXN, source: `${SEED}; [INFER] the agent starts an internal interaction by submitting it (GenEM Agent Submits Interaction [DOC])` },
  { action: 'StartedOutbound', kind: 'momentary', trigger: 'EventInteractionSubmitted by an agent, InteractionType Outbound', attributes: IXN, source: `${SEED}; [INFER] as StartedInternal` },
  { action: 'TransferMade', kind: 'momentary', trigger: 'EventPartyAdded with Operation Transfer, for the agent who transferred (InviterAgentId)', attributes: IXN, source: `${SEED}; [INFER] GenEM Transfer "Invitation Accepted" [DOC] for the inviter` },
  { action: 'TransferTaken', kind: 'momentary', trigger: 'EventPartyAdded with Operation Transfer, for the agent who took it', attributes: IXN, source: `${SEED}; [INFER] GenEM Transfer "Invitation Accepted" [DOC] for the invitee` },
  // Retrospective, interaction-related
  { action: 'Accepted', kind: 'retrospective', trigger: 'EventPartyAdded for an agent that was Delivering', until: 'from EventAgentInvited', attributes: IXN, source: `${SEED}; [DOC] reference §5.3 (Accepted, alias InteractionAccepted, ends Delivering)` },
  { action: 'CoachingByRequestInitiated', kind: 'retrospective', trigger: 'EventPartyAdded with Operation Conference and VisibilityMode Coach, for the supervisor who joined', until: 'from its EventAgentInvited', attributes: IXN, source: `${SEED}; [INFER] the coaching request's invitation to its acceptance` },
  { action: 'InteractionAbandonedDuringOffering', kind: 'retrospective', trigger: 'EventProcessingStopped while the agent is Delivering the interaction', until: 'from EventAgentInvited', attributes: [...IXN, 'Reason'], source: `${SEED} ("(MediaChannels)"); [INFER] processing stopped (the customer withdrew) while the invitation was pending` },
  { action: 'Rejected', kind: 'retrospective', trigger: 'EventRejected', until: 'from EventAgentInvited', attributes: [...IXN, 'Reason'], source: `${SEED}; [INFER] GenEM Deliver "Agent Rejects Delivery" (EventRejected) [DOC]` },
  { action: 'Revoked', kind: 'retrospective', trigger: 'EventRevoked for an agent that was Delivering', until: 'from EventAgentInvited', attributes: IXN, source: `${SEED}; [INFER] GenEM Deliver "Agent Fails to Respond in Time" (EventRevoked) [DOC]` },
  { action: 'StoppedInbound', kind: 'retrospective', trigger: 'EventProcessingStopped of an Inbound interaction the agent was handling', until: 'from its Handling start', attributes: [...IXN, 'Reason'], source: `${SEED}; [INFER] GenEM Stop Processing (EventProcessingStopped) [DOC] closing the agent's HandlingInbound` },
  { action: 'StoppedInternal', kind: 'retrospective', trigger: 'EventProcessingStopped of an Internal interaction the agent was handling', until: 'from its Handling start', attributes: [...IXN, 'Reason'], source: `${SEED}; [INFER] as StoppedInbound` },
  { action: 'StoppedOutbound', kind: 'retrospective', trigger: 'EventProcessingStopped of an Outbound interaction the agent was handling', until: 'from its Handling start', attributes: [...IXN, 'Reason'], source: `${SEED}; [INFER] as StoppedInbound` },
];

export const ACTION_NAMES: readonly string[] = ACTION_TABLE.map((r) => r.action);

export function actionRow(name: string): ActionRow | undefined {
  return ACTION_TABLE.find((r) => r.action === name);
}

/** How many rows rest on an inference somewhere in their trigger. */
export function inferredRows(): ActionRow[] {
  return ACTION_TABLE.filter((r) => r.source.includes('[INFER]'));
}
