import type { Role } from '../catalog/types.ts';
import type { Harness } from './certificate.ts';
import type { ScenarioRecord } from './scenario-record.ts';
import { recordFromShard } from './shard-file.ts';
import type { ShardInput } from './shard-merge.ts';
import { byPlace, shardName } from './shard.ts';

/**
 * The inputs of one certificate for a suite certified in shards (`flowcert certify --shard i/n`, then
 * `flowcert merge`): every shard's scenario records, and the one role, identity and harness they share.
 * buildCertificate then decides nothing the shards did not: the verdict, the score, the model, variant
 * and phase verdicts and the failures come out as an unsharded run's would, since they are drawn from
 * the same records (in the same order: feature path, then line).
 *
 * The harness's files are the union of the shards' (each lists the features and models its own
 * scenarios used); a file two shards hashed differently means they did not run the same suite, and is
 * refused. flowcert's version must be one; Node.js and the platform may differ between machines, and
 * are listed as they were. The date is the last shard's: when the last evidence was gathered.
 */
export interface MergedCertifyInput {
  role: Role;
  identity: Record<string, unknown>;
  config?: string;
  harness: Harness;
  records: ScenarioRecord[];
}

/** `outDir`: where merge copied the shards' traces (their paths relative to it, as in each shard). */
export function mergeCertifyParts(shards: readonly ShardInput[], outDir: string): { input: MergedCertifyInput } | { problem: string } {
  const parts = shards.map((s) => ({ s, part: s.file.certify }));
  const without = parts.find((p) => p.part === undefined);
  if (without) return { problem: `${without.s.shown} (shard ${shardName(without.s.file.shard)}) is a certify shard without the certificate's inputs: run that shard again` };
  const name = (s: ShardInput) => `${s.shown} (shard ${shardName(s.file.shard)})`;
  const roles = [...new Set(parts.map((p) => p.part!.role).filter((r): r is Role => r !== undefined))];
  if (roles.length === 0) return { problem: 'no shard ran a scenario with a system under test in it: nothing to certify' };
  if (roles.length > 1) {
    const who = roles.map((r) => `${r} (${parts.filter((p) => p.part!.role === r).map((p) => p.s.shown).join(', ')})`);
    return { problem: `the shards certify different roles, ${who.join(' and ')}: name the role to certify with --role, the same on every shard` };
  }
  const [first] = parts;
  for (const { s, part } of parts.slice(1)) {
    if (JSON.stringify(part!.identity) !== JSON.stringify(first.part!.identity)) {
      return { problem: `${name(s)} certified ${JSON.stringify(part!.identity)}, ${name(first.s)} ${JSON.stringify(first.part!.identity)}: the shards of one certificate certify one system` };
    }
  }

  const files = new Map<string, { sha256: string; from: ShardInput }>();
  for (const { s, part } of parts) {
    for (const f of part!.harness.files) {
      const seen = files.get(f.path);
      if (seen && seen.sha256 !== f.sha256) {
        return { problem: `${f.path} differs between ${name(seen.from)} and ${name(s)} (sha-256 ${seen.sha256.slice(0, 12)}… and ${f.sha256.slice(0, 12)}…): the shards did not run the same suite, so their certificate would rest on two` };
      }
      files.set(f.path, { sha256: f.sha256, from: s });
    }
  }
  const distinct = (xs: string[]) => [...new Set(xs)].join(', ');
  const harness: Harness = {
    flowcertVersion: first.part!.harness.flowcertVersion,
    date: parts.map((p) => p.part!.harness.date).sort().at(-1)!,
    node: distinct(parts.map((p) => p.part!.harness.node)),
    platform: distinct(parts.map((p) => p.part!.harness.platform)),
    files: [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, f]) => ({ path, sha256: f.sha256 })),
    options: { ...withoutShard(first.part!.harness.options), shards: shards.length },
  };
  const records = parts
    .flatMap((p) => p.part!.records.map((r) => recordFromShard(r, outDir)))
    .sort(byPlace);
  return {
    input: {
      role: roles[0],
      identity: first.part!.identity,
      ...(first.part!.config !== undefined ? { config: first.part!.config } : {}),
      harness,
      records,
    },
  };
}

function withoutShard(options: Record<string, unknown>): Record<string, unknown> {
  const { shard: _shard, ...rest } = options;
  return rest;
}
