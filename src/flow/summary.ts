import type { Divergence, InstanceResult, TraceProblem, Verdict } from './result.ts';
import { instanceText, plural } from './describe.ts';

/** The one-line summary of a result: the verdict and the first thing that decided it. */

export function headline(d: Divergence): string {
  const step = d.step?.describe ?? d.expected;
  const at = d.observed ? ` at seq ${d.observed.seq}` : '';
  switch (d.kind) {
    case 'missing':
      return d.after ? `${step} missing after seq ${d.after.seq}` : `${step} missing`;
    case 'attributes':
      return `${step} has wrong ${(d.diffs ?? []).map((x) => x.path).join(', ')}${at}`;
    case 'order':
      return `${step} out of order${at}`;
    case 'timing':
      return `${step} at the wrong time${at}`;
    case 'forbidden':
      return `forbidden ${d.observed ? `${d.observed.message}${at}` : step}`;
    case 'unexpected':
      return `unexpected ${d.observed ? `${d.observed.message}${at}` : 'message'}`;
    case 'protocol':
      return `protocol violation${at} (${(d.violations ?? []).map((v) => v.code).join(', ')})`;
  }
}

export function summarize(verdict: Verdict, instances: readonly InstanceResult[], problems: readonly TraceProblem[]): string {
  const deciding = instances.filter((r) => r.verdict === verdict);
  const first = deciding[0];
  const more = deciding.length > 1 ? `; ${plural(deciding.length - 1, 'more instance')}` : '';
  if (verdict === 'pass') {
    const matched = instances.reduce((n, r) => n + r.matched.length, 0);
    return `pass: ${plural(instances.length, 'instance')}, ${plural(matched, 'message')} matched`;
  }
  if (!first) {
    const p = problems[0];
    return `${verdict}: ${plural(problems.length, 'trace problem')}, first at seq ${p.seq} (${p.violations.map((v) => v.code).join(', ')})`;
  }
  const what = first.divergence ? headline(first.divergence) : (first.reason ?? verdict);
  return `${verdict}: ${what} (${instanceText(first)})${more}`;
}
