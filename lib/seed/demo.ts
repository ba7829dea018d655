// Demo data for every category of the data map: a long-standing customer, a short one with a sole
// trader's company, a newsletter-only subscriber and a form-only contact, plus two staff members.
// Deterministic (seeded PRNG, fixed base date) and idempotent; personnummer come only from the
// official test list.
import { db, type Tx } from "../db";
import { encryptForPerson } from "../crypto/keys";
import { personnummerHash } from "../crypto/personnummer-hash";
import { seedDataMap } from "../datamap/policy-map";
import { importConsentStates, type ImportedConsent } from "../consent/ledger";
import { birthDateOf, luhnValid, testPersonnummer } from "../validation/personnummer";
import type { Prisma } from "../generated/prisma/client";
import { NEWSLETTER_BATCH, queueNewsletterSend, sendBatch } from "../newsletter/send-newsletter";

export const DEMO_BASE_DATE = new Date("2026-11-01T00:00:00.000Z");

export const DEMO_STAFF = [
  { email: "admin@demo.example", name: "Astrid Admin", role: "admin" },
  { email: "staff@demo.example", name: "Sven Support", role: "staff" },
] as const;

export const DEMO_PEOPLE = [
  {
    email: "anna.andersson@demo.example",
    name: "Anna Andersson",
    kind: "customer",
    role: "customer with a four-year history and a limited company",
  },
  {
    email: "erik.eriksson@demo.example",
    name: "Erik Eriksson",
    kind: "customer",
    role: "customer with a short history; sole trader (organisation number is his personnummer)",
  },
  { email: "lisa.lind@demo.example", name: "Lisa", kind: "subscriber", role: "newsletter-only subscriber" },
  {
    email: "karl.karlsson@demo.example",
    name: "Karl Karlsson",
    kind: "contact",
    role: "wrote through a website form",
  },
] as const;

export type SeedSummary = {
  /** false when the demo customer already existed and nothing was written */
  created: boolean;
  baseDate: string;
  staff: { email: string; name: string; role: "admin" | "staff" }[];
  people: { email: string; name: string; kind: "customer" | "subscriber" | "contact"; role: string }[];
};

const ANNA_PNR = "19790618-9282";
const ERIK_PNR = "19800820-9275";
const IMPORT_WORDING = "2024-01";
// Serialises concurrent seedDemo calls (several test files share one database).
const SEED_LOCK_KEY = 7_316_202_611;

function summary(created: boolean): SeedSummary {
  return {
    created,
    baseDate: DEMO_BASE_DATE.toISOString(),
    staff: DEMO_STAFF.map((s) => ({ ...s })),
    people: DEMO_PEOPLE.map((p) => ({ ...p })),
  };
}

export async function seedDemo(): Promise<SeedSummary> {
  const pnrs = await testPersonnummer();
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.$transaction(
        async (tx) => {
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY}::bigint)`;
          if (await alreadySeeded(tx)) return summary(false);
          await seedDataMap(tx);
          await tx.staffMember.createMany({
            data: DEMO_STAFF.map((s) => ({ email: s.email, name: s.name, role: s.role })),
            skipDuplicates: true,
          });
          const rng = mulberry32(20261101);
          const annaPnr = await freePersonnummer(tx, pnrs, ANNA_PNR, []);
          const erikPnr = await freePersonnummer(tx, pnrs, ERIK_PNR, [annaPnr]);
          await seedAnna(tx, rng, annaPnr);
          await seedErik(tx, rng, erikPnr);
          await seedLisa(tx);
          await seedKarl(tx);
          await seedSampleNewsletter(tx);
          return summary(true);
        },
        { timeout: 120_000, maxWait: 60_000 },
      );
    } catch (err) {
      // Another writer (not seedDemo: the lock covers that) took a unique value first: look again.
      if (!isUniqueViolation(err) || attempt >= 2) throw err;
      if (await alreadySeeded(db)) return summary(false);
    }
  }
}

// Anna's first invoice outlives her erasure (bookkeeping hold): an erased demo customer is not
// brought back, and her held vouchers would collide anyway.
async function alreadySeeded(tx: Tx): Promise<boolean> {
  const [person, invoice] = [
    await tx.person.findUnique({ where: { email: DEMO_PEOPLE[0].email }, select: { id: true } }),
    await tx.invoice.findUnique({ where: { externalId: "demo-a-invoice-1001" }, select: { id: true } }),
  ];
  return Boolean(person || invoice);
}

// ---------------------------------------------------------------- a sample newsletter

/** The demo's one send key: the sample newsletter is sent once, whatever reruns the seed. */
export const SAMPLE_NEWSLETTER_KEY = "7d1c54a0-5f57-4a43-9a43-2f0b6c1e0a01";

/**
 * One newsletter about "news", sent by the staff console's own code to everyone whose consent allows
 * it, so the demo outbox holds a marketing email with a working List-Unsubscribe link. Its batches run
 * here, in the seed's transaction; the job it queues then finds the send done.
 */
async function seedSampleNewsletter(tx: Tx): Promise<void> {
  const actor = { kind: "system", name: "demo-seed" } as const;
  const { id } = await queueNewsletterSend(tx, actor, {
    sendKey: SAMPLE_NEWSLETTER_KEY,
    topic: "news",
    subjectSv: "Nyheter från Exempelbolaget: vårens sortiment",
    bodySv:
      "Hej!\n\nVårens sortiment är här, med nya varor i flera kategorier. Du hittar allt i vår webbutik.\n\nVänliga hälsningar\nExempelbolaget",
    subjectEn: "News from Exempelbolaget: the spring range",
    bodyEn:
      "Hello,\n\nOur spring range is here, with new goods in several categories. You will find it all in our web shop.\n\nKind regards\nExempelbolaget",
  });
  for (let more = true; more;) more = (await sendBatch(tx, id, NEWSLETTER_BATCH)).more;
}

// ---------------------------------------------------------------- the people

async function seedAnna(tx: Tx, rng: Rng, pnr: string): Promise<void> {
  const email = "anna.andersson@demo.example";
  const billing = { street: "Storgatan 12", postcode: "114 51", city: "Stockholm" };
  const person = await createCustomer(tx, pnr, {
    externalId: "DEMO-K1001",
    email,
    firstName: "Anna",
    lastName: "Andersson",
    // Reserved by PTS for fictional use (070-174 06 05 – 070-174 06 99).
    phone: "+46701740605",
    language: "sv",
    ...swedishAddresses(billing, { street: "Sveavägen 44", postcode: "111 34", city: "Stockholm" }),
    createdAt: daysBefore(1480, 9, 12),
    lastActiveAt: daysBefore(2, 19, 40),
  });
  const id = person.id;

  const orgNumber = orgNumberWithCheckDigit("556814273");
  await tx.company.create({
    data: {
      personId: id,
      name: "Andersson Konsult AB",
      orgNumber,
      soleTrader: false,
      contactPerson: "Anna Andersson",
    },
  });
  const counterparty = {
    name: "Andersson Konsult AB",
    orgNumber,
    address: `${billing.street}, ${billing.postcode} ${billing.city}`,
  };

  // 59 orders spread over four years, and one placed three days before the base date.
  const placed = Array.from({ length: 59 }, () => 1460 - Math.floor(rng() * 1450))
    .sort((a, b) => b - a)
    .map((d) => daysBefore(d, 8 + Math.floor(rng() * 12), Math.floor(rng() * 60)));
  placed.push(daysBefore(3, 10, 15));
  await seedOrders(tx, rng, {
    personId: id,
    prefix: "A",
    email,
    placed,
    counterparty,
    cards: [
      { until: daysBefore(880), cardBrand: "Visa", cardLast4: "0417" },
      { until: DEMO_BASE_DATE, cardBrand: "Mastercard", cardLast4: "8830" },
    ],
  });

  await tx.creditCheck.createMany({
    data: [
      { days: 1478, limit: 5_000_000 },
      { days: 1110, limit: 5_000_000 },
      { days: 745, limit: 7_500_000 },
      { days: 380, limit: 7_500_000 },
      { days: 140, limit: 10_000_000 },
    ].map((c) => ({
      personId: id,
      checkedAt: daysBefore(c.days, 9, 5),
      provider: "UC",
      outcome: "approved",
      limitOre: c.limit,
    })),
  });

  await tx.webEvent.createMany({ data: annaWebEvents(id, rng) });

  await seedContactHistory(tx, id, {
    social: [
      {
        occurredAt: daysBefore(1350, 20, 14),
        network: "Facebook",
        kind: "like",
        content: "Gillade företagets sida",
      },
      {
        occurredAt: daysBefore(905, 12, 2),
        network: "LinkedIn",
        kind: "comment",
        content: "Grattis till den nya webbplatsen – snyggt jobbat!",
      },
      {
        occurredAt: daysBefore(210, 21, 37),
        network: "Instagram",
        kind: "message",
        content: "Hej! Har ni dockningsstationen i lager igen?",
      },
    ],
    support: [
      {
        occurredAt: daysBefore(1320, 10, 20),
        channel: "email",
        subject: "Fråga om faktura",
        summary:
          "Undrade över momsen på en faktura. Vi förklarade beräkningen och skickade en kopia av fakturan.",
      },
      {
        occurredAt: daysBefore(895, 14, 5),
        channel: "phone",
        subject: "Försenad leverans",
        summary:
          "Paketet hade inte kommit fram. Vi kontrollerade spårningen hos transportföretaget och återkom samma dag.",
      },
      {
        occurredAt: daysBefore(425, 9, 48),
        channel: "chat",
        subject: "Fel tangentbordslayout",
        summary: "Tangentbordet hade levererats med fel layout. Vi ordnade ett byte utan kostnad.",
      },
      {
        occurredAt: daysBefore(82, 15, 30),
        channel: "email",
        subject: "Ny leveransadress",
        summary: "Bad oss använda kontorsadressen på Sveavägen för kommande leveranser.",
      },
    ],
    forms: [
      {
        submittedAt: daysBefore(1280, 11, 12),
        form: "Kontaktformulär",
        storedIn: "wix",
        message: "Hej, kan ni hjälpa oss att flytta vår webbplats till ert webbhotell?",
      },
      {
        submittedAt: daysBefore(648, 16, 44),
        form: "Offertförfrågan",
        storedIn: "m365",
        message: "Vi behöver fem nya arbetsplatser med skärm, dockningsstation och headset. Vad blir priset?",
      },
    ],
  });

  await tx.authorityDisclosure.create({
    data: {
      personId: id,
      disclosedAt: daysBefore(575, 13, 0),
      authority: "Skatteverket",
      legalBasis: "legal_obligation",
      description:
        "Fakturauppgifter för räkenskapsåret 2024 lämnade på begäran av Skatteverket vid en tredjemansrevision enligt skatteförfarandelagen.",
    },
  });

  await seedConsent(tx, id, [
    {
      channel: "email",
      topic: "news",
      status: "given",
      legalBasis: "consent",
      at: new Date("2024-01-15T08:00:00Z"),
    },
    ...postAndPhoneUntilObjection(person.createdAt),
  ]);
}

async function seedErik(tx: Tx, rng: Rng, pnr: string): Promise<void> {
  const email = "erik.eriksson@demo.example";
  const address = { street: "Kungsgatan 5", postcode: "753 21", city: "Uppsala" };
  const person = await createCustomer(tx, pnr, {
    externalId: "DEMO-K1002",
    email,
    firstName: "Erik",
    lastName: "Eriksson",
    phone: "+46701740606",
    language: "sv",
    ...swedishAddresses(address),
    createdAt: daysBefore(240, 13, 2),
    lastActiveAt: daysBefore(20, 7, 55),
  });
  const id = person.id;
  // A sole trader's organisation number is the owner's personnummer: kept only encrypted.
  await tx.company.create({
    data: {
      personId: id,
      name: "Eriks Snickeri",
      orgNumber: null,
      orgNumberEnc: await encryptForPerson(tx, id, pnr),
      soleTrader: true,
      contactPerson: "Erik Eriksson",
    },
  });
  await seedOrders(tx, rng, {
    personId: id,
    prefix: "E",
    email,
    placed: [daysBefore(238, 11, 30), daysBefore(170, 8, 45), daysBefore(96, 14, 10), daysBefore(21, 9, 0)],
    // No number on the voucher: a sole trader's would be a personnummer in clear.
    counterparty: {
      name: "Eriks Snickeri",
      orgNumber: null,
      address: `${address.street}, ${address.postcode} ${address.city}`,
    },
    cards: [{ until: DEMO_BASE_DATE, cardBrand: "Visa", cardLast4: "5521" }],
  });
  await tx.creditCheck.create({
    data: {
      personId: id,
      checkedAt: daysBefore(239, 9, 0),
      provider: "UC",
      outcome: "approved",
      limitOre: 2_000_000,
    },
  });
  await seedConsent(tx, id, postAndPhoneUntilObjection(person.createdAt));
}

async function seedLisa(tx: Tx): Promise<void> {
  const person = await tx.person.create({
    data: {
      kind: "subscriber",
      externalId: "DEMO-N3001",
      email: "lisa.lind@demo.example",
      firstName: "Lisa",
      language: "sv",
      createdAt: daysBefore(610, 18, 22),
    },
  });
  await seedConsent(tx, person.id, [
    { channel: "email", topic: "news", status: "given", legalBasis: "consent", at: person.createdAt },
  ]);
}

async function seedKarl(tx: Tx): Promise<void> {
  const person = await tx.person.create({
    data: {
      kind: "contact",
      externalId: "DEMO-C4001",
      email: "karl.karlsson@demo.example",
      firstName: "Karl",
      lastName: "Karlsson",
      language: "sv",
      createdAt: daysBefore(45, 10, 3),
    },
  });
  await seedContactHistory(tx, person.id, {
    forms: [
      {
        submittedAt: daysBefore(45, 10, 3),
        form: "Kontaktformulär",
        storedIn: "wix",
        message: "Hej! Levererar ni även till Åland, och vad kostar frakten i så fall?",
      },
    ],
  });
}

/** A customer with a personnummer: its hash and date of birth on the row, the number itself encrypted. */
async function createCustomer(
  tx: Tx,
  pnr: string,
  data: Omit<Prisma.PersonCreateInput, "kind" | "dateOfBirth" | "personnummerHash">,
) {
  const person = await tx.person.create({
    data: {
      kind: "customer",
      dateOfBirth: new Date(`${birthDateOf(pnr)}T00:00:00.000Z`),
      personnummerHash: personnummerHash(pnr),
      ...data,
    },
  });
  await tx.person.update({
    where: { id: person.id },
    data: { personnummerEnc: await encryptForPerson(tx, person.id, pnr) },
  });
  return person;
}

type Address = { street: string; postcode: string; city: string };

/** A customer's billing and delivery address columns (both in Sweden; delivery to the billing address unless given). */
function swedishAddresses(billing: Address, delivery: Address = billing) {
  return {
    billingStreet: billing.street,
    billingPostcode: billing.postcode,
    billingCity: billing.city,
    billingCountry: "SE",
    deliveryStreet: delivery.street,
    deliveryPostcode: delivery.postcode,
    deliveryCity: delivery.city,
    deliveryCountry: "SE",
  };
}

type ConsentSeed = ImportedConsent & { at: Date };

async function seedConsent(tx: Tx, personId: string, rows: ConsentSeed[]): Promise<void> {
  await importConsentStates(tx, personId, rows, { wordingVersion: IMPORT_WORDING, actorType: "import" });
}

/** Post and phone marketing, allowed until the person objects (imported from the company's systems). */
function postAndPhoneUntilObjection(at: Date): ConsentSeed[] {
  return (["post", "phone"] as const).map((channel) => ({
    channel,
    topic: "",
    status: "allowed",
    legalBasis: "allowed_until_objection",
    at,
  }));
}

type Own<T> = Omit<T, "personId" | "id">;

/** A person's social media interactions, support contacts and form submissions. */
async function seedContactHistory(
  tx: Tx,
  personId: string,
  history: {
    social?: Own<Prisma.SocialInteractionCreateManyInput>[];
    support?: Own<Prisma.SupportContactCreateManyInput>[];
    forms?: Own<Prisma.FormSubmissionCreateManyInput>[];
  },
): Promise<void> {
  const { social = [], support = [], forms = [] } = history;
  if (social.length) await tx.socialInteraction.createMany({ data: social.map((r) => ({ personId, ...r })) });
  if (support.length) await tx.supportContact.createMany({ data: support.map((r) => ({ personId, ...r })) });
  if (forms.length) await tx.formSubmission.createMany({ data: forms.map((r) => ({ personId, ...r })) });
}

// ---------------------------------------------------------------- orders, invoices, payments

type Product = { sku: string; description: string; priceOre: number; goods: boolean; maxQty: number };

// Prices include VAT (moms).
const CATALOGUE: readonly Product[] = [
  {
    sku: "TJ-WEBB-TIM",
    description: "Konsulttimme, webbutveckling",
    priceOre: 95_000,
    goods: false,
    maxQty: 8,
  },
  { sku: "TJ-SUPPORT-MAN", description: "Supportavtal, en månad", priceOre: 49_900, goods: false, maxQty: 1 },
  {
    sku: "TJ-WEBBHOTELL-AR",
    description: "Webbhotell, årsabonnemang",
    priceOre: 119_900,
    goods: false,
    maxQty: 1,
  },
  {
    sku: "TJ-INSTALL",
    description: "Installation och konfiguration på plats",
    priceOre: 125_000,
    goods: false,
    maxQty: 2,
  },
  { sku: "VA-SKARM-27", description: "Bildskärm 27 tum, QHD", priceOre: 349_900, goods: true, maxQty: 2 },
  {
    sku: "VA-DOCKA-USBC",
    description: "Dockningsstation USB-C med laddning",
    priceOre: 189_900,
    goods: true,
    maxQty: 2,
  },
  {
    sku: "VA-TANGENTBORD-SV",
    description: "Trådlöst tangentbord, svensk layout",
    priceOre: 79_900,
    goods: true,
    maxQty: 3,
  },
  { sku: "VA-MUS-ERGO", description: "Ergonomisk trådlös mus", priceOre: 59_900, goods: true, maxQty: 3 },
  { sku: "VA-HEADSET", description: "Headset med brusreducering", priceOre: 149_900, goods: true, maxQty: 2 },
  {
    sku: "VA-PAPPER-A4",
    description: "Kopieringspapper A4, 5 × 500 ark",
    priceOre: 32_900,
    goods: true,
    maxQty: 4,
  },
  { sku: "VA-TONER-SV", description: "Tonerkassett, svart", priceOre: 89_900, goods: true, maxQty: 2 },
  { sku: "VA-KABEL-HDMI", description: "HDMI-kabel, 2 meter", priceOre: 14_900, goods: true, maxQty: 4 },
];

const CARRIERS = ["PostNord", "DHL", "Bring"] as const;

type Counterparty = { name: string; orgNumber: string | null; address: string };
type Card = { until: Date; cardBrand: string; cardLast4: string };

async function seedOrders(
  tx: Tx,
  rng: Rng,
  o: {
    personId: string;
    prefix: string;
    email: string;
    placed: Date[];
    counterparty: Counterparty;
    cards: Card[];
  },
): Promise<void> {
  const orders: Prisma.OrderCreateManyInput[] = [];
  const lines: { items: Omit<Prisma.OrderItemCreateManyInput, "orderId">[]; goods: boolean }[] = [];
  o.placed.forEach((placedAt, i) => {
    const n = 1001 + i;
    const items: Omit<Prisma.OrderItemCreateManyInput, "orderId">[] = [];
    const used = new Set<string>();
    const count = 1 + Math.floor(rng() * 4);
    for (let k = 0; k < count; k++) {
      const p = pick(rng, CATALOGUE);
      if (used.has(p.sku)) continue;
      used.add(p.sku);
      items.push({
        sku: p.sku,
        description: p.description,
        quantity: 1 + Math.floor(rng() * p.maxQty),
        unitPriceOre: p.priceOre,
      });
    }
    const goods = items.some((it) => CATALOGUE.find((p) => p.sku === it.sku)?.goods);
    const recent = DEMO_BASE_DATE.getTime() - placedAt.getTime() < 7 * DAY;
    orders.push({
      personId: o.personId,
      externalId: `demo-${o.prefix.toLowerCase()}-order-${n}`,
      orderNumber: `DEMO-${o.prefix}${n}`,
      placedAt,
      status: recent ? (goods ? "shipped" : "processing") : goods ? "delivered" : "completed",
      totalOre: items.reduce((sum, it) => sum + it.quantity * it.unitPriceOre, 0),
      currency: "SEK",
    });
    lines.push({ items, goods });
  });
  const created = await tx.order.createManyAndReturn({
    data: orders,
    select: { id: true, externalId: true },
  });
  const idOf = new Map(created.map((c) => [c.externalId, c.id]));

  const items: Prisma.OrderItemCreateManyInput[] = [];
  const shipments: Prisma.ShipmentCreateManyInput[] = [];
  const invoices: Prisma.InvoiceCreateManyInput[] = [];
  orders.forEach((order, i) => {
    const orderId = idOf.get(order.externalId)!;
    const line = lines[i]!;
    const placedAt = order.placedAt as Date;
    for (const it of line.items) items.push({ ...it, orderId });
    if (line.goods) {
      const carrier = pick(rng, CARRIERS);
      shipments.push({
        orderId,
        carrier,
        trackingNumber: trackingNumber(rng, carrier),
        shippedAt: addHours(placedAt, 20),
      });
    }
    const issuedAt = addHours(placedAt, 24);
    const paidAt = addHours(issuedAt, 24 * (2 + Math.floor(rng() * 19)));
    const paid = paidAt < DEMO_BASE_DATE;
    const n = order.orderNumber.slice(`DEMO-${o.prefix}`.length);
    invoices.push({
      personId: o.personId,
      externalId: `demo-${o.prefix.toLowerCase()}-invoice-${n}`,
      invoiceNumber: `DEMO-F-${o.prefix}${n}`,
      issuedAt,
      dueAt: addHours(issuedAt, 24 * 30),
      amountOre: order.totalOre,
      currency: "SEK",
      status: paid ? "paid" : "sent",
      paidAt: paid ? paidAt : null,
      counterparty: o.counterparty,
    });
  });
  await tx.orderItem.createMany({ data: items });
  await tx.shipment.createMany({ data: shipments });
  const createdInvoices = await tx.invoice.createManyAndReturn({
    data: invoices,
    select: { id: true, externalId: true, paidAt: true, amountOre: true },
  });

  const payments: Prisma.PaymentCreateManyInput[] = [];
  for (const inv of invoices) {
    if (!inv.paidAt) continue;
    const paidAt = inv.paidAt as Date;
    const card = o.cards.find((c) => paidAt <= c.until) ?? o.cards[o.cards.length - 1]!;
    payments.push({
      personId: o.personId,
      invoiceId: createdInvoices.find((c) => c.externalId === inv.externalId)!.id,
      externalId: inv.externalId.replace("-invoice-", "-payment-"),
      paidAt,
      amountOre: inv.amountOre,
      currency: "SEK",
      method: "card",
      provider: "paypal",
      providerRef: paypalRef(rng),
      sharedWithProvider: { payerEmail: o.email, cardBrand: card.cardBrand, cardLast4: card.cardLast4 },
    });
  }
  await tx.payment.createMany({ data: payments });
}

// ---------------------------------------------------------------- website, device and location

type Device = { browser: string; os: string; platform: string; screen: string; gaClientId: string | null };

const DEVICES: readonly Device[] = [
  {
    browser: "Chrome 129",
    os: "Windows 11",
    platform: "desktop",
    screen: "1920x1080",
    gaClientId: "1843207719.1705305600",
  },
  {
    browser: "Safari 18",
    os: "iOS 18",
    platform: "mobile",
    screen: "390x844",
    gaClientId: "902716534.1712131200",
  },
  // A browser that blocks the analytics cookie: no client id.
  { browser: "Firefox 131", os: "macOS 14", platform: "desktop", screen: "2560x1440", gaClientId: null },
];

const PLACES = [
  { city: "Stockholm", ips: [23, 47, 118] },
  { city: "Uppsala", ips: [164] },
  { city: "Göteborg", ips: [201] },
] as const;

const PAGES = [
  "/",
  "/tjanster",
  "/tjanster/webbutveckling",
  "/tjanster/webbhotell",
  "/produkter",
  "/produkter/skarmar",
  "/produkter/tillbehor",
  "/kundservice",
  "/om-oss",
  "/kontakt",
  "/kassan",
] as const;

const DOWNLOADS = [
  "/nedladdningar/prislista-2026.pdf",
  "/nedladdningar/manual-dockningsstation.pdf",
] as const;

const REFERRERS = [
  null,
  null,
  "https://www.google.com/",
  "https://www.bing.com/",
  "https://www.facebook.com/",
  "https://www.linkedin.com/",
] as const;

// About 2,000 events in the last two years, inside the default web retention of 26 months, so the
// retention job does not empty the demo right away.
function annaWebEvents(personId: string, rng: Rng): Prisma.WebEventCreateManyInput[] {
  const events: Omit<Prisma.WebEventCreateManyInput, "personId" | "externalId">[] = [];
  const consentGiven = new Date("2024-01-15T08:00:00Z");
  for (let d = 7; daysBefore(d) > consentGiven && d < 720; d += 14) {
    const at = daysBefore(d, 6, 30);
    events.push({
      occurredAt: at,
      kind: "email_delivered",
      path: `/nyhetsbrev/${at.toISOString().slice(0, 10)}`,
    });
  }
  while (events.length < 2000) {
    const device = rng() < 0.65 ? DEVICES[0]! : rng() < 0.75 ? DEVICES[1]! : DEVICES[2]!;
    const r = rng();
    const place = r < 0.85 ? PLACES[0] : r < 0.95 ? PLACES[1] : PLACES[2];
    const ctx = {
      ip: `192.0.2.${pick(rng, place.ips)}`,
      language: "sv-SE",
      browser: device.browser,
      timeZone: "Europe/Stockholm",
      os: device.os,
      platform: device.platform,
      screen: device.screen,
      // The Google Analytics client id of the browser (its _ga cookie), so an erasure can ask GA to delete.
      gaClientId: device.gaClientId,
      country: "SE",
      city: place.city,
    };
    let t = daysBefore(1 + Math.floor(rng() * 718), 7 + Math.floor(rng() * 15), Math.floor(rng() * 60));
    const entry = pick(rng, PAGES);
    events.push({ ...ctx, occurredAt: t, kind: "visit_start", path: entry, referrer: pick(rng, REFERRERS) });
    let page: string = entry;
    const views = 2 + Math.floor(rng() * 7);
    for (let v = 0; v < views; v++) {
      t = new Date(t.getTime() + (5 + Math.floor(rng() * 120)) * 1000);
      events.push({
        ...ctx,
        occurredAt: t,
        kind: "page_view",
        path: page,
        responseMs: 80 + Math.floor(rng() * 700),
      });
      page = pick(rng, PAGES);
    }
    if (rng() < 0.08) {
      t = new Date(t.getTime() + 15_000);
      events.push({
        ...ctx,
        occurredAt: t,
        kind: "download_error",
        path: pick(rng, DOWNLOADS),
        responseMs: 30_000,
      });
    }
    t = new Date(t.getTime() + (10 + Math.floor(rng() * 300)) * 1000);
    events.push({
      ...ctx,
      occurredAt: t,
      kind: "visit_end",
      path: page,
      referrer: rng() < 0.2 ? "https://www.google.com/" : null,
    });
  }
  events.sort((a, b) => (a.occurredAt as Date).getTime() - (b.occurredAt as Date).getTime());
  return events.map((e, i) => ({ ...e, personId, externalId: `demo-a-web-${i + 1}` }));
}

// ---------------------------------------------------------------- bulk history for benchmarks

const BULK_BATCH = 5_000;

/**
 * Adds `orders` orders (one item, invoice and payment each) and `webEvents` web events for a person,
 * with ids and external ids derived from the person id and index, so a rerun skips what exists and a
 * larger count extends. Without a transaction each batch commits on its own (fast, resumable).
 *
 * Batches go in as one `INSERT … SELECT FROM unnest(arrays)` each: about eight times faster than
 * createMany here (10,000 orders and 100,000 web events in seconds rather than about a minute).
 */
export async function seedBulkHistory(
  personId: string,
  opts: { orders: number; webEvents: number },
  tx: Tx = db,
): Promise<{ orders: number; webEvents: number }> {
  const person = await tx.person.findUniqueOrThrow({
    where: { id: personId },
    select: {
      email: true,
      firstName: true,
      lastName: true,
      billingStreet: true,
      billingPostcode: true,
      billingCity: true,
      company: { select: { name: true, orgNumber: true } },
    },
  });
  const rng = mulberry32(fnv1a(personId));
  const counterparty = JSON.stringify({
    name:
      person.company?.name ?? ([person.firstName, person.lastName].filter(Boolean).join(" ") || person.email),
    orgNumber: person.company?.orgNumber ?? null,
    address: [person.billingStreet, [person.billingPostcode, person.billingCity].filter(Boolean).join(" ")]
      .filter(Boolean)
      .join(", "),
  });
  const orderStep = Math.min(DAY, Math.floor((4 * 365 * DAY) / Math.max(1, opts.orders)));
  for (let start = 0; start < opts.orders; start += BULK_BATCH) {
    const b = {
      n: [] as number[],
      ref: [] as string[],
      placedAt: [] as string[],
      issuedAt: [] as string[],
      dueAt: [] as string[],
      paidAt: [] as string[],
      status: [] as string[],
      sku: [] as string[],
      description: [] as string[],
      quantity: [] as number[],
      price: [] as number[],
      total: [] as number[],
      providerRef: [] as string[],
      shared: [] as string[],
    };
    for (let i = start; i < Math.min(opts.orders, start + BULK_BATCH); i++) {
      const placedAt = new Date(DEMO_BASE_DATE.getTime() - (i + 1) * orderStep);
      const issuedAt = addHours(placedAt, 24);
      const p = pick(rng, CATALOGUE);
      const quantity = 1 + Math.floor(rng() * p.maxQty);
      b.n.push(i + 1);
      b.ref.push(`${personId}-${i + 1}`);
      b.placedAt.push(placedAt.toISOString());
      b.issuedAt.push(issuedAt.toISOString());
      b.dueAt.push(addHours(issuedAt, 24 * 30).toISOString());
      b.paidAt.push(addHours(issuedAt, 72).toISOString());
      b.status.push(p.goods ? "delivered" : "completed");
      b.sku.push(p.sku);
      b.description.push(p.description);
      b.quantity.push(quantity);
      b.price.push(p.priceOre);
      b.total.push(quantity * p.priceOre);
      b.providerRef.push(paypalRef(rng));
      b.shared.push(JSON.stringify({ payerEmail: person.email, cardBrand: "Visa", cardLast4: "0417" }));
    }
    // Timestamps travel as ISO strings in UTC: Prisma's columns are timestamp(3) holding UTC.
    await tx.$executeRaw`
      INSERT INTO "Order" ("id", "personId", "externalId", "orderNumber", "placedAt", "status", "totalOre")
      SELECT 'bulk-o-' || u.ref, ${personId}::text, ${personId}::text || ':order:' || u.n, 'B-' || u.ref,
             u.placed AT TIME ZONE 'UTC', u.status, u.total
      FROM unnest(${b.n}::int[], ${b.ref}::text[], ${b.placedAt}::timestamptz[], ${b.status}::text[], ${b.total}::int[])
           AS u(n, ref, placed, status, total)
      ON CONFLICT DO NOTHING`;
    await tx.$executeRaw`
      INSERT INTO "OrderItem" ("id", "orderId", "sku", "description", "quantity", "unitPriceOre")
      SELECT 'bulk-i-' || u.ref, 'bulk-o-' || u.ref, u.sku, u.description, u.quantity, u.price
      FROM unnest(${b.ref}::text[], ${b.sku}::text[], ${b.description}::text[], ${b.quantity}::int[], ${b.price}::int[])
           AS u(ref, sku, description, quantity, price)
      ON CONFLICT DO NOTHING`;
    await tx.$executeRaw`
      INSERT INTO "Invoice" ("id", "personId", "externalId", "invoiceNumber", "issuedAt", "dueAt", "amountOre",
                             "status", "paidAt", "counterparty")
      SELECT 'bulk-f-' || u.ref, ${personId}::text, ${personId}::text || ':invoice:' || u.n, 'BF-' || u.ref,
             u.issued AT TIME ZONE 'UTC', u.due AT TIME ZONE 'UTC', u.total, 'paid', u.paid AT TIME ZONE 'UTC',
             ${counterparty}::jsonb
      FROM unnest(${b.n}::int[], ${b.ref}::text[], ${b.issuedAt}::timestamptz[], ${b.dueAt}::timestamptz[],
                  ${b.paidAt}::timestamptz[], ${b.total}::int[])
           AS u(n, ref, issued, due, paid, total)
      ON CONFLICT DO NOTHING`;
    await tx.$executeRaw`
      INSERT INTO "Payment" ("id", "personId", "invoiceId", "externalId", "paidAt", "amountOre", "method", "provider",
                             "providerRef", "sharedWithProvider")
      SELECT 'bulk-p-' || u.ref, ${personId}::text, 'bulk-f-' || u.ref, ${personId}::text || ':payment:' || u.n,
             u.paid AT TIME ZONE 'UTC', u.total, 'card', 'paypal', u.provider_ref, u.shared::jsonb
      FROM unnest(${b.n}::int[], ${b.ref}::text[], ${b.paidAt}::timestamptz[], ${b.total}::int[],
                  ${b.providerRef}::text[], ${b.shared}::text[])
           AS u(n, ref, paid, total, provider_ref, shared)
      ON CONFLICT DO NOTHING`;
  }

  const eventStep = Math.min(10 * 60_000, Math.floor((700 * DAY) / Math.max(1, opts.webEvents)));
  for (let start = 0; start < opts.webEvents; start += BULK_BATCH) {
    const e = {
      externalId: [] as string[],
      occurredAt: [] as string[],
      kind: [] as string[],
      path: [] as string[],
      referrer: [] as (string | null)[],
      responseMs: [] as (number | null)[],
      ip: [] as string[],
      browser: [] as string[],
      os: [] as string[],
      platform: [] as string[],
      screen: [] as string[],
    };
    for (let i = start; i < Math.min(opts.webEvents, start + BULK_BATCH); i++) {
      const device = DEVICES[i % DEVICES.length]!;
      const roll = rng();
      const kind =
        roll < 0.8
          ? "page_view"
          : roll < 0.88
            ? "visit_start"
            : roll < 0.96
              ? "visit_end"
              : roll < 0.99
                ? "email_delivered"
                : "download_error";
      e.externalId.push(`${personId}:web:${i + 1}`);
      e.occurredAt.push(new Date(DEMO_BASE_DATE.getTime() - (i + 1) * eventStep).toISOString());
      e.kind.push(kind);
      e.path.push(kind === "download_error" ? DOWNLOADS[0] : pick(rng, PAGES));
      e.referrer.push(kind === "visit_start" ? pick(rng, REFERRERS) : null);
      e.responseMs.push(kind === "page_view" ? 80 + Math.floor(rng() * 700) : null);
      e.ip.push(`192.0.2.${1 + (i % 254)}`);
      e.browser.push(device.browser);
      e.os.push(device.os);
      e.platform.push(device.platform);
      e.screen.push(device.screen);
    }
    await tx.$executeRaw`
      INSERT INTO "WebEvent" ("personId", "externalId", "occurredAt", "kind", "path", "referrer", "responseMs", "ip",
                              "language", "browser", "timeZone", "os", "platform", "screen", "country", "city")
      SELECT ${personId}::text, u.external_id, u.occurred AT TIME ZONE 'UTC', u.kind, u.path, u.referrer, u.response_ms,
             u.ip, 'sv-SE', u.browser, 'Europe/Stockholm', u.os, u.platform, u.screen, 'SE', 'Stockholm'
      FROM unnest(${e.externalId}::text[], ${e.occurredAt}::timestamptz[], ${e.kind}::text[], ${e.path}::text[],
                  ${e.referrer}::text[], ${e.responseMs}::int[], ${e.ip}::text[], ${e.browser}::text[], ${e.os}::text[],
                  ${e.platform}::text[], ${e.screen}::text[])
           AS u(external_id, occurred, kind, path, referrer, response_ms, ip, browser, os, platform, screen)
      ON CONFLICT DO NOTHING`;
  }
  return { orders: opts.orders, webEvents: opts.webEvents };
}

// ---------------------------------------------------------------- helpers

const DAY = 24 * 60 * 60 * 1000;

type Rng = () => number;

/** mulberry32: small, fast and good enough for demo data. */
function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)]!;
}

function daysBefore(days: number, hour = 0, minute = 0): Date {
  const d = new Date(DEMO_BASE_DATE.getTime() - days * DAY);
  d.setUTCHours(hour, minute, 0, 0);
  return d;
}

function addHours(date: Date, hours: number): Date {
  return new Date(date.getTime() + hours * 60 * 60 * 1000);
}

/** NNNNNN-NNNC: nine digits plus the Luhn check digit that luhnValid accepts. */
export function orgNumberWithCheckDigit(nine: string): string {
  for (let c = 0; c <= 9; c++) {
    const ten = `${nine}${c}`;
    if (luhnValid(ten)) return `${ten.slice(0, 6)}-${ten.slice(6)}`;
  }
  throw new Error("no check digit");
}

function trackingNumber(rng: Rng, carrier: (typeof CARRIERS)[number]): string {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rng() * 10)).join("");
  if (carrier === "DHL") return `JJD00${digits(16)}`;
  if (carrier === "Bring") return `370722${digits(11)}`;
  // UPU S10 (as PostNord uses): two letters, eight digits, a check digit, the country code.
  const serial = digits(8);
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const sum = serial.split("").reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  let check = 11 - (sum % 11);
  if (check === 10) check = 0;
  if (check === 11) check = 5;
  return `RR${serial}${check}SE`;
}

function paypalRef(rng: Rng): string {
  const chars = "0123456789ABCDEFGHJKLMNPRSTUVWXY";
  return Array.from({ length: 17 }, () => chars[Math.floor(rng() * chars.length)]).join("");
}

/** The preferred test number, or the next one in the list not already held or tombstoned. */
export async function freePersonnummer(
  tx: Tx,
  list: string[],
  preferred: string,
  avoid: string[],
): Promise<string> {
  const start = Math.max(0, list.indexOf(preferred));
  for (let k = 0; k < list.length; k++) {
    const pnr = list[(start + k) % list.length]!;
    if (avoid.includes(pnr)) continue;
    const hash = personnummerHash(pnr);
    if (!hash) continue;
    const person = await tx.person.findUnique({ where: { personnummerHash: hash }, select: { id: true } });
    const tomb = await tx.tombstone.findUnique({ where: { personnummerHash: hash }, select: { id: true } });
    if (!person && !tomb) return pnr;
  }
  throw new Error("every test personnummer is in use");
}

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string }; message?: string };
  return e?.code === "P2002" || e?.code === "23505" || e?.cause?.code === "23505";
}
