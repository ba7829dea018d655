// What the connector contract tests share: the fake partner API's life cycle (started once per file,
// its recorded requests and scripts forgotten before each test), the person and contexts a connector is
// called with, reading a listing's rows, and the assertions every connector's contract makes (a
// ConnectorError is thrown, nothing is called when not configured, no personal data in an error).
//
//   const api = fakeApiForFile();
//   beforeAll(() => { api.route("GET", "/things", { json: [] }); });
//   const subject = subjectFor("nils.svensson@example.test");
//   const rows = await rowsOf(await connector.list(subject, listCtx));
//   const err = await thrown(connector.list(subject, listCtx));
//   expectNoPersonalData(err, /nils|secret/);
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { ConnectorError } from "../lib/connectors/errors";
import type { Connector, FieldChange, ListContext, Listing, Row, Subject } from "../lib/connectors/types";
import { startFakeApi, type FakeApi, type RecordedRequest } from "./fake-api";

/**
 * A fake API for the whole file: started before all tests, closed after them, its requests and
 * scripts cleared before each test (routes stay). Hooks the file registers after this call run after
 * the start and the clearing, so they can install routes and reset their own fixtures.
 */
export function fakeApiForFile(): FakeApi {
  let current: FakeApi | undefined;
  const live = (): FakeApi => {
    if (!current) throw new Error("the fake API is used outside its tests");
    return current;
  };
  beforeAll(async () => {
    current = await startFakeApi();
  });
  afterAll(async () => {
    await current?.close();
    current = undefined;
  });
  beforeEach(() => {
    live().clear();
  });
  return {
    get url() {
      return live().url;
    },
    get requests() {
      return live().requests;
    },
    route: (method, pattern, handler) => live().route(method, pattern, handler),
    script: (method, pattern, ...replies) => live().script(method, pattern, ...replies),
    requestsTo: (method, pattern) => live().requestsTo(method, pattern),
    clear: () => live().clear(),
    close: () => live().close(),
  };
}

/** The person a contract test asks about: Nils, by the given address. */
export function subjectFor(email: string, lastName: string | null = "Svensson"): Subject {
  return { personId: "p1", email, firstName: "Nils", lastName };
}

/** A copy's context (English, no request, never aborted). */
export const listCtx: ListContext = {
  purpose: "copy",
  locale: "en",
  requestId: null,
  signal: new AbortController().signal,
};

/** A correction's or an erasure's context. */
export const ctx = { requestId: null, signal: listCtx.signal };

/** Every row of every feed of an "ok" listing, feed after feed (none otherwise). */
export async function rowsOf(listing: Listing): Promise<Row[]> {
  const out: Row[] = [];
  if (listing.status !== "ok") return out;
  for (const feed of listing.feeds) for await (const r of feed.rows()) out.push(r);
  return out;
}

/** An "ok" listing's rows per feed, keyed by the feed's sections as "category/key" (joined by commas). */
export async function rowsBySection(listing: Listing): Promise<Record<string, Row[]>> {
  const out: Record<string, Row[]> = {};
  if (listing.status !== "ok") return out;
  for (const feed of listing.feeds) {
    const key = feed.sections.map((s) => `${s.category}/${s.key}`).join();
    out[key] = [];
    for await (const r of feed.rows()) out[key].push(r);
  }
  return out;
}

/** The error the promise rejects with, asserted to be a ConnectorError (a fulfilled promise fails). */
export async function thrown(p: Promise<unknown>): Promise<ConnectorError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
}

/** Nothing matching `pattern` in the error: its own fields, its message or its stack. */
export function expectNoPersonalData(err: Error, pattern: RegExp): void {
  expect(JSON.stringify({ ...err, m: err.message, s: err.stack })).not.toMatch(pattern);
}

/**
 * Each connector, not configured, says so for the subject's copy (and for the correction and the erasure where
 * asked), and the fake API received no request at all.
 */
export async function expectNotConfigured(
  api: FakeApi,
  connectors: Connector | Connector[],
  subject: Subject,
  opts: { correction?: FieldChange; erase?: boolean; listCtx?: ListContext } = {},
): Promise<void> {
  for (const c of Array.isArray(connectors) ? connectors : [connectors]) {
    expect(await c.list(subject, opts.listCtx ?? listCtx)).toEqual({
      status: "not_configured",
    });
    if (opts.correction) {
      expect(c.correct).toBeTypeOf("function");
      expect(await c.correct!(subject, opts.correction, ctx)).toEqual({
        status: "not_configured",
      });
    }
    if (opts.erase) {
      expect(c.erase).toBeTypeOf("function");
      expect(await c.erase!(subject, ctx)).toEqual({ status: "not_configured" });
    }
  }
  expect(api.requests).toHaveLength(0);
}

/** The bearer token a request carries, or null. */
export function bearerOf(req: RecordedRequest): string | null {
  return /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? null;
}
