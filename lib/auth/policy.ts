// The one table of who may do what. Impersonating staff see what the person sees and may correct
// details and preferences, but never download a copy, confirm a deletion, change the sign-in email
// or see the full personnummer.
import type { Actor } from "./actor";

export type Action =
  | "data.view"
  | "copy.request"
  | "copy.download"
  | "details.correct"
  | "email.change"
  | "identity.correction.request"
  | "preferences.change"
  | "objection.file"
  | "restriction.file"
  | "deletion.request"
  | "deletion.confirm"
  | "deletion.cancel"
  | "requests.view"
  | "activity.view"
  | "sessions.end_all"
  | "personnummer.reveal"
  | "staff.access"
  | "staff.search"
  | "staff.requests.manage"
  | "staff.impersonate"
  | "staff.tasks.manage"
  | "staff.audit.view"
  | "admin.settings"
  | "admin.newsletter"
  | "admin.golive";

type Kind = "person" | "impersonation" | "staff" | "admin";

const PERSON: Action[] = [
  "data.view",
  "copy.request",
  "copy.download",
  "details.correct",
  "email.change",
  "identity.correction.request",
  "preferences.change",
  "objection.file",
  "restriction.file",
  "deletion.request",
  "deletion.confirm",
  "deletion.cancel",
  "requests.view",
  "activity.view",
  "sessions.end_all",
];

const IMPERSONATION: Action[] = [
  "data.view",
  "details.correct",
  "preferences.change",
  "requests.view",
  "activity.view",
];

const STAFF: Action[] = [
  "staff.access",
  "staff.search",
  "staff.requests.manage",
  "staff.impersonate",
  "staff.tasks.manage",
  "staff.audit.view",
];

export const POLICY: Record<Kind, ReadonlySet<Action>> = {
  person: new Set(PERSON),
  impersonation: new Set(IMPERSONATION),
  staff: new Set(STAFF),
  admin: new Set([...STAFF, "admin.settings", "admin.newsletter", "admin.golive"]),
};

export function can(actor: Actor, action: Action): boolean {
  switch (actor.kind) {
    case "person":
      return POLICY.person.has(action);
    case "impersonation":
      return POLICY.impersonation.has(action);
    case "staff":
      return POLICY[actor.role].has(action);
    case "system":
      return true;
  }
}
