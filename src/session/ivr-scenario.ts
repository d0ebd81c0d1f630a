import { formatDiagnostic } from '../diagnostic/diagnostic.ts';
import type { IvrConfiguration } from '../adapters/index.ts';
import type { TraceEntry } from '../trace/types.ts';
import { loadIvrConfig } from './ivr-config.ts';
import { SetupError } from './scenario-error.ts';

/**
 * What an IVR scenario keeps beside its participants: the IVR configuration its Background named
 * (given to each IVR Server it starts), and how it reads an agent's state off the trace.
 */
const configs = new WeakMap<object, { file: string; config: IvrConfiguration }>();

/** Loads the IVR configuration for this scenario; a file with problems ends it in error, every problem listed. */
export async function useIvrConfiguration(scenario: object, file: string): Promise<void> {
  const r = await loadIvrConfig(file);
  if (r.config === undefined) throw new SetupError(`the IVR configuration ${file} has problems:\n${r.diagnostics.map(formatDiagnostic).join('\n')}`);
  configs.set(scenario, { file, config: r.config });
}

export function ivrConfigurationOf(scenario: object): IvrConfiguration {
  const c = configs.get(scenario);
  if (c === undefined) throw new SetupError('no IVR configuration: name it in the Background first (Given the IVR configuration "features/ivr/ivr-config.yaml")');
  return c.config;
}

/** The agent states of seed 003, and the state the harness takes each for. */
export type AgentState = 'LoggedIn' | 'LoggedOut' | 'Ready' | 'NotReady' | 'Unknown';

/**
 * An agent's state on an IVR's port as the IVR was last told (MonitorInfo Agent from the IVR Server),
 * the way seed 003 says to read it: Unknown is LoggedOut ("as a general rule, treat Unknown as
 * LoggedOut"); Ready and NotReady imply LoggedIn. Undefined: nothing was said of that port.
 */
export function agentStateOnPort(entries: readonly TraceEntry[], ivr: string, port: string): { said: AgentState; taken: Exclude<AgentState, 'Unknown'> } | undefined {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    if (e.type !== 'message' || e.message !== 'MonitorInfo' || e.to !== ivr) continue;
    const agent = e.attributes.Agent as Record<string, unknown> | undefined;
    if (agent?.PortNum !== port) continue;
    const said = agent.Status as AgentState;
    return { said, taken: said === 'Unknown' ? 'LoggedOut' : said };
  }
  return undefined;
}

/** Whether a taken state means the agent is logged in (Ready and NotReady imply LoggedIn, seed 003). */
export function isLoggedIn(state: Exclude<AgentState, 'Unknown'>): boolean {
  return state !== 'LoggedOut';
}
