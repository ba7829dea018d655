import { describe, expect, it } from "vitest";
import { can, type Action } from "./policy";
import type { Actor } from "./actor";

const base = { sessionId: "s", userId: "u", signedInAt: new Date() };
const person: Actor = { ...base, kind: "person", personId: "p" };
const staff: Actor = { ...base, kind: "staff", staffMemberId: "st", role: "staff", name: "S" };
const admin: Actor = { ...staff, role: "admin" };
const impersonation: Actor = {
  ...base,
  kind: "impersonation",
  staffMemberId: "st",
  role: "staff",
  name: "S",
  personId: "p",
  impersonationId: "i",
  reason: "ticket 1",
  expiresAt: new Date(),
};

describe("policy", () => {
  it("impersonating staff cannot download, confirm deletion, change the sign-in email or reveal the personnummer", () => {
    const forbidden: Action[] = [
      "copy.download",
      "copy.request",
      "deletion.confirm",
      "deletion.request",
      "email.change",
      "personnummer.reveal",
      "sessions.end_all",
    ];
    for (const action of forbidden) expect(can(impersonation, action), action).toBe(false);
  });

  it("impersonating staff can see the data and correct details and preferences", () => {
    for (const action of ["data.view", "details.correct", "preferences.change"] as Action[]) {
      expect(can(impersonation, action), action).toBe(true);
    }
  });

  it("a person cannot do anything staff do", () => {
    for (const action of [
      "staff.access",
      "staff.search",
      "staff.impersonate",
      "admin.settings",
    ] as Action[]) {
      expect(can(person, action), action).toBe(false);
    }
  });

  it("only admins change settings", () => {
    expect(can(staff, "admin.settings")).toBe(false);
    expect(can(admin, "admin.settings")).toBe(true);
  });

  it("only admins see what is still to be confirmed before going live", () => {
    expect(can(staff, "admin.golive")).toBe(false);
    expect(can(person, "admin.golive")).toBe(false);
    expect(can(impersonation, "admin.golive")).toBe(false);
    expect(can(admin, "admin.golive")).toBe(true);
  });

  it("staff do not act as a person without impersonating", () => {
    expect(can(staff, "data.view")).toBe(false);
    expect(can(staff, "copy.request")).toBe(false);
  });
});
