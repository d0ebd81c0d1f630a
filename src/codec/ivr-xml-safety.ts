import type { Violation } from '../catalog/types.ts';

/**
 * What is checked on an IVR XML payload before any parser sees it: its bytes are ISO-8859-1 text, and
 * it declares no entities. The parser runs with entities off as well (processEntities: false); these
 * checks make the refusal say why, instead of leaving an entity reference unexpanded in a value.
 *
 * Pure: no I/O.
 */

/**
 * ISO/IEC 8859-1 defines 0x20–0x7E and 0xA0–0xFF; XML adds tab, LF and CR. Anything else (C0 controls,
 * DEL, the C1 range 0x80–0x9F) is no character of the declared encoding. UTF-8 text sent as is trips
 * on it often (`€` is E2 82 AC) but not always (`é` is C3 A9, two valid Latin-1 characters): that case is
 * the sender's, and reads as mojibake.
 */
function isLatin1TextByte(b: number): boolean {
  return (b >= 0x20 && b <= 0x7e) || b >= 0xa0 || b === 0x09 || b === 0x0a || b === 0x0d;
}

export function latin1Problem(payload: Buffer): Violation | undefined {
  for (let i = 0; i < payload.length; i++) {
    const b = payload[i];
    if (isLatin1TextByte(b)) continue;
    const utf8 = b >= 0x80 && i > 0 && payload[i - 1] >= 0xc2 && payload[i - 1] <= 0xf4;
    return {
      code: 'NOT_XML',
      severity: 'error',
      message: `byte 0x${b.toString(16).padStart(2, '0')} at offset ${i} of the XML payload is not an ISO-8859-1 character`,
      expected: 'ISO-8859-1 text: bytes 0x20–0x7E and 0xA0–0xFF, tab, LF, CR (the document declares encoding ISO-8859-1)',
      actual: `0x${b.toString(16).padStart(2, '0')} at offset ${i}`,
      hint: utf8
        ? 'the bytes look like UTF-8: encode the document as ISO-8859-1, and write characters beyond it as character references (&#8364;)'
        : 'send ISO-8859-1 text only; control characters are not allowed in XML',
    };
  }
  return undefined;
}

/** Where the document declares entities or a DTD of its own: refused, never expanded (billion laughs, external entities). */
export function entityProblem(text: string): Violation | undefined {
  const doctype = text.indexOf('<!DOCTYPE');
  const entity = text.indexOf('<!ENTITY');
  if (doctype < 0 && entity < 0) return undefined;
  if (entity >= 0) {
    const external = /<!ENTITY\s+%?\s*[^\s>]+\s+(SYSTEM|PUBLIC)\b/.test(text);
    return refusal(
      `the XML document declares an entity${external ? ' (an external one: a reference to a file or URL)' : ''} at offset ${entity}; entities are never expanded, the document was not read`,
      text.slice(entity, entity + 80),
    );
  }
  // A DOCTYPE with an internal subset can declare entities or attribute defaults; the real server's has none.
  const end = text.indexOf('>', doctype);
  const decl = end < 0 ? text.slice(doctype) : text.slice(doctype, end + 1);
  if (decl.includes('[')) return refusal(`the XML document's DOCTYPE has an internal subset at offset ${doctype}; the document was not read`, decl.slice(0, 80));
  return undefined;
}

function refusal(message: string, actual: string): Violation {
  return {
    code: 'NOT_XML',
    severity: 'error',
    message,
    expected: "no entity declarations: the DOCTYPE as a real IVR Server sends it, <!DOCTYPE GctiMsg SYSTEM 'IServer.dtd'>, or none",
    actual,
    hint: 'IVR XML needs no entities: write special characters as &lt; &gt; &amp; &apos; &quot; or character references (&#233;)',
  };
}

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Resolves the five predefined references and character references in a value the parser left as is
 * (entities off leaves them all alone). Anything else (`&foo;`) comes back as the undeclared name.
 */
export function resolveReferences(value: string): { value: string; undeclared?: string } {
  if (!value.includes('&')) return { value };
  let undeclared: string | undefined;
  const out = value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);/g, (all, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    }
    const known = PREDEFINED[ref];
    if (known === undefined) undeclared ??= ref;
    return known ?? all;
  });
  return undeclared === undefined ? { value: out } : { value: out, undeclared };
}

/** Characters that need escaping in ISO-8859-1 XML: markup, controls, and all beyond 0xFF. */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[&<>"'\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u0100-\uffff]/;

/** Escapes a value for an attribute or text, as ISO-8859-1: characters beyond it become character references. */
export function escapeXml(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  let out = '';
  for (const ch of value) {
    const cp = ch.codePointAt(0) as number;
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else if (ch === "'") out += '&apos;';
    else if (cp > 0xff || (cp >= 0x7f && cp < 0xa0) || (cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d)) out += `&#${cp};`;
    else out += ch;
  }
  return out;
}
