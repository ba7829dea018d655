// Every action the audit trail records, in one list. The console shows each by its label in the
// page's language (messages/<locale>/stafflabels.json, "auditActions"): EVERY_ACTION_LABELLED only type
// checks when both languages label every action, and lib/audit/append.ts accepts no other action.
type Sv = typeof import("@/messages/sv/stafflabels.json");
type En = typeof import("@/messages/en/stafflabels.json");

export const AUDIT_ACTIONS = [
  "admin.api_key_created",
  "admin.api_key_revoked",
  "admin.consent_topic_saved",
  "admin.datamap_category_saved",
  "admin.datamap_purpose_saved",
  "admin.datamap_recipient_saved",
  "admin.settings_saved",
  "admin.staff_activated",
  "admin.staff_deactivated",
  "admin.staff_saved",
  "auth.link_failed",
  "auth.link_requested",
  "auth.link_requested_unknown",
  "auth.rate_limited",
  "auth.sign_in",
  "auth.sign_out",
  "auth.sign_out_everywhere",
  "connector.configured",
  "connector.disabled",
  "connector.enabled",
  "connector.removed",
  "connector.tested",
  "consent.objection",
  "consent.one_click_unsubscribe",
  "consent.opt_in_confirmed",
  "consent.partner_unsubscribe",
  "consent.preferences_saved",
  "consent.withdrawn_all",
  "copy.build_failed",
  "copy.built",
  "copy.downloaded",
  "copy.expired",
  "copy.fee_accepted",
  "copy.fee_declined",
  "copy.further_requested",
  "copy.requested",
  "data.viewed",
  "deletion.cancelled",
  "deletion.cooling_off_started",
  "deletion.reminder_sent",
  "deletion.requested",
  "details.corrected",
  "email.change_confirmed",
  "email.change_requested",
  "erasure.completed",
  "erasure.started",
  "erasure.step.connectors",
  "erasure.step.holds",
  "erasure.step.newsletter",
  "erasure.step.portal_data",
  "erasure.step.receipt",
  "erasure.step.recipient_tasks",
  "erasure.step.tombstone",
  "identity_correction.confirmed",
  "identity_correction.declined",
  "identity_correction.requested",
  "import.file",
  "ingest.call",
  "newsletter.send",
  "newsletter.send_finished",
  "newsletter.synced",
  "objection.requested",
  "rectification.recipient_told",
  "request.confirmed_by_person",
  "restriction.requested",
  "retention.inactive_erasure",
  "retention.sweep",
  "staff.copy_fee_proposed",
  "staff.copy_granted",
  "staff.impersonation_expired",
  "staff.impersonation_start",
  "staff.impersonation_stop",
  "staff.person_viewed",
  "staff.request_assigned",
  "staff.request_confirmation_resent",
  "staff.request_extended",
  "staff.request_note_added",
  "staff.request_refused",
  "staff.request_registered",
  "staff.request_resolved",
  "staff.request_viewed",
  "staff.restriction_lift_announced",
  "staff.restriction_lifted",
  "staff.search",
  "staff.task_done",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** "a.b.c" for every string leaf of a nested messages object. */
type LabelPath<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${LabelPath<T[K]>}`;
}[keyof T & string];

/**
 * True only when every action has a label in both languages: a new action without both makes the
 * constant below fail the type check.
 */
type Labelled = [
  Exclude<AuditAction, LabelPath<Sv["auditActions"]> & LabelPath<En["auditActions"]>>,
] extends [never]
  ? true
  : false;
export const EVERY_ACTION_LABELLED: Labelled = true;

const known: ReadonlySet<string> = new Set(AUDIT_ACTIONS);

export function isAuditAction(value: string): value is AuditAction {
  return known.has(value);
}
