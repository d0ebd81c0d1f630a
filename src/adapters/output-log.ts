/** Keeps this much of a process's output: the head and the tail, which is where the reasons are. */
const KEEP_BYTES = 128 * 1024;

interface Chunk {
  stream: 'stdout' | 'stderr';
  text: string;
  bytes: number;
}

/**
 * A spawned SUT's stdout and stderr, interleaved as they came, bounded so a chatty or flooding process
 * cannot take the harness's memory: past the limit, the middle is dropped and the report says how much.
 */
export class OutputLog {
  private readonly head: Chunk[] = [];
  private headBytes = 0;
  private tail: Chunk[] = [];
  private tailBytes = 0;
  private dropped = 0;
  private lastStderr = '';

  add(stream: 'stdout' | 'stderr', data: Buffer): void {
    const chunk: Chunk = { stream, text: data.toString('utf8'), bytes: data.length };
    if (stream === 'stderr') this.lastStderr = (this.lastStderr + chunk.text).slice(-4000);
    if (this.headBytes < KEEP_BYTES) {
      this.head.push(chunk);
      this.headBytes += chunk.bytes;
      return;
    }
    this.tail.push(chunk);
    this.tailBytes += chunk.bytes;
    while (this.tail.length > 1 && this.tailBytes > KEEP_BYTES) {
      const old = this.tail.shift()!;
      this.tailBytes -= old.bytes;
      this.dropped += old.bytes;
    }
  }

  /** The whole log for the report, each line marked with its stream. */
  text(title: string): string {
    const lines = [`# ${title}`];
    const emit = (chunks: Chunk[]) => {
      for (const c of chunks) for (const line of c.text.replace(/\n$/, '').split('\n')) lines.push(`${c.stream === 'stderr' ? 'err' : 'out'} | ${line}`);
    };
    emit(this.head);
    if (this.dropped > 0) lines.push(`… ${this.dropped} bytes of output dropped here …`);
    emit(this.tail);
    if (this.head.length === 0) lines.push('(no output)');
    return lines.join('\n') + '\n';
  }

  /** `; its stderr ends: …` for error messages, or that it wrote none. */
  stderrTail(): string {
    const t = this.lastStderr.trim();
    return t ? `; its stderr ends:\n${t.split('\n').slice(-10).join('\n')}` : '; it wrote nothing to stderr';
  }
}
