import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tagExpressionProblem, tagNames } from '../../src/cucumber/tag-expression.ts';

test('a tag expression cucumber would refuse, or one naming a bare word, is a problem said before the run', () => {
  assert.equal(tagExpressionProblem('@smoke and not (@slow or @wip)'), undefined);
  assert.match(tagExpressionProblem('@a or or @b') ?? '', /^Tag expression "@a or or @b" could not be parsed because of syntax error: Expected operand\.\n/);
  assert.match(tagExpressionProblem('(@a') ?? '', /Unmatched \(/);
  assert.equal(tagExpressionProblem('smoke or wip'), '"smoke", "wip" are not tags: tags start with @ — did you mean @smoke, @wip?');
  assert.equal(tagExpressionProblem('  '), 'needs a tag expression, e.g. --tags "@smoke and not @slow"');
  assert.deepEqual(tagNames('not (@a and @b) or @c'), ['@a', '@b', '@c']);
});
