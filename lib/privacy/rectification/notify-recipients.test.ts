// Art. 19 notices against the real database: only the recipients that hold a changed field are told,
// nothing when nothing changed, and one open task per recipient, person and kind that later changes
// join until staff mark it done, also under concurrent saves.
import { beforeAll, describe, expect, it } from "vitest";
import { partnerConnected, withPartnerConnected } from "@/test/newsletter-partner";
import { db } from "@/lib/db";
import { seedDataMap } from "@/lib/datamap/policy-map";
import { completeTask } from "@/lib/staff/tasks";
import { correctDetails } from "./correct-details";
import { personWithLogin, staffActor, syncJobs, tasksByKind } from "../../../test/rectification-support";

// The newsletter partner is connected unless a test says otherwise.
withPartnerConnected();

beforeAll(async () => {
  await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
});

const billing = (street: string) => ({
  section: "billing" as const,
  billingStreet: street,
  billingPostcode: "11451",
  billingCity: "Stockholm",
  billingCountry: "SE",
});

const delivery = (street: string) => ({
  section: "delivery" as const,
  deliveryStreet: street,
  deliveryPostcode: "11134",
  deliveryCity: "Stockholm",
  deliveryCountry: "SE",
});

async function openTasks(personId: string) {
  const rows = await db.recipientTask.findMany({
    where: { personId, status: "open" },
    orderBy: [{ recipientKey: "asc" }, { kind: "asc" }],
  });
  return rows.map((t) => ({ recipient: t.recipientKey, kind: t.kind, fields: t.fields, detail: t.detail }));
}

describe("only the recipients that hold a changed field are told", () => {
  it("a billing address: Microsoft 365 and PayPal (the invoicing system); no transport, WIX or newsletter", async () => {
    const { person, actor } = await personWithLogin();
    const r = await correctDetails(actor, billing("Drottninggatan 1"));
    expect(r.told.map((t) => [t.recipientKey, t.taskKind, t.fields])).toEqual([
      [
        "m365",
        "correction_instruction",
        ["billingCity", "billingCountry", "billingPostcode", "billingStreet"],
      ],
      ["paypal", "correction_notice", ["billingCity", "billingCountry", "billingPostcode", "billingStreet"]],
    ]);
    expect(await tasksByKind(person.id)).toEqual({
      correction_instruction: ["m365"],
      correction_notice: ["paypal"],
    });
    expect(await syncJobs(person.id)).toBe(0);
  });

  it("a delivery address: Microsoft 365 and the transport companies, not PayPal", async () => {
    const { person, actor } = await personWithLogin();
    await correctDetails(actor, delivery("Sveavägen 44"));
    expect(await tasksByKind(person.id)).toEqual({
      correction_instruction: ["m365"],
      correction_notice: ["transport"],
    });
  });

  it("a phone number: everyone who contacts the person by phone, not the newsletter partner", async () => {
    const { person, actor } = await personWithLogin();
    await correctDetails(actor, { section: "phone", phone: "0701234567" });
    expect(await tasksByKind(person.id)).toEqual({
      correction_instruction: ["m365", "wix"],
      correction_notice: ["paypal", "transport"],
    });
    expect(await syncJobs(person.id)).toBe(0);
  });

  it("a name: the newsletter partner through its connector (its automated path is kept)", async () => {
    const { person, actor } = await personWithLogin();
    const r = await correctDetails(actor, { section: "name", firstName: "Ny", lastName: "Person" });
    expect(r.told.find((t) => t.recipientKey === "newsletter")).toMatchObject({
      how: "connector",
      taskId: null,
      fields: ["firstName"],
    });
    expect(await syncJobs(person.id)).toBe(1);
    expect(await tasksByKind(person.id)).toEqual({
      correction_instruction: ["m365"],
      correction_notice: ["paypal", "transport"],
    });
  });
});

describe("the newsletter partner without its connector configured", () => {
  it("a name: staff are given the instruction, and no sync job is queued", async () => {
    partnerConnected(false);
    try {
      const { person, actor } = await personWithLogin();
      const r = await correctDetails(actor, { section: "name", firstName: "Utan", lastName: "Nyckel" });
      expect(r.told.find((t) => t.recipientKey === "newsletter")).toMatchObject({
        how: "staff_task",
        taskKind: "correction_instruction",
        fields: ["firstName", "lastName"],
      });
      expect(await syncJobs(person.id)).toBe(0);
      expect((await tasksByKind(person.id)).correction_instruction).toContain("newsletter");
    } finally {
      partnerConnected(true);
    }
  });
});

describe("nothing changed: nobody is told", () => {
  it("a save with the stored values opens no task, queues no job and audits no notice", async () => {
    const { person, actor } = await personWithLogin();
    const same = await correctDetails(actor, { section: "name", firstName: "Test", lastName: "Person" });
    expect([same.changed, same.told]).toEqual([[], []]);
    await correctDetails(actor, billing("Drottninggatan 1"));
    const tasksAfterFirst = await db.recipientTask.count({ where: { personId: person.id } });
    const again = await correctDetails(actor, billing("Drottninggatan 1"));
    expect([again.changed, again.told]).toEqual([[], []]);
    expect(await db.recipientTask.count({ where: { personId: person.id } })).toBe(tasksAfterFirst);
    expect(
      await db.auditEntry.count({ where: { personId: person.id, action: "rectification.recipient_told" } }),
    ).toBe(2);
    expect(await syncJobs(person.id)).toBe(0);
  });
});

describe("one open task per recipient, person and kind", () => {
  it("a second save joins the open task, whose details list every field changed since it opened", async () => {
    const { person, actor } = await personWithLogin();
    const first = await correctDetails(actor, { section: "name", firstName: "Ny", lastName: "Person" });
    const second = await correctDetails(actor, billing("Drottninggatan 1"));
    const m365First = first.told.find((t) => t.recipientKey === "m365")!;
    const m365Second = second.told.find((t) => t.recipientKey === "m365")!;
    expect([m365First.joined, m365Second.joined, m365Second.taskId]).toEqual([false, true, m365First.taskId]);
    expect(await openTasks(person.id)).toEqual([
      {
        recipient: "m365",
        kind: "correction_instruction",
        fields: ["billingCity", "billingCountry", "billingPostcode", "billingStreet", "firstName"],
        detail: null, // the fields are the facts: no sentence in any language
      },
      {
        recipient: "paypal",
        kind: "correction_notice",
        fields: ["billingCity", "billingCountry", "billingPostcode", "billingStreet", "firstName"],
        detail: null, // the fields are the facts: no sentence in any language
      },
      // The transport companies hold the name, not the billing address: their task is unchanged.
      {
        recipient: "transport",
        kind: "correction_notice",
        fields: ["firstName"],
        detail: null, // the fields are the facts: no sentence in any language
      },
    ]);
    // A third save of the same field adds nothing new to the list, and still no second task.
    await correctDetails(actor, { section: "name", firstName: "Nyare", lastName: "Person" });
    expect(await db.recipientTask.count({ where: { personId: person.id } })).toBe(3);
    // Another person's changes never join this person's task.
    const other = await personWithLogin();
    await correctDetails(other.actor, billing("Kungsgatan 2"));
    expect((await openTasks(person.id)).find((t) => t.recipient === "m365")!.fields).toHaveLength(5);
  });

  it("after staff mark the task done, a new change opens a new task with only its own fields", async () => {
    const { person, actor } = await personWithLogin();
    const staff = await staffActor();
    const first = await correctDetails(actor, billing("Drottninggatan 1"));
    const doneId = first.told.find((t) => t.recipientKey === "m365")!.taskId!;
    await completeTask(staff, { taskId: doneId });
    const next = await correctDetails(actor, { section: "phone", phone: "0701234567" });
    const fresh = next.told.find((t) => t.recipientKey === "m365")!;
    expect(fresh.joined).toBe(false);
    expect(fresh.taskId).not.toBe(doneId);
    expect(await db.recipientTask.findUniqueOrThrow({ where: { id: doneId } })).toMatchObject({
      status: "done",
      fields: ["billingCity", "billingCountry", "billingPostcode", "billingStreet"],
    });
    expect(await db.recipientTask.findUniqueOrThrow({ where: { id: fresh.taskId! } })).toMatchObject({
      status: "open",
      fields: ["phone"],
    });
    // PayPal's task was not ticked: the phone joined it.
    expect((await openTasks(person.id)).find((t) => t.recipient === "paypal")!.fields).toEqual([
      "billingCity",
      "billingCountry",
      "billingPostcode",
      "billingStreet",
      "phone",
    ]);
  });

  it("concurrent saves of different sections give one open task per recipient with every field", async () => {
    const { person, actor } = await personWithLogin();
    await Promise.all([
      correctDetails(actor, billing("Drottninggatan 1")),
      correctDetails(actor, delivery("Sveavägen 44")),
      correctDetails(actor, { section: "phone", phone: "0701234567" }),
      correctDetails(actor, { section: "name", firstName: "Samtidig", lastName: "Person" }),
    ]);
    const open = await openTasks(person.id);
    expect(open.map((t) => t.recipient)).toEqual(["m365", "paypal", "transport", "wix"]);
    expect(open.find((t) => t.recipient === "m365")!.fields).toEqual([
      "billingCity",
      "billingCountry",
      "billingPostcode",
      "billingStreet",
      "deliveryCity",
      "deliveryCountry",
      "deliveryPostcode",
      "deliveryStreet",
      "firstName",
      "phone",
    ]);
    expect(open.find((t) => t.recipient === "wix")!.fields).toEqual(["phone"]);
  });
});
