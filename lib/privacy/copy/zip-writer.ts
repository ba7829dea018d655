// Streaming pieces of the copy: spool files (each section's JSON, CSV and HTML are written to disk
// while its rows are read once), and a ZIP writer that copies them into the archive one entry at a
// time. Nothing holds more than a chunk in memory.
//
// The archive is fflate's streaming `Zip`. Its entries are deflated by Node's own zlib rather than
// fflate's `ZipDeflate`: measured on a 130 MB copy, fflate's JavaScript deflater allocated about
// 200 KB of short-lived buffers per 64 KB chunk (30–40 MB of garbage in flight, pushing the build
// over its memory budget) and took about 3 s; native zlib keeps its state in C and took about a
// third of that. `fflateEntries: true` switches back to ZipDeflate (the benchmark can compare).
import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { createDeflateRaw, crc32, type DeflateRaw } from "node:zlib";
import { Zip, ZipDeflate, type AsyncFlateStreamHandler, type ZipInputFile } from "fflate";

const SPOOL_BUFFER = 64 * 1024;
const ENTRY_BUFFER = 64 * 1024;
const READ_CHUNK = 64 * 1024;

export type DeflateLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

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

/** A deflated ZIP entry that can be fed and finished (awaiting each step). */
interface EntryFile {
  push(chunk: Uint8Array): Promise<void>;
  finish(): Promise<void>;
}

/** A ZIP entry deflated by node:zlib, for fflate's Zip (which writes sizes and CRC after the data). */
class NativeDeflateFile implements ZipInputFile, EntryFile {
  readonly compression = 8;
  crc = 0;
  size = 0;
  mtime?: Date;
  ondata?: AsyncFlateStreamHandler;
  private z: DeflateRaw;

  constructor(
    readonly filename: string,
    level: DeflateLevel,
  ) {
    this.z = createDeflateRaw({ level, chunkSize: 64 * 1024 });
    // zlib hands out Buffers over plain ArrayBuffers; fflate types its chunks that way.
    this.z.on("data", (chunk: Buffer<ArrayBuffer>) => this.ondata!(null, chunk, false));
  }

  /** Resolves once zlib has consumed the chunk, so the caller may reuse its buffer. */
  push(chunk: Uint8Array): Promise<void> {
    this.size += chunk.length;
    this.crc = crc32(chunk, this.crc);
    return new Promise((resolve, reject) => this.z.write(chunk, (err) => (err ? reject(err) : resolve())));
  }

  finish(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.z.once("error", reject);
      this.z.once("end", () => {
        this.ondata!(null, new Uint8Array(0), true);
        resolve();
      });
      this.z.end();
    });
  }
}

/** fflate's own deflater (synchronous): it copies each pushed chunk into its window at once. */
class FflateDeflateFile implements EntryFile {
  constructor(readonly file: ZipDeflate) {}
  async push(chunk: Uint8Array): Promise<void> {
    this.file.push(chunk);
  }
  async finish(): Promise<void> {
    this.file.push(new Uint8Array(0), true);
  }
}

export class ZipWriter {
  private zip: Zip;
  private failure: Error | null = null;
  private open: Entry | null = null;
  private done = false;

  constructor(
    sink: ByteSink,
    private readonly opts: { level?: DeflateLevel; mtime?: Date; fflateEntries?: boolean } = {},
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

  /** Entries are written one after another: fflate would hold a second open entry in memory. */
  entry(filename: string): Entry {
    if (this.open) throw new Error("previous ZIP entry still open");
    const level = this.opts.level ?? 6;
    let file: EntryFile;
    if (this.opts.fflateEntries) {
      const z = new ZipDeflate(filename, { level });
      z.mtime = this.opts.mtime;
      this.zip.add(z);
      file = new FflateDeflateFile(z);
    } else {
      const z = new NativeDeflateFile(filename, level);
      z.mtime = this.opts.mtime;
      this.zip.add(z);
      file = z;
    }
    const entry = new Entry(file, () => {
      this.open = null;
      this.check();
    });
    this.open = entry;
    return entry;
  }

  /** A whole entry from a string. */
  async text(filename: string, content: string): Promise<void> {
    const e = this.entry(filename);
    await e.write(content);
    await e.end();
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
    private readonly file: EntryFile,
    private readonly onEnd: () => void,
  ) {}

  /** Appends text; it is copied into the entry's buffer at once. */
  async write(s: string): Promise<void> {
    if (s.length * 3 > ENTRY_BUFFER - this.used) {
      await this.flushText();
      if (s.length * 3 > ENTRY_BUFFER) {
        const bytes = Buffer.from(s, "utf8");
        this.bytes += bytes.length;
        await this.file.push(bytes);
        return;
      }
    }
    this.used += this.buf.write(s, this.used, "utf8");
  }

  private async flushText(): Promise<void> {
    if (this.used === 0) return;
    await this.file.push(this.buf.subarray(0, this.used));
    this.bytes += this.used;
    this.used = 0;
  }

  /** Appends a spool file a chunk at a time. `onChunk` reports bytes read (for progress). */
  async appendFile(path: string, onChunk?: (bytes: number) => Promise<void> | void): Promise<void> {
    await this.flushText();
    const fd = openSync(path, "r");
    try {
      const chunk = Buffer.allocUnsafe(READ_CHUNK);
      for (;;) {
        const n = readSync(fd, chunk, 0, READ_CHUNK, null);
        if (n === 0) break;
        await this.file.push(chunk.subarray(0, n));
        this.bytes += n;
        if (onChunk) await onChunk(n);
      }
    } finally {
      closeSync(fd);
    }
  }

  async end(): Promise<void> {
    await this.flushText();
    await this.file.finish();
    this.onEnd();
  }
}
