import { StringDecoder } from 'node:string_decoder';

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
  /** One decoder per stream: a UTF-8 character split across two reads is put back together, not turned into two U+FFFD. */
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  private readonly head: Chunk[] = [];
  private headBytes = 0;
  private tail: Chunk[] = [];
  private tailBytes = 0;
  private dropped = 0;
  private lastStderr = '';

  add(stream: 'stdout' | 'stderr', data: Buffer): void {
    const chunk: Chunk = { stream, text: this.decoders[stream].write(data), bytes: data.length };
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
    // A read can end in the middle of a line: each stream's unfinished line waits for the rest of it.
    const unfinished = { stdout: '', stderr: '' };
    const line = (stream: Chunk['stream'], text: string) => lines.push(`${stream === 'stderr' ? 'err' : 'out'} | ${text}`);
    const flush = () => {
      for (const stream of ['stdout', 'stderr'] as const) if (unfinished[stream] !== '') line(stream, unfinished[stream]);
      unfinished.stdout = unfinished.stderr = '';
    };
    const emit = (chunks: Chunk[]) => {
      for (const c of chunks) {
        const parts = (unfinished[c.stream] + c.text).split('\n');
        unfinished[c.stream] = parts.pop()!;
        for (const text of parts) line(c.stream, text);
      }
    };
    emit(this.head);
    if (this.dropped > 0) {
      flush();
      lines.push(`… ${this.dropped} bytes of output dropped here …`);
    }
    emit(this.tail);
    flush();
    if (this.head.length === 0) lines.push('(no output)');
    return lines.join('\n') + '\n';
  }

  /** `; its stderr ends: …` for error messages, or that it wrote none. */
  stderrTail(): string {
    const t = this.lastStderr.trim();
    return t ? `; its stderr ends:\n${t.split('\n').slice(-10).join('\n')}` : '; it wrote nothing to stderr';
  }
}
