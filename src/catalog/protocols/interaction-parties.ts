import type { AttrDef, MessageDef, Role } from '../types.ts';
import { extension, opt, proxyClientId, reason, req } from './attributes.ts';

/**
 * Interaction Management messages that change who handles an interaction: an agent transfers it to
 * another agent, conferences another agent in, or leaves it (GenEM Transfer and Conference; reference
 * §1.3, §1.4, §2.8, §2.9). The invitation itself is the EventInvite / RequestAccept / RequestReject of
 * Deliver (interaction-management.ts).
 */

const IS: Role[] = ['InteractionServer'];
const AGENT: Role[] = ['AgentApplication'];
const ACK_OR_ERROR = ['EventAck', 'EventError'] as const;

/** The agent a transfer or conference invites: an agent, a place, or both. */
function target(what: string): Record<string, AttrDef> {
  return {
    InteractionId: req.string(`the interaction to ${what}`),
    AgentId: opt.string('the agent invited (Agent 2)'),
    PlaceId: opt.string('the place invited, or the invited agent\'s place'),
    Reason: reason(),
    Extension: extension(),
    ProxyClientId: proxyClientId(),
  };
}

/** An IM party event: who joined or left, about which interaction. */
function partyEvent(): Record<string, AttrDef> {
  return {
    Interaction: req.kv('InteractionProperties of the interaction', { InteractionId: req.string() }),
    AgentId: req.string('the agent who joined or left'),
    PlaceId: opt.string('that agent\'s place'),
    Reason: reason(),
    ProxyClientId: proxyClientId(),
  };
}

const WHO_ANSWERS =
  'The answer to this request (EventAck or EventError, echoing its referenceId) comes when the invitation ends, not when it is issued [INFER]: ' +
  'GenEM lists no EventAck in Invitation Issued, and lists EventError to Agent 1 in Invitation Rejected and Invitation Times Out, so the request stays open until Agent 2 answers or the delivering timer expires. ' +
  'An invalid request (Agent 2 not logged in, an interaction the sender does not handle) gets EventError at once.';

export const interactionParties: readonly MessageDef[] = [
  {
    protocol: 'InteractionManagement',
    name: 'RequestTransfer',
    kind: 'request',
    senders: AGENT,
    receivers: IS,
    pairing: 'request',
    responses: ACK_OR_ERROR,
    attributes: target('transfer'),
    description: 'Agent 1 asks to transfer an interaction it handles to Agent 2; Interaction Server invites Agent 2 (EventInvite) and tells the reporting engine (EventAgentInvited).',
    source: '[DOC] GenEM Transfer (prose: "Agent 1 … requests a transfer to Agent 2"); [CODE] PSDK imports RequestTransfer (reference §1.3: agent/place/queue target)',
    note:
      'Attributes are [INFER]: the PSDK attribute list is not public (reference §7); the target is an AgentId and/or PlaceId, as RequestRouteCall names one. A transfer to a queue is not modelled. ' +
      WHO_ANSWERS +
      ' On success EventAck [INFER]: Agent 1\'s request is filled, and the reporting engine hears EventPartyRemoved for Agent 1.',
  },
  {
    protocol: 'InteractionManagement',
    name: 'RequestConference',
    kind: 'request',
    senders: AGENT,
    receivers: IS,
    pairing: 'request',
    responses: ACK_OR_ERROR,
    attributes: target('conference Agent 2 into'),
    description: 'Agent 1 asks to bring Agent 2 into an interaction it handles; Interaction Server invites Agent 2 (EventInvite) and tells the reporting engine (EventAgentInvited).',
    source: '[DOC] GenEM Conference; [CODE] PSDK imports RequestConference (reference §1.3)',
    note: 'Attributes are [INFER], as for RequestTransfer. ' + WHO_ANSWERS + ' On success EventAck [INFER], beside the Interaction Management EventPartyAdded every party hears.',
  },
  {
    protocol: 'InteractionManagement',
    name: 'RequestLeaveInteraction',
    kind: 'request',
    senders: AGENT,
    receivers: IS,
    pairing: 'request',
    responses: ACK_OR_ERROR,
    attributes: {
      InteractionId: req.string('the interaction to leave'),
      Reason: reason(),
      Extension: extension(),
      ProxyClientId: proxyClientId(),
    },
    description: 'An agent leaves an interaction (a conference, or one it handles alone); EventAck, EventPartyRemoved to the reporting engine and to the remaining parties.',
    source: '[DOC] GenEM Conference, Agent Leaves Conference (table starts with EventAck; the rest is truncated in the public copy); [CODE] PSDK RequestLeaveInteraction.Create(interactionId, reason)',
    note: 'EventError when the sender is not a party to the interaction (GenEM: "successfully or not"; which failures exist is not public, the reference server refuses an unknown interaction (56) and one the agent is not a party to (53)) [INFER].',
  },
  {
    protocol: 'InteractionManagement',
    name: 'EventPartyAdded',
    kind: 'event',
    senders: IS,
    receivers: AGENT,
    pairing: 'none',
    attributes: partyEvent(),
    description: 'An agent joined an interaction this agent is a party to (a conference).',
    source: '[DOC] GenEM Conference, Invitation Accepted: EventPartyAdded over "Reporting and Interaction Management", "Interaction Server informs all parties to the interaction that Agent 2 has joined"; reference §1.4',
    note: 'Attributes are [INFER] (the PSDK event\'s attributes are not public): the interaction as in EventInvite, and the joining agent in AgentId/PlaceId as the Reporting event names it.',
  },
  {
    protocol: 'InteractionManagement',
    name: 'EventPartyRemoved',
    kind: 'event',
    senders: IS,
    receivers: AGENT,
    pairing: 'none',
    attributes: partyEvent(),
    description: 'An agent left an interaction this agent is still a party to (a conference).',
    source: '[DOC] GenEM Conference, Agent Leaves Conference (truncated in the public copy; reference §2.9)',
    note: '[INFER]: the remaining parties are told as they were told of the join (EventPartyAdded over Interaction Management); attributes as EventPartyAdded.',
  },
];
