// The one table of who may do what. Every caller is a principal in it: a signed-in person, staff
// (by role), staff impersonating a person, and the system principals that act without a session:
// a link emailed to a person (by its purpose), an API key (by its scopes), the newsletter partner's
// signed webhook, and the portal's own jobs and commands (by name). No principal may do everything.
// Impersonating staff see what the person sees and may correct details and preferences, but never
// download a copy, confirm a deletion, change the sign-in email or see the full personnummer.
import type { Actor, SystemName } from "./actor";

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
  | "impersonation.stop"
  | "auth.step_up"
  | "personnummer.reveal"
  | "staff.access"
  | "staff.search"
  | "staff.requests.manage"
  | "staff.impersonate"
  | "staff.tasks.manage"
  | "staff.audit.view"
  | "admin.settings"
  | "admin.newsletter"
  | "admin.golive"
  // System principals' actions.
  | "auth.link"
  | "consent.unsubscribe_by_link"
  | "consent.confirm_by_link"
  | "consent.partner_event"
  | "email.change.confirm_by_link"
  | "request.confirm_by_link"
  | "newsletter.sync"
  | "newsletter.deliver"
  | "email.deliver"
  | "impersonation.expire"
  | "erasure.run"
  | "retention.run"
  | "copy.build"
  | "copy.expire"
  | "connector.correct"
  | "import.run"
  | "demo.seed"
  | `ingest.${string}`;

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
  "auth.step_up",
];

const IMPERSONATION: Action[] = [
  "data.view",
  "details.correct",
  "preferences.change",
  "requests.view",
  "activity.view",
  "impersonation.stop",
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

/**
 * What each system principal may do: exactly the use-cases it exists for. An emailed link acts only
 * for the person it was made for (the use-case checks the token), a job only on what it was queued for.
 */
export const SYSTEM_POLICY: Record<SystemName, ReadonlySet<Action>> = {
  auth: new Set(["auth.link"]),
  "one-click": new Set(["consent.unsubscribe_by_link"]),
  "opt-in-link": new Set(["consent.confirm_by_link"]),
  "email-change-link": new Set(["email.change.confirm_by_link"]),
  "request-confirm-link": new Set(["request.confirm_by_link"]),
  "newsletter-webhook": new Set(["consent.partner_event"]),
  "newsletter-sync": new Set(["newsletter.sync"]),
  "newsletter-send": new Set(["newsletter.deliver"]),
  email: new Set(["email.deliver"]),
  "impersonation-expiry": new Set(["impersonation.expire"]),
  deletion: new Set(["erasure.run"]),
  erasure: new Set(["erasure.run"]),
  retention: new Set(["retention.run"]),
  "copy.build": new Set(["copy.build"]),
  "copy.expire": new Set(["copy.expire"]),
  // Passes a correction on to a partner's system (WIX, Microsoft 365, PayPal) through its connector.
  "connector-correct": new Set(["connector.correct"]),
  import: new Set(["import.run"]),
  // The demo seed sends its sample newsletter through the console's own use-case.
  "demo-seed": new Set(["demo.seed", "admin.newsletter", "newsletter.deliver"]),
};

/** The ingest action for a record type; an API key may do it when it holds the scope `ingest:<type>`. */
export const ingestAction = (type: string): Action => `ingest.${type}`;

export function can(actor: Actor, action: Action): boolean {
  switch (actor.kind) {
    case "person":
      return POLICY.person.has(action);
    case "impersonation":
      return POLICY.impersonation.has(action);
    case "staff":
      return POLICY[actor.role].has(action);
    case "system":
      if ("keyId" in actor)
        return (
          action.startsWith("ingest.") && actor.scopes.includes(`ingest:${action.slice("ingest.".length)}`)
        );
      return SYSTEM_POLICY[actor.name].has(action);
  }
}
