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

/** Each field missing or of the wrong kind, as `no "x"` or `"x" is string, not integer`. */
export function shapeProblems(obj: Record<string, unknown>, shape: Shape): string[] {
  const problems: string[] = [];
  for (const [field, { kind, optional }] of Object.entries(shape)) {
    const v = obj[field];
    if (v === undefined) {
      if (!optional) problems.push(`no "${field}"`);
    } else if (!fits(v, kind)) {
      problems.push(`"${field}" is ${kindOf(v)}, not ${kind}`);
    }
  }
  return problems;
}

/** `seq: integer, alias?: string, …`, for a diagnostic's expected. */
export function describeShape(shape: Shape): string {
  return Object.entries(shape).map(([f, s]) => `${f}${s.optional ? '?' : ''}: ${s.kind}`).join(', ');
}
