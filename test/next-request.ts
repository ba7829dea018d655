// What `next/headers` gives a server action or route handler during a request, for tests that call
// them directly: the cookies come from one jar the test fills, the headers are fixed per test file.
// A test file mocks the module with
//   vi.mock("next/headers", async () => (await import("./next-request")).nextHeaders({ ... }));
// and signs in by putting a session token into `cookieJar`.

/** The cookies of the request under test, by name. */
export const cookieJar = new Map<string, string>();

export function nextHeaders(headers: Record<string, string>) {
  return {
    cookies: async () => ({
      get: (name: string) => (cookieJar.has(name) ? { name, value: cookieJar.get(name)! } : undefined),
      getAll: () => [...cookieJar].map(([name, value]) => ({ name, value })),
      has: (name: string) => cookieJar.has(name),
      set: () => undefined,
      delete: () => undefined,
    }),
    headers: async () => new Headers(headers),
  };
}
