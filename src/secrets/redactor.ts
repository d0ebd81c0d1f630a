import { isRedactable } from './marking.ts';

/** What a secret becomes wherever flowcert writes it. Plain text: safe inside JSON strings, XML, HTML and URLs alike. */
export const REDACTED = '[secret]';

/**
 * A cut-off piece of a secret at least this long, where text was cut short (`…`, or the end of a
 * preview), is redacted too: a 200-character preview that ends in the first half of a token must not
 * publish that half.
 */
const MIN_FRAGMENT_CHARS = 4;

/** Where text was cut short: the fragment of a secret next to the cut is redacted too. */
export interface CutText {
  /** The text ends where it was cut (a preview, a bounded excerpt). */
  cutAtEnd?: boolean;
  /** The text starts where it was cut (the tail of a log). */
  cutAtStart?: boolean;
}

/**
 * The one place secrets are taken out of what flowcert writes: traces, attachments, error messages,
 * certificates. Built from the secret values (the configuration loader and marking.ts say which), it
 * replaces each with `[secret]`, longest first, in every form it can be written in: as is, escaped in a
 * JSON string, and URL-encoded (a token in a `?token=` query). Values too short to be secrets are
 * ignored (see isRedactable). A redactor without secrets changes nothing and costs nothing.
 *
 * It cannot see a secret transformed any other way (base64, hashed, split across two messages); what
 * is written is redacted as it is written.
 */
export class Redactor {
  static readonly none = new Redactor([]);

  /** Every form of every secret, longest first, so that a secret inside another goes with it. */
  private readonly forms: string[];
  private readonly pattern: RegExp | undefined;

  constructor(secrets: Iterable<string>) {
    const forms = new Set<string>();
    for (const s of secrets) {
      if (typeof s !== 'string' || !isRedactable(s)) continue;
      forms.add(s);
      forms.add(JSON.stringify(s).slice(1, -1));
      forms.add(encodeURIComponent(s));
      forms.add(new URLSearchParams({ s }).toString().slice(2));
    }
    this.forms = [...forms].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    this.pattern = this.forms.length > 0 ? new RegExp(this.forms.map(escapeRegExp).join('|'), 'g') : undefined;
  }

  /** Whether there is anything to redact. */
  get isEmpty(): boolean {
    return this.pattern === undefined;
  }

  /** How many secrets' forms it knows (for tests and notes; never the values). */
  get size(): number {
    return this.forms.length;
  }

  /** Text with every secret replaced; `cut` says where it was cut short, so a fragment there goes too. */
  text(s: string, cut: CutText = {}): string {
    if (this.pattern === undefined || s === '') return s;
    let out = s.replace(this.pattern, REDACTED);
    if (out.includes('…')) out = this.fragments(out, '…');
    if (cut.cutAtEnd) out = this.trailingFragment(out);
    if (cut.cutAtStart) out = this.leadingFragment(out);
    return out;
  }

  /**
   * A copy of a JSON-like value with every string (keys included) redacted. Numbers equal to a secret
   * become `[secret]` (a PIN sent as a number); booleans and null are left. Returns the value itself,
   * not a copy, when nothing in it changes, so a trace without secrets costs no copying.
   */
  value<T>(v: T): T {
    if (this.pattern === undefined) return v;
    return this.walk(v) as T;
  }

  private walk(v: unknown): unknown {
    if (typeof v === 'string') return this.text(v);
    if (typeof v === 'number') return this.forms.includes(String(v)) ? REDACTED : v;
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      let changed = false;
      const out = v.map((x) => {
        const y = this.walk(x);
        if (y !== x) changed = true;
        return y;
      });
      return changed ? out : v;
    }
    if (Buffer.isBuffer(v)) return v;
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const key = this.text(k);
      const y = this.walk(x);
      if (key !== k || y !== x) changed = true;
      out[key] = y;
    }
    return changed ? out : v;
  }

  /** `…abcd` / `abcd…`: a piece of a secret on either side of a cut marker. */
  private fragments(s: string, marker: string): string {
    const parts = s.split(marker);
    for (let i = 0; i < parts.length; i++) {
      if (i < parts.length - 1) parts[i] = this.trailingFragment(parts[i]);
      if (i > 0) parts[i] = this.leadingFragment(parts[i]);
    }
    return parts.join(marker);
  }

  /** The text ends in the start of a secret: that start is redacted. */
  private trailingFragment(s: string): string {
    for (const f of this.forms) {
      for (let n = Math.min(f.length - 1, s.length); n >= MIN_FRAGMENT_CHARS; n--) {
        if (s.endsWith(f.slice(0, n))) return s.slice(0, s.length - n) + REDACTED;
      }
    }
    return s;
  }

  /** The text starts with the end of a secret: that end is redacted. */
  private leadingFragment(s: string): string {
    for (const f of this.forms) {
      for (let n = Math.min(f.length - 1, s.length); n >= MIN_FRAGMENT_CHARS; n--) {
        if (s.startsWith(f.slice(f.length - n))) return REDACTED + s.slice(n);
      }
    }
    return s;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
