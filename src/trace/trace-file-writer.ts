import { close, closeSync, write, writeSync } from 'node:fs';

/**
 * Writes a trace file off the event loop: text handed to write() goes out in libuv's thread pool, one
 * write at a time, in order; what arrives while a write is in flight is joined into the next one. Every
 * write names its file position, so finishSync() can write what is left synchronously — the write in
 * flight included, the same bytes at the same place — without a byte landing out of order.
 *
 * Not sonic-boom (issue 13 suggested it): its flushSync() writes the queued text while an asynchronous
 * write is still in flight, at the file's current position, so the two can land swapped, and closing the
 * descriptor under that write loses it. A trace read out of order is a wrong verdict.
 */
export class TraceFileWriter {
  private readonly fd: number;
  /** Where the next queued byte goes. */
  private position = 0;
  private queue: Buffer[] = [];
  private inFlight: { buf: Buffer; at: number } | null = null;
  private finished = false;
  /** finishSync() ran while a write was in flight: the descriptor is closed when that write returns. */
  private closeWhenSettled = false;
  private idleWaiters: (() => void)[] = [];
  private failure: Error | null = null;

  constructor(fd: number) {
    this.fd = fd;
  }

  get error(): Error | null {
    return this.failure;
  }

  /** Queues text; it reaches the OS as soon as the write ahead of it returns. */
  write(text: string): void {
    if (this.finished || this.failure) return;
    this.queue.push(Buffer.from(text, 'utf8'));
    if (this.inFlight === null) this.next();
  }

  /** Queues bytes the caller will not touch again (a slice of the recorder's slab). */
  writeBytes(buf: Buffer): void {
    if (this.finished || this.failure) return;
    this.queue.push(buf);
    if (this.inFlight === null) this.next();
  }

  /** Writes everything synchronously, now. Used where the first write must not wait (the header). */
  writeSync(text: string): void {
    if (this.finished || this.failure) return;
    if (this.inFlight === null && this.queue.length === 0) {
      const buf = Buffer.from(text, 'utf8');
      try {
        this.writeAllSync(buf, this.position);
        this.position += buf.length;
      } catch (err) {
        this.fail(err as Error);
      }
      return;
    }
    this.queue.push(Buffer.from(text, 'utf8'));
    this.drainSync();
  }

  /** Resolves once everything handed over so far is written (or writing failed). */
  whenWritten(): Promise<void> {
    if (this.inFlight === null && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Writes what is left synchronously and closes the file. Idempotent. */
  finishSync(): void {
    if (this.finished) return;
    this.drainSync();
    this.finished = true;
    if (this.inFlight !== null) this.closeWhenSettled = true;
    else this.closeFd();
    this.wakeIdle();
  }

  private drainSync(): void {
    if (this.failure) return;
    try {
      // The write in flight may not have run yet: its bytes go again, at the same place (idempotent).
      if (this.inFlight !== null) this.writeAllSync(this.inFlight.buf, this.inFlight.at);
      for (const buf of this.queue) {
        this.writeAllSync(buf, this.position);
        this.position += buf.length;
      }
      this.queue = [];
    } catch (err) {
      this.fail(err as Error);
    }
  }

  private writeAllSync(buf: Buffer, at: number): void {
    // writeSync may write less than asked (full disk, signals); loop until all is out.
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off, at + off);
  }

  private next(): void {
    if (this.queue.length === 0 || this.failure || this.finished) return this.wakeIdle();
    const buf = this.queue.length === 1 ? this.queue[0] : Buffer.concat(this.queue);
    this.queue = [];
    const at = this.position;
    this.position += buf.length;
    this.issue(buf, at);
  }

  private issue(buf: Buffer, at: number): void {
    this.inFlight = { buf, at };
    write(this.fd, buf, 0, buf.length, at, (err, n) => this.settled(err, n));
  }

  private settled(err: NodeJS.ErrnoException | null, n: number): void {
    const done = this.inFlight!;
    this.inFlight = null;
    if (this.closeWhenSettled) {
      // finishSync() already wrote these bytes and everything after them.
      this.closeFd();
      return;
    }
    if (err) return this.fail(err);
    if (n < done.buf.length) return this.issue(done.buf.subarray(n), done.at + n);
    this.next();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.queue = [];
    this.finished = true;
    if (this.inFlight !== null) this.closeWhenSettled = true;
    else this.closeFd();
    this.wakeIdle();
  }

  private closeFd(): void {
    if (this.inFlight !== null) return;
    if (this.closeWhenSettled) {
      close(this.fd, () => {});
      return;
    }
    try {
      closeSync(this.fd);
    } catch (err) {
      this.failure ??= err as Error;
    }
  }

  private wakeIdle(): void {
    if (this.inFlight !== null && !this.finished) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
