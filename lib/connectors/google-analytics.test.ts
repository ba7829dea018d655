// The Google Analytics 4 connector's contract, against a local fake of the Analytics Admin API and of
// Google's token endpoint (a real service-account JWT, signed and verified).
import { exportPKCS8, exportSPKI, generateKeyPair, importSPKI, jwtVerify } from "jose";
import type { google } from "@google-analytics/admin/build/protos/protos";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ctx,
  expectNoPersonalData,
  expectNotConfigured,
  listCtx,
  subjectFor,
  thrown,
  fakeApiForFile,
} from "../../test/connector-contract";
import type { RecordedRequest } from "../../test/fake-api";
import { GA_SCOPE, googleAnalyticsConnector, type GoogleAnalyticsConfig } from "./google-analytics";

type DeletionRequest = google.analytics.admin.v1alpha.ISubmitUserDeletionRequest;

const PATH = "/v1alpha/properties/{property}:submitUserDeletion";
const subject = subjectFor("nils@example.test", null);

const api = fakeApiForFile();
let config: GoogleAnalyticsConfig;
let tokensIssued = 0;

/**
 * The API's answer. Fixture shape: @google-analytics/admin, google.analytics.admin.v1alpha
 * .ISubmitUserDeletionResponse { deletionRequestTime: google.protobuf.ITimestamp }; over REST (JSON) a
 * Timestamp is an RFC 3339 string.
 */
function deletionResponse(at: string) {
  const proto: google.analytics.admin.v1alpha.ISubmitUserDeletionResponse = {
    deletionRequestTime: { seconds: Math.floor(Date.parse(at) / 1000) },
  };
  expect(proto.deletionRequestTime).toBeTruthy();
  return { deletionRequestTime: at };
}

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const spki = await importSPKI(await exportSPKI(publicKey), "RS256");
  const tokenUrl = `${api.url}/token`;
  // Google's token endpoint: verifies the signed JWT and its scope, issues "ga-token-N".
  api.route("POST", "/token", async (req) => {
    const form = req.body as Record<string, string>;
    const { payload } = await jwtVerify(form.assertion!, spki, { audience: tokenUrl });
    if (payload.scope !== GA_SCOPE) return { status: 400, json: { error: "invalid_scope" } };
    tokensIssued += 1;
    return { json: { access_token: `ga-token-${tokensIssued}`, expires_in: 3599, token_type: "Bearer" } };
  });
  config = {
    propertyId: "123456",
    key: { client_email: "portal@p.iam.gserviceaccount.com", private_key: await exportPKCS8(privateKey) },
    tokenUrl,
    baseUrl: api.url,
    http: { retry: { backoffMs: 5, backoffLimitMs: 20 } },
  };
});
beforeEach(() => {
  api.route("POST", PATH, () => ({ json: deletionResponse("2026-12-04T10:00:00.000Z") }));
});

const deletions = (): RecordedRequest[] => api.requestsTo("POST", PATH);

describe("Google Analytics 4 connector", () => {
  it("not configured: says so for the copy and the erasure, and calls nothing", async () => {
    await expectNotConfigured(
      api,
      googleAnalyticsConnector({ baseUrl: api.url }, async () => ["1.2"]),
      subject,
      { erase: true, listCtx: { ...listCtx, locale: "sv" } },
    );
  });

  it("a copy reports that GA4 cannot export one person's data, without asking it", async () => {
    const ga = googleAnalyticsConnector(config);
    const listing = await ga.list(subject, listCtx);
    expect(listing).toEqual({ status: "no_export" });
    expect(api.requests).toHaveLength(0);
    expect(await ga.recipients()).toEqual(["google_analytics"]);
  });

  it("erases: one deletion request per client id, exactly one identifier each, with the service account's token", async () => {
    const ga = googleAnalyticsConnector(config, async () => ["111.222", "333.444", "111.222"]);
    expect(await ga.erase!(subject, ctx)).toEqual({
      status: "done",
      count: 2,
      at: "2026-12-04T10:00:00.000Z",
    });
    const sent = deletions();
    expect(sent.map((r) => r.path)).toEqual([
      "/v1alpha/properties/123456:submitUserDeletion",
      "/v1alpha/properties/123456:submitUserDeletion",
    ]);
    // Fixture shape: @google-analytics/admin, google.analytics.admin.v1alpha.ISubmitUserDeletionRequest.
    const bodies = sent.map((r) => r.body as DeletionRequest);
    expect(bodies).toEqual([{ clientId: "111.222" }, { clientId: "333.444" }]);
    for (const r of sent) {
      expect(r.headers.authorization).toMatch(/^Bearer ga-token-\d+$/);
      expect(r.headers["content-type"]).toContain("application/json");
    }
    // The body never names the person.
    expect(sent.map((r) => r.rawBody).join()).not.toContain(subject.email);
  });

  it("with no identifier known for the person, nothing is held there that could be linked to them", async () => {
    const ga = googleAnalyticsConnector(config, async () => []);
    expect(await ga.erase!(subject, ctx)).toEqual({ status: "nothing_held" });
    expect(deletions()).toHaveLength(0);
  });

  it("is idempotent: erasing again after success is done again", async () => {
    const ga = googleAnalyticsConnector(config, async () => ["111.222"]);
    expect((await ga.erase!(subject, ctx)).status).toBe("done");
    expect((await ga.erase!(subject, ctx)).status).toBe("done");
    expect(deletions()).toHaveLength(2);
  });

  it("waits out a 429 with Retry-After, and retries a 500", async () => {
    api.script("POST", PATH, { status: 429, headers: { "retry-after": "1" } }, { status: 500 });
    const ga = googleAnalyticsConnector(config, async () => ["111.222"]);
    const started = Date.now();
    expect((await ga.erase!(subject, ctx)).status).toBe("done");
    expect(deletions()).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("an expired token (401) is renewed once at the token endpoint", async () => {
    const ga = googleAnalyticsConnector(config, async () => ["111.222"]);
    await ga.erase!(subject, ctx);
    const before = tokensIssued;
    api.clear();
    api.script("POST", PATH, {
      status: 401,
      json: { error: { code: 401, status: "UNAUTHENTICATED", message: "Request had invalid credentials." } },
    });
    expect((await ga.erase!(subject, ctx)).status).toBe("done");
    expect(tokensIssued).toBe(before + 1);
    const [first, second] = deletions();
    expect(first?.headers.authorization).not.toBe(second?.headers.authorization);
    expect(second?.headers.authorization).toBe(`Bearer ga-token-${tokensIssued}`);
  });

  it("a refusal fails the erasure with a kind, never the API's message or the identifier", async () => {
    api.route("POST", PATH, {
      status: 400,
      json: {
        error: { code: 400, status: "INVALID_ARGUMENT", message: "clientId 999.888 of nils@example.test" },
      },
    });
    const ga = googleAnalyticsConnector(config, async () => ["999.888"]);
    const err = await thrown(ga.erase!(subject, ctx));
    expect(err.kind).toBe("google_analytics_rejected");
    expectNoPersonalData(err, /999\.888|nils/);
  });

  it("a property id that is not a number is a configuration error", async () => {
    const ga = googleAnalyticsConnector({ ...config, propertyId: "properties/1" }, async () => ["1"]);
    await expect(ga.erase!(subject, ctx)).rejects.toMatchObject({ kind: "google_analytics_bad_config" });
  });
});
