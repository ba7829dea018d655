// The newsletter partner (Resend contacts through the SDK 6.38; audiences are deprecated there, so
// contacts are addressed directly by email). The SDK does not throw: every call returns
// { data, error }, which is turned into a PartnerError carrying only the kind of failure.
import type { Resend } from "resend";
import { resendClient } from "../email/resend-client";

export class PartnerError extends Error {
  constructor(
    public readonly kind: string,
    public readonly status: number | null,
  ) {
    super(`newsletter partner: ${kind}${status ? ` (${status})` : ""}`);
    this.name = "PartnerError";
  }
}

export type PartnerContact = { id: string; email: string; firstName: string | null; unsubscribed: boolean };

export function partnerConfigured(): boolean {
  return resendClient() !== null;
}

type SdkError = { name?: string; statusCode?: number | null } | null;

function fail(error: NonNullable<SdkError>): never {
  throw new PartnerError(String(error.name ?? "error").slice(0, 60), error.statusCode ?? null);
}

function isNotFound(error: SdkError): boolean {
  return !!error && (error.statusCode === 404 || error.name === "not_found");
}

function required(): Resend {
  const s = resendClient();
  if (!s) throw new PartnerError("not_configured", null);
  return s;
}

export async function getContact(email: string): Promise<PartnerContact | null> {
  const { data, error } = await required().contacts.get({ email });
  if (isNotFound(error)) return null;
  if (error) fail(error);
  if (!data) return null;
  return {
    id: data.id,
    email: data.email,
    firstName: data.first_name ?? null,
    unsubscribed: data.unsubscribed,
  };
}

export async function createContact(input: {
  email: string;
  firstName: string | null;
  unsubscribed: boolean;
}): Promise<string> {
  const { data, error } = await required().contacts.create({
    email: input.email,
    firstName: input.firstName ?? undefined,
    unsubscribed: input.unsubscribed,
  });
  if (error) fail(error);
  return data?.id ?? "";
}

export async function updateContact(input: {
  email: string;
  firstName: string | null;
  unsubscribed: boolean;
}): Promise<void> {
  const { error } = await required().contacts.update({
    email: input.email,
    firstName: input.firstName,
    unsubscribed: input.unsubscribed,
  });
  if (error) fail(error);
}

/** Removes the contact; one that is already gone is fine. */
export async function removeContact(email: string): Promise<void> {
  const { error } = await required().contacts.remove({ email });
  if (error && !isNotFound(error)) fail(error);
}
