import { parse } from '@cucumber/tag-expressions';

/**
 * What is wrong with a `--tags` expression, in the user's words, or undefined when cucumber will take
 * it. Checked before a run touches the disk: cucumber's own check comes only once the run has started.
 * A bare word (`smoke`) parses, but no scenario has such a tag (Gherkin tags start with @): it would
 * select nothing, silently, so it is refused too.
 */
export function tagExpressionProblem(expression: string): string | undefined {
  if (expression.trim() === '') return 'needs a tag expression, e.g. --tags "@smoke and not @slow"';
  try {
    parse(expression);
  } catch (err) {
    return `${(err as Error).message}\n  e.g. --tags "@smoke and not @slow"; operators: and, or, not, ( )`;
  }
  const bare = tagNames(expression).filter((t) => !t.startsWith('@'));
  if (bare.length > 0) {
    return `${bare.map((t) => `"${t}"`).join(', ')} ${bare.length === 1 ? 'is not a tag' : 'are not tags'}: tags start with @ — did you mean ${bare.map((t) => `@${t}`).join(', ')}?`;
  }
  return undefined;
}

/** The tags an expression names (operators and parentheses left out), in order. */
export function tagNames(expression: string): string[] {
  return expression
    .replace(/[()]/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && !['and', 'or', 'not'].includes(w));
}
