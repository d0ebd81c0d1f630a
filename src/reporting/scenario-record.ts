import { defaultCatalog } from '../catalog/catalog.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { MessageDef } from '../catalog/types.ts';
import { explain } from '../flow/explain.ts';
import type { MatchResult } from '../flow/result.ts';
import { participantsByName } from '../trace/participants.ts';
import type { Trace, TraceMessage, TraceParticipant } from '../trace/types.ts';
import type { Verdict } from './verdict-attachment.ts';

/**
 * What one scenario leaves for the run's reports beyond cucumber's own messages: its verdict and
 * why, who played each part, every flow check with its phases and first divergence, and which catalog
 * messages and attributes its systems under test exchanged. It travels as an attachment in cucumber's
 * message stream (so `--parallel` workers' scenarios reach the coordinator too), and the certificate,
 * the run summary and JUnit are drawn from it. Plain data: no cucumber, no files.
 */
export const SCENARIO_RECORD_MEDIA_TYPE = 'application/vnd.flowcert.scenario+json';

export interface CheckRecord {
  model: string;
  modelFile: string;
  modelHash: string;
  variant: string;
  /** The profile the model was read under, when it declares profiles. */
  profile?: string;
  verdict: Verdict;
  phases: { phase: string; title: string; verdict: Verdict }[];
  /** explain() of the result, when it did not pass. */
  explanation?: string;
  /** The first divergence's model step, with its YAML position. */
  step?: { id: string; describe: string; file: string; line: number; col: number };
  /** Seq numbers of the trace the divergence is about (the observed message and the one it follows). */
  seqs?: number[];
  /** The diagram's file name beside the trace. */
  diagram?: string;
  /** The Gherkin step that asked for the check. */
  origin?: { uri: string; line: number; text: string };
}

/** A catalog message seen between a SUT and someone, as the certificate's coverage counts it. */
export interface Exercised {
  protocol: string;
  message: string;
  /** The SUT's role, and whether it sent or received the message. */
  role: string;
  direction: 'sent' | 'received';
  /** Attribute paths present (`TicketId`, `Interaction.InteractionId`). */
  attributes: string[];
  count: number;
}

export interface ScenarioRecord {
  uri: string;
  name: string;
  line: number;
  verdict: Verdict;
  reason?: string;
  /** The trace entries (seq) the reason is about, when a step's failure named them. */
  seqs?: number[];
  participants: TraceParticipant[];
  /** What each system under test claimed it can take (its capabilities), by participant name. */
  capabilities: Record<string, string[]>;
  checks: CheckRecord[];
  exercised: Exercised[];
  /** The trace file, as the run wrote it. */
  trace?: string;
}

export interface RecordInput {
  uri: string;
  name: string;
  line: number;
  verdict: Verdict;
  reason?: string;
  seqs?: readonly number[];
  trace: Trace;
  traceFile?: string;
  capabilities?: Record<string, string[]>;
  checks: { result: MatchResult; variant: string; diagram?: string; origin?: { uri: string; line: number; text: string } }[];
  catalog?: Catalog;
}

export function scenarioRecord(input: RecordInput): ScenarioRecord {
  const participants = participantsOf(input.trace);
  return {
    uri: input.uri,
    name: input.name,
    line: input.line,
    verdict: input.verdict,
    ...(input.reason !== undefined ? { reason: input.reason } : {}),
    ...(input.seqs !== undefined && input.seqs.length > 0 ? { seqs: [...input.seqs] } : {}),
    participants,
    capabilities: input.capabilities ?? {},
    checks: input.checks.map((c) => checkRecord(c.result, c.variant, c.diagram, c.origin)),
    exercised: exercised(input.trace, participants, input.catalog ?? defaultCatalog),
    ...(input.traceFile ? { trace: input.traceFile } : {}),
  };
}

/** The trace's participants: its header's, plus those announced by `participant` notes as they joined. */
export function participantsOf(trace: Trace): TraceParticipant[] {
  return [...participantsByName(trace).values()];
}

function checkRecord(r: MatchResult, variant: string, diagram: string | undefined, origin: CheckRecord['origin']): CheckRecord {
  const failing = r.instances.find((i) => i.verdict === r.verdict && i.divergence) ?? r.instances.find((i) => i.divergence);
  const d = failing?.divergence;
  const phases = new Map<string, { phase: string; title: string; verdict: Verdict }>();
  for (const i of r.instances) {
    for (const p of i.phases) {
      const seen = phases.get(p.phase);
      if (!seen || rank(p.verdict) > rank(seen.verdict)) phases.set(p.phase, { phase: p.phase, title: p.title, verdict: p.verdict });
    }
  }
  return {
    model: r.model.name,
    modelFile: r.model.file,
    modelHash: r.model.hash,
    variant,
    ...(r.profile ? { profile: r.profile.name } : {}),
    verdict: r.verdict,
    phases: [...phases.values()],
    ...(r.verdict !== 'pass' ? { explanation: explain(r) } : {}),
    ...(d?.step ? { step: { id: d.step.id, describe: d.step.describe, file: d.step.loc.file, line: d.step.loc.line, col: d.step.loc.col } } : {}),
    ...(d ? { seqs: [d.after?.seq, d.observed?.seq].filter((s): s is number => s !== undefined) } : {}),
    ...(diagram ? { diagram } : {}),
    ...(origin ? { origin } : {}),
  };
}

function rank(v: Verdict): number {
  return { pass: 0, inconc: 1, fail: 2, error: 3 }[v];
}

/** Every catalog message a SUT sent or received in the trace, with the attribute paths it carried, counted. */
function exercised(trace: Trace, participants: TraceParticipant[], catalog: Catalog): Exercised[] {
  const sut = new Map(participants.filter((p) => p.binding === 'sut').map((p) => [p.name, p.role]));
  const out = new Map<string, Exercised & { paths: Set<string> }>();
  const add = (e: TraceMessage, role: string, direction: 'sent' | 'received') => {
    const def = catalog.get(e.protocol, e.message)?.def;
    if (!def) return;
    const key = `${e.protocol}\u0000${e.message}\u0000${role}\u0000${direction}`;
    let x = out.get(key);
    if (!x) out.set(key, (x = { protocol: e.protocol, message: e.message, role, direction, attributes: [], count: 0, paths: new Set() }));
    x.count++;
    const known = catalogPaths(def);
    for (const p of attributePaths(e.attributes)) if (known.has(p)) x.paths.add(p);
  };
  for (const e of trace.entries) {
    if (e.type !== 'message') continue;
    const fromRole = sut.get(e.from);
    const toRole = sut.get(e.to);
    if (fromRole) add(e, fromRole, 'sent');
    if (toRole) add(e, toRole, 'received');
  }
  return [...out.values()].map(({ paths, ...x }) => ({ ...x, attributes: [...paths].sort() }));
}

const pathsOf = new WeakMap<MessageDef, Set<string>>();

/** The attribute paths a message's catalog entry defines: its attributes, and the fields of key-value ones. */
export function catalogPaths(def: MessageDef): Set<string> {
  let paths = pathsOf.get(def);
  if (!paths) {
    paths = new Set();
    for (const [name, a] of Object.entries(def.attributes)) {
      paths.add(name);
      for (const f of Object.keys(a.fields ?? {})) paths.add(`${name}.${f}`);
    }
    pathsOf.set(def, paths);
  }
  return paths;
}

/** `TicketId`, `Interaction`, `Interaction.InteractionId`: every key, and the keys of nested key-value lists. */
export function attributePaths(attrs: Record<string, unknown>, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(attrs)) {
    const path = prefix ? `${prefix}.${k}` : k;
    out.push(path);
    if (v && typeof v === 'object' && !Array.isArray(v) && prefix === '') out.push(...attributePaths(v as Record<string, unknown>, path));
  }
  return out;
}

/** A record from its attachment body; undefined for anything else. */
export function readScenarioRecord(body: string): ScenarioRecord | undefined {
  try {
    const r = JSON.parse(body) as ScenarioRecord;
    return typeof r.uri === 'string' && typeof r.name === 'string' && Array.isArray(r.participants) && Array.isArray(r.checks) ? r : undefined;
  } catch {
    return undefined;
  }
}
