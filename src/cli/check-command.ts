import type { Diagnostic } from '../diagnostic/diagnostic.ts';
import { formatDiagnostic, hasErrors } from '../diagnostic/diagnostic.ts';
import { didYouMean } from '../diagnostic/did-you-mean.ts';
import { loadModel } from '../flow/loader.ts';
import { explain } from '../flow/explain.ts';
import { describeDifference } from '../flow/revalidate.ts';
import type { ViolationDifference } from '../flow/revalidate.ts';
import type { FlowModel } from '../flow/model.ts';
import type { Verdict } from '../flow/result.ts';
import { checkStreamed, readSkeleton, secondThread, skimSkeleton, UnsoundSkim } from './check-stream.ts';
import type { CheckWay } from './check-stream.ts';
import type { CheckThread } from './check-thread.ts';
import { EXIT, parseCommandArgs } from './args.ts';
import type { CliIo, ParsedArgs } from './args.ts';
import { displayText, inputPath } from './paths.ts';
import { CHECK_USAGE } from './usage.ts';

const VERDICT_EXIT: Record<Verdict, number> = { pass: EXIT.ok, fail: EXIT.failed, inconc: EXIT.inconc, error: EXIT.error };

class UsageError extends Error {}

/** `flowcert check TRACE --model FILE`: the matcher on a recorded trace, the verdict as exit code. */
export async function checkCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('flowcert check', args, {
    model: { type: 'string' },
    variant: { type: 'string' },
    timer: { type: 'string', multiple: true },
    param: { type: 'string', multiple: true },
    profile: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!parsed.ok) return usage(io, parsed.message);
  const v = parsed.values;
  if (v.help) {
    io.stdout(CHECK_USAGE);
    return EXIT.ok;
  }
  if (parsed.positionals.length === 0) return usage(io, 'flowcert check: missing the TRACE to check');
  if (parsed.positionals.length > 1) {
    return usage(io, `flowcert check: one TRACE at a time, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`);
  }
  if (typeof v.model !== 'string') return usage(io, 'flowcert check: missing --model FILE, the flow model to check the trace against');

  // A big trace is matched on two threads (check-stream.ts): the second starts now, its code loading
  // while the first pass skims, and starts reading as soon as the model is loaded.
  const tracePath = inputPath(io.cwd, parsed.positionals[0]);
  const thread = await secondThread(tracePath, checkWay(io.env.FLOWCERT_CHECK_THREADS));
  try {
    return await checkWith(io, v, tracePath, thread);
  } finally {
    thread?.stop();
  }
}

type CheckValues = Extract<ParsedArgs, { ok: true }>['values'];

async function checkWith(io: CliIo, v: CheckValues, tracePath: string, thread: CheckThread | undefined): Promise<number> {
  // The trace is streamed, twice (check-stream.ts): memory follows the model's open instances, not its
  // length. The first pass skims the message lines; until the second has found them sound, nothing is
  // said about the trace: any way out before that reads it in full first, and says what that read says.
  const [skimRead, modelRead] = await Promise.all([
    skimSkeleton(tracePath),
    loadModel(inputPath(io.cwd, v.model as string)).then((read) => {
      if (thread && read.model) {
        const variant = guessVariant(read.model, v.variant as string | undefined);
        if (variant !== undefined) thread.begin({ path: tracePath, model: read.model, variant, ...(typeof v.profile === 'string' ? { profile: v.profile } : {}) });
      }
      return read;
    }),
  ]);
  let traceRead = skimRead;
  let skimmed = true;
  const inFull = async (): Promise<void> => {
    // No matching pass follows on these ways out: the second thread's read is of no use.
    thread?.stop();
    if (skimmed) traceRead = await readSkeleton(tracePath);
    skimmed = false;
  };
  const inputProblems = (): Diagnostic[] => [...traceRead.diagnostics, ...modelRead.diagnostics];
  const cannotCheck = (): number => {
    printDiagnostics(io, inputProblems());
    const what = [!traceRead.skeleton ? 'the trace' : '', !modelRead.model ? 'the model' : ''].filter(Boolean).join(' and ');
    io.stderr(`flowcert check: cannot check — ${what} ${what.includes(' and ') ? 'have' : 'has'} errors\n`);
    return EXIT.usage;
  };
  if (!traceRead.skeleton || !modelRead.model || hasErrors(inputProblems())) {
    await inFull();
    return cannotCheck();
  }
  const model = modelRead.model;

  let variant: string;
  let timers: Record<string, number>;
  let params: Record<string, unknown>;
  try {
    variant = chooseVariant(model, v.variant as string | undefined);
    timers = parseTimers(model, (v.timer as string[] | undefined) ?? []);
    params = parseParams(model, (v.param as string[] | undefined) ?? []);
    if (typeof v.profile === 'string' && !Object.hasOwn(model.profiles?.byName ?? {}, v.profile)) {
      throw unknownName('profile', v.profile, Object.keys(model.profiles?.byName ?? {}), 'profile');
    }
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    await inFull();
    if (!traceRead.skeleton) return cannotCheck();
    printDiagnostics(io, inputProblems());
    return usage(io, err.message);
  }

  // The trace is judged on its content: the violations it carries are compared, not trusted.
  const opts = { variant, timers, params, ...(typeof v.profile === 'string' ? { profile: v.profile } : {}) };
  let checked;
  try {
    checked = await checkStreamed(tracePath, traceRead.skeleton, model, opts, undefined, thread);
  } catch (err) {
    if (!(err instanceof UnsoundSkim)) throw err;
    await inFull();
    if (!traceRead.skeleton) return cannotCheck();
    checked = await checkStreamed(tracePath, traceRead.skeleton, model, opts);
  }
  printDiagnostics(io, inputProblems());
  if (checked.secondThreadFailure !== undefined) io.stderr(`flowcert check: checked on one thread — ${checked.secondThreadFailure}\n`);
  const { result, differences } = checked;
  const text = v.json ? JSON.stringify({ ...result, violationDifferences: differences }, null, 2) : `${explain(result)}\n${differenceLines(differences)}`;
  io.stdout(displayText(io.cwd, text.endsWith('\n') ? text : `${text}\n`));
  return VERDICT_EXIT[result.verdict];
}

const MAX_DIFFERENCES = 20;

function differenceLines(ds: ViolationDifference[]): string {
  if (ds.length === 0) return '';
  const n = ds.length === 1 ? '1 message' : `${ds.length} messages`;
  const lines = [`the catalog re-checked the trace: its recorded violations differ at ${n}; the verdict uses the catalog's`];
  for (const d of ds.slice(0, MAX_DIFFERENCES)) lines.push(`  ${describeDifference(d)}`);
  if (ds.length > MAX_DIFFERENCES) lines.push(`  … and ${ds.length - MAX_DIFFERENCES} more`);
  return `${lines.join('\n')}\n`;
}

function usage(io: CliIo, message: string): number {
  io.stderr(`${message}\n`);
  return EXIT.usage;
}

function printDiagnostics(io: CliIo, ds: Diagnostic[]): void {
  for (const d of ds) io.stderr(displayText(io.cwd, `${formatDiagnostic(d)}\n`));
}

/** FLOWCERT_CHECK_THREADS: `1` or `2` threads whatever the trace's size; anything else, by its size. */
function checkWay(threads: string | undefined): CheckWay {
  return threads === '1' ? 'one-thread' : threads === '2' ? 'two-threads' : 'auto';
}

/** The variant chooseVariant will choose, or undefined where it will refuse. */
function guessVariant(model: FlowModel, asked: string | undefined): string | undefined {
  const ids = Object.keys(model.variants);
  if (asked !== undefined) return ids.includes(asked) ? asked : undefined;
  return ids.length === 1 ? ids[0] : undefined;
}

function chooseVariant(model: FlowModel, asked: string | undefined): string {
  const ids = Object.keys(model.variants);
  if (asked !== undefined) {
    if (ids.includes(asked)) return asked;
    const guess = didYouMean(asked, ids);
    throw new UsageError(`flowcert check: the model has no variant ${asked}${guess ? ` — ${guess}` : ''}\n  variants: ${ids.join(', ')}`);
  }
  if (ids.length === 1) return ids[0];
  throw new UsageError(`flowcert check: the model has ${ids.length} variants; choose one with --variant\n  variants: ${ids.join(', ')}`);
}

function splitAssignment(option: string, text: string, shape: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`flowcert check: --${option} ${text} is not ${shape}`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

function unknownName(option: string, name: string, known: string[], kind: string): UsageError {
  const guess = didYouMean(name, known);
  const list = known.length ? `\n  ${kind}s: ${known.join(', ')}` : `\n  the model declares no ${kind}s`;
  return new UsageError(`flowcert check: --${option} ${name}: the model has no ${kind} ${name}${guess ? ` — ${guess}` : ''}${list}`);
}

function parseTimers(model: FlowModel, given: string[]): Record<string, number> {
  const timers: Record<string, number> = {};
  for (const text of given) {
    const [name, value] = splitAssignment('timer', text, 'name=ms');
    if (!(name in model.timers)) throw unknownName('timer', name, Object.keys(model.timers), 'timer');
    const ms = Number(value);
    if (value.trim() === '' || !Number.isFinite(ms) || ms < 0) {
      throw new UsageError(`flowcert check: --timer ${text}: ${JSON.stringify(value)} is not a number of milliseconds`);
    }
    timers[name] = ms;
  }
  return timers;
}

function parseParams(model: FlowModel, given: string[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const text of given) {
    const [name, value] = splitAssignment('param', text, 'name=value');
    if (!(name in model.params)) throw unknownName('param', name, Object.keys(model.params), 'param');
    // JSON when it parses (lists, numbers); otherwise the text itself, so `--param queue=inbound` works unquoted.
    let parsed: unknown = value;
    try {
      parsed = JSON.parse(value);
    } catch {
      /* a plain string */
    }
    const type = model.params[name].type;
    if (type === 'string') parsed = typeof parsed === 'string' ? parsed : value;
    else if (type === 'list' && !Array.isArray(parsed)) {
      throw new UsageError(`flowcert check: --param ${text}: ${name} is a list; give a JSON array, e.g. --param '${name}=["a","b"]'`);
    } else if (type === 'number' && typeof parsed !== 'number') {
      throw new UsageError(`flowcert check: --param ${text}: ${name} is a number`);
    }
    params[name] = parsed;
  }
  return params;
}
