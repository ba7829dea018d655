// Which automated connectors an admin has configured, and the connectors built from that configuration.
//
// Each connector's configuration is a ConnectorConfig row: `settings` (ids, base URLs, list and mailbox
// names: shown again on the settings page) and `secretSealed` (API keys, client secrets, a service
// account's key: sealed with a key derived from the master key, never shown again, never logged). A row
// that is missing, disabled or incomplete means "not configured": the portal behaves as without the
// connector, and staff do the work by hand.
//
// The newsletter partner's contacts stay configured by the environment (RESEND_API_KEY).
import { z } from "zod";
import { db, type Tx } from "../db";
import { env } from "../env";
import { masterSubKey, open, seal } from "../crypto/keys";
import { GA_KEY, googleAnalyticsConnector, type GoogleAnalyticsConfig } from "./google-analytics";
import { GRAPH_KEY, microsoftGraphConnector, type MicrosoftGraphConfig } from "./microsoft-graph";
import { PAYPAL_KEY, paypalConnector, type PayPalConfig } from "./paypal";
import { WIX_KEY, wixConnector, type WixConfig } from "./wix";
import type { Connector, Subject } from "./types";

/** The connectors an admin configures in the settings, in the order the settings page lists them. */
export const CONFIGURABLE = [WIX_KEY, GRAPH_KEY, PAYPAL_KEY, GA_KEY] as const;
export type ConfigurableKey = (typeof CONFIGURABLE)[number];

export function isConfigurable(key: string): key is ConfigurableKey {
  return (CONFIGURABLE as readonly string[]).includes(key);
}

const url = z.url({ protocol: /^https?$/ }).max(500);
const id = z.string().trim().min(1).max(300);

const graphList = z.object({
  site: id,
  list: id,
  emailColumn: z.string().trim().min(1).max(100),
  indexed: z.boolean().optional(),
  category: z.string().trim().min(1).max(60).optional(),
  columns: z.record(z.string(), z.string().trim().min(1).max(100)).optional(),
});

/** What may be shown again, per connector. */
export const SETTINGS_SCHEMAS = {
  [WIX_KEY]: z.object({ siteId: id, baseUrl: url.optional() }),
  [GRAPH_KEY]: z.object({
    tenantId: id,
    clientId: id,
    tokenUrl: url.optional(),
    baseUrl: url.optional(),
    lists: z.array(graphList).max(20).default([]),
    mailboxes: z.array(z.string().trim().min(1).max(320)).max(50).default([]),
  }),
  [PAYPAL_KEY]: z.object({ clientId: id, baseUrl: url.optional(), tokenUrl: url.optional() }),
  [GA_KEY]: z.object({
    propertyId: z
      .string()
      .trim()
      .regex(/^\d{1,20}$/),
    tokenUrl: url.optional(),
    baseUrl: url.optional(),
  }),
} as const;

const serviceAccountKey = z.object({
  client_email: z.string().trim().min(3).max(320),
  private_key: z.string().min(100).max(10_000),
  private_key_id: z.string().max(200).optional(),
  token_uri: url.optional(),
});

/** The credentials, per connector: sealed, never shown again. */
export const SECRET_SCHEMAS = {
  [WIX_KEY]: z.object({ apiKey: z.string().trim().min(1).max(2_000) }),
  [GRAPH_KEY]: z.object({ clientSecret: z.string().trim().min(1).max(2_000) }),
  [PAYPAL_KEY]: z.object({ clientSecret: z.string().trim().min(1).max(2_000) }),
  [GA_KEY]: z.object({ key: serviceAccountKey }),
} as const;

export type ConnectorSettings<K extends ConfigurableKey> = z.infer<(typeof SETTINGS_SCHEMAS)[K]>;
export type ConnectorSecret<K extends ConfigurableKey> = z.infer<(typeof SECRET_SCHEMAS)[K]>;

const SEAL_PURPOSE = "connector-config";

export function sealSecret(secret: unknown): Uint8Array<ArrayBuffer> {
  return new Uint8Array(seal(masterSubKey(SEAL_PURPOSE), Buffer.from(JSON.stringify(secret), "utf8")));
}

export function openSecret(sealed: Uint8Array): unknown {
  return JSON.parse(open(masterSubKey(SEAL_PURPOSE), sealed).toString("utf8"));
}

/** One connector's configuration as the settings page shows it: never its secret. */
export type ConfigView = {
  key: ConfigurableKey;
  enabled: boolean;
  settings: Record<string, unknown> | null;
  hasSecret: boolean;
  updatedAt: Date | null;
  testedAt: Date | null;
  testResult: string | null;
};

export async function configViews(client: Tx | typeof db = db): Promise<ConfigView[]> {
  const rows = await client.connectorConfig.findMany();
  return CONFIGURABLE.map((key) => {
    const row = rows.find((r) => r.key === key);
    return {
      key,
      enabled: row?.enabled ?? false,
      settings: (row?.settings as Record<string, unknown> | undefined) ?? null,
      hasSecret: Boolean(row?.secretSealed),
      updatedAt: row?.updatedAt ?? null,
      testedAt: row?.testedAt ?? null,
      testResult: row?.testResult ?? null,
    };
  });
}

/** A configured connector's settings and opened secret, or null when it is missing, disabled or incomplete. */
type Loaded = { key: ConfigurableKey; settings: unknown; secret: unknown; version: string };

async function loadConfigured(client: Tx | typeof db = db): Promise<Loaded[]> {
  const rows = await client.connectorConfig.findMany({ where: { enabled: true } });
  const out: Loaded[] = [];
  for (const row of rows) {
    if (!isConfigurable(row.key) || !row.secretSealed) continue;
    const settings = SETTINGS_SCHEMAS[row.key].safeParse(row.settings);
    let secret: unknown;
    try {
      secret = SECRET_SCHEMAS[row.key].parse(openSecret(row.secretSealed));
    } catch {
      // Sealed under another master key, or damaged: treated as not configured (staff do the work).
      continue;
    }
    if (!settings.success) continue;
    out.push({ key: row.key, settings: settings.data, secret, version: row.updatedAt.toISOString() });
  }
  return out;
}

/**
 * The connectors the portal can drive itself right now: the newsletter partner when its key is set, and
 * every configured, enabled connector. Every text about a recipient says "automatically" only for these.
 */
export async function connectedConnectors(client: Tx | typeof db = db): Promise<Set<string>> {
  const set = new Set<string>();
  if (env().RESEND_API_KEY) set.add("newsletter");
  for (const c of await loadConfigured(client)) set.add(c.key);
  return set;
}

/** The GA client ids of the person's browsers, as the web events recorded them. */
export async function gaClientIdsOf(subject: Subject): Promise<string[]> {
  const rows = await db.webEvent.findMany({
    where: { personId: subject.personId, gaClientId: { not: null } },
    select: { gaClientId: true },
    distinct: ["gaClientId"],
    take: 1_000,
  });
  return rows.map((r) => r.gaClientId!).filter(Boolean);
}

// Connectors keep their token providers, so a token is reused until it expires. One instance per
// configuration version: an admin's change makes a new one.
const built = new Map<string, { version: string; connector: Connector }>();

/** A connector built from a stored configuration (tests: `build` with a fake's base URL). */
export function buildConnector(key: ConfigurableKey, settings: unknown, secret: unknown): Connector {
  switch (key) {
    case WIX_KEY: {
      const s = settings as ConnectorSettings<typeof WIX_KEY>;
      const k = secret as ConnectorSecret<typeof WIX_KEY>;
      const config: WixConfig = {
        apiKey: k.apiKey,
        siteId: s.siteId,
        ...(s.baseUrl ? { baseUrl: s.baseUrl } : {}),
      };
      return wixConnector(config);
    }
    case GRAPH_KEY: {
      const s = settings as ConnectorSettings<typeof GRAPH_KEY>;
      const k = secret as ConnectorSecret<typeof GRAPH_KEY>;
      const config: MicrosoftGraphConfig = {
        tenantId: s.tenantId,
        clientId: s.clientId,
        clientSecret: k.clientSecret,
        lists: s.lists,
        mailboxes: s.mailboxes,
        ...(s.tokenUrl ? { tokenUrl: s.tokenUrl } : {}),
        ...(s.baseUrl ? { baseUrl: s.baseUrl } : {}),
      };
      return microsoftGraphConnector(config);
    }
    case PAYPAL_KEY: {
      const s = settings as ConnectorSettings<typeof PAYPAL_KEY>;
      const k = secret as ConnectorSecret<typeof PAYPAL_KEY>;
      const config: PayPalConfig = {
        clientId: s.clientId,
        clientSecret: k.clientSecret,
        ...(s.baseUrl ? { baseUrl: s.baseUrl } : {}),
        ...(s.tokenUrl ? { tokenUrl: s.tokenUrl } : {}),
      };
      return paypalConnector(config);
    }
    case GA_KEY: {
      const s = settings as ConnectorSettings<typeof GA_KEY>;
      const k = secret as ConnectorSecret<typeof GA_KEY>;
      const config: GoogleAnalyticsConfig = {
        propertyId: s.propertyId,
        key: k.key,
        ...(s.tokenUrl ? { tokenUrl: s.tokenUrl } : {}),
        ...(s.baseUrl ? { baseUrl: s.baseUrl } : {}),
      };
      return googleAnalyticsConnector(config, gaClientIdsOf);
    }
  }
}

/** The configured automated connectors (WIX, Microsoft 365, PayPal, Google Analytics), built. */
export async function configuredConnectors(client: Tx | typeof db = db): Promise<Connector[]> {
  const out: Connector[] = [];
  for (const c of await loadConfigured(client)) {
    const cached = built.get(c.key);
    if (cached && cached.version === c.version) {
      out.push(cached.connector);
      continue;
    }
    const connector = buildConnector(c.key, c.settings, c.secret);
    built.set(c.key, { version: c.version, connector });
    out.push(connector);
  }
  return out;
}
