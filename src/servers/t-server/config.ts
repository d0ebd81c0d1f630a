/**
 * What a reference T-Server is configured with: its DNs (each of a switch DN type), the agents it
 * accepts, and what the switch does after a login. A plain object, so a scenario, `flowcert serve` and
 * a test can all give one; parseTServerConfig() checks one that came from a file and reports every
 * problem at once.
 */

/** Configuration Manager DN types the reference T-Server tells apart [INFER: a subset of CME's]. */
export const DN_TYPES = ['Extension', 'ACDPosition', 'RoutingPoint', 'VoiceTreatmentPort'] as const;
export type DnType = (typeof DN_TYPES)[number];

/** The state the switch puts an agent in right after a login: the record does not say [INFER], so it is an option. */
export const AFTER_LOGIN = ['Ready', 'NotReady'] as const;
export type AfterLogin = (typeof AFTER_LOGIN)[number];

export interface DnConfig {
  dn: string;
  type: DnType;
  /** `unknown`: T-Server does not know who is logged in there until an agent event settles it (a query answers Unknown). */
  agentState?: 'unknown';
}

export interface TServerConfig {
  dns: readonly DnConfig[];
  /** AgentIDs a login may name; empty: any. */
  agents: readonly string[];
  afterLogin: AfterLogin;
}

/**
 * A small switch: three agent extensions, a route point, two IVR ports and an extension whose agent
 * state T-Server does not know. Agents 1001–1003.
 */
export const DEFAULT_TSERVER_CONFIG: TServerConfig = Object.freeze({
  dns: Object.freeze([
    { dn: '7001', type: 'Extension' },
    { dn: '7002', type: 'Extension' },
    { dn: '7003', type: 'Extension' },
    { dn: '7009', type: 'Extension', agentState: 'unknown' },
    { dn: '5000', type: 'RoutingPoint' },
    { dn: '8001', type: 'VoiceTreatmentPort' },
    { dn: '8002', type: 'VoiceTreatmentPort' },
  ] as DnConfig[]),
  agents: Object.freeze(['1001', '1002', '1003']),
  afterLogin: 'NotReady',
}) as TServerConfig;

export interface ConfigProblem {
  /** JSON path, e.g. `dns[2].type`. */
  path: string;
  message: string;
  expected: string;
  hint?: string;
}

export type ConfigResult = { ok: true; config: TServerConfig } | { ok: false; problems: ConfigProblem[] };

/** Checks a configuration read from a file (YAML or JSON): every problem, with its path. Absent keys take the defaults. */
export function parseTServerConfig(value: unknown): ConfigResult {
  const problems: ConfigProblem[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problems: [{ path: '', message: 'a T-Server configuration is a mapping', expected: '{ dns: [...], agents: [...], afterLogin: Ready | NotReady }' }] };
  }
  const o = value as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!['dns', 'agents', 'afterLogin'].includes(k)) problems.push({ path: k, message: `unknown key ${k}`, expected: 'dns, agents or afterLogin' });
  }
  const dns: DnConfig[] = [];
  if (o.dns !== undefined) {
    if (!Array.isArray(o.dns)) problems.push({ path: 'dns', message: 'dns is not a list', expected: 'a list of { dn, type }' });
    else {
      const seen = new Set<string>();
      o.dns.forEach((d, i) => {
        const path = `dns[${i}]`;
        if (typeof d !== 'object' || d === null) return void problems.push({ path, message: 'a DN is a mapping', expected: '{ dn: "7001", type: Extension }' });
        const e = d as Record<string, unknown>;
        if (typeof e.dn !== 'string' || e.dn.trim() === '') problems.push({ path: `${path}.dn`, message: 'dn is missing or not a string', expected: 'a DN number as a string, e.g. "7001"', hint: 'quote it: dn: "7001"' });
        else if (seen.has(e.dn)) problems.push({ path: `${path}.dn`, message: `DN ${e.dn} is configured twice`, expected: 'each DN once' });
        else seen.add(e.dn);
        if (!(DN_TYPES as readonly unknown[]).includes(e.type)) problems.push({ path: `${path}.type`, message: `type ${JSON.stringify(e.type)} is not a DN type`, expected: DN_TYPES.join(', ') });
        if (e.agentState !== undefined && e.agentState !== 'unknown') problems.push({ path: `${path}.agentState`, message: `agentState ${JSON.stringify(e.agentState)}`, expected: 'unknown, or leave it out' });
        if (typeof e.dn === 'string' && (DN_TYPES as readonly unknown[]).includes(e.type)) dns.push({ dn: e.dn, type: e.type as DnType, ...(e.agentState === 'unknown' ? { agentState: 'unknown' as const } : {}) });
      });
    }
  }
  let agents: string[] = [...DEFAULT_TSERVER_CONFIG.agents];
  if (o.agents !== undefined) {
    if (!Array.isArray(o.agents) || !o.agents.every((a) => typeof a === 'string')) problems.push({ path: 'agents', message: 'agents is not a list of strings', expected: 'AgentIDs as strings, e.g. ["1001"]' });
    else agents = [...(o.agents as string[])];
  }
  if (o.afterLogin !== undefined && !(AFTER_LOGIN as readonly unknown[]).includes(o.afterLogin)) {
    problems.push({ path: 'afterLogin', message: `afterLogin ${JSON.stringify(o.afterLogin)}`, expected: AFTER_LOGIN.join(' or ') });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: { dns: o.dns === undefined ? DEFAULT_TSERVER_CONFIG.dns : dns, agents, afterLogin: (o.afterLogin as AfterLogin | undefined) ?? DEFAULT_TSERVER_CONFIG.afterLogin } };
}
