// Shown on every page while staff view the portal as a person (app/layout.tsx): who is viewed, by
// whom, why, how long is left, and one click to stop. Impersonation ends by itself at expiresAt.
import { getFormatter, getTranslations } from "next-intl/server";
import type { ImpersonationActor } from "@/lib/auth/actor";
import { impersonatedPerson } from "@/lib/staff/impersonation";
import { stopImpersonationAction } from "@/app/actions/impersonation";
import { ActionForm } from "@/components/forms/form-kit";

export async function ImpersonationBanner({ actor }: { actor: ImpersonationActor }) {
  const t = await getTranslations("staffconsole.banner");
  const format = await getFormatter();
  const name = (await impersonatedPerson(actor)) ?? "—";
  const minutesLeft = minutesUntil(actor.expiresAt);
  return (
    <div className="impersonation-banner" role="region" aria-label={t("label")}>
      <div className="container">
        <p>
          <strong>{t("title", { person: name })}</strong>{" "}
          {t("timeLeft", {
            minutes: minutesLeft,
            time: format.dateTime(actor.expiresAt, { hour: "2-digit", minute: "2-digit" }),
          })}{" "}
          {t("byStaff", { staff: actor.name, reason: actor.reason })}
        </p>
        <ActionForm action={stopImpersonationAction} submitLabel={t("stop")} className="inline-form" />
      </div>
    </div>
  );
}

/** Whole minutes left, rounded up (a server component renders once per request). */
function minutesUntil(at: Date): number {
  return Math.max(0, Math.ceil((at.getTime() - new Date().getTime()) / 60_000));
}
