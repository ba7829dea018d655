import { db } from "../db";
import type { PersonActor } from "../auth/actor";
import type { Locale } from "../i18n/config";

/** The language is remembered on the person, so emails follow it too. */
export async function setPersonLanguage(actor: PersonActor, language: Locale): Promise<void> {
  await db.person.update({ where: { id: actor.personId }, data: { language } });
}
