/**
 * Writes the pieces of a trace line as UTF-8 straight into a buffer the caller made room in, so a
 * message line (most of a trace) is never a string: a line built by concatenation was a dozen strings,
 * flattened and encoded again when written. The bytes are those of the string line-writer.ts would
 * build (test/trace/line-bytes.test.ts compares them).
 *
 * Short ASCII pieces are copied a char at a time; long ones, and any holding other chars, go through
 * Buffer.write; a string a JSON encoder would escape goes through JSON.stringify first.
 */
const LONG = 32;

export class LineBytes {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;

  /** Text known to need no JSON escaping (keys, punctuation, JSON text such as the attributes). */
  raw(s: string): void {
    const buf = this.buf;
    const n = s.length;
    // Past a few dozen chars one native call beats the loop (the attributes).
    if (n > LONG) {
      this.pos += buf.write(s, this.pos);
      return;
    }
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) {
        this.pos += buf.write(s, this.pos);
        return;
      }
      buf[p++] = c;
    }
    this.pos = p;
  }

  /** A string as JSON.stringify writes it, quotes included. */
  str(s: string): void {
    const buf = this.buf;
    const start = this.pos;
    let p = start;
    buf[p++] = 0x22;
    const n = s.length;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
        this.pos = start;
        this.raw(JSON.stringify(s));
        return;
      }
      buf[p++] = c;
    }
    buf[p++] = 0x22;
    this.pos = p;
  }

  /** A number as JSON.stringify writes it (a non-finite one as null). */
  num(n: number): void {
    // Most numbers of a trace are small: sequence numbers, referenceIds, times in ms to the µs.
    if (n >= 0 && n < SMALL && (n | 0) === n) this.small(n);
    else if (Number.isSafeInteger(n) && n >= 0) this.uint(n);
    else if (n > 0 && n < SMALL && Math.round(n * 1000) / 1000 === n) this.milli(n);
    else this.raw(Number.isFinite(n) ? `${n}` : 'null');
  }

  /** An integer, 0 ≤ n < 2^31: digits by 32-bit arithmetic, which the compiler keeps in registers. */
  private small(n: number): void {
    const buf = this.buf;
    let p = this.pos + digitsOf(n);
    this.pos = p;
    do {
      const q = (n / 10) | 0;
      buf[--p] = 0x30 + n - q * 10;
      n = q;
    } while (n > 0);
  }

  private uint(n: number): void {
    const buf = this.buf;
    let digits = 1;
    for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
    let p = this.pos + digits;
    this.pos = p;
    let m = n;
    do {
      buf[--p] = 0x30 + (m % 10);
      m = Math.floor(m / 10);
    } while (m > 0);
  }

  /** A positive n < 2^31 with at most three decimals, as JSON writes it (`12.34`, not `12.340`): the trace's times. */
  private milli(n: number): void {
    const whole = Math.floor(n);
    // Rounded, not truncated: 12.345 is 12344.999… thousandths in binary.
    const frac = Math.round((n - whole) * 1000);
    this.small(whole);
    if (frac === 0) return;
    const buf = this.buf;
    const d0 = (frac / 100) | 0;
    const d1 = ((frac / 10) | 0) - d0 * 10;
    const d2 = frac - ((frac / 10) | 0) * 10;
    buf[this.pos++] = 0x2e;
    buf[this.pos++] = 0x30 + d0;
    if (d1 !== 0 || d2 !== 0) buf[this.pos++] = 0x30 + d1;
    if (d2 !== 0) buf[this.pos++] = 0x30 + d2;
  }
}

/** Numbers below this are written with 32-bit integer arithmetic. */
const SMALL = 2 ** 31;

function digitsOf(n: number): number {
  if (n < 10) return 1;
  if (n < 100) return 2;
  if (n < 1000) return 3;
  if (n < 10000) return 4;
  if (n < 100000) return 5;
  if (n < 1000000) return 6;
  if (n < 10000000) return 7;
  if (n < 100000000) return 8;
  if (n < 1000000000) return 9;
  return 10;
}
