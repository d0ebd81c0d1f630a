/**
 * How the IVR XML messages lay out their parameters: which travel as XML attributes of the message
 * element, which as child elements, and of which kind. The envelope carries them all as attributes
 * (flowcert's message form), so the codec needs this table to write them back.
 *
 * Sources: reference §4.2–4.5 ([CODE] a third-party C++ driver; [DOC] GenEM's IVR pages, seed 003).
 * Where the record is silent the choice is named here and in the catalog note (protocols/ivr.ts).
 */

/** The protocol id of the IVR XML messages in the envelope. */
export const IVR_PROTOCOL = 'IVR';

/** The root element and its first child: `<GctiMsg><CallId>…</CallId><Message …/></GctiMsg>` (§4.2). */
export const ROOT_ELEMENT = 'GctiMsg';
export const CALL_ID = 'CallId';

/**
 * KV lists: `<UDataEx><Node Name="k" Type="Str" Val="v"/>…</UDataEx>` (§4.2 [CODE]). ConfigOptions is
 * written the same way [INFER]: GenEM says only that the IVR Application's data-transport options come
 * back "in the ConfigOptions section" of LoginResp.
 */
export const KV_ELEMENTS: ReadonlySet<string> = new Set(['UDataEx', 'ExtnsEx', 'ConfigOptions']);

/** Parameters that travel as a child element holding text (§4.3, §4.4 [CODE]). */
export const TEXT_ELEMENTS: ReadonlySet<string> = new Set(['CalledNum', 'DNIS', 'ANI', 'CED', 'Dest', 'StatName', 'Parameters']);

/**
 * MonitorInfo's subtypes (seed 003): one child element carrying its own attributes, e.g.
 * `<MonitorInfo ReqId="7"><Agent PortNum="01" Status="LoggedIn"/></MonitorInfo>` [INFER nesting: the
 * seed's parameter tables give Server, Port and Agent as the "Message Name" under MonitorInfo].
 */
export const SUBTYPE_ELEMENTS: ReadonlySet<string> = new Set(['Server', 'Port', 'Agent']);

/**
 * The seed's mapping tables write the subtypes in lower case (`<agent portnum="01" status="LoggedIn">`)
 * while its parameter tables and every other message use PascalCase. PascalCase is emitted; the lower-case
 * spelling is read and reported (ALIAS_USED), like IServerVer.
 */
export const LOWERCASE_SPELLINGS: Readonly<Record<string, string>> = {
  server: 'Server',
  port: 'Port',
  agent: 'Agent',
  portnum: 'PortNum',
  status: 'Status',
  name: 'Name',
  switch: 'Switch',
};

/**
 * The request id: GenEM's `ReqId` attribute (MonitorInfo, CallError, the agent control messages) or the
 * driver's `<RequestId>` child element (UDataSet, UDataGet, UDataResp, PeekStatReq, StatResp) (§4.5).
 * Either is read on any message; each message is written with the spelling its source shows. A decimal
 * value becomes the envelope's referenceId, so the connection pairs answers with requests like every
 * other protocol's.
 */
export const REQUEST_ID_ELEMENT_MESSAGES: ReadonlySet<string> = new Set(['UDataSet', 'UDataGet', 'UDataResp', 'PeekStatReq', 'StatResp']);
export const REQ_ID_ATTRIBUTE = 'ReqId';
export const REQUEST_ID_ELEMENT = 'RequestId';

/** LoginResp's version attribute: GenEM's name, and the one a real 8.1 server sends (§6). */
export const SERVER_VERSION = 'IServerVersion';
export const SERVER_VERSION_81 = 'IServerVer';

/** The prologue a real IVR Server 8.1 sends (§4.2), written before every document. */
export const PROLOGUE = "<?xml version='1.0' encoding='ISO-8859-1'?>\n<!DOCTYPE GctiMsg SYSTEM 'IServer.dtd'>\n";
