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
  /** Per stream, whether the output dropped last ended a line: if not, the tail starts in the middle of one. */
  private readonly droppedEndsLine = { stdout: true, stderr: true };
  private lastStderr = '';
  /** More stderr came than lastStderr keeps: its first line may be the end of a longer one. */
  private stderrCut = false;

  add(stream: 'stdout' | 'stderr', data: Buffer): void {
    const chunk: Chunk = { stream, text: this.decoders[stream].write(data), bytes: data.length };
    if (stream === 'stderr') {
      const all = this.lastStderr + chunk.text;
      if (all.length > 4000) this.stderrCut = true;
      this.lastStderr = all.slice(-4000);
    }
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
      if (old.text !== '') this.droppedEndsLine[old.stream] = old.text.endsWith('\n');
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
      // A line cut by the drop ends (and the next begins) with … — the mark the redactor looks beside for
      // the half of a secret that the cut left behind.
      for (const stream of ['stdout', 'stderr'] as const) if (unfinished[stream] !== '') unfinished[stream] += '…';
      flush();
      lines.push(`… ${this.dropped} bytes of output dropped here …`);
      for (const stream of ['stdout', 'stderr'] as const) if (!this.droppedEndsLine[stream]) unfinished[stream] = '…';
    }
    emit(this.tail);
    flush();
    if (this.head.length === 0) lines.push('(no output)');
    return lines.join('\n') + '\n';
  }

  /** `; its stderr ends: …` for error messages, or that it wrote none. */
  stderrTail(): string {
    const t = this.lastStderr.trim();
    if (!t) return '; it wrote nothing to stderr';
    const lines = t.split('\n');
    const last = lines.slice(-10);
    // The window began in the middle of a line: marked, so a secret cut in half there is redacted whole.
    if (this.stderrCut && last.length === lines.length) last[0] = `…${last[0]}`;
    return `; its stderr ends:\n${last.join('\n')}`;
  }
}
