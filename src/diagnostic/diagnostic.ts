/**
 * A problem found in user input (a model file, a trace, a frame, a config), as data.
 * Loaders collect every Diagnostic of a file before reporting, so a user fixes them all in one pass.
 */
export interface SourceLocation {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  col: number;
}

export interface Diagnostic {
  /** Stable machine-readable code, e.g. FLOW_UNKNOWN_MESSAGE. Tests and tools key on it. */
  code: string;
  severity: 'error' | 'warning';
  /** What is wrong, in one sentence, without the location. */
  message: string;
  location?: SourceLocation;
  /** What would have been accepted here. */
  expected?: string;
  /** What to do about it, e.g. a did-you-mean. */
  hint?: string;
}

export function formatLocation(loc: SourceLocation | undefined): string {
  return loc ? `${loc.file}:${loc.line}:${loc.col}` : '';
}

/** `scenarios/x.yaml:14:7 error FLOW_UNKNOWN_MESSAGE unknown message EventInvit — did you mean EventInvite (Interaction Management)?` */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.location ? `${formatLocation(d.location)} ` : '';
  let text = `${where}${d.severity} ${d.code} ${d.message}`;
  if (d.expected) text += `\n    expected: ${d.expected}`;
  if (d.hint) text += `\n    hint: ${d.hint}`;
  return text;
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}
