// The portal's pages as the end-to-end tests and the benchmarks visit them.

/** The signed-in person's own pages, in the order the portal's navigation offers them (app/layout.tsx). */
export const PERSON_PAGES = [
  "/my-data",
  "/copy",
  "/details",
  "/preferences",
  "/requests",
  "/deletion",
  "/activity",
];

/** The staff console's pages; those about one person and one request show the given ones. */
export function staffPages(personId: string, requestId: string): string[] {
  return [
    "/staff",
    `/staff/people/${personId}`,
    "/staff/requests",
    `/staff/requests/${requestId}`,
    "/staff/tasks",
    "/staff/audit",
    `/staff/audit?personId=${personId}`,
    "/staff/impersonations",
    "/staff/settings",
    "/staff/settings/api-keys",
    "/staff/settings/connectors",
  ];
}
