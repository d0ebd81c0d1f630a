import { TooManyPositions } from './step-program.ts';
import type { Frame, ReadyItem, StepProgram } from './step-program.ts';
import type { MatchLink, Thread } from './thread.ts';

/**
 * When each step a thread waits for became ready: the matched message it must follow (null: ready from
 * the instance's start). An explanation needs it to name the right neighbour ("after seq 8
 * RequestRouteCall", not whichever any-order sibling matched last) and to look for the step's message
 * only where it could have been. Threads do not carry it — it would split threads the matcher merges,
 * and cost on every message — so it is recomputed for the few threads an explanation reports, by
 * replaying their matched steps through the program (step identity only: the attributes were checked).
 */

export function readyKey(r: ReadyItem): string {
  return `${r.step.id}${r.scope.key}`;
}

interface State {
  cont: Frame | null;
  since: Map<string, MatchLink | null>;
}

/** Ready item key → the link it must follow; undefined when the replay cannot tell (then callers fall back). */
export function readySince(program: StepProgram, th: Thread): Map<string, MatchLink | null> | undefined {
  const ls: MatchLink[] = [];
  for (let l = th.matched; l; l = l.prev) ls.push(l);
  ls.reverse();
  try {
    let states: State[] = program.begin().map((a) => ({ cont: a.cont, since: new Map(program.ready(a.cont).map((r) => [readyKey(r), null])) }));
    for (const l of ls) {
      const next = new Map<number, State>();
      for (const s of states) {
        for (const r of program.ready(s.cont)) {
          if (r.step !== l.step) continue;
          const taken = readyKey(r);
          for (const a of program.advance(r)) {
            const key = a.cont ? a.cont.id : -1;
            if (next.has(key)) continue;
            const since = new Map<string, MatchLink | null>();
            for (const n of program.ready(a.cont)) {
              const k = readyKey(n);
              // Still waiting since before this match, unless it is the step that just matched coming round again.
              since.set(k, k !== taken && s.since.has(k) ? s.since.get(k)! : l);
            }
            next.set(key, { cont: a.cont, since });
          }
        }
      }
      states = [...next.values()];
      if (states.length === 0) return undefined;
    }
    return states.find((s) => s.cont === th.cont)?.since;
  } catch (e) {
    if (e instanceof TooManyPositions) return undefined;
    throw e;
  }
}
