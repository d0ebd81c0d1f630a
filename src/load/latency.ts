import * as hdr from 'hdr-histogram-js';

/** What one step's latencies come to: the numbers the table and --json show (ms). */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/**
 * One step's latencies in an HdrHistogram, recorded in microseconds (3 significant digits: a
 * percentile is within 0.1 % of the true value), reported in milliseconds.
 */
export class Latency {
  private readonly h = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });

  record(ms: number): void {
    // A clock that ran backwards between two stamps would be a harness bug; record it as 0, never drop it.
    this.h.recordValue(Math.max(0, Math.round(ms * 1000)));
  }

  get count(): number {
    return this.h.totalCount;
  }

  summary(): LatencySummary {
    // HdrHistogram answers a percentile with the top of its bucket, which can pass the largest value recorded.
    const at = (p: number) => (this.h.totalCount === 0 ? 0 : Math.min(this.h.getValueAtPercentile(p), this.h.maxValue) / 1000);
    return {
      count: this.h.totalCount,
      p50: at(50),
      p90: at(90),
      p99: at(99),
      p999: at(99.9),
      max: this.h.totalCount === 0 ? 0 : this.h.maxValue / 1000,
      mean: this.h.totalCount === 0 ? 0 : this.h.mean / 1000,
    };
  }
}
