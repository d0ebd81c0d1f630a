/**
 * What an IVR Server knows from the configuration layer: the IVR objects (an IVR's ports and their
 * DNs, the T-Servers it uses, its IVR Application's data-transport options) and the T-Servers. Read
 * from a small YAML file (schemas/ivr-config.schema.json; loaded by session/ivr-config.ts); plain data
 * here, so a reference server and a SUT's stimulus carry the same thing.
 */

export interface IvrPortConfig {
  /** The DN the port answers on (NewCall's CalledNum, T-Library ThisDN). */
  dn: string;
}

export interface IvrObjectConfig {
  /** T-Servers this IVR uses, by name: MonitorInfo Server goes only for these (seed 003). */
  tservers: string[];
  /** PortNum → port. */
  ports: Record<string, IvrPortConfig>;
  /** The IVR Application's data-transport section, returned in LoginResp ConfigOptions. */
  configOptions: Record<string, string | number>;
}

export interface IvrTServerConfig {
  /** MonitorInfo Server's Switch. */
  switch?: string;
  /** Route points the IVR Server registers for RouteRequest. */
  routePoints: string[];
}

export interface IvrConfiguration {
  /** The LoginReq Version the server speaks (reference §4.5: "4.0"). */
  protocolVersion: string;
  /** LoginResp IServerVersion. */
  serverVersion: string;
  tservers: Record<string, IvrTServerConfig>;
  ivrs: Record<string, IvrObjectConfig>;
}

export const DEFAULT_PROTOCOL_VERSION = '4.0';
export const DEFAULT_SERVER_VERSION = 'IVR Server:8.1.001.02 (flowcert reference)';

/** The IVR and PortNum a port DN belongs to. */
export function portOfDn(config: IvrConfiguration, dn: string): { ivr: string; port: string } | undefined {
  for (const [ivr, o] of Object.entries(config.ivrs)) {
    for (const [port, p] of Object.entries(o.ports)) if (p.dn === dn) return { ivr, port };
  }
  return undefined;
}

/**
 * A configuration handed over as data (a stimulus, a JSON object): the shape checked, problems named.
 * The YAML loader reports positions; this is for what arrives already parsed.
 */
export function configurationFromData(v: Record<string, unknown>): IvrConfiguration | string {
  const problems: string[] = [];
  const obj = (x: unknown, what: string): Record<string, unknown> => {
    if (typeof x === 'object' && x !== null && !Array.isArray(x)) return x as Record<string, unknown>;
    problems.push(`${what} must be a mapping`);
    return {};
  };
  const str = (x: unknown, what: string, dflt?: string): string => {
    if (typeof x === 'string' || typeof x === 'number') return String(x);
    if (x === undefined && dflt !== undefined) return dflt;
    problems.push(`${what} must be text`);
    return '';
  };
  const tservers: Record<string, IvrTServerConfig> = {};
  for (const [name, t] of Object.entries(obj(v.tservers ?? {}, 'tservers'))) {
    const o = obj(t ?? {}, `tservers.${name}`);
    const rps = Array.isArray(o.routePoints) ? o.routePoints.map((r, i) => str(r, `tservers.${name}.routePoints[${i}]`)) : [];
    tservers[name] = { ...(o.switch !== undefined ? { switch: str(o.switch, `tservers.${name}.switch`) } : {}), routePoints: rps };
  }
  const ivrs: Record<string, IvrObjectConfig> = {};
  for (const [name, i] of Object.entries(obj(v.ivrs, 'ivrs'))) {
    const o = obj(i, `ivrs.${name}`);
    const used = Array.isArray(o.tservers) ? o.tservers.map((t, k) => str(t, `ivrs.${name}.tservers[${k}]`)) : [];
    for (const t of used) if (!Object.hasOwn(tservers, t)) problems.push(`ivrs.${name} uses T-Server ${t}, which tservers does not define`);
    const ports: Record<string, IvrPortConfig> = {};
    for (const [num, p] of Object.entries(obj(o.ports ?? {}, `ivrs.${name}.ports`))) ports[num] = { dn: str(obj(p, `ivrs.${name}.ports.${num}`).dn, `ivrs.${name}.ports.${num}.dn`) };
    const options: Record<string, string | number> = {};
    for (const [k, val] of Object.entries(obj(o.configOptions ?? {}, `ivrs.${name}.configOptions`))) options[k] = typeof val === 'number' ? val : str(val, `ivrs.${name}.configOptions.${k}`);
    ivrs[name] = { tservers: used, ports, configOptions: options };
  }
  if (problems.length > 0) return problems.join('; ');
  return { protocolVersion: str(v.protocolVersion, 'protocolVersion', DEFAULT_PROTOCOL_VERSION), serverVersion: str(v.serverVersion, 'serverVersion', DEFAULT_SERVER_VERSION), tservers, ivrs };
}

/**
 * What an IVR Server runs with until it is given a configuration (`flowcert serve`, a test): IVR1 with
 * ports 01 and 02 on DNs 8001 and 8002 and route point 5000 — the reference T-Server's own (its
 * DEFAULT_TSERVER_CONFIG) — using every T-Server it was connected to.
 */
export function defaultIvrConfiguration(tservers: readonly string[]): IvrConfiguration {
  return {
    protocolVersion: DEFAULT_PROTOCOL_VERSION,
    serverVersion: DEFAULT_SERVER_VERSION,
    tservers: Object.fromEntries(tservers.map((t) => [t, { routePoints: ['5000'] }])),
    ivrs: { IVR1: { tservers: [...tservers], ports: { '01': { dn: '8001' }, '02': { dn: '8002' } }, configOptions: {} } },
  };
}
