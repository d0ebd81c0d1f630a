import { formatLocation } from '../diagnostic/diagnostic.ts';
import { describeObserved, instanceText, invertParticipants, plural } from './describe.ts';
import type { NameMap } from './describe.ts';
import type { Divergence, InstanceResult, LagDoubt, MatchResult, StepRef, TraceProblem } from './result.ts';

/**
 * A match result as text for people: the verdict line, then every instance that did not pass with
 * the model step (YAML position, Gherkin origin), what was observed instead and the attribute
 * differences. Participants are named as in the model wherever the instance bound them.
 *
 *   FAIL Deliver Interaction to Agent, variant accept — 1 of 1 instance failed
 *     interaction 0001: missing ixn → stat EventAgentInvited (Reporting)
 *       model step urs-requests-delivery.2.2 at scenarios/deliver-interaction-to-agent.yaml:31:13
 *       after seq 4 urs → ixn RequestRouteCall; nothing matching came before the trace ended
 */

const WORD = { fail: 'failed', inconc: 'inconclusive', error: 'could not be matched' } as const;

function header(r: MatchResult): string {
  const title = `${r.verdict.toUpperCase()} ${r.model.name}, variant ${r.variant}${r.profile && !r.profile.default ? `, profile ${r.profile.name}` : ''}`;
  const n = r.instances.length;
  // No instance: the trace could not be matched at all (error), or a cut trace lacks a participant (inconc).
  if ((r.verdict === 'error' || r.verdict === 'inconc') && n === 0) return `${title} — ${r.summary.replace(/^(error|inconc): /, '')}`;
  if (r.verdict === 'pass') return `${title} — ${n} of ${plural(n, 'instance')} passed`;
  const counted = r.instances.filter((i) => i.verdict === r.verdict).length;
  let text = `${title} — ${counted} of ${plural(n, 'instance')} ${WORD[r.verdict]}`;
  if (r.problems.length > 0) text += `; ${plural(r.problems.length, 'trace problem')}`;
  return text;
}

/** The expected step as `ixn → stat EventAgentInvited (Reporting)`, without its attribute list. */
function stepText(d: Divergence): string {
  const e = d.expected.replace(/^no /, '');
  const cut = e.indexOf(' with ');
  return cut < 0 ? e : e.slice(0, cut);
}

function stepLines(step: StepRef | undefined, lead = 'model step'): string[] {
  if (!step) return [];
  const out = [`${lead} ${step.id} at ${formatLocation(step.loc)}`];
  if (step.origin) out.push(`asked by ${step.origin.uri}:${step.origin.line}: ${step.origin.text}`);
  return out;
}

function divergenceLines(d: Divergence, names: NameMap): { head: string; body: string[] } {
  const obs = d.observed ? describeObserved(d.observed, names) : '';
  switch (d.kind) {
    case 'missing': {
      const tail = d.detail ?? 'nothing matching came before the trace ended';
      return { head: `missing ${stepText(d)}`, body: [...stepLines(d.step), d.after ? `after ${describeObserved(d.after, names)}; ${tail}` : tail] };
    }
    case 'attributes':
      return {
        head: `wrong attributes in ${stepText(d)}`,
        body: [...stepLines(d.step), `${obs} differs:`, ...(d.diffs ?? []).map((x) => `  ${x.path}: expected ${x.expected}, got ${x.actual}`)],
      };
    case 'order':
      return { head: `out of order ${stepText(d)}`, body: [...stepLines(d.step), d.detail ?? obs] };
    case 'timing':
      return { head: `wrong time for ${stepText(d)}`, body: [...stepLines(d.step), d.detail ?? obs] };
    case 'forbidden':
      return { head: `forbidden ${stepText(d)} at seq ${d.observed?.seq}`, body: [...stepLines(d.step), d.detail ?? obs] };
    case 'unexpected':
      return { head: `unexpected ${obs}`, body: [...stepLines(d.step, 'before model step'), ...(d.detail ? [d.detail] : [])] };
    case 'protocol':
      return {
        head: `protocol violation in ${obs}`,
        body: [...stepLines(d.step), ...(d.violations ?? []).map((v) => `${v.code}: ${v.message}`)],
      };
  }
}

function instanceLines(i: InstanceResult): string[] {
  const who = instanceText(i);
  if (i.divergence) {
    const { head, body } = divergenceLines(i.divergence, invertParticipants(i.participants));
    return [`  ${who}: ${head}`, ...body.map((l) => `    ${l}`)];
  }
  const word = i.verdict === 'inconc' ? 'inconclusive' : i.verdict;
  const head = `  ${who}: ${word}${i.reason ? ` — ${i.reason}` : ''}`;
  if (i.doubt) return [head, ...doubtLines(i.doubt, invertParticipants(i.participants)).map((l) => `    ${l}`)];
  if (!i.pending) return [head];
  const p = i.pending;
  const names = invertParticipants(i.participants);
  const waiting = `waiting for ${p.expected.replace(/ with .*$/, '')}${p.after ? ` after ${describeObserved(p.after, names)}` : ''}`;
  return [head, ...[...stepLines(p.step), waiting].map((l) => `    ${l}`)];
}

/** The timing miss the lag explains: the step, and the numbers of both the miss and the lag. */
function doubtLines(d: LagDoubt, names: NameMap): string[] {
  const what = d.kind === 'forbidden' ? `${describeObserved(d.observed, names)} came ${d.detail}` : d.detail;
  return [...stepLines(d.step), what];
}

/** Which attempt of a redelivered instance answered the check, and what became of the others. */
function attemptLines(r: MatchResult): string[] {
  if (!r.attempts) return [];
  const out: string[] = [];
  for (const i of r.instances) {
    // One attempt is the usual case: nothing to say about attempts then.
    if (i.verdict !== 'pass' || !i.attempt || i.attempt.of < 2) continue;
    const seqs = i.matched.map((m) => m.seq);
    out.push(`  ${instanceText(i)}: follows variant ${r.variant}${seqs.length ? ` (seq ${seqs[0]}–${seqs[seqs.length - 1]})` : ''}`);
  }
  for (const o of r.attempts.others) {
    const from = o.matched.length > 0 ? ` (from seq ${o.matched[0].seq})` : '';
    const what =
      typeof r.attempts.asked === 'number' ? `not the attempt asked for (${r.attempts.asked})` : o.verdict === 'pass' ? `also follows variant ${r.variant}` : `does not follow variant ${r.variant}`;
    out.push(`  ${instanceText(o)}${from}: ${what}`);
  }
  return out;
}

function problemLine(p: TraceProblem): string {
  const what = p.message ? `${p.from} → ${p.to} ${p.message}` : `bad frame ${p.from} → ${p.to}`;
  return `  trace problem at seq ${p.seq}, ${what}: ${p.violations.map((v) => `${v.code} ${v.message}`).join('; ')}`;
}

export function explain(result: MatchResult, opts: { maxInstances?: number } = {}): string {
  const max = opts.maxInstances ?? 10;
  const lines = [header(result)];
  const shown = result.instances.filter((i) => i.verdict !== 'pass');
  for (const i of shown.slice(0, max)) lines.push(...instanceLines(i));
  if (shown.length > max) lines.push(`  … and ${plural(shown.length - max, 'more instance')} that did not pass`);
  lines.push(...attemptLines(result).slice(0, max));
  for (const p of result.problems.slice(0, max)) lines.push(problemLine(p));
  if (result.problems.length > max) lines.push(`  … and ${plural(result.problems.length - max, 'more trace problem')}`);
  if (result.notStarted.length > 0) {
    const firsts = result.notStarted.slice(0, 5).map((n) => n.firstSeq).join(', ');
    lines.push(`  ${plural(result.notStarted.length, 'instance')} seen but never started (first seq ${firsts}${result.notStarted.length > 5 ? ', …' : ''})`);
  }
  const aliases = [...new Set(result.instances.flatMap((i) => i.aliasesUsed))].sort();
  if (aliases.length > 0) lines.push(`  spellings used: ${aliases.join('; ')}`);
  return lines.join('\n');
}
