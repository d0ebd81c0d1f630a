import type { Readable } from 'node:stream';
import type { Redactor } from '../secrets/redactor.ts';

type Data = string | Buffer | Readable;

/**
 * An attachment as it may go into cucumber's messages, its html report and Allure: without the run's
 * secrets. Everything flowcert attaches passes here (the World's attach) — a SUT's stdout and stderr, a
 * verdict whose reason quotes its last words, a scenario record. JSON is
 * redacted value by value (a secret `true` must not break the document); ndjson line by line; other
 * text as text; binary data and streams flowcert never attaches are passed as they are.
 */
export function redactAttachment(redactor: Redactor, data: Data, mediaType: string | undefined): Data {
  if (redactor.isEmpty || (typeof data !== 'string' && !Buffer.isBuffer(data))) return data;
  const type = (mediaType ?? 'text/plain').toLowerCase();
  if (!isText(type)) return data;
  const text = typeof data === 'string' ? data : data.toString('utf8');
  const clean = redactText(redactor, text, type);
  if (clean === text) return data;
  return typeof data === 'string' ? clean : Buffer.from(clean, 'utf8');
}

function redactText(redactor: Redactor, text: string, type: string): string {
  if (type === 'application/json' || type.endsWith('+json')) return redactJson(redactor, text) ?? redactor.text(text);
  if (type === 'application/x-ndjson') return text.split('\n').map((line) => (line === '' ? line : (redactJson(redactor, line) ?? redactor.text(line)))).join('\n');
  return redactor.text(text);
}

/** The JSON document without secrets, or undefined when it is not JSON (then it is redacted as text). */
function redactJson(redactor: Redactor, text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const clean = redactor.value(value);
  return clean === value ? text : JSON.stringify(clean);
}

function isText(type: string): boolean {
  return type.startsWith('text/') || type.includes('json') || type.includes('xml') || type.endsWith('+plain');
}
