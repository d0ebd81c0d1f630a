import type { AttrDef, MessageDef } from '../types.ts';
import { opt, req } from './attributes.ts';

/**
 * The IVR Server's XML protocol (reference §4; seed 003, GenEM "IVR Server General Messages"), as
 * flowcert's envelope carries it: the message element's attributes and children are attributes, the
 * GctiMsg's CallId is the attribute CallId, ReqId / <RequestId> is the referenceId (codec/ivr-xml.ts).
 * KeepAlive Req / Ack are GLI frames below the messages (codec/gli-framing.ts), not catalog messages.
 */

const callId = () => req.string('GctiMsg CallId: the call, or for a non-call message a key the client chose and the server echoes (reference §4.2)');
const kv = (d: string) => opt.kv(d);

const CASING_NOTE =
  'Casing: element and attribute names in PascalCase, as the seed\'s parameter tables and the real 8.1 reply (§4.2) write them; the seed\'s mapping tables write <agent portnum="01" status="LoggedIn"> in lower case, which is read and reported (ALIAS_USED) but never sent.';

export const AGENT_STATUSES = ['LoggedIn', 'LoggedOut', 'Ready', 'NotReady', 'Unknown'] as const;
export const AGENT_ACTIONS = ['Login', 'Logout', 'Ready', 'NotReady', 'Query'] as const;
export const CALL_EVENTS = ['Dialing', 'Ringing', 'Established', 'Retrieved', 'Busy', 'Held', 'ConfPartyAdd', 'ConfPartyDel', 'XferComplete', 'Released'] as const;
export const FAILED_REQUESTS = ['Unknown', 'NoSuchCall', 'OneStepXfer', 'OneStepConf', 'InitConf', 'CompleteConf', 'InitXfer', 'CompleteXfer', 'RetrieveCall', 'MakeCall', 'AgentControl', 'NotAllowed'] as const;

const serverFields: Record<string, AttrDef> = {
  Name: req.string('the T-Server (its application name)'),
  Status: req.oneOf(['OK', 'Unavailable'], 'OK on EventLinkConnected; Unavailable on EventLinkDisconnected, a closed T-Server socket or no connection'),
  Switch: opt.string('the switch the T-Server serves'),
};
const portFields: Record<string, AttrDef> = {
  PortNum: req.string('the IVR port'),
  Status: req.oneOf(['OK', 'Unavailable'], 'Unavailable: no further request on the port can succeed (a configuration change)'),
};
const agentFields: Record<string, AttrDef> = {
  PortNum: req.string('the IVR port the agent is logged in on'),
  Status: req.oneOf(AGENT_STATUSES, 'EventAgentLogin → LoggedIn, EventAgentLogout → LoggedOut, EventAgentReady → Ready, EventAgentNotReady → NotReady; Unknown from a query'),
};

const ivr = (d: Omit<MessageDef, 'protocol'>): MessageDef => ({ protocol: 'IVR', ...d });

export const ivrMessages: readonly MessageDef[] = [
  ivr({
    name: 'LoginReq',
    kind: 'request',
    senders: ['IVR'],
    receivers: ['IVRServer'],
    pairing: 'none',
    attributes: {
      CallId: callId(),
      Version: req.string('protocol version; "4.0"'),
      ClientName: req.string('the IVR object\'s name in the configuration'),
      ReportStatus: opt.string('"true" in the driver'),
      ServerMonitor: opt.string('"clear" in the driver'),
    },
    description: 'The IVR logs in to the IVR Server; the answer is LoginResp.',
    source: '[CODE] third-party driver (reference §4.3); [DOC] GenEM General Messages (seed 003): NoSuchClient when ClientName is unknown',
    note: 'Paired by CallId, not by a request id: the server echoes the key the client put in CallId (§4.2), so the envelope carries no referenceId and the models match CallId. A Version other than 4.0 is answered Result InvalidProtocolVersion [DOC: the result exists; 4.0 as the one version is CODE].',
  }),
  ivr({
    name: 'LoginResp',
    kind: 'event',
    senders: ['IVRServer'],
    receivers: ['IVR'],
    pairing: 'none',
    attributes: {
      CallId: callId(),
      IServerVersion: req.string('the IVR Server\'s version'),
      Result: req.oneOf(['Success', 'InvalidProtocolVersion']),
      Status: opt.oneOf(['NoSuchClient', 'InitInProgress', 'OK']),
      ConfigOptions: kv('the IVR Application\'s data-transport options'),
    },
    description: 'The IVR Server answers LoginReq.',
    source: '[DOC] GenEM General Messages, LoginResp (seed 003); [LOG] a real 8.1 reply (reference §4.2)',
    note:
      'IServerVer (the real 8.1 server\'s spelling) is read as IServerVersion and reported (ALIAS_USED, info); the reference server sends IServerVersion. ' +
      'Result × Status [INFER, GenEM does not pair them]: InvalidProtocolVersion comes alone (no Status: the version decides before the client is looked up); Success with NoSuchClient (unknown ClientName — the login is answered, but the client gets nothing), with InitInProgress (still initialising: no calls yet), or with OK. ' +
      'ConfigOptions is a KV list of <Node> elements like UDataEx [INFER], only with Status OK or InitInProgress. The seed\'s OCR slips "0K" and "Config0ptions" are read as OK and ConfigOptions.',
  }),
  ivr({
    name: 'MonitorInfo',
    kind: 'event',
    senders: ['IVRServer'],
    receivers: ['IVR'],
    pairing: 'optional-response',
    attributes: {
      CallId: callId(),
      Server: opt.kv('Server subtype: a T-Server connection changed', serverFields),
      Port: opt.kv('Port subtype: a port became unusable or usable again', portFields),
      Agent: opt.kv('Agent subtype: an agent\'s state on one of this IVR\'s ports', agentFields),
    },
    description: 'Server monitoring: a T-Server link, a port, or an agent\'s state changed.',
    source: '[DOC] GenEM General Messages, MonitorInfo and its Server, Port and Agent subtypes (seed 003)',
    note:
      'Nesting [INFER]: the subtype is one child element of MonitorInfo (<MonitorInfo ReqId="7"><Agent PortNum="01" Status="LoggedIn"/></MonitorInfo>), exactly one per message. ' +
      'ReqId [DOC name]: an attribute of MonitorInfo, the envelope\'s referenceId; only Agent ever carries it, answering the AgentControl it names; Server and Port never do. LoggedIn answers a Login (with its ReqId) and is always followed by Ready or NotReady (without one [INFER]: one answer per request). A Query answered Unknown is sent as Unknown; the harness treats it as LoggedOut (seed 003). ' +
      'CallId of a message no call caused [INFER]: the CallId of the IVR\'s LoginReq. ' +
      CASING_NOTE,
  }),
  ivr({
    name: 'AgentControl',
    kind: 'request',
    senders: ['IVR'],
    receivers: ['IVRServer'],
    pairing: 'request',
    responses: ['MonitorInfo', 'CallError'],
    attributes: {
      CallId: callId(),
      PortNum: req.string('the IVR port (its DN)'),
      Action: req.oneOf(AGENT_ACTIONS, 'Login, Logout, Ready, NotReady, or Query the agent\'s state'),
      AgentId: opt.string('the agent to log in'),
      Queue: opt.string('the ACD queue to log in to'),
    },
    description: 'The IVR controls or queries the agent on one of its ports; answered by MonitorInfo (Agent subtype) with this ReqId, or CallError FailedReq AgentControl.',
    source: '[DOC] GenEM: CallError FailedReq "AgentControl", MonitorInfo "in response to control messages" (seed 003); layout [INFER]',
    note: 'The element layout of the agent control and query messages is [NOT FOUND] (reference §4.3, §7): one AgentControl element, named after CallError\'s FailedReq value, with Action Login | Logout | Ready | NotReady | Query and ReqId as the request id. A T-Server EventError becomes CallError FailedReq AgentControl with TLibErrCode.',
  }),
  ivr({
    name: 'NewCall',
    kind: 'event',
    senders: ['IVR'],
    receivers: ['IVRServer'],
    pairing: 'none',
    attributes: {
      CallId: callId(),
      CallControlMode: opt.string('"Network" seen'),
      Version: opt.string('"4.0"'),
      CalledNum: req.string('the port DN the call arrived on'),
      DNIS: opt.string(),
      ANI: opt.string(),
      UDataEx: kv('user data'),
      ExtnsEx: kv('extensions'),
    },
    description: 'A call arrived on an IVR port: the call context starts, named by CallId.',
    source: '[CODE] third-party driver (reference §4.3)',
    note: 'The server answers CallStatus Event Established for the port\'s call [INFER, §4.6]; an unknown port DN gets CallError FailedReq NoSuchCall [INFER].',
  }),
  ivr({
    name: 'CallStatus',
    kind: 'event',
    senders: ['IVR', 'IVRServer'],
    receivers: ['IVRServer', 'IVR'],
    pairing: 'none',
    attributes: { CallId: callId(), Event: req.oneOf(CALL_EVENTS) },
    description: 'The state of the call changed (both directions use the same element).',
    source: '[DOC] GenEM CallStatus Event values; [CODE] both directions (reference §4.3, §4.4)',
  }),
  ivr({
    name: 'RouteRequest',
    kind: 'request',
    senders: ['IVR'],
    receivers: ['IVRServer'],
    pairing: 'none',
    attributes: { CallId: callId(), RouteDN: req.string('the route point'), CED: opt.string('caller-entered digits'), UDataEx: kv('user data'), ExtnsEx: kv('extensions') },
    description: 'The IVR asks for the call to be routed from a route point; answered by RouteResponse.',
    source: '[CODE] third-party driver (reference §4.3)',
    note: 'Paired by CallId (the call), not by a request id. The reference IVR Server places the call on the T-Server\'s route point; URS routes it there; EventRouteUsed becomes RouteResponse.',
  }),
  ivr({
    name: 'RouteResponse',
    kind: 'event',
    senders: ['IVRServer'],
    receivers: ['IVR'],
    pairing: 'none',
    attributes: {
      CallId: callId(),
      RouteType: opt.oneOf(['Default', 'Normal', 'Reroute', 'RerouteAttended', 'RerouteConferenced'], 'present only if supplied by URS'),
      Dest: opt.string('the destination'),
      ExtnsEx: kv('extensions'),
    },
    description: 'The routing decision for the call.',
    source: '[DOC] GenEM RouteResponse parameters; [CODE] <Dest> child (reference §4.4)',
  }),
  ivr({
    name: 'UDataSet',
    kind: 'request',
    senders: ['IVR'],
    receivers: ['IVRServer'],
    pairing: 'request',
    responses: ['UDataResp', 'CallError'],
    attributes: { CallId: callId(), Action: opt.oneOf(['Add', 'Replace', 'Delete', 'DeleteAll'], '[INFER] values'), UDataEx: req.kv('the pairs') },
    description: 'Attach user data to the call.',
    source: '[CODE] third-party driver: Action, <RequestId>, <UDataEx> (reference §4.3)',
    note: 'The request id is the <RequestId> child element, as the driver writes it (§4.5). Action values are [NOT FOUND]: Add, Replace, Delete, DeleteAll [INFER, after T-Library\'s attach/update/delete-pair/delete-all].',
  }),
  ivr({
    name: 'UDataGet',
    kind: 'request',
    senders: ['IVR'],
    receivers: ['IVRServer'],
    pairing: 'request',
    responses: ['UDataResp', 'CallError'],
    attributes: { CallId: callId(), Keys: opt.string('":"-separated keys; absent: all') },
    description: 'Read the call\'s user data.',
    source: '[CODE] third-party driver (reference §4.3)',
  }),
  ivr({
    name: 'UDataResp',
    kind: 'event',
    senders: ['IVRServer'],
    receivers: ['IVR'],
    pairing: 'response',
    attributes: { CallId: callId(), UDataEx: kv('the call\'s user data (UDataGet: the keys asked for)') },
    description: 'Answers UDataSet and UDataGet with the call\'s user data.',
    source: '[CODE] third-party driver (reference §4.4)',
  }),
  ivr({
    name: 'EndCall',
    kind: 'event',
    senders: ['IVR', 'IVRServer'],
    receivers: ['IVRServer', 'IVR'],
    pairing: 'none',
    attributes: { CallId: callId(), EndCause: opt.string('why the call ended') },
    description: 'The call context ends (either side may end it).',
    source: '[CODE] reference §4.3, §4.4',
  }),
  ivr({
    name: 'CallError',
    kind: 'event',
    senders: ['IVRServer'],
    receivers: ['IVR'],
    pairing: 'optional-response',
    attributes: { CallId: callId(), FailedReq: req.oneOf(FAILED_REQUESTS), TLibErrCode: opt.string('the T-Library EventError ErrorCode that caused it') },
    description: 'A request on a call failed.',
    source: '[DOC] GenEM CallError parameters (reference §4.4)',
    note: 'ReqId is the referenceId when the failed request had one ("the user supplied ReqId will be returned"). TLibErrCode is written as the T-Server sent ErrorCode.',
  }),
];
