import { ROLE_LABELS } from '../catalog/types.ts';
import type { Role } from '../catalog/types.ts';
import { valueText } from './attribute-matcher.ts';
import type { MatchOptions } from './matcher.ts';
import type { FlowModel, ForEachStep, Step } from './model.ts';
import type { MatchResult } from './result.ts';
import { walkSteps } from './step-program.ts';
import type { TraceCounts } from './trace-matching.ts';
import type { TraceFooter } from '../trace/types.ts';

/** What the matcher settles before the first message: the run's values for-each iterates, and the error result when it cannot run. */

export function errorResult(model: FlowModel, counts: TraceCounts, variant: string, reason: string): MatchResult {
  return {
    verdict: 'error',
    summary: `error: ${reason}`,
    model: { name: model.name, file: model.file, hash: model.hash },
    variant,
    instances: [],
    notStarted: [],
    problems: [],
    stats: { entries: counts.entries, messages: counts.messages, instances: 0 },
  };
}

/** Why the matcher cannot run; `absent`: only because the trace lacks a participant, which a cut trace may yet have had. */
export interface SetupProblem {
  reason: string;
  absent: boolean;
}

/**
 * A cut trace (no footer, or one that says interrupted) without a participant the model needs: the cut
 * may have lost it, so nothing can be said — inconc, with no instance, as an error result has none.
 */
export function cutResult(model: FlowModel, counts: TraceCounts, variant: string, footer: TraceFooter | undefined, absent: string): MatchResult {
  const how = footer ? 'its footer says interrupted' : 'it has no footer';
  const reason = `the trace is cut short (${how}), so a participant the model needs may not have joined yet: ${absent}`;
  return { ...errorResult(model, counts, variant, reason), verdict: 'inconc', summary: `inconc: ${reason}` };
}

/** Resolve for-each lists and check that every timer has a value; else why it cannot run. */
export function prepare(model: FlowModel, root: readonly Step[], timers: Record<string, number>, opts: MatchOptions, roleOf: Map<string, Role>): Map<ForEachStep, readonly unknown[]> | SetupProblem {
  const values = new Map<ForEachStep, readonly unknown[]>();
  let problem: string | undefined;
  let absent: string | undefined;
  const needTimer = (name: string): void => {
    if (problem === undefined && typeof timers[name] !== 'number') problem = `timer '${name}' has no value: the model's timers do not define it and the run gives none`;
  };
  walkSteps(root, (s) => {
    if (s.kind === 'message' && s.timing?.after) needTimer(s.timing.after.timer);
    if (s.kind === 'message' && s.timing?.before) needTimer(s.timing.before.timer);
    if (s.kind === 'never' && s.window.kind === 'timer') needTimer(s.window.timer);
    if (s.kind !== 'for-each' || problem !== undefined) return;
    const param = model.params[s.in];
    let v = opts.params?.[s.in] ?? param?.default;
    if (v === undefined && param?.role) {
      v = [...roleOf].filter(([, r]) => r === param.role).map(([n]) => n);
      // Zero rounds would pass vacuously: a trace without the role cannot say anything here.
      if ((v as string[]).length === 0) {
        absent ??= `the trace has no ${ROLE_LABELS[param.role]} participant for for-each ${s.variable} in ${s.in}`;
        return;
      }
    }
    if (problem !== undefined) return;
    if (!Array.isArray(v)) problem = `for-each ${s.variable} in ${s.in} needs a list, and the param is ${v === undefined ? 'not given' : valueText(v)}`;
    else values.set(s, v);
  });
  // A timer or list the run cannot give is an error whatever the trace holds: it goes first.
  if (problem !== undefined) return { reason: problem, absent: false };
  if (absent !== undefined) return { reason: absent, absent: true };
  return values;
}
