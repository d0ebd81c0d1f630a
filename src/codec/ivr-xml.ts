import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Violation } from '../catalog/types.ts';
import { PREVIEW_CHARS } from './envelope.ts';
import type { Envelope } from './envelope.ts';
import { entityProblem, escapeXml, latin1Problem, resolveReferences } from './ivr-xml-safety.ts';
import {
  CALL_ID, IVR_PROTOCOL, KV_ELEMENTS, LOWERCASE_SPELLINGS, PROLOGUE, REQ_ID_ATTRIBUTE, REQUEST_ID_ELEMENT,
  REQUEST_ID_ELEMENT_MESSAGES, ROOT_ELEMENT, SERVER_VERSION, SERVER_VERSION_81, SUBTYPE_ELEMENTS, TEXT_ELEMENTS,
} from './ivr-xml-shape.ts';
import type { CodecResult, WireCodec } from './wire-codec.ts';

/**
 * The IVR Server's XML (reference §4.2) ↔ flowcert's envelope:
 *
 *   <GctiMsg><CallId>C1</CallId><LoginReq Version='4.0' ClientName='IVR1'/></GctiMsg>
 *   ⇄ {protocol: "IVR", message: "LoginReq", attributes: {CallId: "C1", Version: "4.0", ClientName: "IVR1"}}
 *
 * The message element's XML attributes and its text children become string attributes; KV children
 * (UDataEx, ExtnsEx, ConfigOptions) become KV objects; MonitorInfo's subtype element becomes a KV object
 * of its attributes; ReqId / <RequestId> becomes the referenceId. Parsed with entities off; what is not
 * a well-formed, entity-free ISO-8859-1 GctiMsg comes back as NOT_XML violations. Pure, never throws.
 */

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  preserveOrder: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type XNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const SHAPE = "<GctiMsg><CallId>…</CallId><Message …/></GctiMsg>, ISO-8859-1";

export function decodeIvrXml(frame: string | Buffer, maxBytes: number): CodecResult {
  const buf = typeof frame === 'string' ? Buffer.from(frame, 'latin1') : frame;
  // Only a refused frame needs its preview.
  const bad = (violations: Violation[]): CodecResult => ({ ok: false, violations, size: buf.length, preview: buf.toString('latin1', 0, Math.min(buf.length, PREVIEW_CHARS * 2)).replace(/\s+/g, ' ').slice(0, PREVIEW_CHARS) });
  if (buf.length > maxBytes) {
    return bad([{ code: 'FRAME_TOO_LARGE', severity: 'error', message: `XML payload of ${buf.length} bytes is over the ${maxBytes}-byte limit and was not parsed`, expected: `at most ${maxBytes} bytes`, actual: `${buf.length} bytes`, hint: 'send smaller messages' }]);
  }
  const encoding = latin1Problem(buf);
  if (encoding) return bad([encoding]);
  const text = buf.toString('latin1');
  const entities = entityProblem(text);
  if (entities) return bad([entities]);
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    return bad([notXml(`the payload is not well-formed XML at ${line}:${col}: ${msg}`, SHAPE, `${valid.err.code} at line ${line}, column ${col}`, 'send one well-formed XML document per GLI frame')]);
  }
  let nodes: XNode[];
  try {
    nodes = parser.parse(text) as XNode[];
  } catch (e) {
    return bad([notXml(`the payload could not be parsed as XML: ${(e as Error).message}`, SHAPE, (e as Error).message, 'send one well-formed XML document per GLI frame')]);
  }
  return toEnvelope(nodes, bad);
}

function toEnvelope(nodes: XNode[], bad: (v: Violation[]) => CodecResult): CodecResult {
  const elements = nodes.filter((n) => !('#comment' in n));
  if (elements.length !== 1 || nameOf(elements[0]) !== ROOT_ELEMENT) {
    const names = elements.map(nameOf).join(', ') || 'nothing';
    return bad([notXml(`the document's root is ${names}, not ${ROOT_ELEMENT}`, SHAPE, names, `wrap every message in <${ROOT_ELEMENT}>`)]);
  }
  const children = childrenOf(elements[0]).filter((n) => !('#comment' in n) && !('#text' in n));
  const [callId, message, ...extra] = children;
  if (callId === undefined || nameOf(callId) !== CALL_ID || message === undefined || extra.length > 0) {
    const names = children.map(nameOf).join(', ') || 'nothing';
    return bad([notXml(`${ROOT_ELEMENT} holds ${names}; it holds one ${CALL_ID} element, then exactly one message element`, SHAPE, names, `send <${ROOT_ELEMENT}><${CALL_ID}>key</${CALL_ID}><Message …/></${ROOT_ELEMENT}>`)]);
  }
  const problems: Violation[] = [];
  const notes: Violation[] = [];
  const name = nameOf(message);
  const attributes: Record<string, unknown> = { [CALL_ID]: value(textOf(callId), problems) };
  let referenceId: number | undefined;
  const takeRequestId = (raw: string, how: string) => {
    if (/^\d{1,15}$/.test(raw)) referenceId = Number(raw);
    else attributes[how] = raw;
  };
  for (const [k, v] of Object.entries(message[':@'] ?? {})) {
    if (k === REQ_ID_ATTRIBUTE) takeRequestId(value(v, problems), REQ_ID_ATTRIBUTE);
    else if (k === SERVER_VERSION_81 && name === 'LoginResp') {
      attributes[SERVER_VERSION] = value(v, problems);
      notes.push({ code: 'ALIAS_USED', severity: 'info', attribute: SERVER_VERSION, message: `LoginResp carries ${SERVER_VERSION_81} (the real IVR Server 8.1 spelling) for ${SERVER_VERSION} (GenEM)`, expected: SERVER_VERSION, actual: SERVER_VERSION_81, hint: 'both are accepted (reference §6)' });
    } else attributes[k] = value(v, problems);
  }
  for (const child of childrenOf(message)) {
    if ('#text' in child || '#comment' in child) continue;
    let cname = nameOf(child);
    if (cname === REQUEST_ID_ELEMENT) {
      takeRequestId(value(textOf(child), problems), REQUEST_ID_ELEMENT);
    } else if (KV_ELEMENTS.has(cname)) {
      attributes[cname] = kvOf(child, problems);
    } else if (TEXT_ELEMENTS.has(cname)) {
      attributes[cname] = value(textOf(child), problems);
    } else {
      const canonical = LOWERCASE_SPELLINGS[cname];
      if (canonical !== undefined && SUBTYPE_ELEMENTS.has(canonical)) {
        notes.push({ code: 'ALIAS_USED', severity: 'info', attribute: canonical, message: `${name} writes its subtype as <${cname}> (seed 003's mapping tables); read as <${canonical}>`, expected: canonical, actual: cname, hint: 'PascalCase, as the seed\'s parameter tables write it, is what the reference server sends' });
        cname = canonical;
      }
      const fields: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(child[':@'] ?? {})) fields[LOWERCASE_SPELLINGS[k] !== undefined && canonical !== undefined ? LOWERCASE_SPELLINGS[k] : k] = value(v, problems);
      const text = textOf(child);
      attributes[cname] = Object.keys(fields).length === 0 && text !== '' ? value(text, problems) : fields;
    }
  }
  if (problems.length > 0) return bad(problems);
  const envelope: Envelope = referenceId === undefined ? { protocol: IVR_PROTOCOL, message: name, attributes } : { protocol: IVR_PROTOCOL, message: name, referenceId, attributes };
  return notes.length > 0 ? { ok: true, envelope, notes } : { ok: true, envelope };
}

/** `<UDataEx><Node Name="k" Type="Str" Val="v"/>…</UDataEx>`; Type Int gives a number, List a nested KV list [INFER]. */
function kvOf(node: XNode, problems: Violation[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of childrenOf(node)) {
    if ('#text' in n || '#comment' in n) continue;
    const a = n[':@'] ?? {};
    if (nameOf(n) !== 'Node' || a.Name === undefined) {
      problems.push(notXml(`${nameOf(node)} holds <${nameOf(n)}>${a.Name === undefined && nameOf(n) === 'Node' ? ' without a Name' : ''}; a KV list holds <Node Name="…" Type="Str|Int|List" Val="…"/> elements`, '<Node Name="k" Type="Str" Val="v"/>', nameOf(n), 'write each pair as a Node element'));
      continue;
    }
    const key = value(a.Name, problems);
    if (a.Type === 'List') out[key] = kvOf(n, problems);
    else if (a.Type === 'Int' && /^-?\d+$/.test(a.Val ?? '')) out[key] = Number(a.Val);
    else out[key] = value(a.Val ?? '', problems);
  }
  return out;
}

function value(raw: string, problems: Violation[]): string {
  const r = resolveReferences(raw);
  if (r.undeclared !== undefined) {
    problems.push(notXml(`the document refers to entity &${r.undeclared}; which is not one of XML's five predefined entities; entities are never expanded`, '&lt; &gt; &amp; &apos; &quot; or a character reference', `&${r.undeclared};`, 'write the character itself, or as a character reference (&#233;)'));
  }
  return r.value;
}

function nameOf(n: XNode): string {
  for (const k in n) if (k !== ':@') return k;
  return '';
}

function childrenOf(n: XNode): XNode[] {
  const c = n[nameOf(n)];
  return Array.isArray(c) ? (c as XNode[]) : [];
}

function textOf(n: XNode): string {
  return childrenOf(n).map((c) => (typeof c['#text'] === 'string' ? c['#text'] : '')).join('');
}

function notXml(message: string, expected: string, actual: string, hint: string): Violation {
  return { code: 'NOT_XML', severity: 'error', message, expected, actual, hint };
}

/** The envelope as the document a real server would send: prologue, GctiMsg, CallId, the message. ISO-8859-1 bytes. */
export function encodeIvrXml(env: Envelope): Buffer {
  const attrs = env.attributes ?? {};
  let head = `<${env.message}`;
  let body = '';
  if (env.referenceId !== undefined) {
    if (REQUEST_ID_ELEMENT_MESSAGES.has(env.message)) body += `<${REQUEST_ID_ELEMENT}>${env.referenceId}</${REQUEST_ID_ELEMENT}>`;
    else head += ` ${REQ_ID_ATTRIBUTE}='${env.referenceId}'`;
  }
  for (const [k, v] of Object.entries(attrs)) {
    if (k === CALL_ID || v === undefined || v === null) continue;
    if (KV_ELEMENTS.has(k) && typeof v === 'object') body += `<${k}>${kvXml(v as Record<string, unknown>)}</${k}>`;
    else if (typeof v === 'object') body += `<${k}${Object.entries(v as Record<string, unknown>).map(([fk, fv]) => ` ${fk}='${escapeXml(String(fv))}'`).join('')}/>`;
    else if (TEXT_ELEMENTS.has(k)) body += `<${k}>${escapeXml(String(v))}</${k}>`;
    else head += ` ${k}='${escapeXml(String(v))}'`;
  }
  const message = body === '' ? `${head}/>` : `${head}>${body}</${env.message}>`;
  const callId = attrs[CALL_ID] === undefined ? '' : escapeXml(String(attrs[CALL_ID]));
  return Buffer.from(`${PROLOGUE}<${ROOT_ELEMENT}><${CALL_ID}>${callId}</${CALL_ID}>${message}</${ROOT_ELEMENT}>`, 'latin1');
}

function kvXml(kv: Record<string, unknown>): string {
  let out = '';
  for (const [k, v] of Object.entries(kv)) {
    if (v !== null && typeof v === 'object') out += `<Node Name='${escapeXml(k)}' Type='List'>${kvXml(v as Record<string, unknown>)}</Node>`;
    else out += `<Node Name='${escapeXml(k)}' Type='${Number.isInteger(v) ? 'Int' : 'Str'}' Val='${escapeXml(String(v))}'/>`;
  }
  return out;
}

/** The IVR Server's XML behind the GLI header: one document per XML-data frame. */
export const gliXmlCodec: WireCodec = {
  id: 'gli-xml',
  decode: decodeIvrXml,
  encode: encodeIvrXml,
  text: (frame) => (typeof frame === 'string' ? frame : frame.toString('latin1')),
};
