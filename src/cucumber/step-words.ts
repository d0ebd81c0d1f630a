/**
 * Reading the words a step captured whole. A step's regular expression has no group that can match
 * nothing (test/cucumber/optional-groups.test.ts): where the wording offers a choice (`URS` or a name,
 * `the interaction` or `interaction "Complaint"`) or an optional part (` at place "Place2"`), the group
 * takes the whole choice, or the optional part together with the words before it, and these read it.
 */

/** `"Complaint"` → Complaint. */
export function unquote(text: string): string {
  return /^"(.*)"$/s.exec(text)?.[1] ?? text;
}

/** `the interaction` → undefined (the last one submitted); `interaction "Complaint"` → Complaint. */
export function interactionNamed(which: string): string | undefined {
  return which === 'the interaction' ? undefined : unquote(which.replace(/^interaction /, ''));
}

/** `URS` (or any bare role word) → undefined (the only one); `"Router"` → Router. */
export function namedOrOnly(who: string): string | undefined {
  return who.startsWith('"') ? unquote(who) : undefined;
}

/**
 * The groups of `re` in a phrase a step captured whole, undefined for a part left out. The step's own
 * regular expression admitted the phrase, so one that does not read is flowcert's mistake.
 */
export function partsOf(phrase: string, re: RegExp): (string | undefined)[] {
  const m = re.exec(phrase);
  if (!m) throw new Error(`internal: the step's words "${phrase}" do not read as ${String(re)}`);
  return m.slice(1);
}
