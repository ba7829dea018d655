// How a request is shown in a list, to the person and to staff alike: its type, status, channel, the
// date received and the deadline in force (the extended one when extended), with the legal clock's
// mark for open requests only (a closed request has no deadline left to keep).
import { dueStatus, type DueStatus } from "./legal-clock";
import { effectiveDueAt, isOpen, type RequestStatus, type RequestType } from "./requests";

export type RequestRow = {
  id: string;
  type: RequestType;
  status: RequestStatus;
  channel: string;
  receivedAt: Date;
  effectiveDueAt: Date;
  dueStatus: DueStatus | null;
};

type StoredRequest = {
  id: string;
  type: RequestType;
  status: RequestStatus;
  channel: string;
  receivedAt: Date;
  dueAt: Date;
  extendedDueAt: Date | null;
};

export function requestRow(r: StoredRequest, now: Date): RequestRow {
  const effective = effectiveDueAt(r);
  return {
    id: r.id,
    type: r.type,
    status: r.status,
    channel: r.channel,
    receivedAt: r.receivedAt,
    effectiveDueAt: effective,
    dueStatus: isOpen(r.status) ? dueStatus(effective, now) : null,
  };
}
