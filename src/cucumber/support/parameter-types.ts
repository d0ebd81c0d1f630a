import { defineParameterType } from '@cucumber/cucumber';
import { parseDuration } from '../duration.ts';
import { useNativeMatchIndices } from '../native-match-indices.ts';

// Step matching with the engine's own group indices, in every process that matches steps (the run,
// and each --parallel worker): see native-match-indices.ts.
useNativeMatchIndices();

/**
 * `{duration}`: `500 ms`, `2 seconds`, `1.5 s`, `1 minute`, as a number of milliseconds. Scenario
 * writers say how long a timer runs in their words; steps get a number.
 */
defineParameterType({
  name: 'duration',
  // A literal, so the Cucumber VS Code extension (which reads this file, it does not run it) sees it.
  regexp: /\d+(?:\.\d+)? ?(?:milliseconds?|ms|seconds?|s|minutes?)/,
  transformer: (text: string) => parseDuration(text),
});

/**
 * `{invite-action}`: what an agent's desktop does with an invitation — accept, reject or ignore it
 * (the three endings of the Deliver Interaction to Agent model).
 */
defineParameterType({
  name: 'invite-action',
  regexp: /accept|reject|ignore/,
  transformer: (text: string) => text as 'accept' | 'reject' | 'ignore',
});
