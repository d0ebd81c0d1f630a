import type { AttrType } from './types.ts';

/** How a wire value reads inside a violation sentence: `"12"`, `42`, `null`, `an array of 2 items`, `an object`. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'absent';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? 'an empty array' : `an array of ${v.length} item${v.length === 1 ? '' : 's'}`;
  if (typeof v === 'object') return 'an object';
  return typeof v;
}

/** The JSON type name of a value: string, number, boolean, null, array, object. */
export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** `"12" (string)` — for a violation's `actual`. */
export function describeActual(v: unknown): string {
  return `${describeValue(v)} (${jsonType(v)})`;
}

export const TYPE_LABELS: Record<AttrType, string> = {
  string: 'a string',
  int: 'an integer',
  bool: 'a boolean',
  kv: 'a key-value object',
  timestamp: 'a timestamp (ISO-8601 string or epoch milliseconds)',
  list: 'an array',
};
