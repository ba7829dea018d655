// ConnectorOutcome rows: what each automated connector did for one request (copy, correction,
// erasure). Ids, codes and counts only: the person's id is cleared when their erasure completes, and the
// rows stay with the request.
import { db, type Tx } from "../db";

/** Final: the system answered (or gave up after the attempt limit). "pending" is asked again. */
export const PENDING = "pending";

export type OutcomeRow = {
  id: string;
  connector: string;
  recipientKey: string | null;
  action: string;
  status: string;
  reason: string | null;
  count: number | null;
  erased: number | null;
  fields: string[];
  at: Date | null;
  attempts: number;
  taskId: string | null;
  updatedAt: Date;
};

const SELECT = {
  id: true,
  connector: true,
  recipientKey: true,
  action: true,
  status: true,
  reason: true,
  count: true,
  erased: true,
  fields: true,
  at: true,
  attempts: true,
  taskId: true,
  updatedAt: true,
} as const;

/** A request's outcomes, by action when given, in the order the systems were asked. */
export async function outcomesOf(
  requestId: string,
  action?: string,
  client: Tx | typeof db = db,
): Promise<OutcomeRow[]> {
  return client.connectorOutcome.findMany({
    where: { requestId, ...(action ? { action } : {}) },
    select: SELECT,
    orderBy: [{ action: "asc" }, { connector: "asc" }, { createdAt: "asc" }],
  });
}
