import type { AttrDef, MessageDef, Role } from '../types.ts';
import { opt, req } from './attributes.ts';

/**
 * T-Library as a T-Server speaks it to its voice clients: DN registration, agent state, the link to
 * the switch and the basic call model (reference §2.18, §3). Attribute names are the TEvent / TAttribute
 * names (reference §3.2, §3.3: ThisDN, AgentID, ThisQueue, ConnID …); enum values travel by name.
 *
 * Choices where the record is silent, written once here and repeated in each note:
 * - ReferenceID is the envelope's `referenceId` (README, Wire format), as on every JSON protocol here.
 * - Event M attributes that the T-Library client fills in itself (Event, Server, time) are not sent: the
 *   envelope's `message` is the Event; the trace records the time.
 * - A T-Library client of a T-Server is an agent desktop (AgentApplication), the IVR Server, or URS.
 */

/** Roles that talk T-Library to a T-Server as its clients. */
export const TLIB_CLIENTS: readonly Role[] = ['AgentApplication', 'IVRServer', 'URS'];
const SERVER: readonly Role[] = ['TServer'];

/** TAgentWorkMode names (reference §3.3). */
export const AGENT_WORK_MODES = ['Unknown', 'ManualIn', 'AutoIn', 'AfterCallWork', 'AuxWork', 'NoCallDisconnect', 'WalkAway', 'ReturnBack'] as const;
/** TCallType names (reference §3.3). */
export const CALL_TYPES = ['Unknown', 'Internal', 'Inbound', 'Outbound', 'Consult'] as const;
/** TDNRole names (reference §3.3). */
export const DN_ROLES = ['Unknown', 'Origination', 'Destination', 'ConferenceMember', 'NewParty', 'AddedBy', 'DeletedBy', 'TransferredBy', 'DeletedParty', 'ConferencedBy', 'Observer'] as const;
/** TRegisterMode / TControlMode / TAddressType names (reference §3.3). */
export const REGISTER_MODES = ['ModeShare', 'ModePrivate', 'ModeMonitor'] as const;
export const CONTROL_MODES = ['RegisterDefault', 'RegisterForce', 'RegisterLocal'] as const;
export const ADDRESS_TYPES = ['Unknown', 'DN', 'Position', 'Queue', 'RouteDN', 'Trunk', 'AgentID', 'Other'] as const;
/** The query this T-Server answers (RequestQueryAddress InfoType) and what it answers (EventAddressInfo InfoStatus). */
export const INFO_TYPES = ['AgentStatus'] as const;
export const AGENT_STATUSES = ['LoggedOut', 'Ready', 'NotReady', 'Unknown'] as const;
/** TCallState names this T-Server sends (reference §3.3). */
export const CALL_STATES = ['Ok', 'Transferred', 'Conferenced', 'GeneralError', 'SystemError', 'RemoteRelease', 'Busy', 'NoAnswer'] as const;

const ext = () => opt.kv('Extensions (KV list)');
const reasons = () => opt.kv('Reasons (KV list)');

const agentRequest = (extra: Record<string, AttrDef> = {}): Record<string, AttrDef> => ({
  ThisDN: req.string('the DN the agent works at'),
  ThisQueue: opt.string('the ACD queue (group)'),
  ...extra,
  Reasons: reasons(),
  Extensions: ext(),
});

const agentEvent = (): Record<string, AttrDef> => ({
  ThisDN: req.string('the DN'),
  AgentID: opt.string('the agent, when T-Server knows it'),
  ThisQueue: opt.string('the ACD queue (group)'),
  AgentWorkMode: opt.oneOf(AGENT_WORK_MODES, 'TAgentWorkMode name'),
  Reasons: reasons(),
  Extensions: ext(),
});

const callParty = (): Record<string, AttrDef> => ({
  ThisDN: req.string('the DN this event is about'),
  ConnID: req.string('connection id of the call (hex, as T-Server prints it)'),
  CallID: opt.int('switch call id'),
  CallType: opt.oneOf(CALL_TYPES, 'TCallType name'),
  ThisDNRole: opt.oneOf(DN_ROLES, 'TDNRole name'),
  OtherDN: opt.string('the other party, when T-Server knows it'),
  OtherDNRole: opt.oneOf(DN_ROLES, 'TDNRole name'),
  ThisQueue: opt.string('queue or route point the call came through'),
  CallState: opt.oneOf(CALL_STATES, 'TCallState name'),
  ANI: opt.string('calling number'),
  DNIS: opt.string('dialled number'),
  UserData: opt.kv('attached data (KV list)'),
  Extensions: ext(),
});

const AGENT_NOTE =
  'ReferenceID (envelope referenceId) is echoed to the client whose request this answers; the copies T-Server sends to the other clients registered on the DN carry none ([DOC] GenEM AgentStateDNEvents: ReferenceID Optional; [INFER] that copies omit it, reference §3.4).';

function request(name: string, attributes: Record<string, AttrDef>, responses: string[], description: string, source: string, note?: string, senders: readonly Role[] = TLIB_CLIENTS): MessageDef {
  return { protocol: 'TLibrary', name, kind: 'request', senders, receivers: SERVER, pairing: 'request', responses: [...responses, 'EventError'], attributes, description, source, ...(note ? { note } : {}) };
}

function event(name: string, pairing: MessageDef['pairing'], attributes: Record<string, AttrDef>, description: string, source: string, note?: string, receivers: readonly Role[] = TLIB_CLIENTS): MessageDef {
  return { protocol: 'TLibrary', name, kind: 'event', senders: SERVER, receivers, pairing, attributes, description, source, ...(note ? { note } : {}) };
}

export const tLibraryVoice: readonly MessageDef[] = [
  request(
    'RequestRegisterAddress',
    { ThisDN: req.string('the DN to monitor'), RegisterMode: opt.oneOf(REGISTER_MODES, 'TRegisterMode name'), ControlMode: opt.oneOf(CONTROL_MODES, 'TControlMode name'), AddressType: opt.oneOf(ADDRESS_TYPES, 'TAddressType name'), Extensions: ext() },
    ['EventRegistered'],
    'A client registers a DN: from now on it gets the events on that DN.',
    '[CODE] tlib_ext.h RequestRegisterAddress = 3 (reference §3.1); TRegisterMode, TControlMode, TAddressType (§3.3); [DOC] seed 002 "EventRegistered—an application has registered a DN"',
    'A DN the T-Server is not configured with is refused: EventError 59 TERR_NOT_CONFIGURED ("DN is not configured in CME", tliberr.h [CODE]). Registering a DN twice on one connection is answered EventRegistered again [INFER: registration is idempotent].',
  ),
  request(
    'RequestUnregisterAddress',
    { ThisDN: req.string('the DN to stop monitoring'), ControlMode: opt.oneOf(CONTROL_MODES, 'TControlMode name'), Extensions: ext() },
    ['EventUnregistered'],
    'A client stops monitoring a DN.',
    '[CODE] tlib_ext.h RequestUnregisterAddress = 4; [DOC] seed 002 "EventUnregistered—an application has unregistered a DN"',
    'A DN this client has not registered is refused: EventError 41 TERR_NOT_REGISTERED ("Client hadn\'t register DN", tliberr.h [CODE]).',
  ),
  event('EventRegistered', 'response', { ThisDN: req.string('the registered DN'), Extensions: ext() }, 'T-Server registered the DN for the client.', '[CODE] tlib_ext.h EventRegistered = 53; [DOC] seed 002'),
  event('EventUnregistered', 'response', { ThisDN: req.string('the unregistered DN'), Extensions: ext() }, 'T-Server unregistered the DN for the client.', '[CODE] tlib_ext.h EventUnregistered = 54; [DOC] seed 002'),
  request(
    'RequestAgentLogin',
    agentRequest({ AgentID: opt.string('the agent logging in'), AgentWorkMode: opt.oneOf(AGENT_WORK_MODES, 'TAgentWorkMode name'), Password: opt.string('agent password') }),
    ['EventAgentLogin'],
    'Log an agent in at a DN (TAgentLogin).',
    '[CODE] tlib TAgentLogin(queue, dn, agent_type, agent_id, passwd, workmode, reasons, extensions), RequestAgentLogin = 8 (reference §2.18, §3.1)',
    `The client must have registered the DN (else 41 TERR_NOT_REGISTERED); an agent already logged in there, or elsewhere, is refused with 43 TERR_IN_SAME_STATE; an AgentID the T-Server is not configured with with 192 TERR_AGENT_ID_INV; the link down with 54 TERR_NO_SWITCH (tliberr.h [CODE]). ${AGENT_NOTE}`,
  ),
  request('RequestAgentLogout', agentRequest(), ['EventAgentLogout'], 'Log the agent at a DN out (TAgentLogout).', '[CODE] tlib TAgentLogout, RequestAgentLogout = 9', `No agent logged in there: 43 TERR_IN_SAME_STATE. ${AGENT_NOTE}`),
  request('RequestAgentReady', agentRequest({ AgentWorkMode: opt.oneOf(AGENT_WORK_MODES, 'TAgentWorkMode name') }), ['EventAgentReady'], 'The agent at a DN becomes ready (TAgentSetReady).', '[CODE] tlib TAgentSetReady, RequestAgentReady = 10', `No agent logged in: 187 TERR_ACD_LOGOFF ("No NRDY/RDY while ACD set is logged out"); already ready: 43 TERR_IN_SAME_STATE. ${AGENT_NOTE}`),
  request('RequestAgentNotReady', agentRequest({ AgentWorkMode: opt.oneOf(AGENT_WORK_MODES, 'TAgentWorkMode name') }), ['EventAgentNotReady'], 'The agent at a DN becomes not ready (TAgentSetNotReady).', '[CODE] tlib TAgentSetNotReady(workmode), RequestAgentNotReady = 11', `No agent logged in: 187 TERR_ACD_LOGOFF; already not ready: 43 TERR_IN_SAME_STATE. ${AGENT_NOTE}`),
  event(
    'EventAgentLogin',
    'optional-response',
    agentEvent(),
    'An agent logged in at a DN; always followed by EventAgentReady or EventAgentNotReady, as the switch is configured.',
    '[DOC] GenEM AgentStateDNEvents EventAgentLogin (AgentID O, ReferenceID O, ThisDN M, ThisQueue O, WorkMode O, Reasons O, Extensions O), reference §3.5; seed 002',
    `WorkMode is sent as AgentWorkMode (the TAttribute name, reference §3.2). Which state follows a login is the switch's: the reference T-Server's option afterLogin, NotReady unless configured Ready [INFER: the public record does not say; an agent is not offered calls until ready]. The state event that follows carries no ReferenceID: the login was answered by EventAgentLogin [INFER]. ${AGENT_NOTE}`,
  ),
  event('EventAgentLogout', 'optional-response', agentEvent(), 'The agent at a DN logged out.', '[DOC] GenEM AgentStateDNEvents EventAgentLogout, reference §3.5; seed 002', AGENT_NOTE),
  event('EventAgentReady', 'optional-response', agentEvent(), 'The agent at a DN is ready for ACD calls.', '[DOC] GenEM AgentStateDNEvents EventAgentReady (its table is not public: the EventAgentLogin shape is used, reference §3.5); seed 002', AGENT_NOTE),
  event('EventAgentNotReady', 'optional-response', agentEvent(), 'The agent at a DN is not ready.', '[DOC] GenEM AgentStateDNEvents EventAgentNotReady (its table is not public: the EventAgentLogin shape is used, reference §3.5)', AGENT_NOTE),
  request(
    'RequestQueryAddress',
    { ThisDN: req.string('the DN asked about'), InfoType: req.oneOf(INFO_TYPES, 'what is asked: AgentStatus'), Extensions: ext() },
    ['EventAddressInfo'],
    'Ask T-Server the agent state of a DN.',
    '[CODE] tlib_ext.h RequestQueryAddress = 2, EventAddressInfo = 92; TEvent InfoType, InfoStatus (reference §3.1, §3.3)',
    'The record gives the query and its answer but no InfoType values: the reference T-Server answers InfoType AgentStatus only [INFER], with InfoStatus LoggedOut, Ready, NotReady or Unknown. Unknown when T-Server does not know: the link to the switch is down, or the DN is configured agentState unknown (an agent logged in on the set before T-Server watched it) until an agent event settles it [INFER]. It needs no registration [INFER].',
  ),
  event(
    'EventAddressInfo',
    'response',
    { ThisDN: req.string('the DN asked about'), InfoType: req.oneOf(INFO_TYPES), InfoStatus: req.oneOf(AGENT_STATUSES, 'the agent state: LoggedOut, Ready, NotReady or Unknown'), AgentID: opt.string('the agent logged in there, when known'), AgentWorkMode: opt.oneOf(AGENT_WORK_MODES), Extensions: ext() },
    'The answer to RequestQueryAddress: the agent state of the DN.',
    '[CODE] tlib_ext.h EventAddressInfo = 92; TEvent InfoType, InfoStatus (reference §3.3)',
    'InfoStatus travels by name [INFER]; see RequestQueryAddress.',
  ),
  event(
    'EventLinkDisconnected',
    'none',
    { ErrorCode: opt.int('why, when known'), ErrorMessage: opt.string(), ApplicationName: opt.string(), Extensions: ext() },
    'The CTI link between T-Server and the switch went down.',
    '[DOC] GenEM GeneralEvents EventLinkDisconnected (ErrorCode O, ErrorMessage O, ApplicationName O …), reference §3.5; tlib_ext.h = 94',
    'Sent to every client that has registered a DN [INFER: the record says "when the link goes down", not to whom]. The reference T-Server sends ErrorCode 109 TERR_LINK_DOWN (tliberr.h [CODE]). While the link is down, agent and call requests get EventError 54 TERR_NO_SWITCH, and agent-state queries answer Unknown [INFER].',
  ),
  event(
    'EventLinkConnected',
    'none',
    { ApplicationName: opt.string(), Extensions: ext() },
    'The CTI link between T-Server and the switch is back.',
    '[DOC] GenEM GeneralEvents EventLinkConnected ("when the CTI link to the switch is restored"), reference §3.5; tlib_ext.h = 95',
    'Sent to every client that has registered a DN, as EventLinkDisconnected [INFER].',
  ),
  request('RequestMakeCall', { ThisDN: req.string('the calling DN'), OtherDN: req.string('the number dialled'), UserData: opt.kv(), Extensions: ext() }, ['EventDialing'], 'A DN calls another (TMakeCall).', '[DOC] GenEM basic call model (reference §2.18); tlib_ext.h RequestMakeCall = 14', 'Both DNs must be configured (59); the link up (54).'),
  request('RequestAnswerCall', { ThisDN: req.string('the ringing DN'), ConnID: req.string('the call'), Extensions: ext() }, ['EventEstablished'], 'A ringing DN answers (TAnswerCall).', '[DOC] GenEM basic call model (reference §2.18); tlib_ext.h RequestAnswerCall = 16', 'A ConnID that does not ring at ThisDN: 56 TERR_INV_CONNID (tliberr.h [CODE]).'),
  request('RequestReleaseCall', { ThisDN: req.string('the DN hanging up'), ConnID: req.string('the call'), Extensions: ext() }, ['EventReleased'], 'A DN hangs up (TReleaseCall).', '[DOC] GenEM basic call model (reference §2.18); tlib_ext.h RequestReleaseCall = 17', 'A ConnID the DN is not on: 56 TERR_INV_CONNID.'),
  event('EventDialing', 'optional-response', callParty(), 'The calling DN is dialling.', '[DOC] GenEM basic call model step 1 (reference §2.18); tlib_ext.h = 61', 'Answers RequestMakeCall (ReferenceID echoed to the requester).'),
  event('EventRinging', 'none', callParty(), 'A call rings at a DN.', '[DOC] GenEM basic call model step 2 (reference §2.18); tlib_ext.h = 60', 'A call from outside the switch (a scenario\'s "a call arrives") has OtherDN = the ANI and CallType Inbound [INFER].'),
  event('EventEstablished', 'optional-response', callParty(), 'The call is connected at a DN.', '[DOC] GenEM basic call model steps 3–4 (reference §2.18); tlib_ext.h = 64', 'The answering DN\'s copy echoes its ReferenceID; the other party\'s has none.'),
  event('EventReleased', 'optional-response', callParty(), 'A DN left the call.', '[DOC] GenEM basic call model, abnormal endings (reference §2.18); tlib_ext.h = 65', 'The releasing DN\'s copy echoes its ReferenceID; the other party\'s (the call ended for it too) has none [INFER]. A caller from outside hanging up (a scenario stimulus) sends EventReleased with CallState Ok to the DN [INFER].'),
];
