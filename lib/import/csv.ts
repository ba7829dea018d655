// A small streaming CSV parser (RFC 4180, with the usual leniencies): quoted fields, "" as an escaped
// quote, newlines inside quotes, CRLF / LF / CR line ends, a UTF-8 byte order mark. It holds one record
// at a time, so a file of any length parses in constant memory. A bad record (an over-long field, a
// stray quote after a closing quote) is reported as an error for that record and parsing goes on; an
// unclosed quote runs to the end of the file and is reported as an error at the line it started.
// Why this parser and not a CSV package: docs/decisions/0025-csv-parsing-library.md.

export type CsvRow = { kind: "row"; line: number; fields: string[] };
export type CsvError = {
  kind: "error";
  line: number;
  code: "unclosed_quote" | "field_too_large" | "bad_quote" | "record_too_large";
  message: string;
};
export type CsvEvent = CsvRow | CsvError;

export type CsvOptions = {
  delimiter?: string;
  /** The longest field accepted, in characters (default 64 KiB). */
  maxFieldLength?: number;
  /** The longest record accepted, in characters (default 1 MiB). */
  maxRecordLength?: number;
};

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: either the closing quote or the first of "". */
  QuoteInQuoted,
}

export async function* parseCsv(
  input: AsyncIterable<string | Uint8Array>,
  options: CsvOptions = {},
): AsyncGenerator<CsvEvent> {
  const delimiter = options.delimiter ?? ",";
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r") {
    throw new Error("the delimiter must be one character other than a quote or a line end");
  }
  const maxField = options.maxFieldLength ?? 64 * 1024;
  const maxRecord = options.maxRecordLength ?? 1024 * 1024;
  const decoder = new TextDecoder("utf-8");

  let state = State.FieldStart;
  let fields: string[] = [];
  let field = "";
  let recordLength = 0;
  let line = 1;
  let recordLine = 1;
  let pendingCr = false;
  let first = true;
  let problem: CsvError | null = null;
  let quoteOpenedInRecord = false;
  // A CR at the very end of a quoted chunk: its LF, if any, starts the next chunk.
  let quotedCr = false;

  const fail = (code: CsvError["code"], message: string) => {
    problem ??= { kind: "error", line: recordLine, code, message };
  };
  const append = (text: string) => {
    if (problem) return;
    if (field.length + text.length > maxField) {
      fail("field_too_large", `field ${fields.length + 1} is longer than ${maxField} characters`);
      field = "";
      return;
    }
    recordLength += text.length;
    if (recordLength > maxRecord) {
      fail("record_too_large", `the record is longer than ${maxRecord} characters`);
      field = "";
      return;
    }
    field += text;
  };
  const endField = () => {
    if (!problem) fields.push(field);
    field = "";
    state = State.FieldStart;
  };
  /** Ends the record; returns the event to emit, if any. */
  const endRecord = (): CsvEvent | null => {
    endField();
    const event: CsvEvent | null = problem
      ? problem
      : // A blank line is no record.
        fields.length === 1 && fields[0] === "" && !quoteOpenedInRecord
        ? null
        : { kind: "row", line: recordLine, fields };
    fields = [];
    problem = null;
    recordLength = 0;
    quoteOpenedInRecord = false;
    recordLine = line;
    return event;
  };

  const consume = function* (text: string): Generator<CsvEvent> {
    let i = 0;
    const n = text.length;
    if (pendingCr) {
      // A CR ended the previous chunk: a following LF belongs to the same line end.
      pendingCr = false;
      if (n > 0 && text[0] === "\n") i = 1;
    }
    while (i < n) {
      const c = text[i]!;
      switch (state) {
        case State.FieldStart:
          if (c === '"') {
            state = State.Quoted;
            quoteOpenedInRecord = true;
            i++;
            continue;
          }
          state = State.Unquoted;
          continue;
        case State.Unquoted: {
          // Take the run of ordinary characters in one slice.
          let j = i;
          while (j < n) {
            const d = text[j]!;
            if (d === delimiter || d === "\n" || d === "\r") break;
            j++;
          }
          if (j > i) append(text.slice(i, j));
          if (j >= n) {
            i = j;
            continue;
          }
          const d = text[j]!;
          i = j + 1;
          if (d === delimiter) {
            endField();
            continue;
          }
          line++;
          if (d === "\r") {
            if (i < n) {
              if (text[i] === "\n") i++;
            } else pendingCr = true;
          }
          const ev = endRecord();
          if (ev) yield ev;
          continue;
        }
        case State.Quoted: {
          const j = text.indexOf('"', i);
          const end = j === -1 ? n : j;
          const chunk = text.slice(i, end);
          if (chunk.length > 0) {
            for (let k = 0; k < chunk.length; k++) {
              const ch = chunk.charCodeAt(k);
              if (ch === 10) {
                if (!quotedCr) line++;
                quotedCr = false;
              } else if (ch === 13) {
                line++;
                quotedCr = true;
              } else quotedCr = false;
            }
            append(chunk);
          }
          if (j === -1) {
            i = n;
            continue;
          }
          quotedCr = false;
          state = State.QuoteInQuoted;
          i = j + 1;
          continue;
        }
        case State.QuoteInQuoted:
          if (c === '"') {
            append('"');
            state = State.Quoted;
            i++;
            continue;
          }
          if (c === delimiter) {
            endField();
            i++;
            continue;
          }
          if (c === "\n" || c === "\r") {
            state = State.Unquoted;
            continue;
          }
          // Text after a closing quote ("ab"c): not CSV; the record is reported, parsing goes on.
          fail("bad_quote", `field ${fields.length + 1} has text after its closing quote`);
          state = State.Unquoted;
          continue;
      }
    }
  };

  for await (const chunk of input) {
    let text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    yield* consume(text);
  }
  const tail = decoder.decode();
  if (tail) yield* consume(tail);

  if ((state as State) === State.Quoted) {
    yield {
      kind: "error",
      line: recordLine,
      code: "unclosed_quote",
      message: `a quoted field opened on line ${recordLine} is never closed`,
    };
    return;
  }
  if (state !== State.FieldStart || fields.length > 0 || field !== "" || problem) {
    const ev = endRecord();
    if (ev) yield ev;
  }
}

/** Quotes a value for CSV output when it needs it. */
export function csvField(value: string | number | null | undefined, delimiter = ","): string {
  if (value === null || value === undefined) return "";
  const s = String(value);
  return s.includes('"') || s.includes(delimiter) || s.includes("\n") || s.includes("\r")
    ? `"${s.replace(/"/g, '""')}"`
    : s;
}
