import { defineConfig } from "vitest/config";

// Files named *.sequential.test.ts change what the whole portal sees (a connector's configuration is one
// row for every process): they run one at a time, after every other file has finished.
const SEQUENTIAL = "**/*.sequential.test.ts";
const INCLUDE = ["lib/**/*.test.ts", "scripts/**/*.test.ts", "app/**/*.test.ts", "test/**/*.test.ts"];

const shared = {
  setupFiles: ["test/setup.ts"],
  pool: "forks" as const,
  // Auth.js imports "next/server" without an extension, which only a bundler resolves.
  server: { deps: { inline: ["next-auth", "@auth/core"] } },
  testTimeout: 60_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  resolve: { alias: { "@": import.meta.dirname } },
  test: {
    // Once for the run: one database, migrated once.
    globalSetup: ["test/global-setup.ts"],
    projects: [
      {
        resolve: { alias: { "@": import.meta.dirname } },
        test: {
          ...shared,
          name: "parallel",
          include: INCLUDE,
          exclude: ["**/node_modules/**", SEQUENTIAL],
          sequence: { groupOrder: 0 },
        },
      },
      {
        resolve: { alias: { "@": import.meta.dirname } },
        test: {
          ...shared,
          name: "sequential",
          include: INCLUDE.map((p) => p.replace("*.test.ts", "*.sequential.test.ts")),
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
