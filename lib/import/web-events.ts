// Website, device and location events from the site's analytics, a batch per transaction.
import { z } from "zod";
import type { Tx } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { sameDate, sameValues } from "./compare";
import { sourceKeyedHandler, upsertRecords } from "./write-rows";
import { country, externalId, int, opt, optText, personRef, readText, refineRef, timestamp } from "./fields";
import { plainColumns, type ApplyResult, type ValidItem } from "./types";

export const WEB_EVENT_KINDS = [
  "visit_start",
  "page_view",
  "download_error",
  "visit_end",
  "email_delivered",
] as const;

/**
 * A Google Analytics client id ("123456789.1700000000"), or the `_ga` cookie's whole value
 * ("GA1.1.123456789.1700000000", whose first two parts are the cookie's version and domain depth):
 * the client id, or null for anything else.
 */
export function readGaClientId(text: string): string | null {
  const m = /^(?:GA1\.\d{1,2}\.)?(\d{1,20})\.(\d{1,20})$/.exec(text);
  return m ? `${m[1]}.${m[2]}` : null;
}

const gaClientId = readText(
  readGaClientId,
  'a Google Analytics client id: digits.digits ("123456789.1700000000"), or the _ga cookie\'s value ("GA1.1.123456789.1700000000")',
);
const GA_CLIENT_ID_TEXT =
  "The browser's Google Analytics client id, or its _ga cookie's value (the client id is taken from it). Kept so an erasure can ask Google Analytics to delete that browser's events.";

export const webEventRecord = z
  .strictObject({
    externalId,
    ...personRef,
    occurredAt: timestamp,
    kind: z.enum(WEB_EVENT_KINDS, { error: `one of ${WEB_EVENT_KINDS.join(", ")}` }),
    path: optText(2000),
    referrer: optText(2000),
    responseMs: opt(int(0, 3_600_000)),
    ip: opt(z.union([z.ipv4(), z.ipv6()], { error: "an IPv4 or IPv6 address" })),
    language: optText(35),
    browser: optText(100),
    timeZone: optText(64),
    os: optText(100),
    platform: optText(50),
    screen: opt(z.string().regex(/^\d{2,5}x\d{2,5}$/, "width x height, e.g. 1920x1080")),
    country: opt(country),
    city: optText(100),
    gaClientId: opt(gaClientId).describe(GA_CLIENT_ID_TEXT),
  })
  .superRefine(refineRef);
export type WebEventRecord = z.infer<typeof webEventRecord>;

const FIELDS = [
  "kind",
  "path",
  "referrer",
  "responseMs",
  "ip",
  "language",
  "browser",
  "timeZone",
  "os",
  "platform",
  "screen",
  "country",
  "city",
  "gaClientId",
] as const;

export async function applyWebEvents(tx: Tx, items: ValidItem<WebEventRecord>[]): Promise<ApplyResult[]> {
  const data = items.map((i) => i.data);
  const existing = await tx.webEvent.findMany({
    where: { externalId: { in: data.map((d) => d.externalId) } },
  });
  return upsertRecords(tx, data, {
    stored: new Map(existing.map((e) => [e.externalId!, e])),
    row: (d, personId) => {
      const row = { personId, occurredAt: d.occurredAt } as Omit<
        Prisma.WebEventCreateManyInput,
        "externalId"
      >;
      for (const f of FIELDS) (row as Record<string, unknown>)[f] = d[f] ?? null;
      return row;
    },
    same: (stored, row) =>
      stored.personId === row.personId &&
      sameDate(stored.occurredAt, new Date(row.occurredAt)) &&
      sameValues(stored, row as Record<string, unknown>, FIELDS),
    update: (stored, row) => tx.webEvent.update({ where: { id: stored.id }, data: row }),
    createMany: (rows) => tx.webEvent.createMany({ data: rows }),
  });
}

export const webEventsHandler = sourceKeyedHandler<WebEventRecord>({
  type: "web-events",
  schema: webEventRecord,
  columns: plainColumns(
    ["externalId", "customerExternalId", "customerEmail", "occurredAt", ...FIELDS],
    ["responseMs"],
  ),
  apply: applyWebEvents,
});
