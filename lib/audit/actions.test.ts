// Every audit action, every enum value of the schema and every code the staff console shows has a
// label in both languages; the label tables of the two languages hold the same codes.
import { describe, expect, it } from "vitest";
import * as enums from "../generated/prisma/enums";
import { LOCALES } from "../i18n/config";
import { loadMessages } from "../i18n/messages";
import { FIELD_CATEGORY } from "../privacy/rectification/fields";
import { TASK_KINDS } from "../privacy/tasks";
import type { ConsentMethod, ConsentStatus, LegalBasis } from "../consent/rules";
import type { LedgerActorType } from "../consent/ledger";
import { AUDIT_ACTIONS, isAuditAction } from "./actions";

/** Where each schema enum's labels live: a new enum without a place here fails. */
const ENUM_LABELS: Record<keyof typeof enums, string> = {
  StaffRole: "staff.roles",
  PersonKind: "staffconsole.home.kinds",
  RecipientRole: "staffconsole.settings.roles",
  Channel: "stafflabels.channels",
  RequestType: "stafflabels.requestTypes",
  RequestStatus: "stafflabels.requestStatus",
};

// Records, not lists: a value added to one of these types and not here fails the type check.
const CONSENT_STATUSES: Record<ConsentStatus | "none", true> = {
  given: true,
  allowed: true,
  pending: true,
  withdrawn: true,
  objected: true,
  none: true,
};
const LEGAL_BASES: Record<LegalBasis, true> = {
  consent: true,
  existing_customer: true,
  allowed_until_objection: true,
};
const METHODS: Record<ConsentMethod, true> = {
  portal: true,
  one_click: true,
  staff_on_behalf: true,
  import: true,
  newsletter_partner: true,
};
const ACTORS: Record<LedgerActorType | "staff" | "admin", true> = {
  person: true,
  person_link: true,
  impersonation: true,
  partner: true,
  import: true,
  system: true,
  staff: true,
  admin: true,
};

function at(messages: Record<string, unknown>, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>(
      (o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined),
      messages,
    );
}

function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value === "string") return [prefix];
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

describe.each(LOCALES)("staff console labels (%s)", (locale) => {
  const messages = loadMessages(locale);
  const label = (path: string) => at(messages, path);

  it("every audit action has a label", () => {
    const missing = AUDIT_ACTIONS.filter((a) => typeof label(`stafflabels.auditActions.${a}`) !== "string");
    expect(missing).toEqual([]);
    // No label for an action that is not in the list (a renamed action leaves none behind).
    expect(keysOf(label("stafflabels.auditActions")).filter((a) => !isAuditAction(a))).toEqual([]);
  });

  it("every enum value of the schema has a label", () => {
    const missing = Object.entries(enums).flatMap(([name, values]) =>
      Object.values(values as Record<string, string>)
        .map((v) => `${ENUM_LABELS[name as keyof typeof enums]}.${v}`)
        .filter((path) => typeof label(path) !== "string"),
    );
    expect(missing).toEqual([]);
  });

  it("every field, consent state, legal basis, method, actor kind and task kind has a label", () => {
    const wanted = [
      ...Object.keys(FIELD_CATEGORY).map((f) => `details.fieldNames.${f}`),
      ...Object.keys(CONSENT_STATUSES).map((s) => `stafflabels.consentStatus.${s}`),
      ...Object.keys(CONSENT_STATUSES)
        .filter((s) => s !== "none")
        .map((s) => `stafflabels.consentAction.${s}`),
      ...Object.keys(LEGAL_BASES).map((b) => `stafflabels.legalBasis.${b}`),
      ...Object.keys(METHODS).map((m) => `stafflabels.consentMethod.${m}`),
      ...Object.keys(ACTORS).map((a) => `stafflabels.actors.${a}`),
      ...TASK_KINDS.flatMap((k) => [`staffconsole.tasks.kinds.${k}`, `stafflabels.taskHints.${k}`]),
    ];
    expect(wanted.filter((path) => typeof label(path) !== "string")).toEqual([]);
  });
});

it("both languages label the same codes", () => {
  const [sv, en] = LOCALES.map((l) => keysOf(loadMessages(l).stafflabels).sort());
  expect(sv).toEqual(en);
});
