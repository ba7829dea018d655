// JSON input, streamed: JSON Lines (one object per line) or one JSON array of objects. The array is
// cut into its top-level elements by a small scanner (depth, strings, escapes) and each element is
// parsed on its own, so a file of any length is read in constant memory and a broken element is an
// error for that element only. Why this scanner and not a JSON streaming package:
// docs/decisions/0026-json-streaming-library.md.

export type JsonRecord = { kind: "record"; line: number; value: unknown };
export type JsonError = {
  kind: "error";
  line: number;
  code: "invalid_json" | "record_too_large" | "not_json";
  message: string;
};
export type JsonEvent = JsonRecord | JsonError;

export type JsonOptions = {
  /** The longest record accepted, in characters (default 1 MiB). */
  maxRecordLength?: number;
};

export async function* parseJsonRecords(
  input: AsyncIterable<string | Uint8Array>,
  options: JsonOptions = {},
): AsyncGenerator<JsonEvent> {
  const maxRecord = options.maxRecordLength ?? 1024 * 1024;
  const decoder = new TextDecoder("utf-8");
  async function* text(): AsyncGenerator<string> {
    let first = true;
    for await (const chunk of input) {
      let s = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
      if (first && s.length > 0) {
        first = false;
        if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      }
      if (s) yield s;
    }
    const tail = decoder.decode();
    if (tail) yield tail;
  }
  // Peek at the first non-blank character to tell an array from JSON Lines.
  const it = text();
  const buffered: string[] = [];
  let mode: "array" | "lines" | null = null;
  for (;;) {
    const next = await it.next();
    if (next.done) break;
    buffered.push(next.value);
    const m = /\S/.exec(next.value);
    if (m) {
      mode = m[0] === "[" ? "array" : "lines";
      break;
    }
  }
  if (!mode) return;
  async function* rest(): AsyncGenerator<string> {
    yield* buffered;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  }
  if (mode === "lines") yield* jsonLines(rest(), maxRecord);
  else yield* jsonArray(rest(), maxRecord);
}

async function* jsonLines(input: AsyncIterable<string>, maxRecord: number): AsyncGenerator<JsonEvent> {
  let line = 1;
  let current = "";
  let tooLarge = false;
  const finish = (lineNo: number): JsonEvent | null => {
    const ev = recordEvent(current, tooLarge, lineNo, maxRecord, "the line is not valid JSON");
    current = "";
    tooLarge = false;
    return ev;
  };
  for await (const chunk of input) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf("\n", start);
      const piece = chunk.slice(start, nl === -1 ? chunk.length : nl);
      if (!tooLarge) {
        if (current.length + piece.length > maxRecord) {
          tooLarge = true;
          current = "";
        } else current += piece;
      }
      if (nl === -1) break;
      const ev = finish(line);
      if (ev) yield ev;
      line++;
      start = nl + 1;
    }
  }
  const ev = finish(line);
  if (ev) yield ev;
}

async function* jsonArray(input: AsyncIterable<string>, maxRecord: number): AsyncGenerator<JsonEvent> {
  let line = 1;
  let depth = 0;
  let inString = false;
  let escape = false;
  let started = false;
  let closed = false;
  let current = "";
  let tooLarge = false;
  let trailing = false;
  // Where the element being read starts (for the report), and whether it has started.
  let elementLine = 1;
  let inElement = false;

  const emit = (): JsonEvent | null => {
    const ev = recordEvent(current, tooLarge, elementLine, maxRecord, "the element is not valid JSON");
    current = "";
    tooLarge = false;
    inElement = false;
    return ev;
  };
  const add = (s: string) => {
    if (tooLarge || s === "") return;
    if (current.length + s.length > maxRecord) {
      tooLarge = true;
      current = "";
    } else current += s;
  };

  for await (const chunk of input) {
    let segStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (closed) {
        if (c === "\n") line++;
        else if (!isBlank(c)) trailing = true;
        continue;
      }
      if (!started) {
        if (c === "\n") line++;
        else if (c === "[") {
          started = true;
          depth = 1;
          segStart = i + 1;
        }
        continue;
      }
      if (inString) {
        if (c === "\n") line++;
        if (escape) escape = false;
        else if (c === "\\") escape = true;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === "\n") {
        line++;
        continue;
      }
      const endsElement = depth === 1 && (c === "," || c === "]");
      if (!inElement && !endsElement && !isBlank(c)) {
        inElement = true;
        elementLine = line;
      }
      if (c === '"') inString = true;
      else if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") {
        depth--;
        if (depth === 0) {
          add(chunk.slice(segStart, i));
          const ev = emit();
          if (ev) yield ev;
          closed = true;
          segStart = i + 1;
        }
      } else if (c === "," && depth === 1) {
        add(chunk.slice(segStart, i));
        const ev = emit();
        if (ev) yield ev;
        segStart = i + 1;
      }
    }
    if (started && !closed) add(chunk.slice(segStart));
  }
  if (!closed) {
    yield {
      kind: "error",
      line: inElement ? elementLine : line,
      code: "invalid_json",
      message: "the JSON array is not closed: the file ends inside it",
    };
    return;
  }
  if (trailing) {
    yield { kind: "error", line, code: "not_json", message: "there is text after the end of the JSON array" };
  }
}

/** One record's text as an event: the record, why it was refused, or nothing for blank text. */
function recordEvent(
  text: string,
  tooLarge: boolean,
  line: number,
  maxRecord: number,
  invalidMessage: string,
): JsonEvent | null {
  if (tooLarge)
    return {
      kind: "error",
      line,
      code: "record_too_large",
      message: `the record is longer than ${maxRecord} characters`,
    };
  if (text.trim() === "") return null;
  try {
    return { kind: "record", line, value: JSON.parse(text) };
  } catch {
    return { kind: "error", line, code: "invalid_json", message: invalidMessage };
  }
}

function isBlank(c: string): boolean {
  return c === " " || c === "\t" || c === "\r" || c === "\n";
}
