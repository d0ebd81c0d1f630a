import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Node } from 'yaml';
import { defaultCatalog } from '../catalog/catalog.ts';
import type { Diagnostic } from '../diagnostic/diagnostic.ts';
import { didYouMean } from '../diagnostic/did-you-mean.ts';
import { LoadContext } from '../flow/load-context.ts';
import { YamlSource } from '../flow/yaml-source.ts';
import { DEFAULT_PROTOCOL_VERSION, DEFAULT_SERVER_VERSION } from '../adapters/index.ts';
import type { IvrConfiguration, IvrObjectConfig, IvrTServerConfig } from '../adapters/index.ts';

export interface LoadIvrConfigResult {
  /** Undefined iff any diagnostic is an error. */
  config?: IvrConfiguration;
  diagnostics: Diagnostic[];
}

/**
 * Reads an IVR configuration (schemas/ivr-config.schema.json): the IVR objects with their ports, the
 * T-Servers they use, their ConfigOptions. Every problem is reported at once with file:line:col, what
 * was expected and a hint; nothing is used until the whole file is sound.
 */
export async function loadIvrConfig(file: string, cwd = '.'): Promise<LoadIvrConfigResult> {
  const shown = relative(cwd, resolve(cwd, file)) || file;
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { diagnostics: [{ code: 'IVRCONFIG_NO_SUCH_FILE', severity: 'error', message: e.code === 'ENOENT' ? `no such IVR configuration file: ${shown}` : `cannot read ${shown}: ${e.message}`, hint: 'name the IVR configuration file relative to the run\'s folder, e.g. "features/ivr/ivr-config.yaml"' }] };
  }
  return parseIvrConfig(text, shown);
}

export function parseIvrConfig(text: string, file: string): LoadIvrConfigResult {
  const src = new YamlSource(text, file);
  const ctx = new LoadContext(src, defaultCatalog, 'IVRCONFIG');
  if (src.syntax.length > 0) return { diagnostics: src.syntax };
  const top = ctx.mapping(src.root(), 'the IVR configuration', { required: ['tservers', 'ivrs'], optional: ['protocolVersion', 'serverVersion'], describe: { tservers: 'T-Server name → { switch, routePoints }', ivrs: 'IVR name → { tservers, ports, configOptions }' } });
  const config: IvrConfiguration = { protocolVersion: DEFAULT_PROTOCOL_VERSION, serverVersion: DEFAULT_SERVER_VERSION, tservers: {}, ivrs: {} };
  if (top === undefined) return { diagnostics: ctx.diagnostics };
  const pv = top.get('protocolVersion');
  if (pv) config.protocolVersion = ctx.text(pv.value, 'protocolVersion') ?? config.protocolVersion;
  const sv = top.get('serverVersion');
  if (sv) config.serverVersion = ctx.text(sv.value, 'serverVersion') ?? config.serverVersion;
  for (const t of ctx.entries(top.get('tservers')?.value, 'tservers', 'a mapping of T-Server name → { switch, routePoints }') ?? []) {
    const fields = ctx.mapping(t.value, `T-Server ${t.name}`, { required: [], optional: ['switch', 'routePoints'] });
    const ts: IvrTServerConfig = { routePoints: [] };
    const sw = fields?.get('switch');
    if (sw) {
      const v = ctx.text(sw.value, `T-Server ${t.name}'s switch`);
      if (v !== undefined) ts.switch = v;
    }
    const rps = fields?.get('routePoints');
    if (rps) for (const n of ctx.list(rps.value, `T-Server ${t.name}'s routePoints`, 'a list of route point DNs') ?? []) ts.routePoints.push(ctx.name(n, 'a route point DN') ?? '');
    config.tservers[t.name] = ts;
  }
  const dns = new Map<string, string>();
  for (const i of ctx.entries(top.get('ivrs')?.value, 'ivrs', 'a mapping of IVR name → { tservers, ports, configOptions }') ?? []) {
    const fields = ctx.mapping(i.value, `IVR ${i.name}`, { required: ['tservers', 'ports'], optional: ['configOptions'], describe: { tservers: 'the T-Servers it uses, by name', ports: 'PortNum → { dn }' } });
    if (fields === undefined) continue;
    const o: IvrObjectConfig = { tservers: [], ports: {}, configOptions: {} };
    const used = fields.get('tservers');
    for (const n of used ? (ctx.list(used.value, `IVR ${i.name}'s tservers`, 'a list of T-Server names') ?? []) : []) {
      const name = ctx.name(n, 'a T-Server name');
      if (name === undefined) continue;
      if (!Object.hasOwn(config.tservers, name)) unknownTServer(ctx, n, i.name, name, Object.keys(config.tservers));
      o.tservers.push(name);
    }
    const ports = fields.get('ports');
    for (const p of ports ? (ctx.entries(ports.value, `IVR ${i.name}'s ports`, 'a mapping of PortNum → { dn }') ?? []) : []) {
      const pf = ctx.mapping(p.value, `port ${p.name} of IVR ${i.name}`, { required: ['dn'], optional: [], describe: { dn: 'the DN the port answers on' } });
      const dnField = pf?.get('dn');
      const dn = dnField ? ctx.name(dnField.value, `the DN of port ${p.name}`) : undefined;
      if (dn === undefined) continue;
      const other = dns.get(dn);
      if (other !== undefined) ctx.error(dnField?.value, 'IVRCONFIG_DUPLICATE_DN', `DN ${dn} of port ${p.name} of IVR ${i.name} is already ${other}`, { expected: 'each port DN once in the configuration', hint: 'a DN answers for one port: give this port its own DN' });
      dns.set(dn, `port ${p.name} of IVR ${i.name}`);
      o.ports[p.name] = { dn };
    }
    const options = fields.get('configOptions');
    for (const c of options ? (ctx.entries(options.value, `IVR ${i.name}'s configOptions`, 'a mapping of option → value') ?? []) : []) {
      const v = ctx.scalar(c.value);
      if (typeof v === 'number' && Number.isInteger(v)) o.configOptions[c.name] = v;
      else if (typeof v === 'string') o.configOptions[c.name] = v;
      else ctx.wrongType(c.value, `configOption ${c.name}`, 'text or a whole number');
    }
    config.ivrs[i.name] = o;
  }
  const errors = ctx.diagnostics.some((d) => d.severity === 'error');
  return errors ? { diagnostics: ctx.diagnostics } : { config, diagnostics: ctx.diagnostics };
}

function unknownTServer(ctx: LoadContext, node: Node, ivr: string, name: string, known: string[]): void {
  ctx.error(node, 'IVRCONFIG_UNKNOWN_TSERVER', `IVR ${ivr} uses T-Server ${name}, which tservers does not define`, {
    expected: known.length ? `one of ${known.join(', ')}` : 'a T-Server defined under tservers',
    hint: didYouMean(name, known) ?? `add ${name} under tservers`,
  });
}
