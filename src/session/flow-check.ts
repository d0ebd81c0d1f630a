import type { FlowModel } from '../flow/model.ts';
import { matchTrace, recordedTimers, type MatchOptions } from '../flow/matcher.ts';
import { recordedProfile, underProfile } from '../flow/profile.ts';
import type { MatchResult } from '../flow/result.ts';
import type { FlowCheck, Session } from './session.ts';

export interface FlowCheckRequest {
  model: FlowModel;
  variant: string;
  origin?: { uri: string; line: number; text: string };
  params?: Record<string, unknown>;
  bindings?: MatchOptions['bindings'];
  /** Which attempt of a redelivered interaction this check is about (matcher attempts); default: any. */
  attempt?: MatchOptions['attempt'];
  /**
   * How long to wait for the flow to complete. Default: the longest timer the model uses (after the
   * session's overrides) plus 1.5 s — a flow that waits for a timer gets that timer and some slack.
   * Extended by the time the harness lost to lag meanwhile.
   */
  timeoutMs?: number;
}

const POLL_MS = 20;

/**
 * Checks the live trace against a model variant, waiting while the flow may still complete: it returns
 * as soon as the flow passes with every never-window closed, or when the time is up, with the verdict
 * of the trace as it then is. Matching is cheap on a scenario's trace, so it simply re-matches rather
 * than tracking what changed: whenever the trace gains an entry (Session.awaitEntry), and at least
 * every POLL_MS, since time passing alone closes a never window or brings a timer step due. The waits
 * between matches count as waiting on the model (Session.waitedMs); the matches are the harness's work.
 *
 * The budget is counted in the harness's time, not the wall clock's: it is extended by the time the
 * harness's event loop lost to lag while it waited (Session.lagLost), so that on a loaded machine it
 * never expires before the flow had its time — a budget spent by the harness's own slowness would turn
 * a slow run into a missing message. Before the last match the lag measured so far goes into the
 * trace, so the verdict (and `flowcert check` on the saved trace) excuses timing by all of it.
 */
export async function checkFlow(session: Session, req: FlowCheckRequest): Promise<FlowCheck> {
  // The session records every timer it sets in the trace, and the matcher reads them from there;
  // the wait covers the longest of the model's timers at the value this run gave it.
  const first = session.snapshot();
  const recorded = recordedTimers(first);
  // The model as the run's profile reads it: what the check and its diagram show.
  const model = underProfile(req.model, recordedProfile(first));
  const longest = Math.max(0, ...Object.entries(req.model.timers).map(([name, ms]) => recorded[name] ?? ms));
  // A replayed recording is complete: there is nothing to wait for.
  const budget = session.replaying ? 0 : (req.timeoutMs ?? longest + 1500);
  const started = performanceNow();
  const lostBefore = session.lagLost;
  const left = () => started + budget + (session.lagLost - lostBefore) - performanceNow();
  const opts: MatchOptions = {
    variant: req.variant,
    ...(req.params ? { params: req.params } : {}),
    ...(req.bindings ? { bindings: req.bindings } : {}),
    ...(req.attempt !== undefined ? { attempt: req.attempt } : {}),
    ...(req.origin ? { origin: req.origin } : {}),
  };
  let result: MatchResult;
  for (;;) {
    result = matchTrace(model, session.snapshot(), opts);
    if (result.verdict === 'pass' || result.verdict === 'error') break;
    if (left() <= 0) {
      session.recordLag();
      result = matchTrace(model, session.snapshot(), opts);
      break;
    }
    // Until the trace gains an entry (the message the flow waits for), or the next poll: a never window
    // or a timer step is decided by time passing, with nothing new in the trace.
    await session.awaitEntry(Math.min(POLL_MS, Math.max(1, left())));
  }
  const check: FlowCheck = { model, variant: req.variant, result, ...(req.origin ? { origin: req.origin } : {}) };
  session.checks.push(check);
  return check;
}

function performanceNow(): number {
  return performance.now();
}
