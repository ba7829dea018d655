// Corrections of identity data (date of birth, personnummer) are requests that staff confirm. The
// asked values travel in Request.detailsEnc, encrypted with the person's key, as JSON.
import { defineUseCase, SUBJECT } from "@/lib/kernel/use-case";
import { db, type Tx } from "@/lib/db";
import { decryptForPerson, decryptWith, existingDataKey } from "@/lib/crypto/keys";
import { maskPersonnummer } from "@/lib/validation/personnummer";
import { isOpen, type RequestStatus } from "@/lib/privacy/requests";

export type IdentityDetails = {
  kind: "identity";
  dateOfBirth: string | null;
  personnummer: string | null;
  note: string | null;
};

/** The asked values of a correction request, or null when it is not an identity correction. */
export async function readIdentityDetails(
  tx: Tx,
  personId: string,
  detailsEnc: Uint8Array | null,
): Promise<IdentityDetails | null> {
  if (!detailsEnc) return null;
  const text = await decryptForPerson(tx, personId, detailsEnc);
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Partial<IdentityDetails>;
    if (v.kind !== "identity") return null;
    return {
      kind: "identity",
      dateOfBirth: typeof v.dateOfBirth === "string" ? v.dateOfBirth : null,
      personnummer: typeof v.personnummer === "string" ? v.personnummer : null,
      note: typeof v.note === "string" ? v.note : null,
    };
  } catch {
    return null;
  }
}

/** The person's open identity correction, if any (one at a time). */
export async function openIdentityCorrection(tx: Tx, personId: string): Promise<string | null> {
  const open = await tx.request.findMany({
    where: { personId, type: "correction", status: { notIn: ["completed", "refused", "cancelled"] } },
    select: { id: true, detailsEnc: true },
  });
  for (const r of open) if (await readIdentityDetails(tx, personId, r.detailsEnc)) return r.id;
  return null;
}

/** Where an identity correction stands, and the person's note with it. */
type CorrectionState = {
  status: RequestStatus;
  open: boolean;
  receivedAt: Date;
  decisionReason: string | null;
  note: string | null;
};

export type IdentityCorrectionView = CorrectionState & {
  id: string;
  dueAt: Date;
  resolvedAt: Date | null;
  dateOfBirth: string | null;
  /** Masked: YYYYMMDD-****. */
  personnummer: string | null;
};

/** For the details page: the person's identity corrections and where each one stands. */
export const listIdentityCorrections = defineUseCase(
  "identity.corrections.list",
  { action: "data.view", callers: SUBJECT },
  async (subject): Promise<IdentityCorrectionView[]> => {
    const rows = await db.request.findMany({
      where: { personId: subject.personId, type: "correction" },
      orderBy: { receivedAt: "desc" },
      take: 50,
    });
    const out: IdentityCorrectionView[] = [];
    for (const r of rows) {
      const d = await readIdentityDetails(db, subject.personId, r.detailsEnc);
      if (!d) continue;
      out.push({
        id: r.id,
        status: r.status,
        open: isOpen(r.status),
        receivedAt: r.receivedAt,
        dueAt: r.extendedDueAt ?? r.dueAt,
        resolvedAt: r.resolvedAt,
        decisionReason: r.decisionReason,
        dateOfBirth: d.dateOfBirth,
        personnummer: d.personnummer ? maskPersonnummer(d.personnummer) : null,
        note: d.note,
      });
    }
    return out;
  },
);

export type StaffIdentityCorrectionView = CorrectionState & {
  requestId: string;
  current: { dateOfBirth: string | null; personnummer: string | null };
  requested: { dateOfBirth: string | null; personnummer: string | null };
  /** Which parts of the personnummer the request changes (staff never see the full number). */
  personnummerChanges: { datePart: boolean; lastFour: boolean } | null;
};

/** For the staff decision form: current and asked values, masked; null for other requests. */
export const getIdentityCorrection = defineUseCase(
  "identity.correction.get",
  { action: "staff.requests.manage", callers: ["staff"] },
  async (actor, requestId: string): Promise<StaffIdentityCorrectionView | null> => {
    const r = await db.request.findUnique({ where: { id: requestId } });
    if (!r || r.type !== "correction" || !r.personId) return null;
    const d = await readIdentityDetails(db, r.personId, r.detailsEnc);
    if (!d) return null;
    const person = await db.person.findUnique({
      where: { id: r.personId },
      select: { dateOfBirth: true, personnummerEnc: true },
    });
    const key = await existingDataKey(db, r.personId);
    const currentPnr = person ? decryptWith(key, person.personnummerEnc) : null;
    const requestedDob = d.dateOfBirth;
    return {
      requestId: r.id,
      status: r.status,
      open: isOpen(r.status),
      receivedAt: r.receivedAt,
      decisionReason: r.decisionReason,
      note: d.note,
      current: {
        dateOfBirth: person?.dateOfBirth ? person.dateOfBirth.toISOString().slice(0, 10) : null,
        personnummer: currentPnr ? maskPersonnummer(currentPnr) : null,
      },
      requested: {
        dateOfBirth: requestedDob,
        personnummer: d.personnummer ? maskPersonnummer(d.personnummer) : null,
      },
      personnummerChanges: d.personnummer
        ? {
            datePart: currentPnr?.slice(0, 8) !== d.personnummer.slice(0, 8),
            lastFour: currentPnr?.slice(9) !== d.personnummer.slice(9),
          }
        : null,
    };
  },
);
