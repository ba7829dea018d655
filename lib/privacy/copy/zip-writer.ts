// Streaming pieces of the copy: spool files (each section's JSON, CSV and HTML are written to disk
// while its rows are read once), and a ZIP writer (fflate's streaming Zip + ZipDeflate) that copies
// them into the archive one entry at a time. Nothing holds more than a chunk in memory.
import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { Zip, ZipDeflate } from "fflate";

const SPOOL_BUFFER = 64 * 1024;
const ENTRY_BUFFER = 64 * 1024;
const READ_CHUNK = 256 * 1024;

/**
 * A temporary file written in buffered, synchronous appends. Text is copied into a fixed buffer at
 * once, so no string outlives the row it came from: long-lived strings would be promoted to V8's old
 * space and pile up there as garbage, and memory would grow with the history.
 */
export class Spool {
  private fd: number;
  private buf = Buffer.allocUnsafe(SPOOL_BUFFER);
  private used = 0;
  bytes = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, "w", 0o600);
  }

  write(s: string): void {
    // A UTF-16 code unit is at most three bytes in UTF-8.
    if (s.length * 3 > SPOOL_BUFFER - this.used) {
      this.flush();
      if (s.length * 3 > SPOOL_BUFFER) {
        this.bytes += writeSync(this.fd, s);
        return;
      }
    }
    this.used += this.buf.write(s, this.used, "utf8");
  }

  flush(): void {
    if (this.used === 0) return;
    writeSync(this.fd, this.buf, 0, this.used);
    this.bytes += this.used;
    this.used = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export type ByteSink = { write(chunk: Uint8Array): void };

export class ZipWriter {
  private zip: Zip;
  private failure: Error | null = null;
  private open: Entry | null = null;
  private done = false;

  constructor(
    sink: ByteSink,
    private readonly level: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 = 6,
    private readonly mtime = new Date(),
  ) {
    this.zip = new Zip((err, chunk, final) => {
      if (err) {
        this.failure = err;
        return;
      }
      sink.write(chunk);
      if (final) this.done = true;
    });
  }

  /** Entries are written one after another: fflate would buffer a second open entry in memory. */
  entry(filename: string): Entry {
    if (this.open) throw new Error("previous ZIP entry still open");
    const file = new ZipDeflate(filename, { level: this.level });
    file.mtime = this.mtime;
    this.zip.add(file);
    const entry = new Entry(file, () => {
      this.open = null;
      this.check();
    });
    this.open = entry;
    return entry;
  }

  /** A whole entry from a string. */
  text(filename: string, content: string): void {
    const e = this.entry(filename);
    e.write(content);
    e.end();
  }

  end(): void {
    if (this.open) throw new Error("ZIP entry still open");
    this.zip.end();
    this.check();
    if (!this.done) throw new Error("ZIP did not finish");
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}

export class Entry {
  private buf = Buffer.allocUnsafe(ENTRY_BUFFER);
  private used = 0;
  bytes = 0;

  constructor(
    private readonly file: ZipDeflate,
    private readonly onEnd: () => void,
  ) {}

  write(s: string): void {
    if (s.length * 3 > ENTRY_BUFFER - this.used) {
      this.flushText();
      if (s.length * 3 > ENTRY_BUFFER) {
        const bytes = Buffer.from(s, "utf8");
        this.bytes += bytes.length;
        this.file.push(bytes);
        return;
      }
    }
    this.used += this.buf.write(s, this.used, "utf8");
  }

  private flushText(): void {
    if (this.used === 0) return;
    // fflate may keep a reference to a pushed array until it is compressed: hand it a copy.
    this.file.push(Uint8Array.prototype.slice.call(this.buf, 0, this.used));
    this.bytes += this.used;
    this.used = 0;
  }

  /**
   * Appends a spool file, a chunk at a time, letting other work run between chunks.
   * `onChunk` reports bytes read (for progress).
   */
  async appendFile(path: string, onChunk?: (bytes: number) => Promise<void> | void): Promise<void> {
    this.flushText();
    const fd = openSync(path, "r");
    try {
      const chunk = Buffer.allocUnsafe(READ_CHUNK);
      for (;;) {
        const n = readSync(fd, chunk, 0, READ_CHUNK, null);
        if (n === 0) break;
        // fflate may keep a reference to the pushed array until it is compressed: hand it a copy.
        this.file.push(Uint8Array.prototype.slice.call(chunk, 0, n));
        this.bytes += n;
        if (onChunk) await onChunk(n);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      closeSync(fd);
    }
  }

  end(): void {
    this.flushText();
    this.file.push(new Uint8Array(0), true);
    this.onEnd();
  }
}
