// A copy waits on disk for up to copyLinkDays. It is written encrypted with the person's own data key
// (AES-256-GCM, streamed), so the file on disk holds no readable personal data, and erasure (which
// destroys the key) makes a forgotten file unreadable too.
//
// Layout: [1 byte version][12 bytes IV][ciphertext][16 bytes GCM tag].
import { createCipheriv, createDecipheriv, randomBytes, type CipherGCM } from "node:crypto";
import { closeSync, createReadStream, fstatSync, openSync, readSync, writeSync } from "node:fs";
import type { Readable } from "node:stream";

const VERSION = 1;
const HEADER = 13;
const TAG = 16;
export const SEALED_OVERHEAD = HEADER + TAG;
export const SEALED_VERSION = VERSION;
export const SEALED_HEADER = HEADER;
export const SEALED_TAG = TAG;

/** Writes synchronously: the ZIP writer hands over chunks as it makes them, so memory stays flat. */
export class SealedFileWriter {
  private fd: number;
  private cipher: CipherGCM;
  private closed = false;
  bytes = 0;

  constructor(path: string, key: Buffer) {
    this.fd = openSync(path, "w", 0o600);
    const iv = randomBytes(12);
    this.cipher = createCipheriv("aes-256-gcm", key, iv);
    writeSync(this.fd, Buffer.concat([Buffer.from([VERSION]), iv]));
  }

  write(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    const out = this.cipher.update(chunk);
    if (out.length) writeSync(this.fd, out);
  }

  finish(): void {
    const rest = this.cipher.final();
    if (rest.length) writeSync(this.fd, rest);
    writeSync(this.fd, this.cipher.getAuthTag());
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/**
 * A stream of the plain ZIP. The tag is read first; a file that was altered fails at the end of the
 * stream (the download then breaks off instead of completing).
 */
export function openSealedFile(path: string, key: Buffer): { stream: Readable; size: number } {
  const fd = openSync(path, "r");
  let tag: Buffer;
  let iv: Buffer;
  let total: number;
  try {
    total = fstatSync(fd).size;
    if (total < SEALED_OVERHEAD) throw new Error("sealed file too short");
    const head = Buffer.alloc(HEADER);
    readSync(fd, head, 0, HEADER, 0);
    if (head[0] !== VERSION) throw new Error("unknown sealed file version");
    iv = head.subarray(1, HEADER);
    tag = Buffer.alloc(TAG);
    readSync(fd, tag, 0, TAG, total - TAG);
  } finally {
    closeSync(fd);
  }
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  decipher.setAuthTag(tag);
  const size = total - SEALED_OVERHEAD;
  const source = createReadStream(path, { start: HEADER, end: total - TAG - 1, highWaterMark: 256 * 1024 });
  source.on("error", (err) => decipher.destroy(err));
  return { stream: source.pipe(decipher), size };
}
