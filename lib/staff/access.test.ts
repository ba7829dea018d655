// Nobody but staff reaches a staff use-case: not a person, not staff while viewing as a person; and
// only admins change settings, the data map or see every impersonation. Each use-case is called with
// real ids of a real person, so a missing check would do something here.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { makePerson } from "../../test/factories";
import { createRequest } from "../privacy/requests";
import { createRecipientTask } from "../privacy/tasks";
import { stockholmDay } from "../privacy/legal-clock";
import type { Actor, StaffActor } from "../auth/actor";
import { searchPeople } from "./search";
import { getPersonForStaff } from "./person";
import { registerRequest, resendConfirmation } from "./intake";
import { getRequestForStaff, listRequestQueue, queueSummary } from "./queue";
import { addRequestNote, assignRequest, extendRequest, refuseRequest, resolveRequest } from "./decisions";
import { decideCopy } from "./copy-decision";
import { completeTask, listOpenTasks } from "./tasks";
import { listImpersonations, startImpersonation } from "./impersonation";
import { listAuditEntries } from "./audit-log";
import { announceLift, liftRestriction } from "./restriction";
import {
  getSettingsView,
  saveCategory,
  saveConsentTopic,
  saveGeneralSettings,
  savePurpose,
  saveRecipient,
} from "./settings";
import { addStaff, listStaff, setStaffActive } from "./allow-list";
import { listGoLive } from "../datamap/go-live";
import { impersonating, makePersonActor, makeStaffActor } from "../../test/staff-support";
import { allUseCases } from "../../test/use-cases";
import { createApiKey, listApiKeys, revokeApiKey } from "./api-keys";
import { newsletterOverview, previewNewsletter } from "../newsletter/send-newsletter";
import { listStuckSyncs } from "../newsletter/stuck-syncs";
import { getIdentityCorrection } from "../privacy/rectification/identity-corrections";
import { decideIdentityCorrection } from "../privacy/rectification/decide-identity-correction";
import {
  connectorSettingsView,
  removeConnectorConfig,
  saveConnectorConfig,
  setConnectorEnabled,
  testConnection,
} from "../connectors/admin";

let staff: StaffActor;
let admin: StaffActor;
let victim: { id: string; email: string };
let requestId: string;
let taskId: string;

beforeAll(async () => {
  staff = await makeStaffActor("staff");
  admin = await makeStaffActor("admin");
  victim = await makePerson();
  const request = await db.$transaction((tx) =>
    createRequest(tx, { personId: victim.id, type: "further_copy" }),
  );
  requestId = request.id;
  taskId = (
    await db.$transaction((tx) =>
      createRecipientTask(tx, { requestId, personId: victim.id, recipientKey: "paypal", kind: "search" }),
    )
  ).id;
  await db.person.update({
    where: { id: victim.id },
    data: { restrictedAt: new Date(), restrictionReason: "legal_claims" },
  });
});

/** A use-case and a call of it with the victim's ids. */
type Call = [{ useCase: { name: string } }, (a: Actor) => Promise<unknown>];

function staffUseCases(): Call[] {
  const today = stockholmDay(new Date());
  return [
    [searchPeople, (a) => searchPeople(a, victim.email)],
    [getPersonForStaff, (a) => getPersonForStaff(a, victim.id)],
    [
      registerRequest,
      (a) =>
        registerRequest(a, { personId: victim.id, type: "deletion", channel: "phone", receivedDate: today }),
    ],
    [resendConfirmation, (a) => resendConfirmation(a, requestId)],
    [listRequestQueue, (a) => listRequestQueue(a)],
    [queueSummary, (a) => queueSummary(a)],
    [getRequestForStaff, (a) => getRequestForStaff(a, requestId)],
    [assignRequest, (a) => assignRequest(a, { requestId, staffMemberId: null })],
    [addRequestNote, (a) => addRequestNote(a, { requestId, text: "x" })],
    [resolveRequest, (a) => resolveRequest(a, { requestId })],
    [extendRequest, (a) => extendRequest(a, { requestId, months: 2, reason: "Because I say so" })],
    [refuseRequest, (a) => refuseRequest(a, { requestId, reason: "Because I say so", ground: "excessive" })],
    [decideCopy, (a) => decideCopy(a, { requestId, decision: "free" })],
    [listOpenTasks, (a) => listOpenTasks(a)],
    [completeTask, (a) => completeTask(a, { taskId })],
    [startImpersonation, (a) => startImpersonation(a, { personId: victim.id, reason: "curious" })],
    [listAuditEntries, (a) => listAuditEntries(a, { personId: victim.id })],
    [announceLift, (a) => announceLift(a, { personId: victim.id, reason: "Because I say so" })],
    [liftRestriction, (a) => liftRestriction(a, victim.id)],
    [getIdentityCorrection, (a) => getIdentityCorrection(a, requestId)],
    [decideIdentityCorrection, (a) => decideIdentityCorrection(a, requestId, "confirm")],
    [listStuckSyncs, (a) => listStuckSyncs(a)],
  ];
}

function adminUseCases(): Call[] {
  return [
    [getSettingsView, (a) => getSettingsView(a)],
    [saveGeneralSettings, (a) => saveGeneralSettings(a, { coolingOffDays: 0 })],
    [saveCategory, (a) => saveCategory(a, { key: "contact", legalBasis: "consent" })],
    [savePurpose, (a) => savePurpose(a, { key: "marketing", legalBasis: "consent" })],
    [saveRecipient, (a) => saveRecipient(a, { key: "paypal", role: "processor", outsideEea: "no" })],
    [
      saveConsentTopic,
      (a) => saveConsentTopic(a, { key: "hacked", nameSv: "x", nameEn: "x", sortOrder: "1" }),
    ],
    [listImpersonations, (a) => listImpersonations(a)],
    [listGoLive, (a) => listGoLive(a, "sv")],
    [listStaff, (a) => listStaff(a)],
    [addStaff, (a) => addStaff(a, { email: "evil@test.example", name: "Evil", role: "admin" })],
    [setStaffActive, (a) => setStaffActive(a, admin.staffMemberId, false)],
    [listApiKeys, (a) => listApiKeys(a)],
    [createApiKey, (a) => createApiKey(a, { name: "Evil", scopes: ["ingest:invoices"] })],
    [revokeApiKey, (a) => revokeApiKey(a, requestId)],
    [newsletterOverview, (a) => newsletterOverview(a)],
    [connectorSettingsView, (a) => connectorSettingsView(a)],
    [
      saveConnectorConfig,
      (a) => saveConnectorConfig(a, { key: "wix", values: { siteId: "evil", apiKey: "k" } }),
    ],
    [setConnectorEnabled, (a) => setConnectorEnabled(a, { key: "wix", enabled: false })],
    [removeConnectorConfig, (a) => removeConnectorConfig(a, { key: "wix" })],
    [testConnection, (a) => testConnection(a, { key: "wix" })],
    [
      previewNewsletter,
      (a) =>
        previewNewsletter(a, {
          topic: "newsletter",
          subjectSv: "x",
          bodySv: "x",
          subjectEn: "x",
          bodyEn: "x",
        }),
    ],
  ];
}

async function snapshot() {
  const [requests, request, task, person, impersonations, staffRows, settings, topics, apiKeys] =
    await Promise.all([
      db.request.count({ where: { personId: victim.id } }),
      db.request.findUniqueOrThrow({ where: { id: requestId } }),
      db.recipientTask.findUniqueOrThrow({ where: { id: taskId } }),
      db.person.findUniqueOrThrow({ where: { id: victim.id } }),
      db.impersonation.count({ where: { personId: victim.id } }),
      db.staffMember.count({ where: { email: "evil@test.example" } }),
      db.setting.findMany({ orderBy: { key: "asc" } }),
      db.consentTopic.count({ where: { key: "hacked" } }),
      db.apiKey.count({ where: { name: "Evil" } }),
    ]);
  return { requests, request, task, person, impersonations, staffRows, settings, topics, apiKeys };
}

describe("staff use-cases refuse everyone but staff", () => {
  it("the calls below cover every registered use-case that only staff may call", async () => {
    const registry = await allUseCases();
    const staffOnly = [...registry.values()]
      .filter((uc) => uc.callers.every((c) => c === "staff"))
      .map((uc) => uc.name)
      .sort();
    const called = [...staffUseCases(), ...adminUseCases()].map(([uc]) => uc.useCase.name).sort();
    expect(called).toEqual(staffOnly);
  });

  it("a person, acting on another person's ids, gets 'forbidden' from every staff and admin use-case and changes nothing", async () => {
    const attacker = await makePerson();
    const person = await makePersonActor(attacker.id);
    const before = await snapshot();
    for (const [
      {
        useCase: { name },
      },
      run,
    ] of [...staffUseCases(), ...adminUseCases()]) {
      await expect(run(person), name).rejects.toMatchObject({ code: "forbidden" });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("staff viewing the portal as a person cannot use the staff console", async () => {
    const imp = impersonating(staff, victim.id);
    for (const [
      {
        useCase: { name },
      },
      run,
    ] of [...staffUseCases(), ...adminUseCases()]) {
      await expect(run(imp), name).rejects.toMatchObject({ code: "forbidden" });
    }
  });

  it("no session at all: unauthenticated", async () => {
    for (const [
      {
        useCase: { name },
      },
      run,
    ] of staffUseCases()) {
      await expect(run(null as unknown as Actor), name).rejects.toMatchObject({ code: "unauthenticated" });
    }
  });

  it("a staff member without admin cannot change settings, the data map or the allow-list", async () => {
    const before = await snapshot();
    for (const [
      {
        useCase: { name },
      },
      run,
    ] of adminUseCases()) {
      await expect(run(staff), name).rejects.toMatchObject({ code: "forbidden" });
    }
    expect(await snapshot()).toEqual(before);
    // The same calls pass the check for an admin (a read, to change nothing shared).
    await expect(getSettingsView(admin)).resolves.toBeTruthy();
    await expect(listImpersonations(admin)).resolves.toBeInstanceOf(Array);
  });
});
