/**
 * What a run is about to do, as cucumber itself sees it: the scenarios it selected (paths, lines,
 * tags) and, for each step, the step definition cucumber matched and the words it took as arguments.
 * Built from the messages of a dry run (no step runs, no hook runs, nothing is written), so a command
 * can check what a user typed against the features before it touches anything.
 */
export interface PlannedStep {
  text: string;
  /** Feature file, relative to the run's folder, and the step's line in it. */
  uri: string;
  line: number;
  /** The matched definition's pattern as written (a Cucumber expression or a regular expression); absent when undefined or ambiguous. */
  pattern?: string;
  /** The matched arguments as the step's words give them (quotes taken off a {string}). */
  args: string[];
}

export interface PlannedScenario {
  name: string;
  uri: string;
  /** The scenario's line; an outline's example row's own line. */
  line: number;
  tags: string[];
  steps: PlannedStep[];
}

export interface FeaturePlan {
  /** The scenarios the run will run, in cucumber's order. */
  scenarios: PlannedScenario[];
  /** Every scenario's steps in the paths given, selected or not: what the features use at all. */
  allStepTexts: string[];
  /** Every tag of every scenario in the paths given, selected or not. */
  allTags: string[];
}

/** Only the fields read here are typed. */
interface Envelope {
  gherkinDocument?: { uri?: string; feature?: { children: readonly FeatureChild[] } };
  pickle?: { id: string; uri: string; name: string; location?: { line: number }; tags: ReadonlyArray<{ name: string }>; steps: ReadonlyArray<{ id: string; text: string; astNodeIds: readonly string[] }> };
  stepDefinition?: { id: string; pattern: { source: string } };
  testCase?: {
    pickleId: string;
    testSteps: ReadonlyArray<{
      pickleStepId?: string;
      stepDefinitionIds?: readonly string[];
      stepMatchArgumentsLists?: ReadonlyArray<{ stepMatchArguments: ReadonlyArray<{ group: { value?: string } }> }>;
    }>;
  };
}

interface StepNode {
  id: string;
  location: { line: number };
}
interface FeatureChild {
  background?: { steps: readonly StepNode[] };
  scenario?: { steps: readonly StepNode[] };
  rule?: { children: readonly FeatureChild[] };
}

/** Feed it every envelope of a dry run, then read the plan. */
export class FeaturePlanCollector {
  private readonly stepLines = new Map<string, number>();
  private readonly pickles = new Map<string, NonNullable<Envelope['pickle']>>();
  private readonly patterns = new Map<string, string>();
  private readonly testCases: NonNullable<Envelope['testCase']>[] = [];

  onMessage(e: Envelope): void {
    if (e.gherkinDocument?.feature) this.indexSteps(e.gherkinDocument.feature.children);
    else if (e.pickle) this.pickles.set(e.pickle.id, e.pickle);
    else if (e.stepDefinition) this.patterns.set(e.stepDefinition.id, e.stepDefinition.pattern.source);
    else if (e.testCase) this.testCases.push(e.testCase);
  }

  plan(): FeaturePlan {
    const scenarios: PlannedScenario[] = [];
    for (const tc of this.testCases) {
      const pickle = this.pickles.get(tc.pickleId);
      if (!pickle) continue;
      const steps: PlannedStep[] = [];
      for (const ts of tc.testSteps) {
        const ps = ts.pickleStepId === undefined ? undefined : pickle.steps.find((s) => s.id === ts.pickleStepId);
        if (!ps) continue;
        // An outline's step has the example row's id after its own: the step's line is the first.
        const line = this.stepLines.get(ps.astNodeIds[0] ?? '') ?? 0;
        const ids = ts.stepDefinitionIds ?? [];
        const pattern = ids.length === 1 ? this.patterns.get(ids[0]) : undefined;
        const args = ids.length === 1 ? (ts.stepMatchArgumentsLists?.[0]?.stepMatchArguments ?? []).map((a) => unquote(a.group.value ?? '')) : [];
        steps.push({ text: ps.text, uri: pickle.uri, line, ...(pattern !== undefined ? { pattern } : {}), args });
      }
      scenarios.push({ name: pickle.name, uri: pickle.uri, line: pickle.location?.line ?? 0, tags: pickle.tags.map((t) => t.name), steps });
    }
    const all = [...this.pickles.values()];
    return {
      scenarios,
      allStepTexts: all.flatMap((p) => p.steps.map((s) => s.text)),
      allTags: [...new Set(all.flatMap((p) => p.tags.map((t) => t.name)))].sort(),
    };
  }

  private indexSteps(children: readonly FeatureChild[]): void {
    for (const c of children) {
      for (const s of [...(c.background?.steps ?? []), ...(c.scenario?.steps ?? [])]) this.stepLines.set(s.id, s.location.line);
      if (c.rule) this.indexSteps(c.rule.children);
    }
  }
}

/** `"IS1"` → `IS1`: a {string} argument's group holds its quotes (and a quote inside is escaped). */
function unquote(value: string): string {
  const m = /^"(.*)"$/s.exec(value) ?? /^'(.*)'$/s.exec(value);
  return m ? m[1].replace(/\\(["'\\])/g, '$1') : value;
}
