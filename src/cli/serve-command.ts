import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serve } from '../adapters/serve.ts';
import type { ServedParticipant } from '../adapters/serve.ts';
import { ACTED_PROFILES, isLoopbackHost, MIN_TOKEN_CHARS, withoutToken } from '../adapters/index.ts';
import type { FaultName } from '../adapters/index.ts';
import { facesOf, ROLE_IDS, ROLE_LABELS, ROLE_SPELLINGS } from '../catalog/registry.ts';
import { suggestRole } from '../flow/role-names.ts';
import { didYouMean } from '../diagnostic/did-you-mean.ts';
import { loadIvrConfig } from '../session/ivr-config.ts';
import { FLOWCERT_VERSION } from '../session/version.ts';
import { formatDiagnostic } from '../diagnostic/diagnostic.ts';
import { EXIT, parseCommandArgs } from './args.ts';
import type { CliIo } from './args.ts';
import { inputPath } from './paths.ts';
import { checkServedTimerNames, parseFaultArgs, parseTimerArgs } from './run-options.ts';
import { SERVE_USAGE } from './usage.ts';

/** The name a served participant gets when the command line gives none: `IS1` for the Interaction Server. */
const DEFAULT_NAMES: Partial<Record<string, string>> = { InteractionServer: 'IS1' };

/**
 * `flowcert serve [ROLE[=NAME]]...`: reference participants as real servers on loopback (fixed or free
 * ports), their endpoints printed (`--json` for scripts), a trace of everything they serve, until
 * Ctrl-C. With `--control URL` it is one participant driven by a harness (a process binding).
 * `--host` elsewhere than loopback needs an access token (`--token`, or FLOWCERT_TOKEN), which clients
 * present; it is never printed nor written.
 */
export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('flowcert serve', args, {
    host: { type: 'string' },
    token: { type: 'string' },
    port: { type: 'string', multiple: true },
    timer: { type: 'string', multiple: true },
    'inject-fault': { type: 'string', multiple: true },
    trace: { type: 'string' },
    'trace-sample': { type: 'string' },
    'no-trace': { type: 'boolean' },
    json: { type: 'boolean' },
    control: { type: 'string' },
    profile: { type: 'string' },
    'ivr-config': { type: 'string' },
  });
  if (!parsed.ok) return usage(io, parsed.message);
  const v = parsed.values;
  if (v.help) {
    io.stdout(SERVE_USAGE);
    return EXIT.ok;
  }
  const participants: ServedParticipant[] = [];
  for (const spec of parsed.positionals.length ? parsed.positionals : ['InteractionServer']) {
    const [roleText, name] = spec.split('=', 2);
    const role = Object.hasOwn(ROLE_SPELLINGS, roleText) ? ROLE_SPELLINGS[roleText] : undefined;
    if (!role) return usage(io, `flowcert serve: unknown role ${roleText}${hint(suggestRole(roleText))}\n  roles: ${ROLE_IDS.join(', ')}`);
    const n = name ?? (typeof v.control === 'string' ? io.env.FLOWCERT_PARTICIPANT : undefined) ?? DEFAULT_NAMES[role] ?? `${role}1`;
    if (participants.some((p) => p.name === n)) return usage(io, `flowcert serve: two participants named ${n}: give each its own name, e.g. ${roleText}=${n}b`);
    participants.push({ name: n, role });
  }
  for (const p of (v.port as string[] | undefined) ?? []) {
    const m = /^(.+)=(\d+)$/.exec(p);
    const target = m ? participants.find((x) => x.name === m[1] || x.role === ROLE_SPELLINGS[m[1]]) : undefined;
    if (!m || Number(m[2]) > 65535) return usage(io, `flowcert serve: --port ${p}: expected NAME=PORT, e.g. --port IS1=7120`);
    if (!target) return usage(io, `flowcert serve: --port ${p}: no served participant ${m[1]} (serving: ${participants.map((x) => x.name).join(', ')})`);
    target.port = Number(m[2]);
  }
  const timers = parseTimerArgs((v.timer as string[] | undefined) ?? []);
  if (typeof timers === 'string') return usage(io, `flowcert serve: ${timers}`);
  const timerProblem = checkServedTimerNames(timers, participants);
  if (timerProblem) return usage(io, `flowcert serve: ${timerProblem}`);
  const faults = parseFaultArgs((v['inject-fault'] as string[] | undefined) ?? []);
  if (typeof faults === 'string') return usage(io, `flowcert serve: ${faults}`);
  for (const [who, list] of Object.entries(faults)) {
    const target = participants.find((p) => p.name === who);
    if (!target) return usage(io, `flowcert serve: --inject-fault ${who}=…: no served participant ${who} (serving: ${participants.map((x) => x.name).join(', ')})`);
    target.faults = list as FaultName[];
  }
  const profile = typeof v.profile === 'string' ? v.profile : undefined;
  // A served server has no models to read: the profiles that matter here are the readings it acts out.
  if (profile !== undefined && !Object.hasOwn(ACTED_PROFILES, profile)) {
    return usage(io, `flowcert serve: --profile ${profile}: the reference servers act out no such reading${hint(didYouMean(profile, Object.keys(ACTED_PROFILES)))}\n  profiles they act out: ${Object.keys(ACTED_PROFILES).join(', ')} (README, "Profiles")`);
  }
  if (profile !== undefined && typeof v.control === 'string') {
    return usage(io, 'flowcert serve: --profile with --control: under a harness the profile comes with its start (the run\'s --profile)');
  }
  if (typeof v['ivr-config'] === 'string') {
    const ivrServers = participants.filter((p) => p.role === 'IVRServer');
    if (ivrServers.length === 0) return usage(io, `flowcert serve: --ivr-config ${v['ivr-config']}: no IVR Server is served (serving: ${participants.map((x) => x.name).join(', ')}); serve one, e.g. flowcert serve TServer=TS1 IVRServer=IVRS1 --ivr-config ${v['ivr-config']}`);
    if (typeof v.control === 'string') return usage(io, 'flowcert serve: --ivr-config with --control: under a harness the IVR configuration comes from the scenario (Given the IVR configuration "…")');
    const loaded = await loadIvrConfig(v['ivr-config'], io.cwd);
    if (!loaded.config) {
      io.stderr(`${loaded.diagnostics.map((d) => formatDiagnostic(d)).join('\n')}\n`);
      return EXIT.usage;
    }
    for (const p of ivrServers) p.ivrConfiguration = loaded.config;
  }
  const host = typeof v.host === 'string' ? v.host : '127.0.0.1';
  // --token wins over the environment's; FLOWCERT_TOKEN keeps it out of the process list.
  const token = typeof v.token === 'string' ? v.token : io.env.FLOWCERT_TOKEN !== undefined && io.env.FLOWCERT_TOKEN !== '' ? io.env.FLOWCERT_TOKEN : undefined;
  const tokenProblem = accessProblem(host, token, typeof v.token === 'string' ? '--token' : 'FLOWCERT_TOKEN');
  if (tokenProblem !== undefined) return usage(io, `flowcert serve: ${tokenProblem}`);
  const control = typeof v.control === 'string' ? v.control : undefined;
  const client = participants.find((p) => Object.keys(facesOf(p.role)).length === 0);
  if (client && control === undefined) {
    return usage(io, `flowcert serve: ${client.name} is a ${ROLE_LABELS[client.role]}, a client: it has nothing to serve on its own\n  serve a server role (InteractionServer), or run one client under a harness with --control URL`);
  }
  if (typeof v.trace === 'string' && v['no-trace']) return usage(io, `flowcert serve: --trace ${v.trace} with --no-trace: give one — a trace to that file, or none`);
  let traceSample: number | undefined;
  if (typeof v['trace-sample'] === 'string') {
    traceSample = Number(v['trace-sample']);
    if (!Number.isInteger(traceSample) || traceSample < 1) return usage(io, `flowcert serve: --trace-sample ${v['trace-sample']}: expected a whole number of at least 1 (keep every n-th interaction)`);
    if (v['no-trace']) return usage(io, 'flowcert serve: --trace-sample with --no-trace: there is no trace to sample');
  }
  let traceFile: string | null = null;
  if (typeof v.trace === 'string') traceFile = inputPath(io.cwd, v.trace);
  else if (!v['no-trace'] && control === undefined) traceFile = join(io.cwd, 'reports', 'serve', `trace-${new Date().toISOString().replace(/[:.]/g, '-')}.ndjson`);
  if (traceFile) mkdirSync(join(traceFile, '..'), { recursive: true });

  let handle;
  try {
    handle = await serve({ participants, ...(typeof v.host === 'string' ? { host: v.host } : {}), ...(token !== undefined ? { token } : {}), timers, traceFile, ...(traceSample !== undefined ? { traceSample } : {}), flowcertVersion: FLOWCERT_VERSION, ...(control ? { control } : {}), ...(profile !== undefined ? { profile } : {}) });
  } catch (err) {
    io.stderr(`flowcert serve: ${(err as Error).message}\n`);
    return EXIT.error;
  }
  const shownTrace = handle.traceFile ? relative(io.cwd, handle.traceFile) || handle.traceFile : null;
  // The endpoints as a person or a script sees them: without the token, which they were given already.
  const shown = handle.participants.map((p) => ({ ...p, endpoints: Object.fromEntries(Object.entries(p.endpoints).map(([f, u]) => [f, withoutToken(u)])) }));
  if (v.json) io.stdout(`${JSON.stringify({ participants: shown, trace: shownTrace, ...(handle.desktop ? { desktop: handle.desktop } : {}), ...(token !== undefined ? { token: 'required' } : {}) })}\n`);
  else if (!control) {
    for (const p of shown) {
      io.stdout(`${p.name} (${ROLE_LABELS[p.role]})\n`);
      for (const [face, url] of Object.entries(p.endpoints)) io.stdout(`  ${face.padEnd(5)} ${url}   ${facesOf(p.role)[face]?.description ?? ''}\n`);
    }
    if (handle.desktop) io.stdout(`web desktop (open it in a browser: an agent application on ${shown.find((p) => p.role === 'InteractionServer')?.name})\n  ${handle.desktop}\n`);
    if (token !== undefined) io.stdout(`clients present the access token: ?token=<token> on these URLs (README, "Access token")\n`);
    if (shownTrace) io.stdout(`trace ${shownTrace}\n`);
    io.stdout('Ctrl-C stops.\n');
  }
  let signalled: string | undefined;
  const why = await Promise.race([handle.ended, new Promise<string>((resolve) => io.onInterrupt?.((signal) => resolve((signalled = `${signal}`))))]);
  await handle.stop(signalled);
  if (!control && !v.json) io.stdout(`flowcert serve: stopped (${why})${shownTrace ? `; trace ${shownTrace}` : ''}\n`);
  return EXIT.ok;
}

/** Why serve may not listen as asked (checked before anything binds): off loopback without a token, or a token too short. */
function accessProblem(host: string, token: string | undefined, from: string): string | undefined {
  if (token !== undefined && token.length < MIN_TOKEN_CHARS) {
    return `the access token (${from}) must be at least ${MIN_TOKEN_CHARS} characters long, it is ${token.length}: a client elsewhere could guess a shorter one\n  generate one: openssl rand -hex 16`;
  }
  if (token === undefined && !isLoopbackHost(host)) {
    return `--host ${host} is not a loopback address: clients connecting from elsewhere must present an access token, and none is set\n  set one: FLOWCERT_TOKEN=$(openssl rand -hex 16) flowcert serve --host ${host} (or --token), and give it to whoever connects; they add ?token=<token> to the URL (README, "Access token")`;
  }
  return undefined;
}

function hint(h: string | undefined): string {
  return h ? ` — ${h}` : '';
}

function usage(io: CliIo, message: string): number {
  io.stderr(`${message}\n`);
  return EXIT.usage;
}
