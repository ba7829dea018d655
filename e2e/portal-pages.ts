// The signed-in person's own pages, in the order the portal's navigation offers them (app/layout.tsx).
export const PERSON_PAGES = [
  "/my-data",
  "/copy",
  "/details",
  "/preferences",
  "/requests",
  "/deletion",
  "/activity",
];
