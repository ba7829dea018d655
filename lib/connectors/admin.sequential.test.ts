// Admins configure the connectors: the secret is sealed and never shown again, an empty secret keeps
// the stored one, bad input names its field and changes nothing, only admins may, every change is
// audited without the secret, and "test connection" stores its result. Against the local fake API.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../db";
import type { StaffActor } from "../auth/actor";
import { makeStaffActor } from "../../test/staff-support";
import { fakeApiForFile } from "../../test/connector-contract";
import {
  connectorSettingsView,
  parseConnectorForm,
  removeConnectorConfig,
  saveConnectorConfig,
  setConnectorEnabled,
  testConnection,
} from "./admin";
import { configViews, connectedConnectors, openSecret } from "./config";

const api = fakeApiForFile();
const tuning = { timeoutMs: 5_000, retry: { limit: 0 } };
const KEY = "wix-secret-key-ABCDEFGHIJKLMNOP-1234567890";
let staff: StaffActor;
let admin: StaffActor;
let since: Date;

beforeAll(async () => {
  staff = await makeStaffActor("staff");
  admin = await makeStaffActor("admin");
  api.route("POST", "/contacts/v4/contacts/query", (req) =>
    req.headers.authorization === KEY ? { json: { contacts: [] } } : { status: 401, json: {} },
  );
});

beforeEach(() => {
  since = new Date();
});

afterEach(async () => {
  await db.connectorConfig.deleteMany({
    where: { key: { in: ["wix", "microsoft_365", "google_analytics"] } },
  });
});

const wixForm = (over: Record<string, string> = {}) => ({
  siteId: "site-1",
  baseUrl: api.url,
  apiKey: KEY,
  ...over,
});

async function wixRow() {
  return db.connectorConfig.findUnique({ where: { key: "wix" } });
}

async function auditFor(action: string) {
  return db.auditEntry.findMany({
    where: { action, targetId: "wix", actorId: admin.staffMemberId, at: { gte: since } },
  });
}

describe("saving a configuration", () => {
  it("a staff member who is not an admin is refused and nothing is stored; an admin saves it", async () => {
    await expect(saveConnectorConfig(staff, { key: "wix", values: wixForm() })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await wixRow()).toBeNull();

    await saveConnectorConfig(admin, { key: "wix", values: wixForm() });
    const row = await wixRow();
    expect(row).toMatchObject({ enabled: true, settings: { siteId: "site-1", baseUrl: api.url } });
    expect(row!.updatedById).toBe(admin.staffMemberId);
  });

  it("seals the secret: the row's bytes do not hold it, the views never return it, it opens again", async () => {
    await saveConnectorConfig(admin, { key: "wix", values: wixForm() });
    const row = (await wixRow())!;
    const sealed = Buffer.from(row.secretSealed!);
    expect(sealed.includes(Buffer.from(KEY))).toBe(false);
    expect(sealed.includes(Buffer.from("ABCDEFGHIJKLMNOP"))).toBe(false);
    expect(JSON.stringify(row.settings)).not.toContain(KEY);
    expect(openSecret(row.secretSealed!)).toEqual({ apiKey: KEY });

    const views = await configViews();
    expect(JSON.stringify(views)).not.toContain(KEY);
    expect(views.find((v) => v.key === "wix")).toMatchObject({ hasSecret: true, enabled: true });
    const page = await connectorSettingsView(admin);
    expect(JSON.stringify(page)).not.toContain(KEY);
    expect(page.find((v) => v.key === "wix")).toMatchObject({
      status: "configured",
      form: { siteId: "site-1", baseUrl: api.url },
    });

    // Audited, with neither the secret nor the settings' values.
    const [entry] = await auditFor("connector.configured");
    expect(entry).toBeTruthy();
    const stored = JSON.stringify({ ...entry, seq: String(entry!.seq) });
    expect(stored).not.toContain(KEY);
    expect(stored).not.toContain("site-1");
    expect(entry!.meta).toEqual({ settings: "changed", secret: "replaced" });
  });

  it("an empty secret keeps the stored one; a new one replaces it", async () => {
    await saveConnectorConfig(admin, { key: "wix", values: wixForm() });
    const first = (await wixRow())!.secretSealed!;
    await saveConnectorConfig(admin, { key: "wix", values: wixForm({ siteId: "site-2", apiKey: "" }) });
    const kept = (await wixRow())!;
    expect(kept.settings).toMatchObject({ siteId: "site-2" });
    expect(Buffer.from(kept.secretSealed!).equals(Buffer.from(first))).toBe(true);
    expect(openSecret(kept.secretSealed!)).toEqual({ apiKey: KEY });

    await saveConnectorConfig(admin, { key: "wix", values: wixForm({ apiKey: "another-key" }) });
    expect(openSecret((await wixRow())!.secretSealed!)).toEqual({ apiKey: "another-key" });
  });

  it("bad input names each field and changes nothing", async () => {
    // No secret stored yet: the secret is required.
    await expect(
      saveConnectorConfig(admin, { key: "wix", values: wixForm({ siteId: "", apiKey: "" }) }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      detail: { siteId: "required", apiKey: "secret_required" },
    });
    expect(await wixRow()).toBeNull();

    await saveConnectorConfig(admin, { key: "wix", values: wixForm() });
    const before = await wixRow();
    await expect(
      saveConnectorConfig(admin, { key: "wix", values: wixForm({ baseUrl: "not an address", apiKey: "" }) }),
    ).rejects.toMatchObject({ code: "invalid_input", detail: { baseUrl: "url" } });
    expect(await wixRow()).toEqual(before);
    expect(await auditFor("connector.configured")).toHaveLength(1);

    await expect(saveConnectorConfig(admin, { key: "nope", values: {} })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("Microsoft 365: lists as lines, mailboxes one a line; a bad line or nothing to search is named", async () => {
    const values = {
      tenantId: "tenant",
      clientId: "client",
      clientSecret: "secret",
      lists: "site-a | Customers | Email\n\n site-b|Leads|Mail ",
      mailboxes: "info@example.test\nsupport@example.test\n",
    };
    await saveConnectorConfig(admin, { key: "microsoft_365", values });
    const row = await db.connectorConfig.findUniqueOrThrow({ where: { key: "microsoft_365" } });
    expect(row.settings).toEqual({
      tenantId: "tenant",
      clientId: "client",
      lists: [
        { site: "site-a", list: "Customers", emailColumn: "Email" },
        { site: "site-b", list: "Leads", emailColumn: "Mail" },
      ],
      mailboxes: ["info@example.test", "support@example.test"],
    });
    const view = (await connectorSettingsView(admin)).find((v) => v.key === "microsoft_365")!;
    expect(view.form.lists).toBe("site-a | Customers | Email\nsite-b | Leads | Mail");

    expect(() =>
      parseConnectorForm("microsoft_365", { ...values, lists: "site-a | Customers" }, { hasSecret: true }),
    ).toThrow(expect.objectContaining({ detail: { lists: "list_line" } }));
    expect(() =>
      parseConnectorForm("microsoft_365", { ...values, lists: "", mailboxes: "" }, { hasSecret: true }),
    ).toThrow(expect.objectContaining({ detail: { lists: "lists_or_mailboxes" } }));
  });

  it("Google Analytics: the key must be JSON with its client email and private key; digits for the property", async () => {
    const base = { propertyId: "123", key: "" };
    expect(() =>
      parseConnectorForm("google_analytics", { ...base, key: "{not json" }, { hasSecret: false }),
    ).toThrow(expect.objectContaining({ detail: { key: "not_json" } }));
    expect(() =>
      parseConnectorForm(
        "google_analytics",
        { ...base, key: '{"type":"service_account"}' },
        { hasSecret: false },
      ),
    ).toThrow(expect.objectContaining({ detail: { key: "key_fields" } }));
    expect(() =>
      parseConnectorForm("google_analytics", { propertyId: "G-123", key: "" }, { hasSecret: true }),
    ).toThrow(expect.objectContaining({ detail: { propertyId: "format" } }));
    const key = {
      client_email: "sa@p.iam.gserviceaccount.com",
      private_key: "x".repeat(200),
      type: "service_account",
    };
    const parsed = parseConnectorForm(
      "google_analytics",
      { ...base, key: JSON.stringify(key) },
      { hasSecret: false },
    );
    expect(parsed.secret).toEqual({ key: { client_email: key.client_email, private_key: key.private_key } });
  });
});

describe("test connection", () => {
  it("a staff member who is not an admin is refused; an admin's test against the fake is ok, stored and audited", async () => {
    await saveConnectorConfig(admin, { key: "wix", values: wixForm() });
    await expect(testConnection(staff, { key: "wix", tuning })).rejects.toMatchObject({ code: "forbidden" });
    expect((await wixRow())!.testedAt).toBeNull();

    expect(await testConnection(admin, { key: "wix", tuning })).toBe("ok");
    const row = (await wixRow())!;
    expect(row.testResult).toBe("ok");
    expect(row.testedAt).toBeInstanceOf(Date);
    expect(api.requestsTo("POST", "/contacts/v4/contacts/query")).toHaveLength(1);
    const [entry] = await auditFor("connector.tested");
    expect(entry!.meta).toEqual({ result: "ok" });
  });

  it("a wrong key: the fake answers 401 and the result is 'rejected'; a change forgets the last test", async () => {
    await saveConnectorConfig(admin, { key: "wix", values: wixForm({ apiKey: "wrong-key" }) });
    const result = await testConnection(admin, { key: "wix", tuning });
    expect(result).toBe("wix_unauthorized");
    expect((await wixRow())!.testResult).toBe("wix_unauthorized");

    await saveConnectorConfig(admin, { key: "wix", values: wixForm() });
    expect(await wixRow()).toMatchObject({ testedAt: null, testResult: null });
  });

  it("nothing configured: refused with a reason", async () => {
    await expect(testConnection(admin, { key: "wix", tuning })).rejects.toMatchObject({
      code: "not_allowed_now",
      detail: { reason: "not_configured" },
    });
  });
});

describe("enabling, disabling and removing", () => {
  it("a staff member who is not an admin can do neither; an admin disables, enables and removes", async () => {
    await saveConnectorConfig(admin, { key: "wix", values: wixForm() });
    expect((await connectedConnectors()).has("wix")).toBe(true);

    await expect(setConnectorEnabled(staff, { key: "wix", enabled: false })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(removeConnectorConfig(staff, { key: "wix" })).rejects.toMatchObject({ code: "forbidden" });
    expect((await wixRow())!.enabled).toBe(true);

    await setConnectorEnabled(admin, { key: "wix", enabled: false });
    expect((await connectedConnectors()).has("wix")).toBe(false);
    expect((await connectorSettingsView(admin)).find((v) => v.key === "wix")!.status).toBe("disabled");
    await setConnectorEnabled(admin, { key: "wix", enabled: true });
    expect((await connectedConnectors()).has("wix")).toBe(true);
    expect(await auditFor("connector.disabled")).toHaveLength(1);
    expect(await auditFor("connector.enabled")).toHaveLength(1);

    await removeConnectorConfig(admin, { key: "wix" });
    expect(await wixRow()).toBeNull();
    expect((await connectedConnectors()).has("wix")).toBe(false);
    expect((await connectorSettingsView(admin)).find((v) => v.key === "wix")!.status).toBe("not_configured");
    expect(await auditFor("connector.removed")).toHaveLength(1);
    await expect(removeConnectorConfig(admin, { key: "wix" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("the settings view is for admins only", async () => {
    await expect(connectorSettingsView(staff)).rejects.toMatchObject({ code: "forbidden" });
    const views = await connectorSettingsView(admin);
    expect(views.map((v) => v.key)).toEqual(["wix", "microsoft_365", "paypal", "google_analytics"]);
  });
});
