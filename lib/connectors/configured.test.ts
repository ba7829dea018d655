// Every text about a recipient follows its real configuration: the newsletter partner is "automatic"
// only with RESEND_API_KEY set; without it the erasure plan, the correction notices and the copy's
// staff searches all say (and do) that staff reach it.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { makePerson } from "../../test/factories";
import { seedDataMap } from "../datamap/policy-map";
import { computePlan } from "../erasure/plan";
import { DEFAULT_SETTINGS } from "../settings";
import { connectorConnected, toldBy } from "./configured";
import { manualConnector } from "./manual";

const saved = process.env.RESEND_API_KEY;

function configure(key: string | undefined) {
  if (key === undefined) delete process.env.RESEND_API_KEY;
  else process.env.RESEND_API_KEY = key;
}

beforeAll(async () => {
  await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
});
afterEach(() => configure(saved));

async function newsletterInPlan() {
  const person = await makePerson();
  const plan = await db.$transaction((tx) => computePlan(tx, person.id, "sv", DEFAULT_SETTINGS, new Date()));
  return plan.recipients.find((r) => r.key === "newsletter");
}

describe("the newsletter partner's configuration", () => {
  it("connected (RESEND_API_KEY set): automatic everywhere, no staff search for it", async () => {
    configure("re_test_configured");
    expect(connectorConnected("newsletter")).toBe(true);
    expect(toldBy("connector")).toBe("automatic");
    expect(toldBy("staff_task")).toBe("staff");
    expect((await newsletterInPlan())?.automated).toBe(true);
    expect(await manualConnector.recipients()).not.toContain("newsletter");
  });

  it("not configured: staff tell it, in the plan, the correction notices and the copy's searches", async () => {
    configure(undefined);
    expect(connectorConnected("newsletter")).toBe(false);
    expect(toldBy("connector")).toBe("staff");
    expect((await newsletterInPlan())?.automated).toBe(false);
    expect(await manualConnector.recipients()).toContain("newsletter");
  });

  it("an empty key is no configuration, and unknown connectors are never connected", () => {
    configure("");
    expect(connectorConnected("newsletter")).toBe(false);
    configure("re_test_configured");
    expect(connectorConnected("manual")).toBe(false);
    expect(connectorConnected("constructor")).toBe(false);
  });
});
