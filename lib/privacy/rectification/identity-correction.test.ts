// Date of birth and personnummer: the person asks, staff confirm or decline.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { decryptWith, existingDataKey, keyedHash } from "@/lib/crypto/keys";
import { birthDateOf } from "@/lib/validation/personnummer";
import { changeHistory } from "./change-history";
import { decideIdentityCorrection } from "./decide-identity-correction";
import { getIdentityCorrection, listIdentityCorrections } from "./identity-corrections";
import { requestIdentityCorrection } from "./request-identity-correction";
import {
  freePersonnummer,
  givePersonnummer,
  impersonationActor,
  personWithLogin,
  snapshot,
  staffActor,
  syncJobs,
  tasksByKind,
  refusal,
  withDataMap,
} from "../../../test/rectification-support";

withDataMap();

async function personWithPnr() {
  const [current, corrected] = await freePersonnummer(2);
  const p = await personWithLogin();
  await givePersonnummer(p.person.id, current!);
  return { ...p, current: current!, corrected: corrected! };
}

/** The person asks for their personnummer to be corrected, with no other change and no note. */
function askToCorrectPersonnummer(
  actor: Parameters<typeof requestIdentityCorrection>[0],
  personnummer: string,
) {
  return requestIdentityCorrection(actor, { personnummer, dateOfBirth: "", note: "" });
}

describe("asking for an identity correction", () => {
  it("creates a correction request with the asked values encrypted; nothing changes yet", async () => {
    const { person, actor, corrected } = await personWithPnr();
    const before = await db.person.findUniqueOrThrow({ where: { id: person.id } });
    const { requestId } = await requestIdentityCorrection(actor, {
      personnummer: corrected.replace("-", ""),
      dateOfBirth: "",
      note: "Fel siffror",
    });
    const request = await db.request.findUniqueOrThrow({ where: { id: requestId } });
    expect([request.type, request.status, request.personId]).toEqual(["correction", "received", person.id]);
    const key = await existingDataKey(db, person.id);
    expect(JSON.parse(decryptWith(key, request.detailsEnc)!)).toEqual({
      kind: "identity",
      dateOfBirth: null,
      personnummer: corrected,
      note: "Fel siffror",
    });
    expect(Buffer.from(request.detailsEnc!).toString("utf8")).not.toContain(corrected.slice(9));
    expect(await db.person.findUniqueOrThrow({ where: { id: person.id } })).toEqual(before);
    // The person sees it, masked.
    const list = await listIdentityCorrections(actor);
    expect(list.map((c) => [c.status, c.personnummer, c.note])).toEqual([
      ["received", `${corrected.slice(0, 8)}-****`, "Fel siffror"],
    ]);
    // One at a time.
    expect(
      (
        await refusal(
          requestIdentityCorrection(actor, { personnummer: "", dateOfBirth: "1980-01-01", note: "" }),
        )
      ).code,
    ).toBe("not_allowed_now");
  });

  it("refuses invalid or unchanged values with field errors, and impersonating staff", async () => {
    const { person, actor, current } = await personWithPnr();
    const before = await snapshot(person.id);
    const wrong = current.slice(0, -1) + String((Number(current.at(-1)) + 1) % 10);
    expect(
      (await refusal(requestIdentityCorrection(actor, { personnummer: wrong, dateOfBirth: "", note: "" })))
        .detail,
    ).toEqual({ personnummer: "personnummer_invalid" });
    expect(
      (await refusal(requestIdentityCorrection(actor, { personnummer: current, dateOfBirth: "", note: "" })))
        .detail,
    ).toEqual({ personnummer: "identity_unchanged" });
    expect(
      (await refusal(requestIdentityCorrection(actor, { personnummer: "", dateOfBirth: "", note: "" })))
        .detail,
    ).toEqual({ personnummer: "identity_nothing_asked" });
    const imp = await impersonationActor(person.id);
    expect(
      (
        await refusal(
          requestIdentityCorrection(imp, { personnummer: "", dateOfBirth: "1980-01-01", note: "" }),
        )
      ).code,
    ).toBe("forbidden");
    expect(await snapshot(person.id)).toEqual(before);
  });
});

describe("staff deciding", () => {
  it("confirm: applies the values, history by staff, Art. 19 tasks on the request, completed, emailed", async () => {
    const { person, actor, current, corrected } = await personWithPnr();
    const { requestId } = await askToCorrectPersonnummer(actor, corrected);
    const staff = await staffActor();

    const view = await getIdentityCorrection(staff, requestId);
    expect(view?.current.personnummer).toBe(`${current.slice(0, 8)}-****`);
    expect(view?.requested.personnummer).toBe(`${corrected.slice(0, 8)}-****`);
    expect(JSON.stringify(view)).not.toContain(corrected.slice(9));

    const r = await decideIdentityCorrection(staff, requestId, "confirm");
    expect(r).toEqual({ status: "confirmed", changed: expect.arrayContaining(["personnummer"]) });
    const after = await db.person.findUniqueOrThrow({ where: { id: person.id } });
    const key = await existingDataKey(db, person.id);
    expect(decryptWith(key, after.personnummerEnc)).toBe(corrected);
    expect(after.personnummerHash).toBe(keyedHash("personnummer", corrected));
    expect(after.dateOfBirth?.toISOString().slice(0, 10)).toBe(birthDateOf(corrected));

    const request = await db.request.findUniqueOrThrow({ where: { id: requestId } });
    expect(request.status).toBe("completed");
    const history = await changeHistory(actor);
    const pnrEntry = history.find((h) => h.field === "personnummer")!;
    expect([pnrEntry.old, pnrEntry.new, pnrEntry.actorType, pnrEntry.staffName]).toEqual([
      `${current.slice(0, 8)}-****`,
      `${corrected.slice(0, 8)}-****`,
      "staff",
      staff.name,
    ]);
    const tasks = await db.recipientTask.findMany({ where: { personId: person.id } });
    expect(tasks.every((t) => t.requestId === requestId)).toBe(true);
    // The personnummer and date of birth are held in Microsoft 365 only (lib/datamap/held-fields.ts).
    expect(await tasksByKind(person.id)).toEqual({ correction_instruction: ["m365"] });
    expect(await syncJobs(person.id)).toBe(0);
    expect(await db.emailMessage.count({ where: { to: person.email, kind: "requestUpdate" } })).toBe(1);

    // Deciding twice is refused, whichever way, and sends nothing more.
    expect((await refusal(decideIdentityCorrection(staff, requestId, "decline", "late"))).code).toBe(
      "not_allowed_now",
    );
    expect((await refusal(decideIdentityCorrection(staff, requestId, "confirm"))).code).toBe(
      "not_allowed_now",
    );
    expect(await db.emailMessage.count({ where: { to: person.email, kind: "requestUpdate" } })).toBe(1);
  });

  it("decline: needs a reason, refuses the request, changes nothing", async () => {
    const { person, actor, corrected } = await personWithPnr();
    const { requestId } = await askToCorrectPersonnummer(actor, corrected);
    const staff = await staffActor();
    const err = await refusal(decideIdentityCorrection(staff, requestId, "decline"));
    expect([err.code, err.detail]).toEqual(["invalid_input", { reason: "reason_required" }]);
    const before = await db.person.findUniqueOrThrow({ where: { id: person.id } });
    expect(await decideIdentityCorrection(staff, requestId, "decline", "Handlingen stämde inte")).toEqual({
      status: "declined",
      changed: [],
    });
    expect(await db.person.findUniqueOrThrow({ where: { id: person.id } })).toEqual(before);
    const request = await db.request.findUniqueOrThrow({ where: { id: requestId } });
    expect([request.status, request.decisionReason]).toEqual(["refused", "Handlingen stämde inte"]);
    expect(await db.changeEntry.count({ where: { personId: person.id } })).toBe(0);
    expect(await db.recipientTask.count({ where: { personId: person.id } })).toBe(0);
    const mail = await db.emailMessage.findFirstOrThrow({
      where: { to: person.email, kind: "requestUpdate" },
    });
    expect(mail.text).toContain("Handlingen stämde inte");
    expect(mail.text).toContain("IMY");
  });

  it("a personnummer already held by another person is refused and nothing changes", async () => {
    const { person, actor } = await personWithPnr();
    const other = await personWithPnr();
    const { requestId } = await askToCorrectPersonnummer(actor, other.current);
    const before = await snapshot(person.id);
    const staff = await staffActor();
    expect((await refusal(decideIdentityCorrection(staff, requestId, "confirm"))).code).toBe("conflict");
    expect(await snapshot(person.id)).toEqual(before);
    expect((await db.request.findUniqueOrThrow({ where: { id: requestId } })).status).toBe("received");
  });

  it("only staff decide: not the person, not impersonating staff", async () => {
    const { person, actor, corrected } = await personWithPnr();
    const { requestId } = await askToCorrectPersonnummer(actor, corrected);
    const before = await snapshot(person.id);
    const imp = await impersonationActor(person.id);
    const attacker = await personWithLogin();
    for (const who of [actor, imp, attacker.actor, null]) {
      const err = await refusal(decideIdentityCorrection(who, requestId, "confirm"));
      expect(["forbidden", "unauthenticated"]).toContain(err.code);
      expect((await refusal(getIdentityCorrection(who, requestId))).code).toMatch(
        /forbidden|unauthenticated/,
      );
    }
    expect(await snapshot(person.id)).toEqual(before);
    // The attacker's own page does not list the victim's request.
    expect(await listIdentityCorrections(attacker.actor)).toEqual([]);
  });
});
