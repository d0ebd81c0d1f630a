import { ROLE_LABELS, TIMERS, timerRangeProblem, timerRoles } from '../catalog/registry.ts';
import type { Role } from '../catalog/types.ts';
import { closest } from '../diagnostic/did-you-mean.ts';
import type { TraceRecorder } from '../trace/recorder.ts';
import { ScenarioError } from './scenario-error.ts';

export interface ScenarioTimersOptions {
  /** The run's overrides (`--timer`): they win over what a feature says. */
  run: Readonly<Record<string, number>>;
  /** The run's fast defaults, for reference participants only (`fastTimers` in cucumber.mjs). */
  fast: Readonly<Record<string, number>>;
  /** Why a fast default is what it is, when not simply the run's (raised for a web desktop): for the trace. */
  fastWhy?: Readonly<Record<string, string>>;
  recorder: TraceRecorder;
  /** A note for the scenario's trace (an override that wins, a timer left to a system under test). */
  info: (text: string) => void;
  /** The participants started so far: a timer must be set before the one that runs it starts. */
  started: () => ReadonlyArray<{ name: string; role: Role; origin?: string }>;
}

/**
 * The timers one scenario runs with, and where each value came from — the feature (configuration, so
 * only what the timer's option takes), a run override (`--timer`), or the run's fast default — each
 * recorded in the trace as it is settled, so `flowcert check` later uses the same values.
 */
export class ScenarioTimers {
  private readonly settled: Record<string, number> = {};
  /** Where each value came from: a run override (`--timer`, the fast default) or the feature. */
  private readonly sources: Record<string, 'run' | 'feature'> = {};
  /** Timers whose fast default was not applied because a system under test runs them (noted once). */
  private readonly leftToSut = new Set<string>();

  constructor(private readonly opts: ScenarioTimersOptions) {
    for (const [name, ms] of Object.entries(opts.run)) this.record(name, ms, 'run');
  }

  /**
   * What a feature says is configuration, so it must be a value the timer's option takes (registry
   * TIMERS: delivering-timeout is 1–86,400 s); shorter is for run overrides only. A run-wide override
   * wins; the feature's value is noted.
   */
  set(name: string, ms: number): void {
    const runBy = timerRoles().get(name);
    if (!runBy) {
      const known = [...timerRoles().keys()];
      const near = closest(name, known, 2);
      throw new ScenarioError(`no participant runs a timer "${name}"${near.length ? ` — did you mean "${near[0]}"?` : ''} (timers: ${known.join(', ')})`);
    }
    const started = this.opts.started().filter((m) => runBy.includes(m.role));
    if (started.length > 0) {
      const m = started[0];
      throw new ScenarioError(`the ${name} timer is set after ${m.name} started${m.origin ? ` at ${m.origin}` : ''}, so ${m.name} runs without it: move this step above that one`);
    }
    const problem = timerRangeProblem(name, ms);
    if (problem) {
      const fast = this.opts.fast[name];
      throw new ScenarioError(
        `the ${name} timer cannot be set to ${ms} ms: ${problem}. Give the scenario a value the option takes, or leave the timer out` +
          `${fast !== undefined ? ` (the reference servers then run it at ${fast} ms, the run's fast default)` : ''}; ` +
          `to run shorter than the option allows, override it for the whole run: --timer ${name}=${ms}`,
      );
    }
    if (Object.hasOwn(this.opts.run, name)) {
      if (ms !== this.opts.run[name]) this.opts.info(`the feature sets timer ${name} to ${ms} ms; the run's --timer ${name}=${this.opts.run[name]} wins`);
      return;
    }
    this.record(name, ms, 'feature');
  }

  /**
   * The timers a participant starts with. A timer it runs that neither the feature nor `--timer` set
   * takes the run's fast default — if it is a reference participant: a system under test runs its own
   * (its configuration, else the option's default), and the flow checks expect the model's value.
   */
  forParticipant(who: { name: string; role: Role; reference: boolean }): { values: Record<string, number>; overrides: string[] } {
    for (const [name, roles] of timerRoles()) {
      const fast = this.opts.fast[name];
      if (!roles.includes(who.role) || Object.hasOwn(this.settled, name) || fast === undefined) continue;
      if (who.reference) this.record(name, fast, 'run', `the run's fast default: the feature leaves it unset and ${who.name} is the reference${this.opts.fastWhy?.[name] ? `; ${this.opts.fastWhy[name]}` : ''}`);
      else if (!this.leftToSut.has(name)) {
        this.leftToSut.add(name);
        this.opts.info(
          `timer ${name} is left to ${who.name}, a system under test: the run's fast default (${fast} ms) shortens it for reference participants only, ` +
            `so the flow checks expect the model's value — give --timer ${name}=MS when ${who.name} is configured otherwise`,
        );
      }
    }
    return { values: { ...this.settled }, overrides: Object.keys(this.sources).filter((n) => this.sources[n] === 'run') };
  }

  /**
   * The value a timer runs at ("400 ms after the delivering timer expires"): as set (the feature, a run
   * override, the fast default), else — once a participant that runs it has started, a system under test
   * that runs its own — the option's documented default. Before such a participant started, the value is
   * not settled yet: a ScenarioError says so.
   */
  value(name: string): number {
    if (Object.hasOwn(this.settled, name)) return this.settled[name];
    const runBy = timerRoles().get(name);
    if (!runBy) throw new ScenarioError(`no participant runs a timer "${name}" (timers: ${[...timerRoles().keys()].join(', ')})`);
    const running = this.opts.started().find((m) => runBy.includes(m.role));
    const documented = Object.hasOwn(TIMERS, name) ? TIMERS[name].defaultMs : undefined;
    if (running && documented !== undefined) return documented;
    if (running) throw new ScenarioError(`the ${name} timer of ${running.name} has no value this scenario knows: set it (the "${name}" timer step) or give --timer ${name}=MS`);
    const some = (label: string) => `${/^[AEIOU]/.test(label) ? 'an' : 'a'} ${label}`;
    throw new ScenarioError(`the ${name} timer is settled when ${runBy.map((r) => some(ROLE_LABELS[r])).join(' or ')} starts: put this step after the one that starts it`);
  }

  /** The values settled so far (ms). */
  get values(): Readonly<Record<string, number>> {
    return this.settled;
  }

  private record(name: string, ms: number, source: 'run' | 'feature', why?: string): void {
    this.settled[name] = ms;
    this.sources[name] = source;
    const text = `timer ${name} = ${ms} ms${source === 'run' ? ` (run override${why ? `: ${why}` : ''})` : ''}`;
    this.opts.recorder.note({ kind: 'timer', text, data: { name, ms, source, ...(why ? { fast: true } : {}) } });
  }
}

/**
 * A web desktop in Chromium sees an invitation, and clicks it, in tens to hundreds of milliseconds on a
 * loaded machine — a person takes seconds; the option's default is 30 s. A fast default shorter than
 * this would revoke invitations before the page could answer, and fail a conformant desktop: when a
 * run binds anyone to a browser, the delivering timer's fast default is at least this.
 */
export const BROWSER_MIN_DELIVERING_MS = 3_000;

/** The run's fast defaults, the delivering one raised to BROWSER_MIN_DELIVERING_MS when a browser binding takes part; and why. */
export function fastDefaultsFor(fast: Readonly<Record<string, number>>, browserBound: boolean): { fast: Record<string, number>; fastWhy: Record<string, string> } {
  const out = { ...fast };
  const fastWhy: Record<string, string> = {};
  if (browserBound && out.delivering !== undefined && out.delivering < BROWSER_MIN_DELIVERING_MS) {
    fastWhy.delivering = `raised from ${out.delivering} ms for a web desktop (a browser binding), which must see and click each invitation`;
    out.delivering = BROWSER_MIN_DELIVERING_MS;
  }
  return { fast: out, fastWhy };
}
