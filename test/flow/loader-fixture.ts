import { formatDiagnostic } from '../../src/diagnostic/diagnostic.ts';
import { parseModel } from '../../src/flow/loader.ts';
import type { LoadResult } from '../../src/flow/loader.ts';

/**
 * A valid model around the steps under test. The steps of phase `p` start on line 19, column 7, so
 * tests can name exact positions. Participants: urs, ixn, agent, stat; timer delivering; params
 * servers (list of InteractionServer), agents (list, no role), queue (string).
 */
export const HEAD = [
  'model: Test',
  'participants:',
  '  urs: { role: URS }',
  '  ixn: { role: InteractionServer }',
  '  agent: { role: AgentApplication }',
  '  stat: { role: StatServer }',
  'timers:',
  '  delivering: 30000',
  'params:',
  '  servers: { type: list, role: InteractionServer }',
  '  agents: { type: list }',
  '  queue: { type: string }',
  'variants:',
  '  v: { phases: [p] }',
  'phases:',
  '  p:',
  '    title: P',
  '    steps:',
].join('\n');

export const FIRST_STEP_LINE = 19;

/** The model text with these step lines (written as at column 1) under phase p. */
export function withSteps(...lines: string[]): string {
  return `${HEAD}\n${lines.map((l) => `      ${l}`).join('\n')}\n`;
}

/**
 * The head declares every participant whatever the steps use: FLOW_PARTICIPANT_UNUSED, which that would
 * raise in most tests here, is left out (loader-model-checks.test.ts tests it on whole models).
 */
export function load(text: string): LoadResult {
  const r = parseModel(text, 'm.yaml');
  return { ...r, diagnostics: r.diagnostics.filter((d) => d.code !== 'FLOW_PARTICIPANT_UNUSED') };
}

/** Every diagnostic as the CLI prints it: `file:line:col severity CODE message`, expected, hint. */
export function report(text: string): string[] {
  return load(text).diagnostics.map(formatDiagnostic);
}
