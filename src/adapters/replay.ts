import { ROLE_LABELS } from '../catalog/registry.ts';
import type { Role } from '../catalog/types.ts';
import type { Trace, TraceNote } from '../trace/types.ts';
import type { Adapter, Endpoints } from './adapter.ts';
import { AdapterError } from './adapter.ts';
import { describeStimulus, isStimulusKind } from './stimulus.ts';
import type { Stimulus, StimulusKind, StimulusResult } from './stimulus.ts';

/**
 * A recorded run, played back: the scenario's steps run again, but nothing is started and nothing is
 * sent. Each participant must be in the recording with the same role; each stimulus is answered with
 * what the recording says it produced (the recorded stimulus notes carry their results), and moves the
 * clock to its recorded result, remembering when it was given, so "no X within 100 ms" reads the
 * recording from the moment the stimulus began, as the run did. Flow
 * checks read the whole recording. One script per scenario, shared by its participants.
 */
export class ReplayScript {
  /** Index into the trace's entries of the last stimulus result replayed. */
  private cursor = -1;
  /** Milliseconds into the recording at which the last replayed stimulus was given (before its result). */
  private given: number | undefined;

  constructor(readonly trace: Trace) {}

  /** Milliseconds into the recording at the last replayed stimulus (0 before any). */
  get now(): number {
    return this.cursor < 0 ? 0 : this.trace.entries[this.cursor].t;
  }

  /**
   * When the last replayed stimulus began in the recording (undefined before any): a "within N ms" window
   * opens there, as it did in the run, not at the result `now` has moved to.
   */
  get began(): number | undefined {
    return this.given;
  }

  participant(name: string): { role: Role; binding?: string; adapter?: string } | undefined {
    const p = this.trace.header.participants.find((x) => x.name === name);
    return p ? { role: p.role, ...(p.binding ? { binding: p.binding } : {}), ...(p.adapter ? { adapter: p.adapter } : {}) } : undefined;
  }

  /** The stimulus kinds the recording gave this participant. */
  stimuliOf(name: string): Set<StimulusKind> {
    const out = new Set<StimulusKind>();
    for (const e of this.trace.entries) {
      const kind = (stimulusOf(e) as { kind?: unknown } | undefined)?.kind;
      if (e.type === 'note' && e.participant === name && isStimulusKind(kind)) out.add(kind);
    }
    return out;
  }

  /** The next recorded `kind` stimulus to `name` after the cursor, and its recorded result. */
  take(name: string, s: Stimulus): StimulusResult {
    const entries = this.trace.entries;
    for (let i = this.cursor + 1; i < entries.length; i++) {
      const e = entries[i];
      const recorded = stimulusOf(e) as { kind?: unknown } | undefined;
      if (e.type !== 'note' || e.participant !== name || recorded?.kind !== s.kind) continue;
      this.given = e.t;
      for (let j = i + 1; j < entries.length; j++) {
        const r = entries[j];
        if (r.type === 'note' && r.participant === name && r.kind === 'stimulus' && r.data && typeof r.data.result === 'object') {
          this.cursor = j;
          return r.data.result as StimulusResult;
        }
      }
      this.cursor = i;
      return { status: 'failed', reason: `the recording gave ${name} the ${s.kind} stimulus at ${e.t.toFixed(0)} ms but holds no result for it (the run was cut short?)` };
    }
    return { status: 'failed', reason: `the recording gives ${name} no further ${s.kind} stimulus: this step does not match the recorded run (was the feature changed since?)` };
  }
}

function stimulusOf(e: Trace['entries'][number]): unknown {
  return e.type === 'note' && e.kind === 'stimulus' ? (e as TraceNote).data?.stimulus : undefined;
}

export class ReplayAdapter implements Adapter {
  readonly kind = 'replay' as const;
  readonly capabilities: ReadonlySet<StimulusKind>;

  constructor(
    readonly name: string,
    readonly role: Role,
    private readonly script: ReplayScript,
  ) {
    this.capabilities = script.stimuliOf(name);
  }

  async start(): Promise<Endpoints> {
    const p = this.script.participant(this.name);
    const source = this.script.trace.source ?? 'the recording';
    if (!p) throw new AdapterError(`${source} has no participant ${this.name}: the scenario and the recorded run differ (recorded: ${this.script.trace.header.participants.map((x) => x.name).join(', ') || 'none'})`);
    if (p.role !== this.role) throw new AdapterError(`${this.name} is a ${ROLE_LABELS[p.role]} in ${source}, but the scenario starts a ${ROLE_LABELS[this.role]}`);
    return {};
  }

  async stimulate(s: Stimulus): Promise<StimulusResult> {
    const r = this.script.take(this.name, s);
    if (r.status === 'failed' && /^the recording/.test(r.reason)) throw new AdapterError(`${describeStimulus(s)}: ${r.reason}`);
    return r;
  }

  async stop(): Promise<void> {}
}
