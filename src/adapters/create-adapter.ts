import type { Role } from '../catalog/types.ts';
import type { Adapter } from './adapter.ts';
import type { Binding, Bindings } from './binding.ts';
import { BrowserAdapter } from './browser.ts';
import { ProcessAdapter } from './process.ts';
import { referenceAdapter } from './reference/index.ts';
import type { ReferenceOptions } from './reference/index.ts';
import { RemoteAdapter } from './remote.ts';

/**
 * The adapter a binding asks for. Replay is not among them: it replaces the whole live run with a
 * recording, so the session handles it (session/replay.ts).
 */
export function createAdapter(binding: Exclude<Binding, { kind: 'replay' }>, name: string, role: Role, ctx: { bindings: Bindings; reference?: ReferenceOptions }): Adapter {
  switch (binding.kind) {
    case 'reference':
      return referenceAdapter(name, role, {
        ...(ctx.reference ?? {}),
        ...(binding.host !== undefined ? { host: binding.host } : {}),
        ...(binding.port !== undefined ? { port: binding.port } : {}),
        ...(binding.token !== undefined ? { token: binding.token } : {}),
      });
    case 'process':
      return new ProcessAdapter(name, role, binding, { dir: ctx.bindings.dir, env: ctx.bindings.env });
    case 'remote':
      return new RemoteAdapter(name, role, binding);
    case 'browser':
      return new BrowserAdapter(name, role, binding, { dir: ctx.bindings.dir });
  }
}
