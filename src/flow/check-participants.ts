import type { LoadContext } from './load-context.ts';
import type { ModelParam, ModelParticipant } from './model.ts';

/**
 * A participant the model declares and no step sends or receives through is a leftover or a typo's
 * twin; it binds to nothing and checks nothing. A warning: the model still runs. A participant counts
 * as used when a step names it in from or to (even a step with other errors), or when a list param's
 * default names it for a for-each variable.
 */
export function checkParticipantsUsed(ctx: LoadContext, participants: Record<string, ModelParticipant>, params: Record<string, ModelParam>, named: ReadonlySet<string>): void {
  const used = new Set(named);
  for (const p of Object.values(params)) if (Array.isArray(p.default)) for (const v of p.default) if (typeof v === 'string') used.add(v);
  for (const p of Object.values(participants)) {
    if (used.has(p.id)) continue;
    ctx.diagnostics.push({
      code: 'FLOW_PARTICIPANT_UNUSED',
      severity: 'warning',
      message: `participant ${p.id} is declared but no step sends or receives through it`,
      location: p.loc,
      expected: 'a participant some step names in from or to',
      hint: `remove it, or name ${p.id} in a step's from or to`,
    });
  }
}
