import { bindingFor, FAULT_NAMES, type Bindings } from '../adapters/index.ts';
import { ROLES, timerRoles, type Role } from '../catalog/registry.ts';
import { didYouMean } from '../diagnostic/did-you-mean.ts';
import type { Shard } from '../reporting/shard.ts';

/** `--timer delivering=200` (repeatable) → `{ delivering: 200 }`, or what is wrong with one. */
export function parseTimerArgs(args: readonly string[]): Record<string, number> | string {
  const timers: Record<string, number> = {};
  for (const t of args) {
    const m = /^([A-Za-z][\w-]*)=(\d+(?:\.\d+)?)$/.exec(t);
    if (!m || Number(m[2]) <= 0) return `--timer ${t}: expected name=ms with a positive number of milliseconds, e.g. --timer delivering=200`;
    timers[m[1]] = Number(m[2]);
  }
  return timers;
}

/** `--inject-fault IS1=omitTicketId` (repeatable) → `{ IS1: ['omitTicketId'] }`, or what is wrong with one. */
export function parseFaultArgs(args: readonly string[]): Record<string, string[]> | string {
  const faults: Record<string, string[]> = {};
  for (const f of args) {
    const i = f.lastIndexOf('=');
    const [who, fault] = i > 0 ? [f.slice(0, i), f.slice(i + 1)] : ['', f];
    if (!who) return `--inject-fault ${f}: expected participant=fault, e.g. --inject-fault IS1=omitTicketId`;
    if (!(FAULT_NAMES as readonly string[]).includes(fault)) {
      const guess = didYouMean(fault, FAULT_NAMES);
      return `--inject-fault ${f}: an Interaction Server has no fault "${fault}"${guess ? ` — ${guess}` : ''}\n  faults: ${FAULT_NAMES.join(', ')}`;
    }
    (faults[who] ??= []).push(fault);
  }
  return faults;
}

/**
 * Each faulted participant must be a reference Interaction Server some selected scenario starts:
 * anything else would run as if the option had not been typed. `started` are the Interaction Servers
 * the selected scenarios start, with the step that starts each.
 */
export function checkFaultTargets(
  faults: Readonly<Record<string, readonly string[]>>,
  started: ReadonlyArray<{ name: string; where: string }>,
  bindings: Bindings | undefined,
): string | undefined {
  for (const [who, names] of Object.entries(faults)) {
    const option = `--inject-fault ${who}=${names[0]}`;
    const server = started.find((s) => s.name === who);
    if (!server) {
      if (started.length === 0) return `${option}: no selected scenario starts an Interaction Server, so the fault would change nothing\n  check the paths and --tags, or leave out --inject-fault`;
      const guess = didYouMean(who, started.map((s) => s.name));
      return (
        `${option}: no selected scenario starts an Interaction Server "${who}"${guess ? ` — ${guess}` : ''}\n` +
        `  faults go into a reference Interaction Server; the selected scenarios start ${started.map((s) => `${s.name} (${s.where})`).join(', ')}`
      );
    }
    const binding = bindings ? bindingFor(bindings, who, 'InteractionServer') : undefined;
    if (binding && binding.kind !== 'reference') {
      return `${option}: ${who} is bound to ${binding.kind}${bindings?.file ? ` in ${bindings.file}` : ''}, and faults go only into a reference Interaction Server\n  leave out the fault, or bind ${who} to the reference`;
    }
  }
  return undefined;
}

/**
 * Each `--timer` must name a timer some model declares (`timers:`) or some role runs (the catalog's
 * roles): another name would be set and never read. `declared` maps model timers to the files that
 * declare them.
 */
export function checkTimerNames(timers: Readonly<Record<string, number>>, declared: ReadonlyMap<string, readonly string[]>): string | undefined {
  const run = timerRoles();
  const known = new Map<string, string>();
  for (const [t, roles] of run) known.set(t, roles.map((r) => ROLES[r].label).join(', '));
  for (const [t, files] of declared) known.set(t, [known.get(t), ...files].filter(Boolean).join(', '));
  for (const name of Object.keys(timers)) {
    if (known.has(name)) continue;
    const guess = didYouMean(name, known.keys());
    const list = [...known].map(([t, by]) => `${t} (${by})`).join(', ') || 'none';
    return `--timer ${name}=${timers[name]}: no model in scenarios/ declares a timer ${name}, and no participant runs one${guess ? ` — ${guess}` : ''}\n  timers: ${list}`;
  }
  return undefined;
}

/**
 * Each `--timer` of `serve` must name a timer a served participant runs (the catalog's roles): serve
 * reads no models, and another name would be set and never read. `served`: name and role of each.
 */
export function checkServedTimerNames(timers: Readonly<Record<string, number>>, served: ReadonlyArray<{ name: string; role: Role }>): string | undefined {
  const known = new Map<string, string[]>();
  for (const p of served) for (const t of (ROLES[p.role] as { timers?: readonly string[] }).timers ?? []) known.set(t, [...(known.get(t) ?? []), p.name]);
  for (const name of Object.keys(timers)) {
    if (known.has(name)) continue;
    const guess = didYouMean(name, known.keys());
    const list = [...known].map(([t, by]) => `${t} (${by.join(', ')})`).join(', ') || `none: ${served.map((p) => `${p.name} (${ROLES[p.role].label})`).join(', ')} run${served.length === 1 ? 's' : ''} no timer`;
    return `--timer ${name}=${timers[name]}: no served participant runs a timer ${name}${guess ? ` — ${guess}` : ''}\n  timers: ${list}`;
  }
  return undefined;
}

/**
 * More workers than cores makes a run slower, not faster, and timing-sensitive scenarios flaky:
 * capped at the core count, with a warning that says so.
 */
export function capParallel(parallel: number, cores: number): { parallel: number; warning?: string } {
  if (parallel <= cores) return { parallel };
  return { parallel: cores, warning: `--parallel ${parallel} is more than the ${cores} core${cores === 1 ? '' : 's'} of this machine; running ${cores} worker${cores === 1 ? '' : 's'}` };
}

/**
 * `--shard 2/4` → `{ index: 2, total: 4 }`, or what is wrong with it. Shards count from 1, as CI
 * matrices do (`strategy.matrix.shard: [1, 2, 3, 4]`).
 */
export function parseShardArg(arg: string): Shard | string {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(arg);
  if (!m) return `--shard ${arg}: expected INDEX/TOTAL, which shard this is and how many there are, e.g. --shard 2/4 for the second of 4`;
  const [index, total] = [Number(m[1]), Number(m[2])];
  if (total === 0) return `--shard ${arg}: there must be at least 1 shard; over 4 CI machines, give each one of --shard 1/4 … --shard 4/4`;
  if (index === 0) return `--shard ${arg}: shards are numbered from 1: --shard 1/${total} … --shard ${total}/${total}`;
  if (index > total) return `--shard ${arg}: there is no shard ${index} of ${total}: shards are numbered 1 to ${total} (--shard 1/${total} … --shard ${total}/${total})`;
  return { index, total };
}

/**
 * `--profile NAME` must be a profile some model declares (`profiles:` in scenarios/): another name would
 * change nothing, every model being read under its default. `declared` maps profiles to their files.
 */
export function checkProfileName(profile: string, declared: ReadonlyMap<string, readonly string[]>): string | undefined {
  if (declared.has(profile)) return undefined;
  const guess = didYouMean(profile, declared.keys());
  // With several models per profile the files would drown the names: a count, and where to see them.
  const named = (files: readonly string[]) => (files.length === 1 ? files[0] : `${files.length} models`);
  const list = [...declared].map(([p, files]) => `${p} (${named(files)})`).join(', ');
  if (!list) return `--profile ${profile}: no model in scenarios/ declares a profile ${profile}\n  profiles: none: no model in scenarios/ declares profiles`;
  return `--profile ${profile}: no model in scenarios/ declares a profile ${profile}${guess ? ` — ${guess}` : ''}\n  profiles: ${list}; \`flowcert profiles\` lists them`;
}
