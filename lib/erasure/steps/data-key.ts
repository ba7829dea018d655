// Step 7: destroy the person's data key, so whatever the append-only stores (audit trail, consent
// ledger, change history) keep under it can never be read again; then delete the Person row. The
// request stays, with personId null (set by the foreign key), and is completed in the same
// transaction.
import { transitionRequest } from "../../privacy/requests";
import type { ErasureStepDef } from "./types";

export const dataKeyStep: ErasureStepDef = {
  name: "data_key",
  inside: async (tx, ctx) => {
    const keys = await tx.dataKey.deleteMany({ where: { personId: ctx.personId } });
    const people = await tx.person.deleteMany({ where: { id: ctx.personId } });
    await transitionRequest(tx, ctx.requestId, "completed", { resolvedAt: ctx.now });
    return { keys: keys.count, people: people.count };
  },
};
