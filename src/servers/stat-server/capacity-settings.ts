import type { CapacityRule } from './capacity-rule.ts';
import { BUILT_IN_RULES, GENESYS_DEFAULT_RULE } from './capacity-rule.ts';

/** Where a rule is assigned. */
export type AssignmentLevel = 'agent' | 'place' | 'agent-group' | 'tenant';

/**
 * Precedence, most specific first. Reference §5.1 [DOC]: rules are assigned to Person, Place or
 * Tenant, and the Genesys default rule applies when none is. The order among them, and where an agent
 * group stands, is not in the public record [INFER]: the person's own rule, then the place's, then a
 * group the agent belongs to, then the tenant's — the narrower assignment wins.
 */
export const PRECEDENCE: readonly AssignmentLevel[] = ['agent', 'place', 'agent-group', 'tenant'];

export interface CapacitySettings {
  /** Rules by name: the built-in ones and those a rule file defines. */
  rules: ReadonlyMap<string, CapacityRule>;
  /** Level → (agent id / place id / group name / tenant id) → rule name. */
  assignments: Readonly<Record<AssignmentLevel, ReadonlyMap<string, string>>>;
  /** Group name → its agents, in the order written. */
  groups: ReadonlyMap<string, readonly string[]>;
  /** statserver option `capacity-treat-acw-as-interaction` (reference §5.1 [DOC], default no). */
  treatAcwAsInteraction: boolean;
}

export function builtInRules(): Map<string, CapacityRule> {
  return new Map(BUILT_IN_RULES.map((r) => [r.name, r]));
}

/** Nothing assigned: every agent runs under the Genesys default rule. */
export function defaultSettings(): CapacitySettings {
  return {
    rules: builtInRules(),
    assignments: { agent: new Map(), place: new Map(), 'agent-group': new Map(), tenant: new Map() },
    groups: new Map(),
    treatAcwAsInteraction: false,
  };
}

export interface RuleChoice {
  rule: CapacityRule;
  /** Where it came from: `agent Agent1`, `tenant 101`, or `default` (nothing assigned). */
  via: string;
}

/** The groups each agent belongs to, computed once per settings object. */
const membership = new WeakMap<CapacitySettings, Map<string, string[]>>();

function groupsOf(s: CapacitySettings, agentId: string): string[] {
  let m = membership.get(s);
  if (!m) {
    m = new Map();
    for (const [g, agents] of s.groups) for (const a of agents) m.set(a, [...(m.get(a) ?? []), g]);
    membership.set(s, m);
  }
  return m.get(agentId) ?? [];
}

/** The rule an agent runs under (PRECEDENCE). Assignments name rules the loader checked exist. */
export function ruleFor(s: CapacitySettings, agent: { agentId: string; placeId: string; tenantId?: number }): RuleChoice {
  const keys: Record<AssignmentLevel, string[]> = {
    agent: [agent.agentId],
    place: [agent.placeId],
    // An agent in two groups with rules: the group written first in the file wins [INFER].
    'agent-group': groupsOf(s, agent.agentId),
    tenant: agent.tenantId !== undefined ? [String(agent.tenantId)] : [],
  };
  for (const level of PRECEDENCE) {
    for (const key of keys[level]) {
      const name = s.assignments[level].get(key);
      const rule = name !== undefined ? s.rules.get(name) : undefined;
      if (rule) return { rule, via: `${level} ${key}` };
    }
  }
  return { rule: GENESYS_DEFAULT_RULE, via: 'default' };
}

export interface SettingsSpec {
  rules?: readonly CapacityRule[];
  assign?: Partial<Record<AssignmentLevel, Record<string, string>>>;
  groups?: Record<string, readonly string[]>;
  treatAcwAsInteraction?: boolean;
}

/** Settings from code (tests, the bench); a rule file goes through capacity-rules-file.ts, which checks names. */
export function settingsWith(spec: SettingsSpec): CapacitySettings {
  const rules = builtInRules();
  for (const r of spec.rules ?? []) rules.set(r.name, r);
  const level = (l: AssignmentLevel) => new Map(Object.entries(spec.assign?.[l] ?? {}));
  for (const l of PRECEDENCE) for (const [k, name] of level(l)) if (!rules.has(name)) throw new Error(`capacity rule ${name} assigned to ${l} ${k} is not defined`);
  return {
    rules,
    assignments: { agent: level('agent'), place: level('place'), 'agent-group': level('agent-group'), tenant: level('tenant') },
    groups: new Map(Object.entries(spec.groups ?? {})),
    treatAcwAsInteraction: spec.treatAcwAsInteraction ?? false,
  };
}
