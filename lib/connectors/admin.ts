// Admins configure the automated connectors on the settings page (/staff/settings/connectors): the
// settings that may be shown again, the credentials that are sealed and never shown again, enabled or
// not, removed, and "test connection" (lib/connectors/connection-check.ts). Every change is audited,
// never with a credential. Input comes as the form's text fields; a refusal names each field with a
// code that messages/<locale>/connectors.json ("errors") words, and changes nothing.
// See docs/decisions/0037-connector-configuration.md.
import { z } from "zod";
import { audit } from "../audit/append";
import { db } from "../db";
import { AppError, type FieldErrors } from "../errors";
import { defineUseCase } from "../kernel/use-case";
import {
  CONFIGURABLE,
  configViews,
  isConfigurable,
  openSecret,
  sealSecret,
  SECRET_SCHEMAS,
  SETTINGS_SCHEMAS,
  type ConfigView,
  type ConfigurableKey,
} from "./config";
import { GA_KEY } from "./google-analytics";
import { GRAPH_KEY } from "./microsoft-graph";
import { PAYPAL_KEY } from "./paypal";
import { WIX_KEY } from "./wix";
import { runConnectionTest, type TestTuning } from "./connection-check";

/** The form's fields per connector, in the order shown: settings first, then the one secret field. */
export const FORM_FIELDS = {
  [WIX_KEY]: { settings: ["siteId", "baseUrl"], secret: "apiKey" },
  [GRAPH_KEY]: {
    settings: ["tenantId", "clientId", "lists", "mailboxes", "tokenUrl", "baseUrl"],
    secret: "clientSecret",
  },
  [PAYPAL_KEY]: { settings: ["clientId", "baseUrl", "tokenUrl"], secret: "clientSecret" },
  [GA_KEY]: { settings: ["propertyId", "tokenUrl", "baseUrl"], secret: "key" },
} as const satisfies Record<ConfigurableKey, { settings: readonly string[]; secret: string }>;

/** Settings fields that are optional addresses (empty: the service's own). */
const OPTIONAL = new Set(["baseUrl", "tokenUrl"]);

export type ConnectorFormValues = Record<string, string | undefined>;

/** One connector's configuration for the settings page, with the data map's recipients it serves. */
export type ConnectorAdminView = ConfigView & {
  status: "not_configured" | "configured" | "disabled";
  recipients: { key: string; name: string }[];
  /** The settings as the form's text fields (never the secret). */
  form: Record<string, string>;
};

export const connectorSettingsView = defineUseCase(
  "connectors.view",
  { action: "admin.settings", callers: ["staff"] },
  async (_actor): Promise<ConnectorAdminView[]> => {
    const [views, recipients] = await Promise.all([
      configViews(),
      db.recipient.findMany({
        where: { connector: { in: [...CONFIGURABLE] } },
        select: { key: true, name: true, connector: true },
        orderBy: { key: "asc" },
      }),
    ]);
    return views.map((v) => ({
      ...v,
      status: !v.settings || !v.hasSecret ? "not_configured" : v.enabled ? "configured" : "disabled",
      recipients: recipients.filter((r) => r.connector === v.key).map((r) => ({ key: r.key, name: r.name })),
      form: formOf(v.key, v.settings),
    }));
  },
);

/** Stored settings as the form's text: lists as "site | list | email column" lines, mailboxes one a line. */
export function formOf(
  key: ConfigurableKey,
  settings: Record<string, unknown> | null,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!settings) return out;
  for (const field of FORM_FIELDS[key].settings) {
    const value = settings[field];
    if (field === "lists" && Array.isArray(value)) {
      out.lists = (value as { site: string; list: string; emailColumn: string }[])
        .map((l) => `${l.site} | ${l.list} | ${l.emailColumn}`)
        .join("\n");
    } else if (field === "mailboxes" && Array.isArray(value)) {
      out.mailboxes = (value as string[]).join("\n");
    } else if (typeof value === "string") {
      out[field] = value;
    }
  }
  return out;
}

const lines = (text: string | undefined): string[] =>
  (text ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** A zod issue as the code of the form's message. */
function codeOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return "required";
    case "too_small":
      return "required";
    case "too_big":
      return "too_long";
    case "invalid_format":
      return issue.format === "url" ? "url" : issue.format === "regex" ? "format" : "invalid";
    default:
      return "invalid";
  }
}

function fieldErrorsOf(error: z.ZodError, field?: string, code?: string): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const name = field ?? String(issue.path[0] ?? "_");
    out[name] ??= code ?? codeOf(issue);
  }
  return out;
}

type Parsed = { settings: Record<string, unknown>; secret: Record<string, unknown> | null };

/**
 * The form's fields as settings and (when typed) a secret, checked with config.ts's schemas. `previous`:
 * the stored settings, whose list details the simple form does not show (indexed, category, columns)
 * are kept for a list that stays.
 */
export function parseConnectorForm(
  key: ConfigurableKey,
  values: ConnectorFormValues,
  opts: { hasSecret: boolean; previous?: Record<string, unknown> | null },
): Parsed {
  const errors: FieldErrors = {};
  const raw: Record<string, unknown> = {};
  for (const field of FORM_FIELDS[key].settings) {
    const text = values[field]?.trim() ?? "";
    if (field === "lists") {
      const previous = (opts.previous?.lists as Record<string, unknown>[] | undefined) ?? [];
      const parsed = [];
      for (const line of lines(values.lists)) {
        const parts = line.split("|").map((p) => p.trim());
        if (parts.length !== 3 || parts.some((p) => !p)) {
          errors.lists ??= "list_line";
          continue;
        }
        const [site, list, emailColumn] = parts as [string, string, string];
        const kept = previous.find((p) => p.site === site && p.list === list) ?? {};
        parsed.push({ ...kept, site, list, emailColumn });
      }
      raw.lists = parsed;
    } else if (field === "mailboxes") {
      raw.mailboxes = lines(values.mailboxes);
    } else if (text || !OPTIONAL.has(field)) {
      raw[field] = text;
    }
  }
  const settings = SETTINGS_SCHEMAS[key].safeParse(raw);
  if (!settings.success) {
    for (const [name, code] of Object.entries(fieldErrorsOf(settings.error))) {
      errors[name] ??= name === "lists" ? "list_line" : name === "mailboxes" ? "mailbox" : code;
    }
  }
  if (key === GRAPH_KEY && !errors.lists && !errors.mailboxes) {
    // Without a list or a mailbox the connector has nothing to search.
    if ((raw.lists as unknown[]).length === 0 && (raw.mailboxes as unknown[]).length === 0) {
      errors.lists = "lists_or_mailboxes";
    }
  }

  const secretField = FORM_FIELDS[key].secret;
  const typed = values[secretField]?.trim() ?? "";
  let secret: Record<string, unknown> | null = null;
  if (!typed) {
    if (!opts.hasSecret) errors[secretField] = "secret_required";
  } else if (key === GA_KEY) {
    let json: unknown;
    try {
      json = JSON.parse(typed);
    } catch {
      errors[secretField] = "not_json";
    }
    if (!errors[secretField]) {
      const parsed = SECRET_SCHEMAS[GA_KEY].safeParse({ key: json });
      if (parsed.success) secret = parsed.data;
      else errors[secretField] = "key_fields";
    }
  } else {
    const parsed = SECRET_SCHEMAS[key].safeParse({ [secretField]: typed });
    if (parsed.success) secret = parsed.data;
    else Object.assign(errors, fieldErrorsOf(parsed.error, secretField));
  }

  if (Object.keys(errors).length > 0) throw new AppError("invalid_input", errors);
  return { settings: (settings.data ?? {}) as Record<string, unknown>, secret };
}

function configurable(key: string): ConfigurableKey {
  if (!isConfigurable(key)) throw new AppError("not_found");
  return key;
}

export type SaveConnectorInput = { key: string; values: ConnectorFormValues };

/**
 * Saves one connector's settings and, when typed, its secret (sealed). An empty secret keeps the
 * stored one. A new configuration starts enabled; a changed one forgets its last test.
 */
export const saveConnectorConfig = defineUseCase(
  "connectors.save",
  { action: "admin.settings", callers: ["staff"] },
  async (actor, input: SaveConnectorInput): Promise<void> => {
    const key = configurable(input.key);
    await db.$transaction(async (tx) => {
      const row = await tx.connectorConfig.findUnique({ where: { key } });
      const parsed = parseConnectorForm(key, input.values, {
        hasSecret: Boolean(row?.secretSealed),
        previous: (row?.settings as Record<string, unknown> | undefined) ?? null,
      });
      const settingsChanged = JSON.stringify(row?.settings ?? null) !== JSON.stringify(parsed.settings);
      const changed = settingsChanged || parsed.secret !== null;
      const data = {
        settings: parsed.settings as object,
        ...(parsed.secret ? { secretSealed: sealSecret(parsed.secret) } : {}),
        updatedById: actor.staffMemberId,
        ...(changed ? { testedAt: null, testResult: null } : {}),
      };
      await tx.connectorConfig.upsert({
        where: { key },
        create: { key, enabled: true, ...data },
        update: data,
      });
      await audit(tx, actor, {
        action: "connector.configured",
        targetType: "connector",
        targetId: key,
        // Which parts changed, never their values.
        meta: { settings: settingsChanged ? "changed" : "same", secret: parsed.secret ? "replaced" : "kept" },
      });
    });
  },
);

export const setConnectorEnabled = defineUseCase(
  "connectors.set_enabled",
  { action: "admin.settings", callers: ["staff"] },
  async (actor, input: { key: string; enabled: boolean }): Promise<void> => {
    const key = configurable(input.key);
    await db.$transaction(async (tx) => {
      const row = await tx.connectorConfig.findUnique({ where: { key }, select: { enabled: true } });
      if (!row) throw new AppError("not_found");
      if (row.enabled === input.enabled) return;
      await tx.connectorConfig.update({
        where: { key },
        data: { enabled: input.enabled, updatedById: actor.staffMemberId },
      });
      await audit(tx, actor, {
        action: input.enabled ? "connector.enabled" : "connector.disabled",
        targetType: "connector",
        targetId: key,
      });
    });
  },
);

/** Removes the configuration: the connector's work goes back to staff, by hand. */
export const removeConnectorConfig = defineUseCase(
  "connectors.remove",
  { action: "admin.settings", callers: ["staff"] },
  async (actor, input: { key: string }): Promise<void> => {
    const key = configurable(input.key);
    await db.$transaction(async (tx) => {
      const gone = await tx.connectorConfig.deleteMany({ where: { key } });
      if (gone.count === 0) throw new AppError("not_found");
      await audit(tx, actor, { action: "connector.removed", targetType: "connector", targetId: key });
    });
  },
);

/**
 * Tests the stored configuration (enabled or not) with the system's cheapest read; stores and answers
 * "ok" or the failure's kind. `tuning`: tests only.
 */
export const testConnection = defineUseCase(
  "connectors.test",
  { action: "admin.settings", callers: ["staff"] },
  async (actor, input: { key: string; tuning?: TestTuning }): Promise<string> => {
    const key = configurable(input.key);
    const row = await db.connectorConfig.findUnique({ where: { key } });
    if (!row?.secretSealed) throw new AppError("not_allowed_now", { reason: "not_configured" });
    const settings = SETTINGS_SCHEMAS[key].safeParse(row.settings);
    if (!settings.success) throw new AppError("not_allowed_now", { reason: "not_configured" });
    let secret: Record<string, unknown> | null = null;
    try {
      const opened = SECRET_SCHEMAS[key].safeParse(openSecret(row.secretSealed));
      if (opened.success) secret = opened.data;
    } catch {
      // Sealed under another master key, or damaged: the secret must be typed again.
    }
    const result = secret
      ? await runConnectionTest(key, settings.data as Record<string, unknown>, secret, input.tuning)
      : `${key}_bad_secret`;
    await db.$transaction(async (tx) => {
      await tx.connectorConfig.updateMany({
        where: { key },
        data: { testedAt: new Date(), testResult: result },
      });
      await audit(tx, actor, {
        action: "connector.tested",
        targetType: "connector",
        targetId: key,
        meta: { result },
      });
    });
    return result;
  },
);
