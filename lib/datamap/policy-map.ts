// The data map as the company's data protection policy states it, and nothing more. Where the policy
// is silent (legal basis per purpose, transfer safeguard, automated decisions, fixed retention periods)
// the value is null, which the portal shows as "to be confirmed by the company": never invent one.
// Admins edit the map in the database afterwards; seedDataMap only fills in what is missing.
import type { Tx } from "../db";

export type PurposeKey =
  | "presentation"
  | "identity_verification"
  | "customer_relationship"
  | "analysis"
  | "misuse_prevention"
  | "risk_management"
  | "legal_compliance"
  | "communication"
  | "marketing";

export type RecipientKey = "m365" | "wix" | "google_analytics" | "newsletter" | "paypal" | "transport";

export type CategoryKey =
  | "contact"
  | "company"
  | "identity"
  | "addresses"
  | "purchases"
  | "history"
  | "web_usage"
  | "device"
  | "geo"
  | "payment_partner"
  | "marketing"
  | "social"
  | "support"
  | "authorities";

export type LegalHoldKey = "bookkeeping";

export type PolicyPurpose = {
  key: PurposeKey;
  textSv: string;
  textEn: string;
  legalBasis: null;
};

export type PolicyRecipient = {
  key: RecipientKey;
  name: string;
  nameSv: string;
  nameEn: string;
  role: "processor" | "controller";
  descriptionSv: string;
  descriptionEn: string;
  outsideEea: null;
  safeguard: null;
  connector: string;
};

export type PolicyCategory = {
  key: CategoryKey;
  sortOrder: number;
  nameSv: string;
  nameEn: string;
  descriptionSv: string;
  descriptionEn: string;
  sourceSv: string;
  sourceEn: string;
  legalBasis: null;
  retentionSv: string;
  retentionEn: string;
  retentionMonths: number | null;
  legalHold: LegalHoldKey | null;
  automatedDecision: null;
  automatedLogicSv: null;
  automatedLogicEn: null;
  purposes: readonly PurposeKey[];
  recipients: readonly RecipientKey[];
};

export type PolicyConsentTopic = { key: string; nameSv: string; nameEn: string; sortOrder: number };

/** What each legal hold means; the erasure plan and the "my data" page quote it. */
export const LEGAL_HOLDS: Record<
  LegalHoldKey,
  { lawSv: string; lawEn: string; ruleSv: string; ruleEn: string }
> = {
  bookkeeping: {
    lawSv: "Bokföringslagen (1999:1078) 7 kap. 2 §",
    lawEn: "Swedish Bookkeeping Act (Bokföringslagen 1999:1078), chapter 7, section 2",
    ruleSv:
      "Räkenskapsinformation sparas till och med det sjunde året efter utgången av det kalenderår då räkenskapsåret avslutades.",
    ruleEn:
      "Accounting records are kept until the end of the seventh year after the end of the calendar year in which the financial year ended.",
  },
};

// "All data is used to provide, perform and improve our services": the seven listed purposes, then
// the two the policy describes in its own sections (communication, newsletters).
export const PURPOSES: readonly PolicyPurpose[] = [
  {
    key: "presentation",
    textSv: "Att se till att innehåll presenteras på ett effektivt sätt för dig och på din enhet.",
    textEn: "To ensure that content is presented effectively to you and on your device.",
    legalBasis: null,
  },
  {
    key: "identity_verification",
    textSv:
      "Att bekräfta din identitet och kontrollera dina person- och kontaktuppgifter för att kunna fullgöra våra åtaganden mot dig.",
    textEn:
      "To confirm your identity and verify your personal and contact details in order to fulfil our obligations towards you.",
    legalBasis: null,
  },
  {
    key: "customer_relationship",
    textSv:
      "Att administrera din betalning och kundrelation, t.ex. för att fullgöra våra åtaganden mot dig och ge dig den information och de produkter och tjänster som du begär av oss.",
    textEn:
      "To administer your payment and customer relationship, e.g. to fulfil our obligations to you and to provide you with the information, products and services that you request from us.",
    legalBasis: null,
  },
  {
    key: "analysis",
    textSv:
      "Att göra kundanalyser, administrera våra tjänster och för vår egen interna verksamhet, bland annat felsökning, dataanalys, tester, forskning och statistik.",
    textEn:
      "To conduct customer analysis, administer our services and for our own internal operations, including troubleshooting, data analysis, testing, research and statistics.",
    legalBasis: null,
  },
  {
    key: "misuse_prevention",
    textSv: "Att förhindra missbruk av våra tjänster och följa tillämplig lagstiftning.",
    textEn: "To prevent misuse of our services and comply with applicable legislation.",
    legalBasis: null,
  },
  {
    key: "risk_management",
    textSv:
      "Att göra riskanalyser, förebygga bedrägerier och hantera risker, för att kunna följa tillämplig lagstiftning och för andra berättigade intressen.",
    textEn:
      "To carry out risk analysis, fraud prevention and risk management, to be able to comply with applicable legislation and for other legitimate interests.",
    legalBasis: null,
  },
  {
    key: "legal_compliance",
    textSv:
      "Att följa tillämplig lagstiftning, till exempel lagar om åtgärder mot penningtvätt, bokföringslagen och kapitaltäckningskrav.",
    textEn:
      "To comply with applicable legislation, such as anti-money laundering and accounting laws and capital adequacy requirements.",
    legalBasis: null,
  },
  {
    key: "communication",
    textSv:
      "Att ge dig relevant information om de tjänster vi erbjuder och göra kundnöjdhetsundersökningar om våra tjänster (t.ex. efter att du har kontaktat vår kundtjänst), via elektroniska kanaler och per telefon.",
    textEn:
      "To communicate relevant information about the services we offer and to carry out customer satisfaction surveys about our services (e.g. after you have contacted our customer service), by electronic channels and by telephone.",
    legalBasis: null,
  },
  {
    key: "marketing",
    textSv: "Att skicka nyhetsbrev till våra kunder och till dem som har anmält sitt intresse hos oss.",
    textEn: "To send newsletters to our customers and to those who have registered their interest with us.",
    legalBasis: null,
  },
];

// Roles by the policy's own words: PayPal's own data protection rules apply, and "the transport
// company is then responsible". Outside-EEA and safeguard stay null: the policy only says data "may in
// certain situations" leave the EU/EEA, without naming where or under which safeguard.
export const RECIPIENTS: readonly PolicyRecipient[] = [
  {
    key: "m365",
    name: "Microsoft 365",
    nameSv: "Microsoft 365",
    nameEn: "Microsoft 365",
    role: "processor",
    descriptionSv:
      "Alla uppgifter vi samlar in om dig lagras i vår Microsoft 365-miljö: i listor, dokument, e-post och på andra ställen. Bara de personer i företaget som har fått behörighet kan använda dem.",
    descriptionEn:
      "All data we collect about you is stored in our Microsoft 365 environment: in lists, documents, mail and other places. Only the people in our company who have been given access can use it.",
    outsideEea: null,
    safeguard: null,
    connector: "microsoft_365",
  },
  {
    key: "wix",
    name: "WIX",
    nameSv: "WIX",
    nameEn: "WIX",
    role: "processor",
    descriptionSv:
      "Leverantören av vår webbplats. Uppgifter från vissa formulär på webbplatsen lagras hos WIX, och WIX samlar in uppgifter om hur du använder webbplatsen.",
    descriptionEn:
      "The operating provider of our website. Data from some of the forms on the website is stored with WIX, and WIX collects information about how you use the website.",
    outsideEea: null,
    safeguard: null,
    connector: "wix",
  },
  {
    key: "google_analytics",
    name: "Google Analytics",
    nameSv: "Google Analytics",
    nameEn: "Google Analytics",
    role: "processor",
    descriptionSv: "Vårt analysverktyg. Vissa uppgifter om hur du använder vår webbplats kan lagras här.",
    descriptionEn: "Our analytics software. Some data about how you use our website can be stored here.",
    outsideEea: null,
    safeguard: null,
    connector: "google_analytics",
  },
  {
    key: "newsletter",
    name: "Nyhetsbrevspartner / Newsletter partner",
    nameSv: "Nyhetsbrevspartner",
    nameEn: "Newsletter partner",
    role: "processor",
    descriptionSv:
      "Vårt molnbaserade system för nyhetsbrev. Vi för över namn och e-postadresser dit. Avregistrerar du dig via länken i nyhetsbrevet markeras du där, men dina kontaktuppgifter finns kvar hos partnern (och hos oss).",
    descriptionEn:
      "Our cloud-based system for newsletters. We import names and email addresses into it. If you unsubscribe through the link in the newsletter you are tagged there, but your contact details remain with the partner (and with us).",
    outsideEea: null,
    safeguard: null,
    connector: "newsletter",
  },
  {
    key: "paypal",
    name: "PayPal",
    nameSv: "PayPal",
    nameEn: "PayPal",
    role: "controller",
    descriptionSv:
      "Vår betalpartner och vårt faktureringssystem, där fakturauppgifter lagras. PayPals egna regler för dataskydd gäller för det som PayPal samlar in.",
    descriptionEn:
      "Our payment partner and invoicing system, where invoice information is stored. PayPal's own data protection rules apply to what PayPal collects.",
    outsideEea: null,
    safeguard: null,
    connector: "paypal",
  },
  {
    key: "transport",
    name: "Transportföretag / Transport companies",
    nameSv: "Transportföretag",
    nameEn: "Transport companies",
    role: "controller",
    descriptionSv:
      "När vi registrerar en försändelse med dina varor hos våra transportpartner använder vi dina kontaktuppgifter; det krävs för att du ska få dina varor. Transportföretaget ansvarar sedan för hur det lagrar och hanterar dina personuppgifter.",
    descriptionEn:
      "When we register a shipment of your goods with our transport partners we use your contact details; this is required for you to receive your goods. The transport company is then responsible for how it stores and handles your personal data.",
    outsideEea: null,
    safeguard: null,
    connector: "manual",
  },
];

const RETENTION_SV =
  "Så länge det behövs för att fullgöra våra åtaganden mot dig och så länge lagstadgade lagringstider kräver det. Policyn anger ingen fast tid – bekräftas av företaget.";
const RETENTION_EN =
  "As long as necessary to fulfil our obligations to you and as long as statutory retention periods require. The policy states no fixed period – to be confirmed by the company.";

const BOOKKEEPING_SV =
  "Fakturor och betalningar är räkenskapsinformation och sparas enligt bokföringslagen (7 kap. 2 §) till och med det sjunde året efter utgången av det kalenderår då räkenskapsåret avslutades; under den tiden används de inte till något annat. Övriga uppgifter sparas så länge det behövs för att fullgöra våra åtaganden mot dig.";
const BOOKKEEPING_EN =
  "Invoices and payments are accounting records and are kept under the Swedish Bookkeeping Act (chapter 7, section 2) until the end of the seventh year after the end of the calendar year in which the financial year ended; during that time they are used for nothing else. Other data is kept as long as necessary to fulfil our obligations to you.";

// 26 months is the portal's default (settings.webEventRetentionMonths), not a period the policy states.
const WEB_RETENTION_MONTHS = 26;
const WEB_RETENTION_SV =
  "26 månader – ett standardvärde inställt i portalen; bekräftas av företaget. Policyn anger bara att uppgifter sparas så länge det behövs för att fullgöra våra åtaganden och så länge lagstadgade lagringstider kräver det.";
const WEB_RETENTION_EN =
  "26 months – a default set in the portal; to be confirmed by the company. The policy only says that data is kept as long as necessary to fulfil our obligations and as long as statutory retention periods require.";

/** How long a category is kept, by the rule it falls under, with the category's own addition to the text. */
const RETENTION_RULES = {
  relationship: { sv: RETENTION_SV, en: RETENTION_EN, months: null, legalHold: null },
  bookkeeping: { sv: BOOKKEEPING_SV, en: BOOKKEEPING_EN, months: null, legalHold: "bookkeeping" },
  web: { sv: WEB_RETENTION_SV, en: WEB_RETENTION_EN, months: WEB_RETENTION_MONTHS, legalHold: null },
} as const;

function kept(
  rule: keyof typeof RETENTION_RULES,
  addSv = "",
  addEn = "",
): Pick<PolicyCategory, "retentionSv" | "retentionEn" | "retentionMonths" | "legalHold"> {
  const r = RETENTION_RULES[rule];
  return {
    retentionSv: r.sv + addSv,
    retentionEn: r.en + addEn,
    retentionMonths: r.months,
    legalHold: r.legalHold,
  };
}

const FROM_YOU_SV =
  "Från dig, direkt eller indirekt: när du bekräftar ett köp på vår webbplats, väljer betalsätt, kontaktar oss eller på annat sätt lämnar uppgifter till oss.";
const FROM_YOU_EN =
  "From you, directly or indirectly: when you confirm a purchase on our website, choose a payment option, contact us or otherwise provide data to us.";

const WEB_SOURCE_SV =
  "Samlas in av leverantören av vår webbplats (WIX) och av vårt analysverktyg (Google Analytics) när du använder webbplatsen.";
const WEB_SOURCE_EN =
  "Collected by the operating provider of our website (WIX) and by our analytics software (Google Analytics) when you use the website.";

type CategoryText = Omit<
  PolicyCategory,
  "sortOrder" | "legalBasis" | "automatedDecision" | "automatedLogicSv" | "automatedLogicEn"
>;

const CATEGORY_TEXT: readonly CategoryText[] = [
  {
    key: "contact",
    nameSv: "Kontaktuppgifter",
    nameEn: "Contact details",
    descriptionSv: "De kontaktuppgifter du lämnar till oss när du vill komma i kontakt med oss.",
    descriptionEn: "The contact details you provide to us when you wish to get in touch with us.",
    sourceSv: "Från dig, när du kontaktar oss.",
    sourceEn: "From you, when you contact us.",
    ...kept("relationship"),
    purposes: ["identity_verification", "customer_relationship", "communication", "marketing"],
    // Forms on the website (WIX), names and email for newsletters, contact details on shipments and
    // with the payment partner.
    recipients: ["m365", "wix", "newsletter", "transport", "paypal"],
  },
  {
    key: "company",
    nameSv: "Företagsuppgifter",
    nameEn: "Company details",
    descriptionSv:
      "Företagets namn, organisationsnummer, adress och kontaktperson. En enskild näringsidkares organisationsnummer är ett personnummer och behandlas som ett sådant.",
    descriptionEn:
      "Your company name, organisation number, address and contact person. A sole trader's organisation number is a personal identity number and is treated as one.",
    sourceSv: FROM_YOU_SV,
    sourceEn: FROM_YOU_EN,
    ...kept(
      "relationship",
      " Företagsuppgifter på fakturor sparas så länge fakturan ska sparas enligt bokföringslagen.",
      " Company details on invoices are kept as long as the invoice must be kept under the Bookkeeping Act.",
    ),
    purposes: ["identity_verification", "customer_relationship", "risk_management", "legal_compliance"],
    recipients: ["m365", "paypal"],
  },
  {
    key: "identity",
    nameSv: "Personuppgifter",
    nameEn: "Personal details",
    descriptionSv: "Namn, födelsedatum och personnummer.",
    descriptionEn: "Name, date of birth and personal identity number (personnummer).",
    sourceSv: FROM_YOU_SV,
    sourceEn: FROM_YOU_EN,
    ...kept("relationship"),
    purposes: [
      "identity_verification",
      "customer_relationship",
      "misuse_prevention",
      "risk_management",
      "legal_compliance",
    ],
    // The name goes to the newsletter partner, on shipments and to the payment partner; the
    // personnummer is held in Microsoft 365 only.
    recipients: ["m365", "newsletter", "transport", "paypal"],
  },
  {
    key: "addresses",
    nameSv: "Adresser, e-post och mobilnummer",
    nameEn: "Addresses, email and mobile number",
    descriptionSv: "Faktura- och leveransadress, e-postadress och mobiltelefonnummer.",
    descriptionEn: "Billing and delivery address, email address and mobile phone number.",
    sourceSv: FROM_YOU_SV,
    sourceEn: FROM_YOU_EN,
    ...kept("relationship"),
    purposes: ["identity_verification", "customer_relationship", "communication", "marketing"],
    recipients: ["m365", "wix", "newsletter", "transport", "paypal"],
  },
  {
    key: "purchases",
    nameSv: "Varor och tjänster",
    nameEn: "Goods and services",
    descriptionSv: "Uppgifter om de varor och tjänster du har köpt av oss.",
    descriptionEn: "Details of the goods and services you have purchased from us.",
    sourceSv: "Från våra egna register över dina köp.",
    sourceEn: "From our own records of your purchases.",
    ...kept(
      "relationship",
      " Det som står på fakturor sparas så länge fakturan ska sparas enligt bokföringslagen.",
      " What appears on invoices is kept as long as the invoice must be kept under the Bookkeeping Act.",
    ),
    purposes: ["customer_relationship", "analysis", "legal_compliance"],
    recipients: ["m365", "paypal"],
  },
  {
    key: "history",
    nameSv: "Köp-, betalnings- och kredithistorik",
    nameEn: "Purchase, payment and credit history",
    descriptionSv:
      "Din historik av köp, betalningar och kreditprövningar: beställningar, leveranser, fakturor, betalningar och kreditupplysningar.",
    descriptionEn:
      "Your purchase, payment and credit history: orders, deliveries, invoices, payments and credit checks.",
    sourceSv:
      "Från våra egna register och från PayPal, vårt faktureringssystem. Varifrån kredithistoriken kommer anges inte i policyn – bekräftas av företaget.",
    sourceEn:
      "From our own records and from PayPal, our invoicing system. Where the credit history comes from is not stated in the policy – to be confirmed by the company.",
    ...kept("bookkeeping"),
    purposes: ["customer_relationship", "analysis", "risk_management", "legal_compliance"],
    recipients: ["m365", "paypal"],
  },
  {
    key: "web_usage",
    nameSv: "Hur du använder våra webbtjänster",
    nameEn: "How you use our web services",
    descriptionSv:
      "Hur du använder våra tjänster, bland annat sidornas svarstider, fel vid nedladdning, hur du kom till och lämnade tjänsten samt leveransbekräftelser när vi kontaktar dig.",
    descriptionEn:
      "How you use our services, including page response times, download errors, how you reached and left the service, and delivery notices when we contact you.",
    sourceSv:
      WEB_SOURCE_SV + " Leveransbekräftelser kommer från vårt system för utskick när vi kontaktar dig.",
    sourceEn: WEB_SOURCE_EN + " Delivery notices come from our mailing system when we contact you.",
    ...kept("web"),
    purposes: ["presentation", "analysis", "misuse_prevention"],
    recipients: ["m365", "wix", "google_analytics", "newsletter"],
  },
  {
    key: "device",
    nameSv: "Enhetsinformation",
    nameEn: "Device information",
    descriptionSv:
      "IP-adress, språkinställningar, webbläsarinställningar, tidszon, operativsystem, plattform och skärmupplösning.",
    descriptionEn:
      "IP address, language settings, browser settings, time zone, operating system, platform and screen resolution.",
    sourceSv: WEB_SOURCE_SV,
    sourceEn: WEB_SOURCE_EN,
    ...kept("web"),
    purposes: ["presentation", "analysis", "misuse_prevention"],
    recipients: ["m365", "wix", "google_analytics"],
  },
  {
    key: "geo",
    nameSv: "Geografisk information",
    nameEn: "Geographic information",
    descriptionSv: "Din geografiska plats.",
    descriptionEn: "Your geographic location.",
    sourceSv: WEB_SOURCE_SV,
    sourceEn: WEB_SOURCE_EN,
    ...kept("web"),
    purposes: ["presentation", "analysis"],
    recipients: ["m365", "wix", "google_analytics"],
  },
  {
    key: "payment_partner",
    nameSv: "Uppgifter till våra betalpartner",
    nameEn: "Information given to our payment partners",
    descriptionSv:
      "När du betalar med t.ex. PayPal samlar PayPal, utöver person- och kontaktuppgifter, in betalningsuppgifter: kortuppgifter (kortnummer, giltighetstid och CVV-kod), fakturauppgifter, bankkontonummer m.m. Vi har själva bara det som PayPal rapporterar till oss, till exempel betalarens e-postadress och kortets sista fyra siffror.",
    descriptionEn:
      "When you pay with e.g. PayPal, PayPal collects, in addition to personal and contact details, payment information: card data (card number, expiry date and CVV code), invoice information, bank account number, etc. We ourselves hold only what PayPal reports to us, such as the payer's email address and the last four digits of the card.",
    sourceSv: "Från dig till betalpartnern; det vi har kommer från PayPals rapporter till oss.",
    sourceEn: "From you to the payment partner; what we hold comes from PayPal's reports to us.",
    ...kept(
      "bookkeeping",
      " Hos PayPal gäller PayPals egna regler.",
      " At PayPal, PayPal's own rules apply.",
    ),
    purposes: ["customer_relationship", "risk_management", "legal_compliance"],
    recipients: ["m365", "paypal"],
  },
  {
    key: "marketing",
    nameSv: "Nyhetsbrev och marknadsföring",
    nameEn: "Newsletter and marketing",
    descriptionSv:
      "Om du får vårt nyhetsbrev och annan marknadsföring, per kanal och ämne, och varje ändring du eller vi har gjort.",
    descriptionEn:
      "Whether you receive our newsletter and other marketing, per channel and topic, and every change you or we have made.",
    sourceSv:
      "Från dig, när du anmäler dig som intresserad eller avregistrerar dig, och från vårt system för nyhetsbrev.",
    sourceEn: "From you, when you register your interest or unsubscribe, and from our newsletter system.",
    ...kept("relationship"),
    purposes: ["marketing", "communication"],
    recipients: ["m365", "newsletter"],
  },
  {
    key: "social",
    nameSv: "Sociala medier",
    nameEn: "Social media",
    descriptionSv:
      "När du gillar oss i sociala medier får vi del av det du har lämnat till leverantören av det sociala mediet och som är offentligt för alla, liksom samtal mellan dig och oss där. Vi kan använda det för att förbättra våra tjänster.",
    descriptionEn:
      "When you like us on social media we get access to what you provided to the social media provider that is publicly available to everyone, and to conversations between you and us there. We may use it to improve our services.",
    sourceSv:
      "Från leverantören av det sociala mediet: det du själv har gjort offentligt och samtal med oss.",
    sourceEn: "From the social media provider: what you have made public yourself and conversations with us.",
    ...kept("relationship"),
    purposes: ["analysis", "communication"],
    recipients: ["m365"],
  },
  {
    key: "support",
    nameSv: "Kundtjänst och formulär",
    nameEn: "Support contacts and forms",
    descriptionSv:
      "Dina kontakter med vår kundtjänst och det du har skickat via formulär på vår webbplats. Formulärdata lagras hos WIX eller i Microsoft 365 beroende på formulär.",
    descriptionEn:
      "Your contacts with our customer service and what you have sent through forms on our website. Form data is stored with WIX or in Microsoft 365 depending on the form.",
    sourceSv: "Från dig, när du kontaktar vår kundtjänst eller fyller i ett formulär på vår webbplats.",
    sourceEn: "From you, when you contact our customer service or fill in a form on our website.",
    ...kept("relationship"),
    purposes: ["customer_relationship", "communication", "analysis"],
    recipients: ["m365", "wix"],
  },
  {
    key: "authorities",
    nameSv: "Utlämnanden till myndigheter",
    nameEn: "Disclosures to authorities",
    descriptionSv:
      "Uppgifter som vi har lämnat till myndigheter, t.ex. polisen eller Skatteverket, därför att lagen kräver det (till exempel åtgärder mot penningtvätt och finansiering av terrorism) eller därför att du har samtyckt, om några.",
    descriptionEn:
      "Information we have provided to authorities such as the police or the tax office because the law requires it (for example measures against money laundering and terrorist financing) or because you consented, if any.",
    sourceSv: "Från våra egna register över vad vi har lämnat ut.",
    sourceEn: "From our own records of what we have disclosed.",
    ...kept("relationship"),
    purposes: ["legal_compliance"],
    recipients: ["m365"],
  },
];

export const CATEGORIES: readonly PolicyCategory[] = CATEGORY_TEXT.map((c, i) => ({
  ...c,
  sortOrder: (i + 1) * 10,
  legalBasis: null,
  automatedDecision: null,
  automatedLogicSv: null,
  automatedLogicEn: null,
}));

export const CONSENT_TOPICS: readonly PolicyConsentTopic[] = [
  { key: "news", nameSv: "Nyheter", nameEn: "News", sortOrder: 10 },
  { key: "offers", nameSv: "Erbjudanden", nameEn: "Offers", sortOrder: 20 },
  { key: "surveys", nameSv: "Kundundersökningar", nameEn: "Customer surveys", sortOrder: 30 },
];

/**
 * Creates whatever of the policy map is missing and never updates an existing row, so an admin's
 * edits (texts, legal bases, retention, links) survive a re-seed. Links are only added for categories
 * created in this call: for an existing category, a missing link may be an admin's removal.
 * Safe to run concurrently (inserts skip duplicates).
 */
export async function seedDataMap(tx: Tx): Promise<{ categoriesCreated: number }> {
  await tx.purpose.createMany({
    data: PURPOSES.map((p) => ({ key: p.key, textSv: p.textSv, textEn: p.textEn, legalBasis: p.legalBasis })),
    skipDuplicates: true,
  });
  await tx.recipient.createMany({
    data: RECIPIENTS.map((r) => ({
      key: r.key,
      name: r.name,
      role: r.role,
      descriptionSv: r.descriptionSv,
      descriptionEn: r.descriptionEn,
      outsideEea: r.outsideEea,
      safeguard: r.safeguard,
      connector: r.connector,
    })),
    skipDuplicates: true,
  });
  await tx.consentTopic.createMany({ data: CONSENT_TOPICS.map((t) => ({ ...t })), skipDuplicates: true });

  const existing = new Set((await tx.dataCategory.findMany({ select: { key: true } })).map((c) => c.key));
  const missing = CATEGORIES.filter((c) => !existing.has(c.key));
  if (missing.length === 0) return { categoriesCreated: 0 };

  await tx.dataCategory.createMany({
    data: missing.map((c) => ({
      key: c.key,
      sortOrder: c.sortOrder,
      nameSv: c.nameSv,
      nameEn: c.nameEn,
      descriptionSv: c.descriptionSv,
      descriptionEn: c.descriptionEn,
      sourceSv: c.sourceSv,
      sourceEn: c.sourceEn,
      legalBasis: c.legalBasis,
      retentionSv: c.retentionSv,
      retentionEn: c.retentionEn,
      retentionMonths: c.retentionMonths,
      legalHold: c.legalHold,
      automatedDecision: c.automatedDecision,
      automatedLogicSv: c.automatedLogicSv,
      automatedLogicEn: c.automatedLogicEn,
    })),
    skipDuplicates: true,
  });
  await tx.categoryPurpose.createMany({
    data: missing.flatMap((c) => c.purposes.map((p) => ({ categoryKey: c.key, purposeKey: p }))),
    skipDuplicates: true,
  });
  await tx.categoryRecipient.createMany({
    data: missing.flatMap((c) => c.recipients.map((r) => ({ categoryKey: c.key, recipientKey: r }))),
    skipDuplicates: true,
  });
  return { categoriesCreated: missing.length };
}
