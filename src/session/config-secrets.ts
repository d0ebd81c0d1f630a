import { isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import type { Diagnostic } from '../diagnostic/diagnostic.ts';
import type { LoadContext } from '../flow/load-context.ts';
import { isRedactable, isSecretName, MIN_SECRET_CHARS, secretsInArgs, secretsInUrl, secretsOfEnvironment } from '../secrets/marking.ts';
import { Redactor } from '../secrets/redactor.ts';

/** A scalar as a configuration may write it: text, a number, true or false. */
export type ConfigScalar = string | number | boolean;

/**
 * The secrets of one binding configuration, collected while it loads (README, "Secrets"): values under
 * keys named like secrets, `{ secret: … }` wherever a value may be written that way (sut, env, args,
 * token), the argument after a flag named like one, the secrets a URL carries, and those of the
 * environment the SUTs inherit. The loader asks at each value; the list ends up in Bindings.secrets.
 */
export class ConfigSecrets {
  private readonly values = new Set<string>();

  constructor(private readonly ctx: LoadContext) {}

  /**
   * A value that may be written `{ secret: … }` (the one explicit form): its scalar, marked secret when
   * it is written that way or `named` says its key names a secret; secrets in it as a URL too.
   * Undefined (reported) for any other mapping or a list; `undefined` node value: nothing there.
   */
  scalar(node: Node | null, path: string, named: boolean): ConfigScalar | undefined {
    const n = this.ctx.src.deref(node);
    if (n && isMap(n)) {
      const items = n.items;
      const only = items.length === 1 && isScalar(items[0].key) && items[0].key.value === 'secret' ? this.ctx.src.deref(items[0].value as Node | null) : undefined;
      if (only === undefined) {
        this.ctx.wrongType(n, path, 'text, or { secret: … } for a value never to be written');
        return undefined;
      }
      const v = only && isScalar(only) ? only.value : undefined;
      if (typeof v !== 'string' && typeof v !== 'number') {
        this.ctx.wrongType(only, `${path}.secret`, 'the secret itself, text or a number');
        return undefined;
      }
      const text = String(v);
      if (!isRedactable(text)) {
        this.ctx.error(only, 'CONFIG_SECRET_TOO_SHORT', `${path}: a secret must be at least ${MIN_SECRET_CHARS} characters long, and not true, false or null`, {
          expected: `a secret of ${MIN_SECRET_CHARS} characters or more`,
          hint: 'flowcert replaces a secret wherever it turns up in its reports; one this short would turn up inside unrelated text',
        });
        return undefined;
      }
      // `{ secret: "${ACME_KEY}" }` names a variable: the loader adds its value where it knows the environment.
      if (!/\$\{\w+\}/.test(text)) this.values.add(text);
      return v;
    }
    if (n && isSeq(n)) {
      this.ctx.wrongType(n, path, 'text');
      return undefined;
    }
    const v = n && isScalar(n) ? n.value : undefined;
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return undefined;
    if (named && typeof v !== 'boolean') this.named(String(v), n, path);
    if (typeof v === 'string') this.url(v);
    return v;
  }

  /** A value whose key names a secret: marked, unless too short to redact (then a warning says it is not). */
  named(value: string, node: Node | null, path: string): void {
    if (isRedactable(value)) {
      this.values.add(value);
      return;
    }
    if (value.trim() === '') return;
    this.ctx.warn(node, 'CONFIG_SECRET_TOO_SHORT', `${path} is named like a secret, but its value is under ${MIN_SECRET_CHARS} characters (or true, false, null): it is not redacted from the reports`, {
      expected: `a secret of ${MIN_SECRET_CHARS} characters or more`,
      hint: 'a value that short would turn up inside unrelated text; if it is no secret, nothing needs doing',
    });
  }

  /** The secrets a URL carries (its password, `?token=` and the like). */
  url(text: string): void {
    for (const s of secretsInUrl(text)) if (isRedactable(s)) this.values.add(s);
  }

  /** A marked value (a reference server's token, known secret by its key). */
  add(value: string): void {
    if (isRedactable(value)) this.values.add(value);
  }

  /**
   * The argument after a flag named like a secret (`--token xyz`, `--token=xyz`), and those at `marked`
   * (written `{ secret: … }`). One that names a variable (`--token ${ACME_KEY}`) is a secret as the
   * process will get it: the variable's value, from `env` (the binding's and flowcert's environment).
   */
  args(args: readonly string[], marked: readonly number[] = [], env: Readonly<Record<string, string | undefined>> = {}): void {
    const values = [...secretsInArgs(args).map((s) => s.value), ...marked.map((i) => args[i])];
    for (const value of values) this.add(/\$\{\w+\}/.test(value) ? value.replace(/\$\{(\w+)\}/g, (_m, name: string) => env[name] ?? '') : value);
  }

  /** Whether a node is written `{ secret: … }`. */
  isExplicit(node: Node | null): boolean {
    const n = this.ctx.src.deref(node);
    return !!n && isMap(n) && n.items.length === 1 && isScalar(n.items[0].key) && n.items[0].key.value === 'secret';
  }

  /** The environment every spawned SUT inherits (the CLI's). */
  environment(env: Readonly<Record<string, string | undefined>>): void {
    for (const s of secretsOfEnvironment(env)) this.values.add(s);
  }

  /** Whether a key names a secret (for the loader, which knows the keys). */
  isNamed(key: string): boolean {
    return isSecretName(key);
  }

  list(): string[] {
    return [...this.values];
  }

  /**
   * The loader's diagnostics without the secrets: a message quotes what it found (`found text "…"`),
   * and what it found may be a secret written in the wrong place (`args: --token xyz`, not a list).
   */
  scrub(diagnostics: Diagnostic[]): Diagnostic[] {
    const r = new Redactor(this.values);
    return diagnostics.map((d) => r.value(d));
  }
}
