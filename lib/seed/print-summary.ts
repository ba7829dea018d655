import type { SeedSummary } from "./demo";
import type { DemoRequestsSummary } from "./demo-requests";

/** How to sign in as each demo person (printed by npm run demo and npm run db:seed). */
export function printSeedSummary(summary: SeedSummary, requests?: DemoRequestsSummary): void {
  console.log(summary.created ? "Demo data created." : "Demo data already present.");
  console.log(
    "Sign in at /sign-in with one of these addresses; the link appears in /dev/outbox and on this console:",
  );
  for (const s of summary.staff) console.log(`  ${s.email.padEnd(32)} ${s.role} (${s.name})`);
  for (const p of summary.people) console.log(`  ${p.email.padEnd(32)} ${p.role}`);
  if (!requests) return;
  console.log("People with a request in the staff queue:");
  for (const p of requests.people) console.log(`  ${p.email.padEnd(32)} ${p.role}`);
}
