/** What a trace line's fields must be, and what is wrong with a line that is not so: the reader's checks of both formats. */
export type FieldKind = 'string' | 'number' | 'integer' | 'object' | 'array';
export type Shape = Record<string, { kind: FieldKind; optional?: boolean }>;

export const req = (kind: FieldKind) => ({ kind });
export const opt = (kind: FieldKind) => ({ kind, optional: true });

export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (Number.isInteger(v)) return 'integer';
  return typeof v;
}

function fits(v: unknown, kind: FieldKind): boolean {
  switch (kind) {
    case 'string': return typeof v === 'string';
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'integer': return Number.isInteger(v);
    case 'object': return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array': return Array.isArray(v);
  }
}

type Field = { field: string; kind: FieldKind; optional: boolean };
/** Each shape's fields as a list, made once: a million-line trace checks a shape per line. */
const fieldLists = new WeakMap<Shape, Field[]>();
const NONE: string[] = [];

function fieldsOf(shape: Shape): Field[] {
  let fields = fieldLists.get(shape);
  if (!fields) {
    fields = Object.entries(shape).map(([field, { kind, optional }]) => ({ field, kind, optional: optional === true }));
    fieldLists.set(shape, fields);
  }
  return fields;
}

/** Each field missing or of the wrong kind, as `no "x"` or `"x" is string, not integer`; a shared empty list when none. */
export function shapeProblems(obj: Record<string, unknown>, shape: Shape): readonly string[] {
  let problems = NONE;
  for (const { field, kind, optional } of fieldsOf(shape)) {
    const v = obj[field];
    if (v === undefined ? optional : fits(v, kind)) continue;
    if (problems === NONE) problems = [];
    problems.push(v === undefined ? `no "${field}"` : `"${field}" is ${kindOf(v)}, not ${kind}`);
  }
  return problems;
}

/** `seq: integer, alias?: string, …`, for a diagnostic's expected. */
export function describeShape(shape: Shape): string {
  return Object.entries(shape).map(([f, s]) => `${f}${s.optional ? '?' : ''}: ${s.kind}`).join(', ');
}
