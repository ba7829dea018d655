// Which correctable fields each recipient holds, per link of the data map (category → recipient).
// The data map links categories to recipients; a correction changes fields, and Art. 19 asks to tell
// the recipients to whom *that* data was disclosed. A link listed here holds exactly the fields named
// (possibly none); a link not listed here (one an admin added) is taken to hold every field of its
// category, so a new link is never silently left out. See docs/decisions/0019-art19-notices-per-field.md.
import { FIELD_CATEGORY, type ChangeField } from "@/lib/privacy/rectification/fields";
import type { CategoryKey, RecipientKey } from "./policy-map";

type LinkFields = Partial<Record<CategoryKey, Partial<Record<RecipientKey, readonly ChangeField[]>>>>;

const BILLING = ["billingStreet", "billingPostcode", "billingCity", "billingCountry"] as const;
const DELIVERY = ["deliveryStreet", "deliveryPostcode", "deliveryCity", "deliveryCountry"] as const;

/**
 * By the policy's own words: Microsoft 365 holds everything; WIX keeps what website forms ask for
 * (email, phone); the newsletter partner gets names and email addresses; transport companies get what a
 * shipment needs (name, delivery address, email and phone for delivery notices); PayPal, the invoicing
 * system, gets what an invoice needs (name, billing address, email, phone, company details). The
 * personnummer and date of birth are held in Microsoft 365 only, and so is the chosen language.
 */
export const HELD_FIELDS: LinkFields = {
  identity: {
    m365: ["firstName", "lastName", "dateOfBirth", "personnummer"],
    newsletter: ["firstName", "lastName"],
    transport: ["firstName", "lastName"],
    paypal: ["firstName", "lastName"],
  },
  addresses: {
    m365: ["email", "phone", ...BILLING, ...DELIVERY],
    wix: ["email", "phone"],
    newsletter: ["email"],
    transport: ["email", "phone", ...DELIVERY],
    paypal: ["email", "phone", ...BILLING],
  },
  company: {
    m365: ["companyName", "orgNumber", "contactPerson"],
    paypal: ["companyName", "orgNumber", "contactPerson"],
  },
  contact: {
    m365: ["language"],
    wix: [],
    newsletter: [],
    transport: [],
    paypal: [],
  },
};

/** The fields of `category` that the recipient of this link holds, among `changed`. */
export function heldOf(
  category: string,
  recipientKey: string,
  changed: readonly ChangeField[],
): ChangeField[] {
  const inCategory = changed.filter((f) => FIELD_CATEGORY[f] === category);
  const listed = (HELD_FIELDS as Record<string, Record<string, readonly ChangeField[]> | undefined>)[
    category
  ]?.[recipientKey];
  return listed ? inCategory.filter((f) => listed.includes(f)) : inCategory;
}
