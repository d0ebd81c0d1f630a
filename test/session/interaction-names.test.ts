import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Session } from '../../src/session/session.ts';

// Cucumber hands a step's optional group that matched nothing over as null: "the interaction" then, as
// for undefined — not an interaction named "null".
test('an interaction name of null or undefined means the last interaction submitted; a name, the one so named', async () => {
  const session = Session.create({ name: 'names', traceFile: null });
  try {
    session.interactions.push('1000000000000001', '1000000000000002');
    session.nameInteraction('Complaint', '1000000000000001');
    assert.equal(session.interaction(null), '1000000000000002');
    assert.equal(session.interaction(undefined), '1000000000000002');
    assert.equal(session.interaction('Complaint'), '1000000000000001');
    assert.throws(() => session.interaction('null'), /no interaction is named "null"/);
  } finally {
    await session.dispose();
  }
});
