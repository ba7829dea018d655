// Where a ready copy is kept. By default in the database (COPY_STORAGE=database): the sealed file
// (encrypted with the person's own key, sealed-file.ts) in chunks of at most 1 MiB, so every web server
// and worker reaches it whatever machine built it, and it goes with the copy, and so with the person, in
// the erasure's own transaction. COPY_STORAGE=files keeps it as a file in EXPORT_DIR, for a single
// machine. Both are streamed in and out: memory stays at a chunk or two whatever the copy's size.
import { closeSync, openSync, readSync } from "node:fs";
import { Readable } from "node:stream";
import { createDecipheriv } from "node:crypto";
import { db, type Tx } from "../../db";
import { env } from "../../env";
import { openSealedFile, SEALED_HEADER, SEALED_TAG, SEALED_VERSION } from "./sealed-file";

export const CHUNK_BYTES = 1024 * 1024;

export type CopyStorage = "database" | "files";

export function copyStorage(): CopyStorage {
  return env().COPY_STORAGE;
}

/** Stores a sealed file's bytes as the copy's chunks, in the caller's transaction, one chunk in memory at a time. */
export async function storeChunks(tx: Tx, copyId: string, sealedPath: string): Promise<number> {
  const fd = openSync(sealedPath, "r");
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    let n = 0;
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      // createMany: nothing comes back (a create would return the megabyte it has just sent). The buffer
      // is read into again only after the row is written, so the chunk needs no copy of its own.
      await tx.copyChunk.createMany({ data: [{ copyId, n, data: buffer.subarray(0, read) }] });
      n++;
    }
    return n;
  } finally {
    closeSync(fd);
  }
}

type StoredCopy = { id: string; storage: string | null; filePath: string | null };

/** Whether a ready copy's content is where it says. */
export function isStored(copy: StoredCopy): boolean {
  return copy.storage === "database" || Boolean(copy.filePath);
}

/**
 * A stream of the plain ZIP of a stored copy, and its size. The tag is read first; content that was
 * altered fails at the end of the stream (the download then breaks off instead of completing). Null
 * when the content is not there.
 */
export async function openStoredCopy(
  copy: StoredCopy,
  key: Buffer,
): Promise<{ stream: Readable; size: number } | null> {
  if (copy.storage !== "database") {
    if (!copy.filePath) return null;
    try {
      return openSealedFile(copy.filePath, key);
    } catch {
      return null;
    }
  }
  const chunks = await db.$queryRaw<{ n: number; length: number }[]>`
    SELECT n, length(data) AS length FROM "CopyChunk" WHERE "copyId" = ${copy.id} ORDER BY n`;
  const total = chunks.reduce((sum, c) => sum + Number(c.length), 0);
  if (chunks.length === 0 || chunks.some((c, i) => c.n !== i) || total < SEALED_HEADER + SEALED_TAG)
    return null;
  const [ends] = await db.$queryRaw<{ head: Buffer; tail: Buffer }[]>`
    SELECT (SELECT substring(data FROM 1 FOR ${SEALED_HEADER}) FROM "CopyChunk" WHERE "copyId" = ${copy.id} AND n = 0) AS head,
           (SELECT string_agg(data, ''::bytea ORDER BY n) FROM "CopyChunk" WHERE "copyId" = ${copy.id} AND n >= ${chunks.length - 2}) AS tail`;
  const head = Buffer.from(ends!.head);
  const tail = Buffer.from(ends!.tail);
  if (head.length < SEALED_HEADER || head[0] !== SEALED_VERSION || tail.length < SEALED_TAG) return null;
  const decipher = createDecipheriv("aes-256-gcm", key, head.subarray(1, SEALED_HEADER));
  decipher.setAuthTag(tail.subarray(tail.length - SEALED_TAG));
  const cipherEnd = total - SEALED_TAG;
  const id = copy.id;
  async function* ciphertext() {
    let offset = 0;
    for (const c of chunks) {
      const row = await db.copyChunk.findUnique({ where: { copyId_n: { copyId: id, n: c.n } } });
      if (!row) throw new Error("a chunk of the copy is gone");
      const data = Buffer.from(row.data);
      const from = Math.max(0, SEALED_HEADER - offset);
      const to = Math.min(data.length, cipherEnd - offset);
      offset += data.length;
      if (to > from) yield data.subarray(from, to);
    }
  }
  const source = Readable.from(ciphertext());
  source.on("error", (err) => decipher.destroy(err));
  return { stream: source.pipe(decipher), size: total - SEALED_HEADER - SEALED_TAG };
}
