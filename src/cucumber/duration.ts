const UNIT_MS: Record<string, number> = { ms: 1, millisecond: 1, milliseconds: 1, s: 1000, second: 1000, seconds: 1000, minute: 60_000, minutes: 60_000 };

/** A duration as scenario writers say it, in milliseconds (rounded to whole ms). */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?) ?([a-z]+)$/.exec(text.trim());
  const factor = m ? UNIT_MS[m[2]] : undefined;
  if (!m || factor === undefined) throw new Error(`not a duration: ${text} (say e.g. 500 ms, 2 seconds, 1 minute)`);
  return Math.round(Number(m[1]) * factor);
}
