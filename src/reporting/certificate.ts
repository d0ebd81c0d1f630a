import type { Catalog } from '../catalog/catalog.ts';
import { ROLE_LABELS } from '../catalog/registry.ts';
import type { Role } from '../catalog/types.ts';
import { catalogPaths } from './scenario-record.ts';
import type { CheckRecord, ScenarioRecord } from './scenario-record.ts';
import type { Verdict } from './verdict-attachment.ts';

/**
 * The certificate of a system under test, as data (certificate.json; certificate-html.ts draws it).
 * Anchors: ETSI conformance suites declare what an implementation claims before tests are selected
 * (PICS); Pact and Microcks give one number a team can gate on; TTCN-3 verdicts never improve once
 * worse. Built from the scenario records a run leaves; it decides nothing the run did not.
 */
export const CERTIFICATE_FORMAT = 'flowcert-certificate/1';

export interface CertifiedSut {
  /** As its configuration declares it: name, version, anything else. */
  identity: Record<string, unknown>;
  role: Role;
  /** The adapter kind(s) it was bound with, and what it claimed (its capabilities: a PICS-like list). */
  adapters: string[];
  capabilities: string[];
  /** The configuration file, as given. */
  config?: string;
}

export interface Harness {
  flowcertVersion: string;
  date: string;
  node: string;
  platform: string;
  /** Every model, feature, catalog and configuration file the verdicts rest on, with its sha-256. */
  files: { path: string; sha256: string }[];
  /** Options that change what ran: tags, timers, profile, shard. */
  options: Record<string, unknown>;
}

export interface Score {
  passed: number;
  failed: number;
  inconc: number;
  error: number;
  /** Scenarios the SUT took part in. */
  applicable: number;
  /** passed / applicable; inconc is never counted as passed. */
  value: number;
}

export interface VariantVerdict {
  variant: string;
  verdict: Verdict;
  phases: { phase: string; title: string; verdict: Verdict }[];
  scenarios: { uri: string; line: number; name: string; verdict: Verdict }[];
}

export interface ModelVerdict {
  model: string;
  file: string;
  /** The profile (reading of GenEM) the model was checked under, when it declares profiles. */
  profile?: string;
  verdict: Verdict;
  variants: VariantVerdict[];
}

export interface MessageCoverage {
  protocol: string;
  message: string;
  direction: 'sent' | 'received';
  /** How many times the SUT sent or received it over the run (0: never exercised). */
  count: number;
  attributes: { path: string; seen: boolean }[];
}

export interface Failure {
  uri: string;
  line: number;
  scenario: string;
  verdict: Verdict;
  /** In the step's words: the check's explanation, or why the scenario ended. */
  explanation: string;
  step?: CheckRecord['step'];
  origin?: CheckRecord['origin'];
  /** Trace lines around the divergence. */
  excerpt: string[];
  /** The sequence diagram, as SVG text. */
  diagram?: string;
  diagramFile?: string;
}

export interface Certificate {
  format: typeof CERTIFICATE_FORMAT;
  sut: CertifiedSut;
  harness: Harness;
  verdict: Verdict;
  score: Score;
  models: ModelVerdict[];
  scenarios: { uri: string; line: number; name: string; verdict: Verdict; applicable: boolean; reason?: string }[];
  coverage: { messages: MessageCoverage[]; messagesSeen: number; messagesTotal: number; attributesSeen: number; attributesTotal: number };
  failures: Failure[];
}

const RANK: Record<Verdict, number> = { pass: 0, inconc: 1, fail: 2, error: 3 };
const worse = (a: Verdict, b: Verdict): Verdict => (RANK[b] > RANK[a] ? b : a);

export interface CertificateInput {
  identity: Record<string, unknown>;
  role: Role;
  config?: string;
  harness: Harness;
  records: readonly ScenarioRecord[];
  catalog: Catalog;
  /** The trace lines around a failure, and its diagram, read by the caller. */
  evidence: (record: ScenarioRecord, check: CheckRecord | undefined) => { excerpt: string[]; diagram?: string };
}

/** A scenario counts when a participant of the certified role, bound to the system under test, took part in it. */
export function isApplicable(r: ScenarioRecord, role: Role): boolean {
  return r.participants.some((p) => p.role === role && p.binding === 'sut');
}

export function buildCertificate(input: CertificateInput): Certificate {
  const applicable = input.records.filter((r) => isApplicable(r, input.role));
  const score: Score = { passed: 0, failed: 0, inconc: 0, error: 0, applicable: applicable.length, value: 0 };
  let verdict: Verdict = applicable.length > 0 ? 'pass' : 'inconc';
  for (const r of applicable) {
    score[r.verdict === 'pass' ? 'passed' : r.verdict === 'fail' ? 'failed' : r.verdict] += 1;
    verdict = worse(verdict, r.verdict);
  }
  score.value = applicable.length > 0 ? score.passed / applicable.length : 0;
  const sutParticipants = applicable.flatMap((r) => r.participants.filter((p) => p.role === input.role && p.binding === 'sut'));
  return {
    format: CERTIFICATE_FORMAT,
    sut: {
      identity: input.identity,
      role: input.role,
      adapters: [...new Set(sutParticipants.map((p) => p.adapter ?? '?'))].sort(),
      capabilities: [...new Set(applicable.flatMap((r) => r.participants.filter((p) => p.role === input.role && p.binding === 'sut').flatMap((p) => r.capabilities[p.name] ?? [])))].sort(),
      ...(input.config ? { config: input.config } : {}),
    },
    harness: input.harness,
    verdict,
    score,
    models: modelVerdicts(applicable),
    scenarios: input.records.map((r) => ({ uri: r.uri, line: r.line, name: r.name, verdict: r.verdict, applicable: isApplicable(r, input.role), ...(r.reason ? { reason: r.reason } : {}) })),
    coverage: coverage(applicable, input.role, input.catalog),
    failures: applicable.filter((r) => r.verdict !== 'pass').map((r) => failure(r, input.evidence)),
  };
}

function modelVerdicts(records: readonly ScenarioRecord[]): ModelVerdict[] {
  const models = new Map<string, ModelVerdict>();
  for (const r of records) {
    for (const c of r.checks) {
      // Inline tables ("these messages are exchanged in order") are one-off models: the certificate lists the named ones.
      if (c.variant === 'table') continue;
      let m = models.get(c.modelFile);
      if (!m) models.set(c.modelFile, (m = { model: c.model, file: c.modelFile, ...(c.profile ? { profile: c.profile } : {}), verdict: 'pass', variants: [] }));
      let v = m.variants.find((x) => x.variant === c.variant);
      if (!v) m.variants.push((v = { variant: c.variant, verdict: 'pass', phases: [], scenarios: [] }));
      v.verdict = worse(v.verdict, c.verdict);
      m.verdict = worse(m.verdict, c.verdict);
      // The check's verdict: a redelivery scenario can pass its first attempt's variant and fail the second's.
      const listed = v.scenarios.find((s) => s.uri === r.uri && s.line === r.line);
      if (listed) listed.verdict = worse(listed.verdict, c.verdict);
      else v.scenarios.push({ uri: r.uri, line: r.line, name: r.name, verdict: c.verdict });
      for (const p of c.phases) {
        const seen = v.phases.find((x) => x.phase === p.phase);
        if (seen) seen.verdict = worse(seen.verdict, p.verdict);
        else v.phases.push({ ...p });
      }
    }
  }
  return [...models.values()];
}

function coverage(records: readonly ScenarioRecord[], role: Role, catalog: Catalog): Certificate['coverage'] {
  const messages: MessageCoverage[] = [];
  for (const def of catalog.all()) {
    for (const direction of ['sent', 'received'] as const) {
      if (!(direction === 'sent' ? def.senders : def.receivers).includes(role)) continue;
      const seen = records.flatMap((r) => r.exercised).filter((e) => e.role === role && e.direction === direction && e.protocol === def.protocol && e.message === def.name);
      const paths = new Set(seen.flatMap((e) => e.attributes));
      messages.push({
        protocol: def.protocol,
        message: def.name,
        direction,
        count: seen.reduce((n, e) => n + e.count, 0),
        attributes: [...catalogPaths(def)].map((path) => ({ path, seen: paths.has(path) })),
      });
    }
  }
  const attrs = messages.flatMap((m) => m.attributes);
  return {
    messages,
    messagesSeen: messages.filter((m) => m.count > 0).length,
    messagesTotal: messages.length,
    attributesSeen: attrs.filter((a) => a.seen).length,
    attributesTotal: attrs.length,
  };
}

function failure(r: ScenarioRecord, evidence: CertificateInput['evidence']): Failure {
  const check = r.checks.find((c) => c.verdict === r.verdict && c.explanation) ?? r.checks.find((c) => c.verdict !== 'pass');
  const { excerpt, diagram } = evidence(r, check);
  return {
    uri: r.uri,
    line: r.line,
    scenario: r.name,
    verdict: r.verdict,
    explanation: check?.explanation ?? r.reason ?? `the scenario ended ${r.verdict}`,
    ...(check?.step ? { step: check.step } : {}),
    ...(check?.origin ? { origin: check.origin } : {}),
    excerpt,
    ...(diagram ? { diagram } : {}),
    ...(check?.diagram ? { diagramFile: check.diagram } : {}),
  };
}

/** `Agent Application`: how the certificate names the role. */
export function roleLabel(role: Role): string {
  return ROLE_LABELS[role];
}
