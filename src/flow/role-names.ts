import { PROTOCOL_SPELLINGS, ROLE_LABELS, ROLE_SPELLINGS } from '../catalog/registry.ts';
import { closest } from '../diagnostic/did-you-mean.ts';
import type { ProtocolId, Role } from '../catalog/types.ts';

/**
 * The spellings a model may use for a role or a protocol: the id (`InteractionServer`), the label a
 * GenEM reader knows (`Interaction Server`), and the other names the public record uses for the same
 * party, all from the catalog's registry. The JSON Schema lists the same spellings, so the editor and
 * the loader agree.
 */

export { ROLE_IDS, PROTOCOL_IDS, ROLE_SPELLINGS, PROTOCOL_SPELLINGS } from '../catalog/registry.ts';

export function roleOf(text: string): Role | undefined {
  return Object.hasOwn(ROLE_SPELLINGS, text) ? ROLE_SPELLINGS[text] : undefined;
}

export function protocolOf(text: string): ProtocolId | undefined {
  return Object.hasOwn(PROTOCOL_SPELLINGS, text) ? PROTOCOL_SPELLINGS[text] : undefined;
}

export function roleLabel(r: Role): string {
  return ROLE_LABELS[r];
}

/** `did you mean Interaction Server?` — one spelling per role, so a near miss does not list a role twice. */
export function suggestRole(text: string): string | undefined {
  const seen = new Set<Role>();
  const picks: string[] = [];
  for (const c of closest(text, Object.keys(ROLE_SPELLINGS), 8)) {
    if (seen.has(ROLE_SPELLINGS[c])) continue;
    seen.add(ROLE_SPELLINGS[c]);
    picks.push(c);
  }
  return picks.length ? `did you mean ${picks.slice(0, 2).join(' or ')}?` : undefined;
}
