import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { Role } from '../catalog/types.ts';
import type { Adapter, Endpoints, StartContext, StopOptions } from './adapter.ts';
import { AdapterError } from './adapter.ts';
import type { ProcessBinding } from './binding.ts';
import { ControlLink, listenControl } from './control-link.ts';
import type { ControlEndpoint } from './control-link.ts';
import { ExternalControl, sutEnvironment, withDeadline } from './external-participant.ts';
import { OutputLog } from './output-log.ts';
import { waitUntilHeard, waitUntilListening } from './readiness.ts';
import type { Stimulus, StimulusKind, StimulusResult } from './stimulus.ts';

const DEFAULT_START_MS = 10_000;
const DEFAULT_STOP_MS = 3_000;
const KILL_GRACE_MS = 2_000;
/**
 * An urgent stop (the run was interrupted: flowcert must be gone within 2 s of Ctrl-C) gives each stage
 * — the stop request, the exit after stdin closes, SIGTERM, SIGKILL — this long instead: a process that
 * heeds none of them is killed within about a second.
 */
const URGENT_STAGE_MS = 250;

/**
 * A system under test the harness spawns for each scenario: endpoints and control URL in its
 * environment (and `${VAR}` in its arguments), stdout and stderr captured into the scenario's report,
 * stopped (stop request, stdin closed, SIGTERM, SIGKILL) when the scenario ends. A process that dies
 * on its own ends the scenario in error with its last output.
 */
export class ProcessAdapter implements Adapter {
  readonly kind = 'process' as const;
  private readonly control: ExternalControl;
  private readonly output = new OutputLog();
  private child: ChildProcess | undefined;
  private endpoint: ControlEndpoint | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;
  private stopped: Promise<void> | undefined;
  /** Aborted when the stop turns urgent: every stage still to wait gives the process URGENT_STAGE_MS. */
  private readonly hurry = new AbortController();

  constructor(
    readonly name: string,
    readonly role: Role,
    private readonly binding: ProcessBinding,
    /** The configuration's folder (cwd is relative to it) and the environment the CLI runs in. */
    private readonly base: { dir: string; env: Record<string, string | undefined> },
  ) {
    this.control = new ExternalControl(name, role, `process ${[binding.command, ...(binding.args ?? [])].join(' ')}`, binding.capabilities, binding.stimulusTimeoutMs ?? 10_000);
  }

  get capabilities(): ReadonlySet<StimulusKind> {
    return this.control.capabilities;
  }

  get identity(): Record<string, unknown> | undefined {
    return this.control.identity;
  }

  async start(ctx: StartContext): Promise<Endpoints> {
    const who = `${this.name} (${this.control.what})`;
    const startMs = this.binding.startTimeoutMs ?? DEFAULT_START_MS;
    const deadline = performance.now() + startMs;
    const complain = (text: string) => ctx.recorder.note({ kind: 'error', participant: this.name, text });
    const speaksControl = this.binding.control !== false;
    if (speaksControl) this.endpoint = await listenControl(complain);
    ctx.attach(`${this.name} output.txt`, 'text/plain', () => this.output.text(`${who}, started at ${this.startedAt}`));

    const vars = { ...sutEnvironment(this.name, this.role, ctx.reach, this.endpoint?.url, ctx.timers, ctx.profile) };
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...this.base.env, ...(this.binding.env ?? {}), ...vars })) if (v !== undefined) env[k] = v;
    const args = (this.binding.args ?? []).map((a) => a.replace(/\$\{(\w+)\}/g, (_m, k: string) => env[k] ?? ''));
    const cwd = resolvePath(this.base.dir, this.binding.cwd ?? '.');

    const child = spawn(this.binding.command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    this.startedAt = ctx.recorder.now();
    child.stdout?.on('data', (d: Buffer) => this.output.add('stdout', d));
    child.stderr?.on('data', (d: Buffer) => this.output.add('stderr', d));
    child.stdin?.on('error', () => undefined); // a child that exits early closes its stdin under us
    const died = new Promise<never>((_resolve, reject) => {
      child.once('error', (err: NodeJS.ErrnoException) => {
        reject(new AdapterError(`cannot start ${who}: ${this.spawnFailure(err, cwd)}${this.at()}`));
      });
      child.once('exit', (code, signal) => reject(new AdapterError(`${who} exited (${exitText(code, signal)}) before it was ready${this.output.stderrTail()}`)));
    });
    died.catch(() => undefined);
    this.exited = new Promise((resolve) => child.once('close', () => resolve()));
    child.once('exit', (code, signal) => {
      ctx.recorder.note({ kind: this.stopping ? 'info' : 'error', participant: this.name, text: `${this.name} exited (${exitText(code, signal)})`, data: { code, signal } });
      if (!this.stopping) ctx.fail(`${who} exited on its own (${exitText(code, signal)}) while the scenario ran${this.output.stderrTail()}`);
    });
    // A command that cannot be spawned has no pid (its 'error' event says why); only a running one is noted.
    const ran = child.pid !== undefined;
    if (ran) ctx.recorder.note({ kind: 'info', participant: this.name, text: `${this.name} started as process ${child.pid}: ${[this.binding.command, ...args].join(' ')}` });

    // Whatever start waits for stops waiting when start is over, won or lost: a deadline timer or a
    // readiness probe left behind would hold the harness's event loop open until the start timeout.
    const over = new AbortController();
    try {
      if (this.endpoint) {
        // died inside the deadline, not beside it: a death then clears the deadline's timer.
        const socket = await withDeadline(Promise.race([this.endpoint.accepted, died]), deadline, `${who} did not connect to its control channel ${this.endpoint.url}`);
        const link = new ControlLink(socket, who, complain);
        return await Promise.race([this.control.begin(link, ctx, deadline, complain), died]);
      }
      if (this.binding.endpoints) {
        await Promise.race([waitUntilListening(this.binding.endpoints, deadline, who, over.signal), died]);
        return this.binding.endpoints;
      }
      await Promise.race([waitUntilHeard(ctx.recorder, this.name, deadline, who, over.signal), died]);
      return {};
    } catch (err) {
      await this.stop();
      const e = err instanceof AdapterError ? err : new AdapterError(`${who}: ${(err as Error).message}`);
      // A command that never ran wrote nothing anywhere; saying so would only distract from the reason.
      if (ran && !/stderr/.test(e.message)) e.message += this.output.stderrTail();
      throw e;
    } finally {
      over.abort();
    }
  }

  private startedAt = 0;

  async stimulate(s: Stimulus): Promise<StimulusResult> {
    const r = await this.control.stimulate(s);
    // A control channel that closes under a stimulus usually means the process is dying. Its exit is
    // reported (ctx.fail, with its stderr) before this result is, so the scenario ends in error with
    // the real reason rather than failing the SUT for "control channel closed (1006)".
    if (r.status === 'failed' && !this.control.connected && !this.stopping) await settles(this.exited, KILL_GRACE_MS);
    return r;
  }

  stop(opts: StopOptions = {}): Promise<void> {
    // Asked urgently while a stop is under way (the run was interrupted during teardown): that stop hurries.
    if (opts.urgent) this.hurry.abort();
    this.stopped ??= (async () => {
      this.stopping = true;
      const child = this.child;
      const stopMs = this.binding.stopTimeoutMs ?? DEFAULT_STOP_MS;
      const within = (p: Promise<unknown>, ms: number) => settlesWithin(p, ms, this.hurry.signal);
      if (child && child.exitCode === null && child.signalCode === null) {
        // end() never rejects and has its own timeout; a hurried stop stops waiting for it sooner.
        await within(this.control.end(Math.min(2000, stopMs)), 2000);
        child.stdin?.end();
        if (!(await within(this.exited, stopMs))) {
          child.kill('SIGTERM');
          if (!(await within(this.exited, KILL_GRACE_MS))) {
            child.kill('SIGKILL');
            await within(this.exited, KILL_GRACE_MS);
          }
        }
      } else {
        await this.control.end(100);
      }
      await this.endpoint?.close();
    })();
    return this.stopped;
  }

  /** flowcert is exiting this instant (a second Ctrl-C): the process must not outlive it. */
  abandon(): void {
    this.stopping = true;
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  /** Why spawn failed. ENOENT is also what a missing working folder gives, so that is told apart from a missing command. */
  private spawnFailure(err: NodeJS.ErrnoException, cwd: string): string {
    if (err.code !== 'ENOENT') return err.message;
    if (!existsSync(cwd)) return `its working folder ${cwd} does not exist (cwd ${JSON.stringify(this.binding.cwd ?? '.')} in its binding is relative to ${this.base.dir})`;
    return `no such command ${this.binding.command} in ${cwd} or on the PATH`;
  }

  private at(): string {
    return this.binding.at ? ` (bound at ${this.binding.at})` : '';
  }
}

function exitText(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `killed by ${signal}` : `code ${code}`;
}

/**
 * Whether `p` settles within ms — or within URGENT_STAGE_MS once `hurry` is aborted (counted from then,
 * or from the start when it already was).
 */
function settlesWithin(p: Promise<unknown>, ms: number, hurry: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    let timer = setTimeout(() => resolve(false), hurry.aborted ? Math.min(ms, URGENT_STAGE_MS) : ms);
    const onHurry = () => {
      clearTimeout(timer);
      timer = setTimeout(() => resolve(false), Math.min(ms, URGENT_STAGE_MS));
    };
    if (!hurry.aborted) hurry.addEventListener('abort', onHurry, { once: true });
    const done = () => {
      clearTimeout(timer);
      hurry.removeEventListener('abort', onHurry);
      resolve(true);
    };
    void p.then(done, done);
  });
}

/** Whether `p` settles within ms. */
function settles(p: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    void p.then(() => {
      clearTimeout(t);
      resolve(true);
    });
  });
}
