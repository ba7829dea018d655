// Demo requests: the states staff meet in the queue on the first start of the demo (new, awaiting the
// person's confirmation, due soon, overdue, extended, awaiting a fee, refused, with open recipient
// tasks), one demo person each. Every request goes through the portal's own use-cases (intake, the
// person's confirmation, the copy button, extension, the fee decision, refusal, the copy build), with
// the dates those use-cases take, so the legal clock and the audit trail read as they would in use.
// Dates count back from the day of seeding: the clock shows each state on that day and moves on from
// there as it would for real requests. Idempotent: each step runs only when its request is not yet
// past it, so a second run (or one after an interrupted run) adds nothing it already has.
import { db, type Tx } from "../db";
import { systemActor, type PersonActor, type StaffActor } from "../auth/actor";
import { encryptForPerson } from "../crypto/keys";
import { personnummerHash } from "../crypto/personnummer-hash";
import { buildCopy, type BuildOptions } from "../privacy/copy/build";
import { requestCopy } from "../privacy/copy/request-copy";
import { dueDate, dueStatus, stockholmDay } from "../privacy/legal-clock";
import { signConfirmToken } from "../staff/confirm-token";
import { decideCopy } from "../staff/copy-decision";
import { assignRequest, extendRequest, refuseRequest, resolveRequest } from "../staff/decisions";
import { confirmRequest, registerRequest } from "../staff/intake";
import { completeTask } from "../staff/tasks";
import { birthDateOf, testPersonnummer } from "../validation/personnummer";
import { DEMO_STAFF, freePersonnummer, isUniqueViolation } from "./demo";

export type DemoRequestState =
  | "new"
  | "awaiting_confirmation"
  | "due_soon"
  | "overdue"
  | "extended"
  | "awaiting_fee"
  | "refused"
  | "open_tasks";

type DemoRequestPerson = {
  state: DemoRequestState;
  email: string;
  firstName: string;
  lastName: string;
  /** Where in the official test list to start looking for a free personnummer. */
  listIndex: number;
  role: string;
};

export const DEMO_REQUEST_PEOPLE: readonly DemoRequestPerson[] = [
  {
    state: "new",
    email: "olle.nilsson@demo.example",
    firstName: "Olle",
    lastName: "Nilsson",
    listIndex: 40,
    role: "asked for a copy by letter two days ago (new)",
  },
  {
    state: "awaiting_confirmation",
    email: "petra.holm@demo.example",
    firstName: "Petra",
    lastName: "Holm",
    listIndex: 70,
    role: "asked for deletion by phone today; has not confirmed it yet",
  },
  {
    state: "due_soon",
    email: "maja.berg@demo.example",
    firstName: "Maja",
    lastName: "Berg",
    listIndex: 100,
    role: "correction by email, assigned to support, due within a week",
  },
  {
    state: "overdue",
    email: "gustav.lund@demo.example",
    firstName: "Gustav",
    lastName: "Lund",
    listIndex: 130,
    role: "objection by letter, past its deadline",
  },
  {
    state: "extended",
    email: "hanna.ek@demo.example",
    firstName: "Hanna",
    lastName: "Ek",
    listIndex: 160,
    role: "copy by email, extended by two months",
  },
  {
    state: "awaiting_fee",
    email: "ingrid.sjoberg@demo.example",
    firstName: "Ingrid",
    lastName: "Sjöberg",
    listIndex: 190,
    role: "had her free copy; a further copy awaits her answer to a fee",
  },
  {
    state: "refused",
    email: "johan.strand@demo.example",
    firstName: "Johan",
    lastName: "Strand",
    listIndex: 220,
    role: "correction of a past invoice, refused with reasons",
  },
  {
    state: "open_tasks",
    email: "karin.dahl@demo.example",
    firstName: "Karin",
    lastName: "Dahl",
    listIndex: 250,
    role: "copy being completed: recipients still to be searched by hand",
  },
];

export type DemoRequestsSummary = {
  people: { email: string; name: string; state: DemoRequestState; role: string }[];
};

export type DemoRequestsOptions = {
  now?: Date;
  /** Passed to the copy builds (tests build into a folder of their own). */
  build?: BuildOptions;
};

const DAY = 86_400_000;
// Serialises concurrent runs (e.g. `npm run db:seed` while the demo starts).
const LOCK_KEY = 7_316_202_612;

export async function seedDemoRequests(opts: DemoRequestsOptions = {}): Promise<DemoRequestsSummary> {
  const now = opts.now ?? new Date();
  const staffMember = await db.staffMember.findUnique({ where: { email: DEMO_STAFF[1].email } });
  if (!staffMember) throw new Error("seed the demo data first (seedDemo)");
  const staff: StaffActor = {
    kind: "staff",
    sessionId: "demo-seed",
    userId: "demo-seed",
    signedInAt: now,
    staffMemberId: staffMember.id,
    role: staffMember.role,
    name: staffMember.name,
  };
  // The lock is held by this transaction while the use-cases run in their own transactions.
  await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_KEY}::bigint)`;
      const ids = await ensurePeople(now);
      for (const p of DEMO_REQUEST_PEOPLE) {
        await SCENARIOS[p.state]({ personId: ids.get(p.email)!, staff, now, build: opts.build ?? {} });
      }
    },
    { timeout: 600_000, maxWait: 120_000 },
  );
  return {
    people: DEMO_REQUEST_PEOPLE.map((p) => ({
      email: p.email,
      name: `${p.firstName} ${p.lastName}`,
      state: p.state,
      role: p.role,
    })),
  };
}

// ---------------------------------------------------------------- the people

async function ensurePeople(now: Date): Promise<Map<string, string>> {
  const list = await testPersonnummer();
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        const ids = new Map<string, string>();
        const taken: string[] = [];
        for (const p of DEMO_REQUEST_PEOPLE) {
          const existing = await tx.person.findUnique({ where: { email: p.email }, select: { id: true } });
          if (existing) {
            ids.set(p.email, existing.id);
            continue;
          }
          const pnr = await freePersonnummer(tx, list, list[p.listIndex % list.length]!, taken);
          taken.push(pnr);
          ids.set(p.email, await createPerson(tx, p, pnr, now));
        }
        return ids;
      });
    } catch (err) {
      // A test took the same free personnummer first: look again.
      if (!isUniqueViolation(err) || attempt >= 2) throw err;
    }
  }
}

async function createPerson(tx: Tx, p: DemoRequestPerson, pnr: string, now: Date): Promise<string> {
  const person = await tx.person.create({
    data: {
      kind: "customer",
      externalId: `DEMO-R-${p.firstName.toUpperCase()}`,
      email: p.email,
      firstName: p.firstName,
      lastName: p.lastName,
      dateOfBirth: new Date(`${birthDateOf(pnr)}T00:00:00.000Z`),
      personnummerHash: personnummerHash(pnr),
      language: "sv",
      createdAt: new Date(now.getTime() - 400 * DAY),
    },
  });
  await tx.person.update({
    where: { id: person.id },
    data: { personnummerEnc: await encryptForPerson(tx, person.id, pnr) },
  });
  return person.id;
}

// ---------------------------------------------------------------- the requests

type Ctx = { personId: string; staff: StaffActor; now: Date; build: BuildOptions };

const SCENARIOS: Record<DemoRequestState, (ctx: Ctx) => Promise<void>> = {
  new: async (ctx) => {
    await registered(ctx, {
      type: "copy",
      channel: "letter",
      daysAgo: 2,
      details: "Brev: ber om en kopia av alla uppgifter ni har om mig.",
    });
  },

  awaiting_confirmation: async (ctx) => {
    await registered(
      ctx,
      {
        type: "deletion",
        channel: "phone",
        daysAgo: 0,
        details: "Ringde kundtjänst och bad att alla uppgifter om henne raderas.",
      },
      { confirm: false },
    );
  },

  due_soon: async (ctx) => {
    const request = await registered(ctx, {
      type: "correction",
      channel: "email",
      daysAgo: daysAgoFor(ctx.now, "due_soon"),
      details: "E-post: efternamnet är felstavat på fakturorna, ska vara Berg.",
    });
    if (!request.assignedToId)
      await assignRequest(ctx.staff, { requestId: request.id, staffMemberId: ctx.staff.staffMemberId });
  },

  overdue: async (ctx) => {
    await registered(ctx, {
      type: "objection",
      channel: "letter",
      daysAgo: daysAgoFor(ctx.now, "overdue"),
      details: "Brev: invänder mot att köphistoriken används till kundanalyser.",
    });
  },

  extended: async (ctx) => {
    const request = await registered(ctx, {
      type: "copy",
      channel: "email",
      daysAgo: 45,
      details: "E-post: vill ha en kopia, även av pappersarkivet från åren som kund.",
    });
    if (!request.extendedDueAt && request.status === "received") {
      // Extended within the first month, as Art. 12(3) requires.
      await extendRequest(
        ctx.staff,
        {
          requestId: request.id,
          months: 2,
          reason: "Begäran omfattar också pappersarkivet, som måste gås igenom för hand.",
        },
        new Date(request.receivedAt.getTime() + 14 * DAY),
      );
    }
  },

  awaiting_fee: async (ctx) => {
    const person: PersonActor = {
      kind: "person",
      sessionId: "demo-seed",
      userId: "demo-seed",
      signedInAt: ctx.now,
      personId: ctx.personId,
    };
    // The person's copy request of this type, asked for in the portal `daysAgo` days ago (once).
    const askedInPortal = async (type: "copy" | "further_copy", daysAgo: number) => {
      const existing = await db.request.findFirst({ where: { personId: ctx.personId, type } });
      if (existing) return existing;
      const at = new Date(ctx.now.getTime() - daysAgo * DAY);
      await requestCopy({ ...person, signedInAt: at }, { now: at });
      return db.request.findFirstOrThrow({ where: { personId: ctx.personId, type } });
    };
    // Her free copy first, asked for in the portal two months ago and finished by staff.
    const first = await askedInPortal("copy", 60);
    await finishCopy(ctx, first.id, { resolve: true });
    // Then a further copy from the same button: staff propose a cost-based fee.
    const further = await askedInPortal("further_copy", 5);
    if (further.status === "received") {
      await decideCopy(ctx.staff, {
        requestId: further.id,
        decision: "fee",
        feeSek: "150",
        basis: "Ytterligare en kopia inom tolv månader: utskrift och porto av en kopia på papper.",
      });
    }
  },

  refused: async (ctx) => {
    const request = await registered(ctx, {
      type: "correction",
      channel: "letter",
      daysAgo: 12,
      details: "Brev: vill att fakturan från i fjol ställs ut på hans nya företag i stället.",
    });
    if (request.status === "received") {
      await refuseRequest(ctx.staff, {
        requestId: request.id,
        reason:
          "Fakturan var riktig när den ställdes ut och är räkenskapsinformation som inte får ändras i efterhand (bokföringslagen). Uppgifterna om dig är alltså inte felaktiga.",
      });
    }
  },

  open_tasks: async (ctx) => {
    const request = await registered(ctx, {
      type: "copy",
      channel: "email",
      daysAgo: 9,
      details: "E-post: ber om en kopia av sina uppgifter.",
    });
    await finishCopy(ctx, request.id, { resolve: false });
  },
};

type Intake = {
  type: "copy" | "correction" | "deletion" | "objection";
  channel: "email" | "phone" | "letter";
  daysAgo: number;
  details: string;
};

/** The person's request as staff registered it (intake), confirmed by the person a day later. */
async function registered(ctx: Ctx, intake: Intake, opts: { confirm: boolean } = { confirm: true }) {
  let request = await db.request.findFirst({
    where: { personId: ctx.personId, type: intake.type, channel: intake.channel },
  });
  if (!request) {
    const receivedDate = stockholmDay(new Date(ctx.now.getTime() - intake.daysAgo * DAY));
    request = await registerRequest(
      ctx.staff,
      {
        personId: ctx.personId,
        type: intake.type,
        channel: intake.channel,
        receivedDate,
        details: intake.details,
      },
      ctx.now,
    );
  }
  if (opts.confirm && request.status === "awaiting_confirmation") {
    const at = new Date(Math.min(ctx.now.getTime(), request.receivedAt.getTime() + DAY));
    await confirmRequest(
      systemActor("request-confirm-link"),
      signConfirmToken(request.id, ctx.personId, at),
      at,
    );
  }
  return db.request.findUniqueOrThrow({ where: { id: request.id } });
}

/**
 * A copy request taken to its copy: granted free by staff when still undecided, built as the worker
 * builds it (the queued job then finds it built), and with `resolve` its recipient searches ticked and
 * the request resolved.
 */
async function finishCopy(ctx: Ctx, requestId: string, opts: { resolve: boolean }) {
  let request = await db.request.findUniqueOrThrow({ where: { id: requestId } });
  if (request.status === "received") {
    await decideCopy(ctx.staff, { requestId, decision: "free" }, ctx.now);
  }
  const copy = await db.copy.findFirst({ where: { requestId, status: { in: ["queued", "building"] } } });
  if (copy) await buildCopy(copy.id, ctx.build);
  if (!opts.resolve) return;
  const tasks = await db.recipientTask.findMany({
    where: { requestId, status: "open" },
    select: { id: true },
  });
  for (const task of tasks) {
    await completeTask(ctx.staff, { taskId: task.id, note: "Sökt, inget mer finns där." }, ctx.now);
  }
  request = await db.request.findUniqueOrThrow({ where: { id: requestId } });
  if (request.status === "in_progress") await resolveRequest(ctx.staff, { requestId }, ctx.now);
}

/**
 * How many days ago a request was received for the clock to show `state` today: due within the week
 * but not today, or past its deadline. Computed, because month lengths and holidays move the deadline.
 */
function daysAgoFor(now: Date, state: "due_soon" | "overdue"): number {
  for (let days = state === "due_soon" ? 20 : 40; days < 60; days++) {
    const receivedAt = new Date(`${stockholmDay(new Date(now.getTime() - days * DAY))}T10:00:00.000Z`);
    const due = dueDate(receivedAt);
    const status = dueStatus(due, now);
    if (state === "overdue" && status === "overdue") return days;
    if (state === "due_soon" && status === "due_soon" && due.getTime() - now.getTime() > DAY) return days;
  }
  throw new Error(`no received date gives ${state}`);
}
