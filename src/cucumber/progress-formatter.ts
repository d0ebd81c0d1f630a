import { ProgressFormatter, formatterHelpers, type IFormatterOptions } from '@cucumber/cucumber';
import { closestSteps, type ParameterTypes } from './step-suggestions.ts';

/**
 * Cucumber's progress formatter, with one addition where it reports an undefined step: the closest
 * defined steps, in plain words, before the snippet it suggests writing. flowcert's users write
 * features, not step code; a snippet alone tells them to program what is usually a typo.
 *
 * `flowcert run` puts it in place of `progress` (run-features.ts); `npx cucumber-js` keeps cucumber's own.
 */

type Issues = Parameters<ProgressFormatter['logIssues']>[0];
type SnippetRequest = Parameters<ProgressFormatter['snippetBuilder']['build']>[0];

/** Between the snippet and what surrounds it: a line no snippet or step text holds. */
const MARK = '\u0000flowcert-undefined-step\u0000';

interface StepLibrary {
  stepDefinitions: ReadonlyArray<{ pattern: string | RegExp }>;
  parameterTypeRegistry?: { parameterTypes: Iterable<{ name?: string; regexpStrings: readonly string[]; builtin?: boolean }> };
}

/** At most this long between a step finishing and its character on the terminal. */
const PROGRESS_FLUSH_MS = 100;

export default class FlowcertProgressFormatter extends ProgressFormatter {
  static override readonly documentation = 'Progress, with the closest defined steps before the snippet of an undefined step';

  /**
   * Cucumber writes one character per step and hook, each a write to stdout — synchronous on a pipe or
   * a terminal, and inside the scenario's time: ten a scenario, about 1 ms of its harness work (issue
   * 13). They are gathered here and written once the scenario finishes, or PROGRESS_FLUSH_MS after the
   * first, whichever comes first; anything else cucumber writes goes out after them, in order.
   */
  private progress = '';
  private buffering = false;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly write: IFormatterOptions['log'];

  constructor(options: IFormatterOptions) {
    super(options);
    this.write = this.log;
    this.log = (text) => {
      if (this.buffering) {
        this.progress += String(text);
        this.flushTimer ??= setTimeout(() => this.flushProgress(), PROGRESS_FLUSH_MS);
        return;
      }
      this.flushProgress();
      this.write(text);
    };
    options.eventBroadcaster.on('envelope', (envelope: { testCaseFinished?: unknown }) => {
      if (envelope.testCaseFinished) this.flushProgress();
    });
  }

  override logProgress(finished: Parameters<ProgressFormatter['logProgress']>[0]): void {
    this.buffering = true;
    try {
      super.logProgress(finished);
    } finally {
      this.buffering = false;
    }
  }

  override async finished(): Promise<void> {
    this.flushProgress();
    await super.finished();
  }

  private flushProgress(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.progress === '') return;
    const text = this.progress;
    this.progress = '';
    this.write(text);
  }

  override logIssues({ issues, title }: Issues): void {
    this.log(`${title}:\n\n`);
    issues.forEach((testCaseAttempt, index) => {
      const texts: string[] = [];
      // The snippet comes after cucumber's heading; the mark says which step it is for, and is taken out.
      const snippetBuilder = {
        build: (request: SnippetRequest) => {
          texts.push(request.pickleStep.text);
          return `${MARK}${texts.length - 1}\n${this.snippetBuilder.build(request)}`;
        },
      } as unknown as typeof this.snippetBuilder;
      const issue = formatterHelpers.formatIssue({
        colorFns: this.colorFns,
        number: index + 1,
        snippetBuilder,
        supportCodeLibrary: this.supportCodeLibrary,
        testCaseAttempt,
        printAttachments: this.printAttachments,
      });
      this.log(insertSuggestions(issue, (i) => this.suggest(texts[i] ?? '')));
    });
  }

  private suggest(text: string): string[] {
    const library = this.supportCodeLibrary as unknown as StepLibrary;
    const closest = closestSteps(text, library.stepDefinitions.map((d) => d.pattern), parameterTypes(library));
    if (closest.length === 0) return ['No defined step is close to these words.'];
    return [`The closest defined step${closest.length === 1 ? '' : 's'}:`, ...closest.map((s) => `  ${s}`)];
  }
}

/**
 * Puts each undefined step's suggestions above cucumber's heading for its snippet ("Undefined.
 * Implement with the following snippet:"), at the heading's indentation, and takes the marks out. It
 * relies on the layout only: heading, blank line, snippet. Should that change, the marks still go.
 */
export function insertSuggestions(issue: string, suggest: (index: number) => string[]): string {
  const lines = issue.split('\n');
  const out: string[] = [];
  for (const line of lines) {
    const at = line.indexOf(MARK);
    if (at < 0) {
      out.push(line);
      continue;
    }
    // Colours (FORCE_COLOR) may close around the mark's line: read the digits only.
    const index = Number(/\d+/.exec(line.slice(at + MARK.length))?.[0] ?? -1);
    const heading = out.length >= 2 && out[out.length - 1].trim() === '' ? out.length - 2 : -1;
    if (heading >= 0) {
      const indent = /^ */.exec(out[heading].replace(/\u001b\[[0-9;]*m/g, ''))?.[0] ?? '';
      out.splice(heading, 0, ...suggest(index).map((s) => indent + s));
    }
  }
  return out.join('\n');
}

/** The library's own parameter types (not cucumber's built-ins), with the regular expressions they match. */
function parameterTypes(library: StepLibrary): ParameterTypes {
  const out = new Map<string, RegExp[]>();
  for (const t of library.parameterTypeRegistry?.parameterTypes ?? []) {
    if (t.builtin || !t.name) continue;
    try {
      out.set(t.name, t.regexpStrings.map((r) => new RegExp(r)));
    } catch {
      // A pattern this engine cannot read is compared as its name.
    }
  }
  return out;
}
