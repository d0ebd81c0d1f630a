import { ROLE_LABELS } from '../../catalog/registry.ts';
import type { Role } from '../../catalog/types.ts';
import type { Adapter } from '../adapter.ts';
import { ReferenceAgentApplicationAdapter, ReferenceMediaServerAdapter, ReferenceStatServerAdapter, ReferenceUrsAdapter } from './clients.ts';
import { ReferenceInteractionServerAdapter } from './interaction-server.ts';
import { ReferenceIvrAdapter, ReferenceIvrServerAdapter } from './ivr.ts';
import type { InteractionServerBindingOptions } from './interaction-server.ts';
import type { IvrConfiguration } from '../../servers/index.ts';
import { ReferenceTServerAdapter } from './t-server.ts';
import { ByServerAdapter, ReferenceTLibraryClientAdapter } from './tlib-clients.ts';

export type { InteractionServerBindingOptions } from './interaction-server.ts';

/** Options a reference participant takes from its binding (the config) or the run (injected faults). */
export interface ReferenceOptions extends InteractionServerBindingOptions {
  /** An IVR Server's IVRs from the start (`flowcert serve --ivr-config`); default: IVR1 until configured. */
  ivrConfiguration?: IvrConfiguration;
}

/** The roles flowcert has a reference implementation of; the others say so when a scenario needs one. */
export const REFERENCE_ROLES: readonly Role[] = ['InteractionServer', 'AgentApplication', 'MediaServer', 'URS', 'StatServer', 'TServer', 'IVRServer', 'IVR'];

/** The in-process reference implementation of a role. Throws for a role that has none yet, naming what exists. */
export function referenceAdapter(name: string, role: Role, options: ReferenceOptions = {}): Adapter {
  switch (role) {
    case 'InteractionServer':
      return new ReferenceInteractionServerAdapter(name, options);
    case 'AgentApplication':
      // Toward a T-Server the agent's desktop is a T-Library client; toward an Interaction Server, an Interaction Management one.
      return new ByServerAdapter(name, role, () => new ReferenceAgentApplicationAdapter(name), () => new ReferenceTLibraryClientAdapter(name, role));
    case 'MediaServer':
      return new ReferenceMediaServerAdapter(name);
    case 'URS':
      return new ByServerAdapter(name, role, () => new ReferenceUrsAdapter(name), () => new ReferenceTLibraryClientAdapter(name, role));
    case 'TServer':
      return new ReferenceTServerAdapter(name, { ...(options.host !== undefined ? { host: options.host } : {}), ...(options.port !== undefined ? { port: options.port } : {}), ...(options.token !== undefined ? { token: options.token } : {}) });
    case 'StatServer':
      return new ReferenceStatServerAdapter(name);
    case 'IVRServer':
      return new ReferenceIvrServerAdapter(name, { ...(options.host !== undefined ? { host: options.host } : {}), ...(options.port !== undefined ? { port: options.port } : {}), ...(options.token !== undefined ? { token: options.token } : {}), ...(options.ivrConfiguration ? { configuration: options.ivrConfiguration } : {}) });
    case 'IVR':
      return new ReferenceIvrAdapter(name);
    default:
      throw new Error(`flowcert has no reference ${ROLE_LABELS[role]} yet (reference roles: ${REFERENCE_ROLES.map((r) => ROLE_LABELS[r]).join(', ')}); bind "${name}" to a process or a remote system`);
  }
}
