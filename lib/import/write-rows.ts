// The last step of every record import (invoices, payments, web events, orders): a record the portal
// does not hold yet is created (all of a batch's new records in one statement at the end), one already
// as the source says is skipped as unchanged (so a re-import writes nothing), and one that differs is
// updated. Records rejected or skipped earlier are put in `results` by the caller, in row order.
import type { ApplyResult } from "./types";

export type RowWriter<Row, Stored> = {
  results: ApplyResult[];
  write(externalId: string, row: Row, stored: Stored | undefined): Promise<void>;
  finish(): Promise<ApplyResult[]>;
};

export function rowWriter<Row, Stored>(ops: {
  same: (stored: Stored, row: Row) => boolean;
  update: (stored: Stored, row: Row) => Promise<unknown>;
  createMany: (rows: (Row & { externalId: string })[]) => Promise<unknown>;
}): RowWriter<Row, Stored> {
  const results: ApplyResult[] = [];
  const creates: (Row & { externalId: string })[] = [];
  return {
    results,
    async write(externalId, row, stored) {
      const key = externalId;
      if (!stored) {
        creates.push({ ...row, externalId });
        results.push({ outcome: "created", key });
      } else if (ops.same(stored, row)) {
        results.push({ outcome: "skipped", reason: "unchanged", key });
      } else {
        await ops.update(stored, row);
        results.push({ outcome: "updated", key });
      }
    },
    async finish() {
      if (creates.length > 0) await ops.createMany(creates);
      return results;
    },
  };
}
