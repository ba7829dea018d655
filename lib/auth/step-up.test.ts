// Step-up: the link goes to the signed-in person's own address (never one from the form), back to a
// path on the portal, and the page shows the address masked. Auth.js's own signIn is replaced by a
// recorder: what matters here is which address and which way back it is asked for.
import { describe, expect, it, vi } from "vitest";
import { personWithLogin } from "@/test/factories";

const signInCalls: { email: string; redirectTo: string }[] = [];
vi.mock("./auth", () => ({
  signIn: async (_provider: string, options: { email: string; redirectTo: string }) => {
    signInCalls.push({ email: options.email, redirectTo: options.redirectTo });
    return "http://localhost:3000/api/auth/verify-request?provider=email&type=email";
  },
}));

const { requestStepUpLink, stepUpAddress } = await import("./step-up");

describe("step-up", () => {
  it("is the signed-in person's own address, masked for the page", async () => {
    const { actor } = await personWithLogin();
    expect(await stepUpAddress(actor)).toBe(`t•••@test.example`);
  });

  it("sends the fresh link to the person's own address, back to a path on the portal", async () => {
    const { person, actor } = await personWithLogin();
    const from = { client: `test-${person.id}` };
    expect(await requestStepUpLink(actor, "/copy", from)).toEqual({ target: "/copy", outcome: "sent" });
    const call = signInCalls.find((c) => c.email === person.email);
    expect(call?.redirectTo).toContain("/copy?stepup=1");
    // Somewhere else is not a target: the link brings the person to their data instead.
    const away = await requestStepUpLink(actor, "https://elsewhere.example/phish", from);
    expect(away.target).toBe("/my-data");
  });

  it("is nothing for a session whose user no longer exists, and nothing is sent", async () => {
    const { person, actor } = await personWithLogin();
    const gone = { ...actor, userId: "00000000-0000-4000-8000-000000000000" };
    expect(await stepUpAddress(gone)).toBeNull();
    expect(await requestStepUpLink(gone, "/copy", { client: "test-gone" })).toMatchObject({
      outcome: "no_address",
    });
    expect(signInCalls.filter((c) => c.email === person.email)).toHaveLength(0);
  });

  it("is the person's own: impersonating staff and no one are refused", async () => {
    const { actor } = await personWithLogin();
    const impersonation = {
      ...actor,
      kind: "impersonation" as const,
      staffMemberId: "s",
      role: "staff" as const,
      name: "Ada",
      impersonationId: "i",
      reason: "Ticket",
      expiresAt: new Date(Date.now() + 60_000),
    };
    await expect(stepUpAddress(impersonation)).rejects.toMatchObject({ code: "forbidden" });
    await expect(requestStepUpLink(impersonation, "/copy", { client: "x" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(stepUpAddress(null)).rejects.toMatchObject({ code: "unauthenticated" });
  });
});
