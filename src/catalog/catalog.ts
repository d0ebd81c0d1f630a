import { didYouMean } from '../diagnostic/did-you-mean.ts';
import { checkDefinitions } from './check-definitions.ts';
import { esp } from './protocols/esp.ts';
import { ivrMessages } from './protocols/ivr.ts';
import { interactionManagement } from './protocols/interaction-management.ts';
import { queuesAndWorkbins } from './protocols/queues-workbins.ts';
import { interactionParties } from './protocols/interaction-parties.ts';
import { reporting } from './protocols/reporting.ts';
import { statActions } from './protocols/stat-actions.ts';
import { mediaChannelFlows } from './protocols/media-channel-flows.ts';
import { tLibrary } from './protocols/t-library.ts';
import { tLibraryVoice } from './protocols/t-library-voice.ts';
import { isProtocolId, PROTOCOL_LABELS } from './registry.ts';
import { goesBetween } from './types.ts';
import type { MessageDef, ProtocolId, Resolved, Role } from './types.ts';


/**
 * The protocol catalog: message definitions indexed for the hot path (the frame reader calls get()
 * for every frame), alias-aware. Lookups return shared, frozen Resolved objects: no allocation.
 */
export class Catalog {
  readonly #defs: readonly MessageDef[];
  readonly #byProtocol = new Map<string, Map<string, Resolved>>();
  readonly #byName = new Map<string, Resolved[]>();
  readonly #names: string[];
  readonly #protocolsOf = new Map<string, ProtocolId[]>();

  /** Throws on malformed definitions (duplicate names, unknown roles, dangling responses ...): those are programming errors. */
  constructor(defs: readonly MessageDef[]) {
    const problems = checkDefinitions(defs);
    if (problems.length > 0) throw new Error(`invalid protocol catalog:\n  ${problems.join('\n  ')}`);
    this.#defs = Object.freeze([...defs]);
    const names = new Set<string>();
    for (const def of defs) {
      this.#add(def.protocol, def.name, Object.freeze({ def }));
      for (const alias of def.aliases ?? []) this.#add(def.protocol, alias, Object.freeze({ def, aliasUsed: alias }));
      names.add(def.name);
      const ps = this.#protocolsOf.get(def.name) ?? [];
      if (!ps.includes(def.protocol)) ps.push(def.protocol);
      this.#protocolsOf.set(def.name, ps);
    }
    this.#names = [...names];
  }

  #add(protocol: string, name: string, r: Resolved): void {
    let m = this.#byProtocol.get(protocol);
    if (!m) this.#byProtocol.set(protocol, (m = new Map()));
    m.set(name, r);
    const list = this.#byName.get(name);
    if (list) list.push(r);
    else this.#byName.set(name, [r]);
  }

  all(): readonly MessageDef[] {
    return this.#defs;
  }

  /** By wire protocol id and name (canonical or alias). */
  get(protocol: string, name: string): Resolved | undefined {
    return this.#byProtocol.get(protocol)?.get(name);
  }

  /** Every protocol's message of that name (canonical or alias). */
  byName(name: string): Resolved[] {
    const list = this.#byName.get(name);
    return list ? list.slice() : [];
  }

  /**
   * The definitions a message name can mean, narrowed by protocol and direction: EventRevoked from
   * the Interaction Server to an agent application is Interaction Management, to Stat Server Reporting.
   * Empty when nothing fits (use byName() to tell "unknown" from "wrong direction").
   */
  resolve(name: string, opts: { protocol?: ProtocolId; from?: Role; to?: Role } = {}): Resolved[] {
    const list = this.#byName.get(name);
    if (!list) return [];
    return list.filter(
      (r) =>
        (opts.protocol === undefined || r.def.protocol === opts.protocol) &&
        goesBetween(r.def, opts.from, opts.to),
    );
  }

  /** Canonical names, each once, for did-you-mean. */
  names(): string[] {
    return this.#names.slice();
  }

  isProtocol(id: string): id is ProtocolId {
    return isProtocolId(id);
  }

  /** `EventInvite (Interaction Management)`, `EventRevoked (Interaction Management, Reporting)`. */
  describe(name: string): string {
    const ps = this.#protocolsOf.get(name);
    return ps ? `${name} (${ps.map((p) => PROTOCOL_LABELS[p]).join(', ')})` : name;
  }

  /** `did you mean EventInvite (Interaction Management)?`, or undefined when no catalog name is close. */
  suggest(name: string): string | undefined {
    return didYouMean(name, this.#names, (c) => this.describe(c));
  }
}

export const defaultCatalog: Catalog = new Catalog([...interactionManagement, ...interactionParties, ...reporting, ...tLibrary, ...tLibraryVoice, ...esp, ...queuesAndWorkbins, ...ivrMessages, ...statActions, ...mediaChannelFlows]);
