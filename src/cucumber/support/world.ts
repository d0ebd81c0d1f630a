import { World as CucumberWorld, setWorldConstructor, type IWorldOptions } from '@cucumber/cucumber';
import type { Interruption } from '../../reporting/verdict-attachment.ts';
import { Redactor } from '../../secrets/redactor.ts';
import { redactAttachment } from '../redact-attachment.ts';
import type { Bindings } from '../../session/binding-config.ts';
import type { ParticipantSpec } from '../../session/cast.ts';
import { ScenarioError } from '../../session/scenario-error.ts';
import type { ScenarioVerdict } from '../../session/scenario-error.ts';
import type { Session } from '../../session/session.ts';

/** What `flowcert run` (or cucumber.mjs's worldParameters) tells every scenario. */
export interface FlowcertParameters {
  /** Folder of the run's reports; traces go under `<reportsDir>/traces/`. Relative paths are relative to the run's folder. */
  reportsDir?: string;
  /** Timer overrides (ms) for every scenario's session, e.g. `{ delivering: 2000 }`. */
  timers?: Record<string, number>;
  /**
   * The run's fast default (ms), e.g. `{ delivering: 200 }` (cucumber.mjs): a timer a feature leaves
   * unset runs this short where a reference participant runs it, recorded as a run override.
   */
  fastTimers?: Record<string, number>;
  /** Faults to inject into reference servers, by participant name (to see the harness catch them). */
  faults?: Record<string, string[]>;
  /** The run's profile (`--profile`): the reading of GenEM the models are checked under and the reference servers act out. */
  profile?: string;
  /** Who plays each part (the loaded `--sut` / flowcert.config.yaml); absent: everyone is the reference. */
  bindings?: Bindings;
  /** Attach each scenario's record (checks, participants, what the SUT exercised): `flowcert certify` reads them. */
  records?: boolean;
}

/** How a scenario ended, by whose fault, and why (the first step that decided it). */
export interface ScenarioOutcome {
  verdict: ScenarioVerdict;
  reason: string;
  /** The trace entries the reason is about (a step's failure naming them), for the certificate's excerpt. */
  seqs?: readonly number[];
  /**
   * The run was interrupted (Ctrl-C, SIGTERM) before this scenario was decided: `running` — it was cut
   * short; `not-started` — it never ran. The verdict is then inconc: nothing was decided.
   */
  interrupted?: Interruption;
}

/** A Gherkin step, where a flow check came from: shown in explanations and reports. */
export interface StepOrigin {
  uri: string;
  line: number;
  text: string;
}

/** The scenario a World belongs to, for steps that name it in messages. */
export interface ScenarioInfo {
  name: string;
  /** Feature file, as cucumber reports it (relative to the run's folder). */
  uri: string;
  line: number;
  tags: string[];
  /** Where this scenario's trace is written. */
  traceFile: string;
}

/**
 * `this` in every step: one per scenario. Steps use `this.session` to start participants, stimulate
 * them and check flows; the hooks create the session before the first step and dispose of it after the
 * last, attaching its trace and diagrams to the scenario.
 */
export class World extends CucumberWorld<FlowcertParameters> {
  /** The run's secrets (the binding configuration's), taken out of every attachment, log line and error of this scenario. */
  readonly redactor: Redactor;
  private current: Session | undefined;
  private info: ScenarioInfo | undefined;
  private reported = false;
  private step: StepOrigin | undefined;
  private decided: ScenarioOutcome | undefined;

  constructor(options: IWorldOptions<FlowcertParameters>) {
    const redactor = new Redactor(options.parameters.bindings?.secrets ?? []);
    // Every attachment goes through here, whoever makes it: nothing flowcert attaches holds a secret. (Log
    // lines quote errors, which the step wrapper has redacted already: verdicts.ts.)
    const attach = ((data: Parameters<typeof options.attach>[0], how?: string | { mediaType: string; fileName?: string }, callback?: () => void) => {
      const clean = redactAttachment(redactor, data, typeof how === 'string' ? how : how?.mediaType);
      return (options.attach as (...a: unknown[]) => unknown)(clean, how, ...(callback ? [callback] : []));
    }) as typeof options.attach;
    super({ ...options, attach });
    this.redactor = redactor;
  }

  get session(): Session {
    if (!this.current) throw new Error('no flowcert session: this step ran outside a scenario (the Before hook creates it)');
    return this.current;
  }

  get scenario(): ScenarioInfo {
    if (!this.info) throw new Error('no scenario: this step ran outside a scenario');
    return this.info;
  }

  /**
   * The Gherkin step running now (its text as the scenario says it, outline values filled in), or
   * undefined outside a step. `text` is used when no step is known.
   */
  currentStep(text?: string): StepOrigin | undefined {
    if (this.step) return { ...this.step };
    return this.info && text !== undefined ? { uri: this.info.uri, line: this.info.line, text } : undefined;
  }

  /** `features/x.feature:21 (what)`: where the running step is, for error messages. */
  stepWhere(what: string): string {
    const at = this.step ?? (this.info ? { uri: this.info.uri, line: this.info.line } : undefined);
    return at ? `${at.uri}:${at.line} (${what})` : what;
  }

  /** Starts a participant, remembering which step started it (for messages that point back at it). */
  start(spec: ParticipantSpec): ReturnType<Session['start']> {
    const at = this.step ?? this.info;
    const rules = spec.role === 'StatServer' ? this.capacityRules.get(spec.name) : undefined;
    return this.session.start({ ...spec, ...(at ? { origin: `${at.uri}:${at.line}` } : {}), ...(rules ? { capacityRules: rules } : {}) });
  }

  /** Stat Server name → the capacity rules it starts with (a file's text, or what the steps assigned). */
  private readonly capacityRules = new Map<string, { file: string; text: string }>();

  /** The capacity rules a Stat Server starts with: given before it starts, like a timer (configuration). */
  setCapacityRules(statServer: string, rules: { file: string; text: string }): void {
    if (this.session.participant(statServer)) this.fail(`${this.stepWhere('capacity rules')}: "${statServer}" has started already; give its capacity rules before the step that starts it`);
    this.capacityRules.set(statServer, rules);
  }

  capacityRulesOf(statServer: string): { file: string; text: string } | undefined {
    return this.capacityRules.get(statServer);
  }

  /** Sets a timer for this scenario; an error at this step when it comes too late or names no timer. */
  setTimer(name: string, ms: number): void {
    this.session.setTimer(name, ms);
  }

  /** Ends the scenario in error with this text: what the step was asked cannot be done as written. */
  fail(message: string): never {
    throw new ScenarioError(message);
  }

  /** The verdict so far (worst wins) and the reason the first step that set it gave; undefined while it passes. */
  get outcome(): ScenarioOutcome | undefined {
    return this.decided;
  }

  /** For the hooks only: a step ended the scenario as `verdict`; worse verdicts win, the first reason stays. */
  decide(verdict: ScenarioVerdict, reason: string, seqs: readonly number[] = []): void {
    const rank = { inconc: 1, fail: 2, error: 3 } as const;
    if (!this.decided || rank[verdict] > rank[this.decided.verdict]) this.decided = { verdict, reason, ...(seqs.length > 0 ? { seqs } : {}) };
  }

  /**
   * For the hooks only: the run was interrupted (`by`: the signal) while this scenario ran. A verdict
   * reached before the interrupt stands; otherwise the scenario is interrupted, at the step it was in.
   */
  interrupted(by: string): void {
    if (this.decided) return;
    const at = this.step ? ` during ${this.step.uri}:${this.step.line} (${this.step.text})` : '';
    this.decided = { verdict: 'inconc', reason: `interrupted (${by})${at}`, interrupted: 'running' };
  }

  /** For the hooks only: the run was interrupted (`by`) before this scenario began; it does not run. */
  notStarted(by: string): void {
    this.decided = { verdict: 'inconc', reason: `not run: the run was interrupted (${by}) before it started`, interrupted: 'not-started' };
  }

  /** For the hooks only: the step about to run. */
  enterStep(step: StepOrigin): void {
    this.step = step;
  }

  /** For the hooks only. */
  bind(session: Session, info: ScenarioInfo): void {
    this.current = session;
    this.info = info;
  }

  /** For the hooks only: the session, if one was created (the Before hook may have failed). */
  get boundSession(): Session | undefined {
    return this.current;
  }

  /** For the hooks only: true the first time, false after, so the trace is attached once. */
  claimReport(): boolean {
    if (this.reported) return false;
    this.reported = true;
    return true;
  }
}

setWorldConstructor(World);
