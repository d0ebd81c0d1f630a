import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { isMap, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { ADAPTER_KINDS, isLoopbackHost, isStimulusKind, MIN_TOKEN_CHARS, STIMULUS_KINDS } from '../adapters/index.ts';
import type { Binding, Bindings } from '../adapters/index.ts';
import { defaultCatalog } from '../catalog/catalog.ts';
import { facesOf, isProtocolId, PROTOCOL_IDS, ROLE_IDS, ROLE_SPELLINGS } from '../catalog/registry.ts';
import type { Role } from '../catalog/types.ts';
import type { Diagnostic } from '../diagnostic/diagnostic.ts';
import { didYouMean } from '../diagnostic/did-you-mean.ts';
import { LoadContext } from '../flow/load-context.ts';
import type { Field } from '../flow/load-context.ts';
import { YamlSource } from '../flow/yaml-source.ts';
import { suggestRole } from '../flow/role-names.ts';
import { ConfigSecrets } from './config-secrets.ts';
import { readBrowserOptions } from './browser-binding-config.ts';

export type { Bindings } from '../adapters/index.ts';

/** The file `flowcert run` reads when it is present in the run's folder and no --sut is given. */
export const DEFAULT_CONFIG_FILE = 'flowcert.config.yaml';

export interface LoadBindingsResult {
  /** Undefined iff any diagnostic is an error. */
  bindings?: Bindings;
  diagnostics: Diagnostic[];
}

const COMMON = ['kind', 'capabilities', 'protocols', 'startTimeoutMs'];
const OPTIONS: Record<Binding['kind'], { required: string[]; optional: string[] }> = {
  reference: { required: [], optional: ['host', 'port', 'token'] },
  process: { required: ['command'], optional: ['args', 'env', 'cwd', 'control', 'endpoints', 'stopTimeoutMs', 'stimulusTimeoutMs'] },
  remote: { required: [], optional: ['endpoints', 'control', 'stimulusTimeoutMs'] },
  browser: { required: [], optional: ['page', 'selectors', 'executablePath', 'stimulusTimeoutMs'] },
  replay: { required: ['traces'], optional: [] },
};

/**
 * Reads a binding configuration (`flowcert.config.yaml`, `--sut FILE`): who plays each part, by
 * participant name, by role, or by default. Every problem is reported at once with file:line:col, what
 * was expected and the valid values; nothing is started until the whole file is sound. The secrets it
 * holds (config-secrets.ts) are listed in Bindings.secrets, and no diagnostic quotes one.
 */
export async function loadBindings(file: string, env: Record<string, string | undefined>, cwd = '.'): Promise<LoadBindingsResult> {
  const shown = relative(cwd, resolve(cwd, file)) || file;
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return {
      diagnostics: [{ code: 'CONFIG_NO_SUCH_FILE', severity: 'error', message: e.code === 'ENOENT' ? `no such configuration file: ${shown}` : `cannot read ${shown}: ${e.message}`, hint: 'give the path of a flowcert configuration, e.g. --sut flowcert.config.yaml' }],
    };
  }
  return parseBindings(text, shown, resolve(cwd, dirname(file)), env);
}

export function parseBindings(text: string, file: string, dir: string, env: Record<string, string | undefined>): LoadBindingsResult {
  const src = new YamlSource(text, file);
  const ctx = new LoadContext(src, defaultCatalog, 'CONFIG');
  const secrets = new ConfigSecrets(ctx);
  secrets.environment(env);
  // A file YAML cannot parse has no keys to go by: its text is quoted by nothing but the parser's message.
  ctx.diagnostics.push(...src.syntax.map((d) => ({ ...d, code: d.code.replace(/^FLOW_/, 'CONFIG_') })));
  if (src.syntax.some((d) => d.severity === 'error')) return { diagnostics: secrets.scrub(ctx.diagnostics) };
  const root = src.root();
  const bindings: Bindings = { file, dir, participants: {}, roles: {}, env };
  if (root === null) return { bindings: { ...bindings, secrets: secrets.list() }, diagnostics: [] };
  const load: Loading = { ctx, secrets, env, dir };
  const top = ctx.mapping(root, 'the configuration', { required: [], optional: ['sut', 'participants', 'roles', 'default'], describe: {} });
  if (top) {
    const sut = top.get('sut');
    if (sut) readSut(load, sut, bindings);
    const participants = top.get('participants');
    for (const e of participants ? (ctx.entries(participants.value, 'participants', 'a mapping of participant names to bindings') ?? []) : []) {
      const b = readBinding(load, e.value, `participants.${e.name}`, undefined);
      if (b) bindings.participants[e.name] = b;
    }
    const roles = top.get('roles');
    for (const e of roles ? (ctx.entries(roles.value, 'roles', 'a mapping of roles to bindings') ?? []) : []) {
      const role = Object.hasOwn(ROLE_SPELLINGS, e.name) ? ROLE_SPELLINGS[e.name] : undefined;
      if (!role) {
        ctx.error(e.key, 'CONFIG_UNKNOWN_ROLE', `unknown role ${e.name}`, { expected: `one of ${ROLE_IDS.join(', ')}`, hint: suggestRole(e.name) ?? 'bind a participant by its name under participants:, or a role by its id under roles:' });
        continue;
      }
      const b = readBinding(load, e.value, `roles.${e.name}`, role);
      if (b) bindings.roles[role] = b;
    }
    const dflt = top.get('default');
    if (dflt) {
      const b = readBinding(load, dflt.value, 'default', undefined);
      if (b) bindings.default = b;
    }
  }
  const diagnostics = secrets.scrub(ctx.diagnostics);
  const errors = diagnostics.some((d) => d.severity === 'error');
  return errors ? { diagnostics } : { bindings: { ...bindings, secrets: secrets.list() }, diagnostics };
}

/** What every reader of one configuration shares. */
interface Loading {
  ctx: LoadContext;
  secrets: ConfigSecrets;
  /** The environment flowcert runs in: `${VAR}` in a token is read from it. */
  env: Record<string, string | undefined>;
  /** The configuration's folder: a browser binding's page file is relative to it. */
  dir: string;
}

function readSut({ ctx, secrets }: Loading, field: Field, bindings: Bindings): void {
  const entries = ctx.entries(field.value, 'sut', 'a mapping: name, version, and anything else that identifies the system under test');
  if (!entries) return;
  const sut: Record<string, unknown> = {};
  for (const e of entries) {
    // The certificate shows the identity; a secret in it (a licence key, a password) shows as [secret].
    const v = secrets.scalar(e.value, `sut.${e.name}`, secrets.isNamed(e.name));
    if (v !== undefined) sut[e.name] = v;
    else if (!isMap(e.value) && !isSeq(e.value)) ctx.wrongType(e.value, `sut.${e.name}`, 'text');
  }
  bindings.sut = sut as Bindings['sut'];
}

function readBinding(load: Loading, node: Node | null, path: string, role: Role | undefined): Binding | undefined {
  const { ctx, secrets } = load;
  const entries = ctx.entries(node, path, 'a binding: a mapping with kind and its options');
  if (!entries) return undefined;
  const kindField = entries.find((e) => e.name === 'kind');
  if (!kindField) {
    ctx.error(node, 'CONFIG_MISSING_KEY', `${path} has no kind`, { expected: `kind: one of ${ADAPTER_KINDS.join(', ')}` });
    return undefined;
  }
  const kindText = ctx.scalar(kindField.value);
  if (typeof kindText !== 'string' || !(ADAPTER_KINDS as readonly string[]).includes(kindText)) {
    ctx.error(kindField.value, 'CONFIG_UNKNOWN_KIND', `${path}.kind: unknown adapter kind ${JSON.stringify(kindText ?? null)}`, {
      expected: `one of ${ADAPTER_KINDS.join(', ')}`,
      hint: typeof kindText === 'string' ? didYouMean(kindText, ADAPTER_KINDS) : undefined,
    });
    return undefined;
  }
  const kind = kindText as Binding['kind'];
  if (kind === 'replay' && path !== 'default') {
    ctx.error(kindField.value, 'CONFIG_REPLAY_NOT_DEFAULT', `${path}: replay binds the whole run, not one participant`, { expected: 'default: { kind: replay, traces: reports/traces }', hint: 'a replayed scenario starts nothing live; move this binding under default:' });
    return undefined;
  }
  const spec = OPTIONS[kind];
  const fields = ctx.mapping(node, path, { required: ['kind', ...spec.required], optional: [...COMMON.filter((k) => k !== 'kind'), ...spec.optional], describe: { command: 'the program to run, e.g. node', traces: 'a folder of recorded traces, e.g. reports/traces' } });
  if (!fields) return undefined;
  const at = `${ctx.src.file}:${ctx.src.loc(node).line}:${ctx.src.loc(node).col}`;
  const out: Record<string, unknown> = { kind, at };
  const str = (k: string) => {
    const f = fields.get(k);
    if (!f) return;
    const v = ctx.scalar(f.value);
    if (typeof v === 'string' && v.trim() !== '') out[k] = v;
    else ctx.wrongType(f.value, `${path}.${k}`, 'text');
  };
  const ms = (k: string) => {
    const f = fields.get(k);
    if (f) {
      const v = ctx.millis(f.value, `${path}.${k}`);
      if (v !== undefined) out[k] = v;
    }
  };
  for (const k of ['command', 'cwd', 'host', 'traces']) str(k);
  // A command line written whole into `command` (`acme --token xyz`) still keeps its secret out of the error saying no such command exists.
  if (typeof out.command === 'string') secrets.args(out.command.split(/\s+/));
  for (const k of ['startTimeoutMs', 'stopTimeoutMs', 'stimulusTimeoutMs']) ms(k);
  const port = fields.get('port');
  if (port) {
    const v = ctx.scalar(port.value);
    if (Number.isInteger(v) && (v as number) >= 0 && (v as number) < 65536) out.port = v;
    else ctx.wrongType(port.value, `${path}.port`, 'a port number, 0 to 65535 (0: a free port)');
  }
  const env = fields.get('env');
  if (env) {
    const e: Record<string, string> = {};
    for (const x of ctx.entries(env.value, `${path}.env`, 'a mapping of variable names to values') ?? []) {
      const v = secrets.scalar(x.value, `${path}.env.${x.name}`, secrets.isNamed(x.name));
      if (v !== undefined) e[x.name] = String(v);
      else if (!isMap(x.value) && !isSeq(x.value)) ctx.wrongType(x.value, `${path}.env.${x.name}`, 'text');
    }
    out.env = e;
  }
  const args = fields.get('args');
  if (args) {
    // Written as one line rather than a list, its secrets are known before the error quotes it.
    const line = ctx.scalar(args.value);
    if (typeof line === 'string') secrets.args(line.split(/\s+/));
    const items = ctx.list(args.value, `${path}.args`, 'a list of arguments');
    if (items) {
      const list: string[] = [];
      const marked: number[] = [];
      items.forEach((n, i) => {
        const v = secrets.scalar(n, `${path}.args[${i}]`, false);
        if (v !== undefined) {
          if (secrets.isExplicit(n)) marked.push(list.length);
          list.push(String(v));
        } else if (!isMap(n) && !isSeq(n)) ctx.wrongType(n, `${path}.args[${i}]`, 'text');
      });
      // `--token ${ACME_KEY}`: the secret is what the variable holds when the process is spawned.
      secrets.args(list, marked, { ...load.env, ...((out.env as Record<string, string> | undefined) ?? {}) });
      out.args = list;
    }
  }
  readAccess(load, fields, path, out);
  const control = fields.get('control');
  if (control) {
    const v = ctx.scalar(control.value);
    if (kind === 'process') {
      if (typeof v === 'boolean') out.control = v;
      else ctx.wrongType(control.value, `${path}.control`, 'true or false (whether the process speaks the control channel)');
    } else if (typeof v === 'string' && isUrl(v, ['ws:', 'wss:'])) {
      secrets.url(v);
      out.control = v;
    }
    else ctx.error(control.value, 'CONFIG_BAD_URL', `${path}.control must be the ws:// URL of the system's control endpoint`, { expected: 'ws://host:port/path' });
  }
  const endpoints = fields.get('endpoints');
  if (endpoints) {
    const faces = role ? Object.keys(facesOf(role)) : undefined;
    const e: Record<string, string> = {};
    for (const x of ctx.entries(endpoints.value, `${path}.endpoints`, 'a mapping of faces to URLs, e.g. im: ws://127.0.0.1:7120/') ?? []) {
      if (faces && !faces.includes(x.name)) {
        ctx.error(x.key, 'CONFIG_UNKNOWN_FACE', `${path}.endpoints: a ${role} has no face ${x.name}`, { expected: faces.length ? `one of ${faces.join(', ')}` : `nothing: a ${role} offers no endpoints`, hint: didYouMean(x.name, faces) });
        continue;
      }
      const v = ctx.scalar(x.value);
      if (typeof v === 'string' && isUrl(v, ['ws:', 'wss:', 'tcp:'])) {
        // A remote server that asks for a token or a password has it in its URL: `?token=`, `user:pw@`.
        secrets.url(v);
        e[x.name] = v;
      }
      else ctx.error(x.value, 'CONFIG_BAD_URL', `${path}.endpoints.${x.name} must be a ws:// or tcp:// URL`, { expected: 'ws://host:port/path or tcp://host:port' });
    }
    out.endpoints = e;
  }
  const caps = fields.get('capabilities');
  if (caps) {
    const items = ctx.list(caps.value, `${path}.capabilities`, 'a list of stimulus kinds');
    const list: string[] = [];
    for (const n of items ?? []) {
      const v = ctx.scalar(n);
      if (isStimulusKind(v)) list.push(v);
      else ctx.error(n, 'CONFIG_UNKNOWN_CAPABILITY', `${path}.capabilities: unknown stimulus ${JSON.stringify(v ?? null)}`, { expected: `some of ${STIMULUS_KINDS.join(', ')}`, hint: typeof v === 'string' ? didYouMean(v, STIMULUS_KINDS) : undefined });
    }
    out.capabilities = list;
  }
  const protocols = fields.get('protocols');
  if (protocols) {
    const items = ctx.list(protocols.value, `${path}.protocols`, 'a list of protocol ids');
    const list: string[] = [];
    for (const n of items ?? []) {
      const v = ctx.scalar(n);
      if (isProtocolId(v)) list.push(v);
      else ctx.error(n, 'CONFIG_UNKNOWN_PROTOCOL', `${path}.protocols: unknown protocol ${JSON.stringify(v ?? null)}`, { expected: `some of ${PROTOCOL_IDS.join(', ')}`, hint: typeof v === 'string' ? didYouMean(v, PROTOCOL_IDS) : undefined });
    }
    out.protocols = list;
  }
  if (kind === 'browser') readBrowserOptions(ctx, load.dir, fields, path, role, out);
  if (kind === 'remote' && !out.endpoints && !out.control && !fields.has('endpoints') && !fields.has('control')) {
    ctx.error(node, 'CONFIG_MISSING_KEY', `${path}: a remote binding needs endpoints (a server the harness connects to) or control (the system's control endpoint, for a client)`, { expected: 'endpoints: {im: ws://…} or control: ws://…' });
  }
  return out as unknown as Binding;
}

/**
 * A reference server's `token` (a secret, `${VAR}` read from flowcert's environment), and the rule that
 * binds it to `host`: off loopback, clients must present a token (README, "Access token").
 */
function readAccess({ ctx, secrets, env }: Loading, fields: Map<string, Field>, path: string, out: Record<string, unknown>): void {
  const tokenField = fields.get('token');
  let token: string | undefined;
  if (tokenField) {
    // Not `named`: `${FLOWCERT_TOKEN}` as written is no secret; the token it reads is, once read.
    const v = secrets.scalar(tokenField.value, `${path}.token`, false);
    if (typeof v === 'string' || typeof v === 'number') {
      const missing: string[] = [];
      token = String(v).replace(/\$\{(\w+)\}/g, (_m, name: string) => {
        const value = env[name];
        if (value === undefined) missing.push(name);
        return value ?? '';
      });
      if (missing.length > 0) {
        ctx.error(tokenField.value, 'CONFIG_UNSET_VARIABLE', `${path}.token names ${missing.map((m) => `\${${m}}`).join(', ')}, which flowcert's environment does not set`, {
          expected: `${missing[0]} set where flowcert runs`,
          hint: `export ${missing[0]}=$(openssl rand -hex 16) before the run, and give the same token to whoever connects`,
        });
        token = undefined;
      } else if (token.length < MIN_TOKEN_CHARS) {
        ctx.error(tokenField.value, 'CONFIG_WEAK_TOKEN', `${path}.token must be at least ${MIN_TOKEN_CHARS} characters long: a client elsewhere could guess a shorter one`, {
          expected: `a token of ${MIN_TOKEN_CHARS} characters or more`,
          hint: 'generate one: openssl rand -hex 16',
        });
        token = undefined;
      } else {
        secrets.add(token);
        out.token = token;
      }
    } else if (!isMap(tokenField.value) && !isSeq(tokenField.value)) ctx.wrongType(tokenField.value, `${path}.token`, 'text: the token, or ${VAR} to read it from the environment');
  }
  const hostField = fields.get('host');
  if (hostField && typeof out.host === 'string' && !isLoopbackHost(out.host) && !tokenField) {
    ctx.error(hostField.value, 'CONFIG_TOKEN_REQUIRED', `${path}.host ${out.host} is not a loopback address: clients connecting from elsewhere must present a token, and this binding has none`, {
      expected: `token: \${FLOWCERT_TOKEN} beside host (at least ${MIN_TOKEN_CHARS} characters), or host: 127.0.0.1`,
      hint: 'give the token to whoever connects; they add ?token=<token> to the URL (README, "Access token")',
    });
  }
}

function isUrl(v: string, schemes: string[]): boolean {
  try {
    return schemes.includes(new URL(v).protocol);
  } catch {
    return false;
  }
}
