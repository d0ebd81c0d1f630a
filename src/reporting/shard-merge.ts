import type { ScenarioResult } from './run-summary.ts';
import { SHARD_FILE } from './shard-file.ts';
import type { ShardFile, SuiteIdentity } from './shard-file.ts';
import { byPlace, scenarioKey, shardName, shardOf } from './shard.ts';

/**
 * Whether the shard files given to `flowcert merge` are the whole of one run, and if so their results
 * as one run's. Pure: the files are read by the caller. Refused, each with what to do:
 * shards from different flowcert versions or commands (run, certify), split differently (1/3 and
 * 2/4), of different suites (other scenarios selected, a file of the suite changed, other options),
 * the same shard twice or a scenario in two shards, a shard missing (named), a shard that was
 * interrupted or did not run every scenario it was given.
 */
export interface ShardInput {
  /** The folder as the user typed it, for messages. */
  shown: string;
  file: ShardFile;
}

export interface MergedShards {
  command: ShardFile['command'];
  total: number;
  suite: SuiteIdentity;
  /** Every scenario's result, in shard order (feature path, then line). */
  results: ScenarioResult[];
  /** The earliest shard's start: when the run began. */
  started: string;
  /** The inputs, by shard index. */
  shards: ShardInput[];
}

export function mergeShards(inputs: readonly ShardInput[]): { merged: MergedShards } | { problem: string } {
  if (inputs.length === 0) return { problem: 'no shard to merge' };
  const [first] = inputs;
  const name = (s: ShardInput) => `${s.shown} (shard ${shardName(s.file.shard)})`;
  const again = '\n  run every shard from one checkout with one command line (only --shard and --reports differ), then merge their reports';

  for (const s of inputs.slice(1)) {
    if (s.file.flowcertVersion !== first.file.flowcertVersion) {
      return { problem: `${name(first)} was written by flowcert ${first.file.flowcertVersion}, ${name(s)} by flowcert ${s.file.flowcertVersion}: the shards of one run come from one flowcert${again}` };
    }
    if (s.file.command !== first.file.command) {
      return { problem: `${name(first)} is a shard of flowcert ${first.file.command}, ${name(s)} of flowcert ${s.file.command}: the shards of one run come from one command${again}` };
    }
    if (s.file.shard.total !== first.file.shard.total) {
      return { problem: `${name(first)} and ${name(s)} split the suite differently (into ${first.file.shard.total} and ${s.file.shard.total} shards): the shards of one run all say --shard i/${first.file.shard.total}, or all i/${s.file.shard.total}${again}` };
    }
    const differs = suiteDifference(first, s);
    if (differs) return { problem: `${name(s)} is not a shard of the same suite as ${name(first)}: ${differs}${again}` };
  }

  const byIndex = new Map<number, ShardInput>();
  for (const s of inputs) {
    const seen = byIndex.get(s.file.shard.index);
    if (seen) return { problem: `shard ${shardName(s.file.shard)} is given twice, as ${seen.shown} and ${s.shown}: give each shard's reports folder once` };
    byIndex.set(s.file.shard.index, s);
  }

  const ranIn = new Map<string, ShardInput>();
  for (const s of inputs) {
    for (const r of s.file.results) {
      const key = scenarioKey({ uri: r.uri, line: r.line ?? 0 });
      const other = ranIn.get(key);
      if (other && other !== s) return { problem: `${key} (${r.name}) ran in two shards, ${name(other)} and ${name(s)}: shards overlap, so their results cannot be added up${again}` };
      ranIn.set(key, s);
    }
  }

  const total = first.file.shard.total;
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    const got = [...byIndex.values()].sort((a, b) => a.file.shard.index - b.file.shard.index).map((s) => `${shardName(s.file.shard)} (${s.shown})`);
    const list = missing.map((i) => `${i}/${total}`);
    const which = list.length === 1 ? `shard ${list[0]} is` : `shards ${list.slice(0, -1).join(', ')} and ${list[list.length - 1]} are`;
    return {
      problem:
        `${which} missing: got ${got.join(', ')}\n` +
        `  merge needs all ${total} shards of the run: give ${list.length === 1 ? `shard ${list[0]}'s reports folder` : 'their reports folders'} too (a shard with no scenario still writes one; a CI job that failed before writing its reports must run again)`,
    };
  }

  for (const s of inputs) {
    const f = s.file;
    if (f.interrupted !== undefined) {
      const ran = f.results.filter((r) => r.outcome !== 'not-run').length;
      return { problem: `${name(s)} was interrupted (${f.interrupted}): ${ran} of its ${f.assigned.length} scenarios ran\n  run that shard again, then merge` };
    }
    const rule = shardOf(f.suite.scenarios, f.shard).map(scenarioKey);
    if (rule.join('\n') !== f.assigned.join('\n')) {
      return { problem: `${name(s)} says it was given other scenarios than the shard rule gives shard ${shardName(f.shard)} of this suite: its ${SHARD_FILE} was edited, or written by another flowcert\n  run that shard again, then merge` };
    }
    const ran = new Set(f.results.map((r) => scenarioKey({ uri: r.uri, line: r.line ?? 0 })));
    const notRun = f.assigned.filter((k) => !ran.has(k));
    if (notRun.length > 0) return { problem: `${name(s)} has no result for ${notRun.slice(0, 3).join(', ')}${notRun.length > 3 ? ` and ${notRun.length - 3} more` : ''}, which it was given: its run did not finish\n  run that shard again, then merge` };
    const extra = [...ran].filter((k) => !f.assigned.includes(k));
    if (extra.length > 0) return { problem: `${name(s)} has results for ${extra.slice(0, 3).join(', ')}, which are not its scenarios: its ${SHARD_FILE} was edited\n  run that shard again, then merge` };
  }

  const shards = [...byIndex.values()].sort((a, b) => a.file.shard.index - b.file.shard.index);
  return {
    merged: {
      command: first.file.command,
      total,
      suite: first.file.suite,
      results: shards.flatMap((s) => s.file.results).sort((a, b) => byPlace({ uri: a.uri, line: a.line ?? 0 }, { uri: b.uri, line: b.line ?? 0 })),
      started: shards.map((s) => s.file.started).sort()[0],
      shards,
    },
  };
}

/** How b's suite differs from a's, in words; undefined when it is the same suite. */
function suiteDifference(a: ShardInput, b: ShardInput): string | undefined {
  const sa = a.file.suite;
  const sb = b.file.suite;
  for (const key of new Set([...Object.keys(sa.options), ...Object.keys(sb.options)])) {
    const [va, vb] = [sa.options[key], sb.options[key]];
    if (JSON.stringify(va) !== JSON.stringify(vb)) {
      const opt = optionName(key);
      const how = (v: unknown) => (v === undefined ? `without ${opt}` : `with ${opt} ${JSON.stringify(v)}`);
      return `it was run ${how(vb)}, ${a.shown} ${how(va)}`;
    }
  }
  const fa = new Map(sa.files.map((f) => [f.path, f.sha256]));
  const fb = new Map(sb.files.map((f) => [f.path, f.sha256]));
  for (const [path, hash] of fb) {
    const other = fa.get(path);
    if (other === undefined) return `its suite has ${path}, which ${a.shown}'s does not`;
    if (other !== hash) return `${path} differs (sha-256 ${hash.slice(0, 12)}… there, ${other.slice(0, 12)}… in ${a.shown})`;
  }
  for (const path of fa.keys()) if (!fb.has(path)) return `${a.shown}'s suite has ${path}, which its does not`;
  const ka = sa.scenarios.map(scenarioKey);
  const kb = new Set(sb.scenarios.map(scenarioKey));
  const onlyA = ka.filter((k) => !kb.has(k));
  if (onlyA.length > 0) return `its suite does not select ${onlyA[0]}, which ${a.shown}'s does`;
  const setA = new Set(ka);
  const onlyB = sb.scenarios.map(scenarioKey).filter((k) => !setA.has(k));
  if (onlyB.length > 0) return `its suite selects ${onlyB[0]}, which ${a.shown}'s does not`;
  return undefined;
}

function optionName(key: string): string {
  return key === 'sut' ? '--sut' : key === 'faults' ? '--inject-fault' : key === 'timers' ? '--timer' : key === 'paths' ? 'the paths' : `--${key}`;
}
