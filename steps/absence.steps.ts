import { Then, DataTable } from '../src/cucumber/dsl.ts';
import type { World } from '../src/cucumber/dsl.ts';
import { findAnywhere } from '../src/session/absent-anywhere.ts';
import { FlowAssertionError } from '../src/session/scenario-error.ts';

// Absence over the whole scenario so far (not a window after the last stimulus), optionally filtered by
// attributes: "no EventAgentLogout reaches Stat Server in this scenario carrying AgentId Agent3".

function absent(world: World, message: string, to: string, attributes: string, text: string): void {
  world.session.assertHealthy();
  const seen = findAnywhere(world.session, message, to, attributes, world.stepWhere(text), world.currentStep(text));
  if (seen) {
    const filter = attributes ? ` carrying ${attributes}` : '';
    throw new FlowAssertionError(`${message}${filter} reached ${to} at seq ${seen.seq} (from ${seen.from}, ${seen.t.toFixed(0)} ms into the run), and none may in this scenario (${world.stepWhere(text)})`);
  }
}

Then('no {string} reaches {string} in this scenario', function (this: World, message: string, to: string) {
  absent(this, message, to, '', `no "${message}" reaches "${to}" in this scenario`);
});

Then('no {string} reaches {string} in this scenario carrying:', function (this: World, message: string, to: string, table: DataTable) {
  const attributes = table.hashes().map((r) => `${r.attribute}: ${r.value}`).join(', ');
  absent(this, message, to, attributes, `no "${message}" reaches "${to}" in this scenario carrying:`);
});
