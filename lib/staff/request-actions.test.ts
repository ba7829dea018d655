// The guard over request kinds and states: what staff may do, for the use-cases and the request page.
import { describe, expect, it } from "vitest";
import { allowedActions, whyNot, type RequestFacts } from "./request-actions";

const facts = (f: Partial<RequestFacts>): RequestFacts => ({
  type: "further_copy",
  status: "received",
  copyStatuses: [],
  freeCopyAvailable: false,
  openTasks: 0,
  ...f,
});
const allowed = (f: Partial<RequestFacts>) => [...allowedActions(facts(f))].sort();

describe("copy decisions belong to further copies", () => {
  it("a further copy not yet decided: grant, fee or refusal", () => {
    for (const status of ["received", "in_progress"]) {
      expect(allowed({ status }), status).toEqual(["fee", "grant", "refuse"]);
    }
  });

  it("a delivered free copy (the portal's own, still in progress for a search task): no decision at all", () => {
    const delivered = { type: "copy", status: "in_progress", copyStatuses: ["ready"], openTasks: 1 };
    expect(allowed(delivered)).toEqual([]);
    expect(whyNot(facts(delivered), "fee")).toEqual({ code: "copy_in_progress", reason: "copy_made" });
    expect(whyNot(facts(delivered), "refuse")).toEqual({ code: "not_allowed_now", reason: "copy_made" });
    // Ticked tasks: only closing it is left.
    expect(allowed({ ...delivered, openTasks: 0 })).toEqual(["resolve"]);
  });

  it("a further copy already granted or paid for: no second decision, closed once built", () => {
    for (const s of ["queued", "building"]) {
      expect(allowed({ status: "in_progress", copyStatuses: [s] }), s).toEqual([]);
    }
    expect(allowed({ status: "in_progress", copyStatuses: ["ready"] })).toEqual(["resolve"]);
    expect(allowed({ status: "in_progress", copyStatuses: ["expired"] })).toEqual(["resolve"]);
  });

  it("a copy request while the free copy is unused: granted free, never charged for or refused", () => {
    expect(allowed({ type: "copy", freeCopyAvailable: true })).toEqual(["grant"]);
    expect(whyNot(facts({ type: "copy", freeCopyAvailable: true }), "fee")).toMatchObject({
      reason: "free_copy_due",
    });
  });

  it("a copy request registered by staff when the free copy was used elsewhere is a further copy", () => {
    expect(allowed({ type: "copy", freeCopyAvailable: false })).toEqual(["fee", "grant", "refuse"]);
  });

  it("awaiting the person's acceptance of a fee: only a refusal", () => {
    expect(allowed({ status: "awaiting_fee_acceptance" })).toEqual(["refuse"]);
  });

  it("a failed build can be started again, free or with a fee, not refused", () => {
    expect(allowed({ status: "failed", copyStatuses: ["failed"] })).toEqual(["fee", "grant"]);
    expect(
      allowed({ type: "copy", status: "failed", copyStatuses: ["failed"], freeCopyAvailable: true }),
    ).toEqual(["grant"]);
  });

  it("closed, cancelled or unconfirmed requests: nothing", () => {
    for (const status of ["completed", "refused", "cancelled", "awaiting_confirmation", "cooling_off"]) {
      expect(allowed({ status }), status).toEqual([]);
    }
  });
});

describe("other requests", () => {
  it("no copy decisions; refused with reasons while open; resolved when no task is open", () => {
    for (const type of ["objection", "restriction", "correction"]) {
      expect(allowed({ type }), type).toEqual(["refuse", "resolve"]);
      expect(allowed({ type, openTasks: 2 }), type).toEqual(["refuse"]);
      expect(whyNot(facts({ type }), "grant")).toMatchObject({ reason: "not_a_copy" });
    }
    expect(whyNot(facts({ type: "objection", openTasks: 2 }), "resolve")).toEqual({
      code: "not_allowed_now",
      reason: "open_tasks",
      openTasks: 2,
    });
  });

  it("a deletion is completed by the erasure, never by hand", () => {
    expect(allowed({ type: "deletion" })).toEqual(["refuse"]);
    expect(allowed({ type: "deletion", status: "cooling_off" })).toEqual([]);
  });

  it("a copy is not closed before its copy is built", () => {
    expect(whyNot(facts({ status: "in_progress" }), "resolve")).toMatchObject({ reason: "copy_not_built" });
  });
});
