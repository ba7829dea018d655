// Microsoft 365 through Microsoft Graph, app-only (OAuth client credentials, scope
// https://graph.microsoft.com/.default) with least privilege: `Sites.Selected` granted on the sites whose
// SharePoint lists are named in the settings, and `Mail.ReadWrite` limited to the named mailboxes by an
// application access policy. Nothing else in the tenant is read.
//
// - Copy: the list items whose email column holds the person's address (all their fields), and the
//   messages in each named mailbox that a search for the address finds: date, subject and sender only,
//   never the body.
// - Correction: the person's name or email address (or another field mapped to a column) is written to
//   each matching list item (PATCH of the item's fields). Messages are not changed.
// - Erasure: matching list items are deleted (404 "already gone" counts as done). Messages are NOT
//   deleted automatically: a search by address also finds mail that merely mentions it, or that the
//   company must keep (bookkeeping, a dispute), so the erasure answers "needs_confirmation" with the
//   number of messages found, and staff confirm which to delete.
import { db } from "../db";
import { ConnectorError } from "./errors";
import { arrayFeed, columnsOf } from "./feeds";
import { connectorHttp, type ConnectorHttp, type HttpClientConfig, type TokenProvider } from "./http";
import { clientCredentials } from "./oauth";
import type { ActionOutcome, Connector, FieldChange, JsonValue, Row, SectionSpec, Subject } from "./types";

export const GRAPH_KEY = "microsoft_365";
export const GRAPH_BASE_URL = "https://graph.microsoft.com/v1.0";
export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";
const PAGE = 100;
/** No person has this many list items or messages: past it, the paging is taken to be broken. */
const MAX_PAGES = 1000;

export function graphTokenUrl(tenantId: string): string {
  return `https://login.microsoftonline.com/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
}

/** One SharePoint list the person's data is kept in. */
export type GraphListConfig = {
  /** The site's id ("contoso.sharepoint.com,{site collection id},{web id}"). */
  site: string;
  /** The list's id (a GUID) or its name. */
  list: string;
  /** The internal name of the column that holds the email address (e.g. "Email"). */
  emailColumn: string;
  /**
   * Whether the email column is indexed in SharePoint. If not, Graph filters on it only when asked with
   * `Prefer: HonorNonIndexedQueriesWarningMayFailRandomly` (slow and unreliable on lists past 5,000
   * items: index the column).
   */
  indexed?: boolean;
  /** The data-map category the list's items are shown under in the copy. Default "contact". */
  category?: string;
  /**
   * The portal's correctable fields and the columns that hold them (internal names), e.g.
   * `{ firstName: "FirstName", email: "Email" }`. The email column is always corrected.
   */
  columns?: Partial<Record<string, string>>;
};

export type MicrosoftGraphConfig = {
  /** The directory (tenant) id; the token URL is made from it unless `tokenUrl` is given. */
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  tokenUrl?: string;
  /** Default: Graph v1.0. */
  baseUrl?: string;
  /** Tokens from elsewhere instead of the client secret. */
  tokens?: TokenProvider;
  lists?: readonly GraphListConfig[];
  /** Mailboxes searched (user ids or principal names), each allowed by the application access policy. */
  mailboxes?: readonly string[];
  http?: Pick<HttpClientConfig, "timeoutMs" | "retry" | "fetch">;
  /** Page size of list and message reads (Graph allows up to 999 items, 1000 messages). */
  pageSize?: number;
  /** A field's current value for a correction, when it is not the subject's name or email. */
  personValue?: (personId: string, field: string) => Promise<string | null>;
};

export const GRAPH_LIST_ITEM_SECTION_KEY = "microsoft_365_list_items";

function listItemSection(category: string): SectionSpec {
  return {
    category,
    key: GRAPH_LIST_ITEM_SECTION_KEY,
    heldBy: GRAPH_KEY,
    columns: columnsOf({
      list: "string",
      itemId: ["string", "id"],
      fields: "json",
      createdAt: "datetime",
      updatedAt: "datetime",
    }),
  };
}

export const GRAPH_MESSAGE_SECTION: SectionSpec = {
  category: "support",
  key: "microsoft_365_messages",
  heldBy: GRAPH_KEY,
  columns: columnsOf({
    mailbox: "string",
    messageId: ["string", "id"],
    receivedAt: "datetime",
    sentAt: "datetime",
    subject: "string",
    from: "string",
    fromName: "string",
  }),
};

// The parts of Graph's shapes that are read (field names as in @microsoft/microsoft-graph-types
// ListItem, FieldValueSet, Message, Recipient, EmailAddress); collections come as OData pages.
type GraphListItem = {
  id?: string;
  createdDateTime?: string;
  lastModifiedDateTime?: string;
  fields?: Record<string, unknown> | null;
};
type GraphMessage = {
  id?: string;
  receivedDateTime?: string | null;
  sentDateTime?: string | null;
  subject?: string | null;
  from?: { emailAddress?: { address?: string | null; name?: string | null } | null } | null;
};
type ODataPage<T> = { value?: T[]; "@odata.nextLink"?: string };

/** Fields SharePoint adds to every item: not the person's data, left out of the copy. */
const SYSTEM_FIELDS = new Set([
  "@odata.etag",
  "id",
  "ContentType",
  "Modified",
  "Created",
  "AuthorLookupId",
  "EditorLookupId",
  "_UIVersionString",
  "Attachments",
  "Edit",
  "LinkTitleNoMenu",
  "LinkTitle",
  "ItemChildCount",
  "FolderChildCount",
  "_ComplianceFlags",
  "_ComplianceTag",
  "_ComplianceTagWrittenTime",
  "_ComplianceTagUserId",
  "AppAuthorLookupId",
  "AppEditorLookupId",
]);

type Ready = { http: ConnectorHttp; base: string };

function ready(config: MicrosoftGraphConfig): Ready | null {
  const hasSecret = Boolean(config.clientId && config.clientSecret && (config.tenantId || config.tokenUrl));
  if (!config.tokens && !hasSecret) return null;
  if ((config.lists?.length ?? 0) === 0 && (config.mailboxes?.length ?? 0) === 0) return null;
  const tokens =
    config.tokens ??
    clientCredentials({
      connector: GRAPH_KEY,
      tokenUrl: config.tokenUrl ?? graphTokenUrl(config.tenantId!),
      clientId: config.clientId!,
      clientSecret: config.clientSecret!,
      scope: GRAPH_SCOPE,
      clientAuth: "body",
      ...(config.http ? { http: config.http } : {}),
    });
  const base = (config.baseUrl ?? GRAPH_BASE_URL).replace(/\/+$/, "");
  return {
    base,
    http: connectorHttp({
      connector: GRAPH_KEY,
      baseUrl: base,
      auth: { type: "bearer", tokens },
      ...config.http,
    }),
  };
}

export function microsoftGraphConnector(config: MicrosoftGraphConfig): Connector {
  let target: Ready | null | undefined;
  const get = () => (target === undefined ? (target = ready(config)) : target);
  const pageSize = Math.min(config.pageSize ?? PAGE, 999);
  const lists = config.lists ?? [];
  const mailboxes = config.mailboxes ?? [];
  const personValue = config.personValue ?? portalValue;

  return {
    key: GRAPH_KEY,
    recipients: async () => [GRAPH_KEY],

    list: async (subject, ctx) => {
      const t = get();
      if (!t) return { status: "not_configured" };
      const byCategory = new Map<string, Row[]>();
      for (const l of lists) {
        const items = await listItems(t, l, subject.email, pageSize, ctx.signal);
        const category = l.category ?? "contact";
        const rows = byCategory.get(category) ?? [];
        rows.push(...items.map((i) => itemRow(l, i)));
        byCategory.set(category, rows);
      }
      const messages: Row[] = [];
      for (const mailbox of mailboxes) {
        for (const m of await messagesAbout(t, mailbox, subject.email, pageSize, ctx.signal)) {
          messages.push(messageRow(mailbox, m));
        }
      }
      const itemCount = [...byCategory.values()].reduce((n, rows) => n + rows.length, 0);
      if (itemCount === 0 && messages.length === 0) return { status: "nothing_held" };
      return {
        status: "ok",
        feeds: [
          ...[...byCategory].map(([category, rows]) => arrayFeed([listItemSection(category)], rows)),
          arrayFeed(
            [GRAPH_MESSAGE_SECTION],
            messages.sort((a, b) =>
              String(b.receivedAt ?? b.sentAt ?? "").localeCompare(String(a.receivedAt ?? a.sentAt ?? "")),
            ),
          ),
        ],
      };
    },

    correct: async (subject, change, ctx): Promise<ActionOutcome> => {
      const t = get();
      if (!t) return { status: "not_configured" };
      // After an email change the items are still found by the address they hold.
      const lookup = change.field === "email" && change.previous ? change.previous : subject.email;
      let count = 0;
      for (const l of lists) {
        const column = columnFor(l, change.field);
        if (!column) continue;
        const items = await listItems(t, l, lookup, pageSize, ctx.signal);
        if (items.length === 0) continue;
        const value = await valueOf(subject, change, personValue);
        for (const item of items) {
          await t.http.call("PATCH", `${itemPath(l, item.id!)}/fields`, {
            json: { [column]: value },
            signal: ctx.signal,
          });
          count += 1;
        }
      }
      return count > 0 ? { status: "done", count } : { status: "nothing_held" };
    },

    erase: async (subject, ctx): Promise<ActionOutcome> => {
      const t = get();
      if (!t) return { status: "not_configured" };
      let erased = 0;
      for (const l of lists) {
        for (const item of await listItems(t, l, subject.email, pageSize, ctx.signal)) {
          await t.http.call("DELETE", itemPath(l, item.id!), { accept: [404], signal: ctx.signal });
          erased += 1;
        }
      }
      // Messages are only counted: deleting mail is left to staff, who confirm it message by message.
      let messages = 0;
      for (const mailbox of mailboxes) {
        messages += (await messagesAbout(t, mailbox, subject.email, pageSize, ctx.signal)).length;
      }
      if (messages > 0) {
        return { status: "needs_confirmation", what: "messages", count: messages, erased };
      }
      return erased > 0 ? { status: "done", count: erased } : { status: "nothing_held" };
    },
  };
}

function itemPath(l: GraphListConfig, itemId: string): string {
  return `/sites/${encodeURIComponent(l.site)}/lists/${encodeURIComponent(l.list)}/items/${encodeURIComponent(itemId)}`;
}

/** An OData string literal: single quotes doubled. */
function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A KQL phrase for $search: the whole value in double quotes, its own quotes and backslashes escaped. */
function searchPhrase(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/**
 * A next page's path relative to the API's base. A next link to another host is not followed (the
 * access token would go with it).
 */
function nextPath(t: Ready, link: string | undefined): string | null {
  if (!link) return null;
  if (!link.startsWith(`${t.base}/`)) throw new ConnectorError(`${GRAPH_KEY}_bad_response`);
  return link.slice(t.base.length);
}

async function pages<T>(
  t: Ready,
  first: { path: string; query: Record<string, string>; headers?: Record<string, string> },
  signal?: AbortSignal,
): Promise<T[]> {
  const out: T[] = [];
  let path: string | null = first.path;
  let query: Record<string, string> | undefined = first.query;
  for (let n = 0; n < MAX_PAGES && path; n++) {
    const { body }: { body: ODataPage<T> | null } = await t.http.call<ODataPage<T>>("GET", path, {
      ...(query ? { query } : {}),
      ...(first.headers ? { headers: first.headers } : {}),
      ...(signal ? { signal } : {}),
    });
    out.push(...(body?.value ?? []));
    // The next link carries the whole query (filter, skip token) itself.
    path = nextPath(t, body?.["@odata.nextLink"]);
    query = undefined;
  }
  if (path) throw new ConnectorError(`${GRAPH_KEY}_too_many_pages`);
  return out;
}

/** The list's items whose email column is the address, every page. */
async function listItems(
  t: Ready,
  l: GraphListConfig,
  email: string,
  pageSize: number,
  signal?: AbortSignal,
): Promise<GraphListItem[]> {
  const items = await pages<GraphListItem>(
    t,
    {
      path: `/sites/${encodeURIComponent(l.site)}/lists/${encodeURIComponent(l.list)}/items`,
      query: {
        expand: "fields",
        $filter: `fields/${l.emailColumn} eq ${odataString(email)}`,
        $top: String(pageSize),
      },
      ...(l.indexed ? {} : { headers: { prefer: "HonorNonIndexedQueriesWarningMayFailRandomly" } }),
    },
    signal,
  );
  return items.filter((i) => typeof i.id === "string");
}

/** The mailbox's messages that a search for the address finds (metadata only), every page. */
async function messagesAbout(
  t: Ready,
  mailbox: string,
  email: string,
  pageSize: number,
  signal?: AbortSignal,
): Promise<GraphMessage[]> {
  const messages = await pages<GraphMessage>(
    t,
    {
      path: `/users/${encodeURIComponent(mailbox)}/messages`,
      query: {
        $search: searchPhrase(email),
        $select: "id,receivedDateTime,sentDateTime,subject,from",
        $top: String(Math.min(pageSize, 1000)),
      },
      headers: { consistencylevel: "eventual" },
    },
    signal,
  );
  return messages.filter((m) => typeof m.id === "string");
}

function itemRow(l: GraphListConfig, item: GraphListItem): Row {
  const fields: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(item.fields ?? {})) {
    if (SYSTEM_FIELDS.has(k) || k.startsWith("@odata") || v === undefined) continue;
    fields[k] = JSON.parse(JSON.stringify(v)) as JsonValue;
  }
  return {
    list: l.list,
    itemId: item.id ?? null,
    fields,
    createdAt: item.createdDateTime ?? null,
    updatedAt: item.lastModifiedDateTime ?? null,
  };
}

function messageRow(mailbox: string, m: GraphMessage): Row {
  return {
    mailbox,
    messageId: m.id ?? null,
    receivedAt: m.receivedDateTime ?? null,
    sentAt: m.sentDateTime ?? null,
    subject: m.subject ?? null,
    from: m.from?.emailAddress?.address ?? null,
    fromName: m.from?.emailAddress?.name ?? null,
  };
}

function columnFor(l: GraphListConfig, field: string): string | null {
  if (field === "email") return l.columns?.email ?? l.emailColumn;
  return l.columns?.[field] ?? null;
}

async function valueOf(
  subject: Subject,
  change: FieldChange,
  personValue: (personId: string, field: string) => Promise<string | null>,
): Promise<string | null> {
  if (change.field === "email") return subject.email;
  if (change.field === "firstName") return subject.firstName;
  if (change.field === "lastName") return subject.lastName;
  return personValue(subject.personId, change.field);
}

/** A text field of the person's record, as the portal holds it now. */
async function portalValue(personId: string, field: string): Promise<string | null> {
  const p = (await db.person.findUnique({ where: { id: personId } })) as Record<string, unknown> | null;
  const v = p?.[field];
  return typeof v === "string" ? v : null;
}
