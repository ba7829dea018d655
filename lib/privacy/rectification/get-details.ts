// What the details page shows: the stored values of every section (identity numbers masked), the
// waiting email change, if any, and the person's identity correction requests.
import { defineUseCase, SUBJECT } from "@/lib/kernel/use-case";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { decryptWith, existingDataKey } from "@/lib/crypto/keys";
import { maskPersonnummer } from "@/lib/validation/personnummer";
import { sectionValues } from "./correct-details";
import { SECTIONS, type DetailsSection } from "./details.validation";

export type DetailsView = {
  email: string;
  sections: Record<DetailsSection, Record<string, string>>;
  company: { soleTrader: boolean; orgNumberMasked: string | null } | null;
  identity: { dateOfBirth: string | null; personnummer: string | null };
  pendingEmailChange: { newEmail: string; expiresAt: Date } | null;
};

export const getDetails = defineUseCase(
  "details.get",
  { action: "data.view", callers: SUBJECT },
  async (subject, now: Date = new Date()): Promise<DetailsView> => {
    const person = await db.person.findUnique({
      where: { id: subject.personId },
      include: { company: true },
    });
    if (!person) throw new AppError("not_found");
    const needsKey = Boolean(person.personnummerEnc || person.company?.orgNumberEnc);
    const key = needsKey ? await existingDataKey(db, person.id) : null;
    const pnr = decryptWith(key, person.personnummerEnc);
    const soleTraderNumber = person.company?.soleTrader
      ? decryptWith(key, person.company.orgNumberEnc)
      : null;
    const pending = await db.emailChange.findFirst({
      where: { personId: person.id, confirmedAt: null, expiresAt: { gt: now } },
      orderBy: { createdAt: "desc" },
      select: { newEmail: true, expiresAt: true },
    });
    return {
      email: person.email,
      sections: Object.fromEntries(
        SECTIONS.map((s) => [s, sectionValues(s, person)]),
      ) as DetailsView["sections"],
      company: person.company
        ? {
            soleTrader: person.company.soleTrader,
            orgNumberMasked: soleTraderNumber ? maskPersonnummer(soleTraderNumber) : null,
          }
        : null,
      identity: {
        dateOfBirth: person.dateOfBirth?.toISOString().slice(0, 10) ?? null,
        personnummer: pnr ? maskPersonnummer(pnr) : null,
      },
      pendingEmailChange: pending,
    };
  },
);
