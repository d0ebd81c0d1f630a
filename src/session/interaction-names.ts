import { ScenarioError } from './scenario-error.ts';

/**
 * Which interaction a step acts on when several are live: "the interaction" is the last one submitted,
 * and a step may name one (`interaction "Complaint"`) given its name where it was submitted. A name means
 * one interaction for the whole scenario.
 */
export class InteractionNames {
  private readonly named = new Map<string, string>();

  /** `submitted`: the scenario's interactions in the order they were submitted (the session's list, read live). */
  constructor(private readonly submitted: readonly string[]) {}

  name(name: string, id: string): void {
    const had = this.named.get(name);
    if (had !== undefined && had !== id) throw new ScenarioError(`interaction name "${name}" already names interaction ${had} in this scenario: give each interaction its own name`);
    this.named.set(name, id);
  }

  resolve(name?: string | null): string {
    // A step's optional group that matched nothing arrives from cucumber as null: "the interaction".
    if (name === undefined || name === null) return this.last();
    const id = this.named.get(name);
    if (id !== undefined) return id;
    const known = [...this.named.keys()].map((n) => `"${n}"`).join(', ');
    throw new ScenarioError(
      `no interaction is named "${name}" in this scenario (${known ? `named so far: ${known}` : 'none is named yet'}): name one where it is submitted, e.g. \`"E-mail Server" submits an "email" interaction to queue "Inbound" as "${name}"\``,
    );
  }

  last(): string {
    const id = this.submitted.at(-1);
    if (id === undefined) throw new ScenarioError('no interaction was submitted in this scenario yet: add a step like `"E-mail Server" submits an "email" interaction to queue "Inbound"` before routing');
    return id;
  }
}
