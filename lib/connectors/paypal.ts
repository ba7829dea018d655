// PayPal invoicing: the invoices the company sent the person through PayPal (Invoicing API v2), for the
// copy. OAuth client credentials (`POST /v1/oauth2/token`, the app's client id and secret in HTTP Basic),
// with a REST app that has Invoicing only.
//
// - Copy: the invoices whose recipient is the person's address (`POST /v2/invoicing/search-invoices`,
//   paged by page and page_size), each read whole (`GET /v2/invoicing/invoices/{id}`): number, dates,
//   status, amounts, currency and the items' descriptions.
// - Erasure and correction: refused, and nothing is sent. PayPal is an independent controller, and an
//   invoice is a bookkeeping record the company must keep (Bokföringslagen, 7 years): it is neither
//   deleted nor changed. The refusal's reason says so; the person can ask PayPal itself about what
//   PayPal holds, at its Privacy Hub (PAYPAL_PRIVACY_URL).
import { ConnectorError } from "./errors";
import { arrayFeed, columnsOf } from "./feeds";
import { connectorHttp, type ConnectorHttp, type HttpClientConfig, type TokenProvider } from "./http";
import { clientCredentials } from "./oauth";
import type { ActionOutcome, Connector, Row, SectionSpec } from "./types";

export const PAYPAL_KEY = "paypal";
export const PAYPAL_BASE_URL = "https://api-m.paypal.com";
export const PAYPAL_SANDBOX_URL = "https://api-m.sandbox.paypal.com";
/** Where a person asks PayPal about the data PayPal itself holds (access, erasure). */
export const PAYPAL_PRIVACY_URL = "https://www.paypal.com/myaccount/privacy/privacyhub";

/** Erasure: the invoices are kept as bookkeeping records; PayPal can be asked directly. */
export const PAYPAL_ERASE_REFUSAL = "bookkeeping_record_ask_paypal";
/** Correction: an issued invoice is not changed; PayPal can be asked directly about its own data. */
export const PAYPAL_CORRECT_REFUSAL = "issued_invoice_ask_paypal";

const PAGE = 100;
const MAX_PAGES = 1000;

export const PAYPAL_INVOICE_SECTION: SectionSpec = {
  category: "history",
  key: "paypal_invoices",
  heldBy: PAYPAL_KEY,
  columns: columnsOf({
    invoiceId: ["string", "id"],
    invoiceNumber: ["string", "id"],
    invoiceDate: "date",
    dueDate: "date",
    status: "string",
    currency: ["string", "currency"],
    total: "money_ore",
    due: "money_ore",
    paid: "money_ore",
    items: "json",
    createdAt: "datetime",
  }),
};

// The parts of PayPal's Invoicing v2 shapes that are read (field names as on the wire, snake_case; the
// amounts are PayPal's Money: currency_code and a decimal string value).
type PayPalMoney = { currency_code?: string; value?: string };
export type PayPalInvoice = {
  id?: string;
  status?: string;
  detail?: {
    invoice_number?: string;
    invoice_date?: string;
    currency_code?: string;
    payment_term?: { term_type?: string; due_date?: string };
    metadata?: { create_time?: string };
  };
  items?: { name?: string; description?: string; quantity?: string; unit_amount?: PayPalMoney }[];
  amount?: PayPalMoney;
  due_amount?: PayPalMoney;
  payments?: { paid_amount?: PayPalMoney };
};
type SearchPage = { items?: PayPalInvoice[]; total_items?: number; total_pages?: number };

export type PayPalConfig = {
  clientId?: string;
  clientSecret?: string;
  /** Default: PayPal's live REST API (PAYPAL_SANDBOX_URL for the sandbox). */
  baseUrl?: string;
  /** Default: `${baseUrl}/v1/oauth2/token`. */
  tokenUrl?: string;
  /** Tokens from elsewhere instead of the client secret. */
  tokens?: TokenProvider;
  http?: Pick<HttpClientConfig, "timeoutMs" | "retry" | "fetch">;
  /** Page size of the search (at most 100). */
  pageSize?: number;
};

function ready(config: PayPalConfig): ConnectorHttp | null {
  if (!config.tokens && !(config.clientId && config.clientSecret)) return null;
  const base = (config.baseUrl ?? PAYPAL_BASE_URL).replace(/\/+$/, "");
  const tokens =
    config.tokens ??
    clientCredentials({
      connector: PAYPAL_KEY,
      tokenUrl: config.tokenUrl ?? `${base}/v1/oauth2/token`,
      clientId: config.clientId!,
      clientSecret: config.clientSecret!,
      clientAuth: "basic",
      ...(config.http ? { http: config.http } : {}),
    });
  return connectorHttp({
    connector: PAYPAL_KEY,
    baseUrl: base,
    auth: { type: "bearer", tokens },
    ...config.http,
  });
}

export function paypalConnector(config: PayPalConfig): Connector {
  let target: ConnectorHttp | null | undefined;
  const get = () => (target === undefined ? (target = ready(config)) : target);
  const pageSize = Math.max(1, Math.min(config.pageSize ?? PAGE, PAGE));

  return {
    key: PAYPAL_KEY,
    recipients: async () => [PAYPAL_KEY],

    list: async (subject, ctx) => {
      const http = get();
      if (!http) return { status: "not_configured" };
      const found = await searchInvoices(http, subject.email, pageSize, ctx.signal);
      if (found.length === 0) return { status: "nothing_held" };
      const invoices: PayPalInvoice[] = [];
      for (const summary of found) {
        const { status, body } = await http.call<PayPalInvoice>(
          "GET",
          `/v2/invoicing/invoices/${encodeURIComponent(summary.id!)}`,
          { accept: [404], signal: ctx.signal },
        );
        // Deleted (a draft) between the search and the read: no longer held.
        if (status !== 404 && body) invoices.push(body);
      }
      if (invoices.length === 0) return { status: "nothing_held" };
      return {
        status: "ok",
        feeds: [
          arrayFeed(
            [PAYPAL_INVOICE_SECTION],
            invoices
              .map(invoiceRow)
              .sort((a, b) => String(b.invoiceDate ?? "").localeCompare(String(a.invoiceDate ?? ""))),
          ),
        ],
      };
    },

    // Nothing is sent to PayPal: see the reasons above.
    correct: async (): Promise<ActionOutcome> =>
      get() ? { status: "refused", reason: PAYPAL_CORRECT_REFUSAL } : { status: "not_configured" },

    erase: async (): Promise<ActionOutcome> =>
      get() ? { status: "refused", reason: PAYPAL_ERASE_REFUSAL } : { status: "not_configured" },
  };
}

/** Every invoice whose recipient is the address, page by page (1-based pages, total_pages). */
async function searchInvoices(
  http: ConnectorHttp,
  email: string,
  pageSize: number,
  signal?: AbortSignal,
): Promise<PayPalInvoice[]> {
  const out: PayPalInvoice[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { body }: { body: SearchPage | null } = await http.call<SearchPage>(
      "POST",
      "/v2/invoicing/search-invoices",
      {
        query: { page: String(page), page_size: String(pageSize), total_required: "true" },
        json: { recipient_email: email },
        ...(signal ? { signal } : {}),
      },
    );
    const items = body?.items ?? [];
    out.push(...items.filter((i) => typeof i.id === "string"));
    const pages = body?.total_pages;
    if (items.length === 0 || (typeof pages === "number" ? page >= pages : items.length < pageSize)) {
      return out;
    }
  }
  throw new ConnectorError(`${PAYPAL_KEY}_too_many_pages`);
}

/** A decimal amount ("1234.50") in hundredths of the currency, as the portal keeps amounts. */
export function toOre(money: PayPalMoney | undefined): number | null {
  const v = money?.value?.trim();
  if (!v || !/^-?\d+(\.\d+)?$/.test(v)) return null;
  const [whole, frac = ""] = v.replace("-", "").split(".");
  const ore =
    Number(whole) * 100 + Number(`${frac}00`.slice(0, 2)) + (Number(frac.slice(2, 3) || "0") >= 5 ? 1 : 0);
  return v.startsWith("-") ? -ore : ore;
}

function invoiceRow(inv: PayPalInvoice): Row {
  return {
    invoiceId: inv.id ?? null,
    invoiceNumber: inv.detail?.invoice_number ?? null,
    invoiceDate: inv.detail?.invoice_date ?? null,
    dueDate: inv.detail?.payment_term?.due_date ?? null,
    status: inv.status ?? null,
    currency: inv.detail?.currency_code ?? inv.amount?.currency_code ?? null,
    total: toOre(inv.amount),
    due: toOre(inv.due_amount),
    paid: toOre(inv.payments?.paid_amount),
    items: (inv.items ?? []).map((i) => ({
      name: i.name ?? null,
      description: i.description ?? null,
      quantity: i.quantity ?? null,
      unitAmount: toOre(i.unit_amount),
    })),
    createdAt: inv.detail?.metadata?.create_time ?? null,
  };
}
