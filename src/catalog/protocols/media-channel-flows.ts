import type { AttrDef, MessageDef, Role } from '../types.ts';
import { opt, proxyClientId, reason, req } from './attributes.ts';

/**
 * The flows the Stat Server's media-channel actions need (issue 10, item 4) that the GenEM models did not
 * bring: an agent adds and removes media, turns do-not-disturb on and off, becomes ready or not ready for a
 * media (now reported), and a supervisor intrudes on an interaction. Interaction Management requests from
 * the agent application; the Reporting events the Interaction Server sends the reporting engine for them.
 * Names: reference §1.3 and §1.5; each definition says its source, [INFER] where the record is silent.
 */

const IS: Role[] = ['InteractionServer'];
const AGENT: Role[] = ['AgentApplication'];
const ACK_OR_ERROR = ['EventAck', 'EventError'] as const;
const IS_TO_STAT = { senders: IS, receivers: ['StatServer'] as Role[] } as const;

/** An agent event (Event Logger: activity Agent, endpoint Agent State, reference §1.5) about one media. */
function agentMediaEvent(): Record<string, AttrDef> {
  return {
    AgentId: req.string('the agent'),
    PlaceId: req.string('the agent\'s place'),
    TenantId: opt.int('tenant of the agent'),
    MediaType: req.string('the media (MediaTypeID)'),
    EventTime: opt.timestamp('when the event occurred (UTC)'),
    Reason: reason(),
  };
}

function agentEvent(): Record<string, AttrDef> {
  return {
    AgentId: req.string('the agent'),
    PlaceId: req.string('the agent\'s place'),
    TenantId: opt.int('tenant of the agent'),
    EventTime: opt.timestamp('when the event occurred (UTC)'),
    Reason: reason(),
  };
}

const MEDIA_NOTE = 'MediaType names the media in PSDK casing, as the other Reporting events do (seed 001 MediaTypeID) [INFER]: the record gives these events\' names only.';

function agentRequest(name: string, attributes: Record<string, AttrDef>, description: string, source: string, note?: string): MessageDef {
  return { protocol: 'InteractionManagement', name, kind: 'request', senders: AGENT, receivers: IS, pairing: 'request', responses: ACK_OR_ERROR, attributes: { ...attributes, ProxyClientId: proxyClientId() }, description, source, ...(note ? { note } : {}) };
}

function reportingEvent(name: string, attributes: Record<string, AttrDef>, description: string, source: string, note?: string): MessageDef {
  return { protocol: 'Reporting', name, kind: 'event', ...IS_TO_STAT, pairing: 'none', attributes, description, source, ...(note ? { note } : {}) };
}

export const mediaChannelFlows: readonly MessageDef[] = [
  agentRequest('RequestAddMedia', { MediaTypeName: req.string('the media to add'), Reason: reason() }, 'The logged-in agent adds a media; EventAck, and EventMediaAdded to the reporting engine.', '[CODE] PSDK RequestAddMedia (MediaTypeName, Reason), reference §1.3', 'The added media is ready [INFER]: RequestAgentLogin\'s MediaList says 1 = Ready for a media logged in, and RequestAddMedia carries no state.'),
  agentRequest('RequestRemoveMedia', { MediaTypeName: req.string('the media to remove'), Reason: reason() }, 'The logged-in agent removes a media; EventAck, and EventMediaRemoved to the reporting engine.', '[CODE] PSDK RequestRemoveMedia (MediaTypeName, Reason), reference §1.3'),
  agentRequest('RequestDoNotDisturbOn', {}, 'The logged-in agent turns do-not-disturb on; EventAck, and EventDoNotDisturbOn to the reporting engine.', '[CODE] PSDK RequestDoNotDisturbOn (ProxyClientId) (public desktop code, id 25237708097); Reporting EventDoNotDisturbOn [DOC] reference §1.5', 'Its attributes beyond ProxyClientId are not seen [INFER: none].'),
  agentRequest('RequestDoNotDisturbOff', {}, 'The logged-in agent turns do-not-disturb off; EventAck, and EventDoNotDisturbOff to the reporting engine.', '[INFER] named after RequestDoNotDisturbOn [CODE] and Reporting EventDoNotDisturbOff [DOC] reference §1.5'),
  agentRequest(
    'RequestIntrude',
    { InteractionId: req.string('the interaction to join'), VisibilityMode: opt.oneOf(['Conference', 'Coach', 'Monitor'], 'how the intruder joins (default Conference)'), Extension: opt.kv('extension KV list') },
    'A supervisor (a logged-in agent) joins an interaction another agent handles, as a full party (Conference), a coach (Coach) or a silent monitor (Monitor); EventAck, and Reporting EventPartyAdded with Operation Intrusion.',
    '[CODE] PSDK RequestIntrude.Create(proxyClientId, extension, VisibilityMode.Conference, interactionId) (id 10976606757), reference §1.3; VisibilityMode Coach seen on RequestConference [CODE] (id 25357042824)',
    'VisibilityMode Monitor is [INFER] (the third way a supervisor joins: Stat Server\'s MonitoringInitiated / BeingMonitored). The reference refuses an intrusion on an interaction no agent handles (EventError) [INFER].',
  ),
  reportingEvent('EventMediaAdded', agentMediaEvent(), 'The agent added a media.', '[DOC] reference §1.5 (Event Logger: Agent, Agent State); Stat Server Active starts on it [DOC] reference §5.3', MEDIA_NOTE),
  reportingEvent('EventMediaRemoved', agentMediaEvent(), 'The agent removed a media.', '[DOC] reference §1.5; Stat Server Active ends on it [DOC] reference §5.3', MEDIA_NOTE),
  reportingEvent('EventNotReadyForMedia', agentMediaEvent(), 'The agent is not ready for a media (RequestNotReadyForMedia).', '[DOC] reference §1.5 (Event Logger: Agent, Agent State)', MEDIA_NOTE),
  reportingEvent('EventReadyForMedia', agentMediaEvent(), 'The agent is ready for a media again (RequestCancelNotReadyForMedia).', '[DOC] reference §1.5 (Event Logger: Agent, Agent State)', MEDIA_NOTE),
  reportingEvent('EventDoNotDisturbOn', agentEvent(), 'The agent turned do-not-disturb on.', '[DOC] reference §1.5 (Event Logger: Agent, Agent State)', 'Agent-wide, so no MediaType [INFER].'),
  reportingEvent('EventDoNotDisturbOff', agentEvent(), 'The agent turned do-not-disturb off.', '[DOC] reference §1.5 (Event Logger: Agent, Agent State)'),
];
