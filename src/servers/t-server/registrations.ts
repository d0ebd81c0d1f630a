import type { MessageConnection } from '../../transport/types.ts';

/**
 * Which connection registered which DN (RequestRegisterAddress): the events on a DN go to every
 * connection registered on it, in registration order.
 */
export class Registrations {
  private readonly byDn = new Map<string, Set<MessageConnection>>();

  add(dn: string, conn: MessageConnection): void {
    let s = this.byDn.get(dn);
    if (!s) this.byDn.set(dn, (s = new Set()));
    s.add(conn);
  }

  /** False when `conn` had not registered `dn`. */
  remove(dn: string, conn: MessageConnection): boolean {
    return this.byDn.get(dn)?.delete(conn) ?? false;
  }

  has(dn: string, conn: MessageConnection): boolean {
    return this.byDn.get(dn)?.has(conn) ?? false;
  }

  /** The connections registered on `dn`. */
  on(dn: string): MessageConnection[] {
    return [...(this.byDn.get(dn) ?? [])];
  }

  /** Every connection with at least one registered DN, each once. */
  clients(): MessageConnection[] {
    const out = new Set<MessageConnection>();
    for (const s of this.byDn.values()) for (const c of s) out.add(c);
    return [...out];
  }

  /** A closed connection registers nothing. */
  drop(conn: MessageConnection): void {
    for (const s of this.byDn.values()) s.delete(conn);
  }

  /** DN → names of the clients registered on it, for state(). */
  snapshot(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [dn, s] of this.byDn) if (s.size > 0) out[dn] = [...s].map((c) => c.remote.name);
    return out;
  }
}
