// The step-up page's address: the signed-in person's own, from their session's user, shown masked.
import { describe, expect, it } from "vitest";
import { personWithLogin } from "@/test/factories";
import { maskedSignInAddress, signInAddress } from "./step-up";

describe("step-up address", () => {
  it("is the signed-in person's own address, masked for the page", async () => {
    const { person, actor } = await personWithLogin();
    expect(await signInAddress(actor)).toBe(person.email);
    expect(await maskedSignInAddress(actor)).toBe(`t•••@test.example`);
  });

  it("is nothing for a session whose user no longer exists", async () => {
    const { actor } = await personWithLogin();
    const gone = { ...actor, userId: "00000000-0000-4000-8000-000000000000" };
    expect(await signInAddress(gone)).toBeNull();
    expect(await maskedSignInAddress(gone)).toBeNull();
  });
});
