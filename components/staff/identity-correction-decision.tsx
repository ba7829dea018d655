// The staff decision on a person's identity correction (date of birth, personnummer): the current
// and the asked values side by side, masked (nobody sees a full personnummer in the portal), and
// confirm / decline. Drop it onto the staff request page: <IdentityCorrectionDecision requestId={id} />.
// It renders nothing for other requests or for an actor without "staff.requests.manage".
import { headers } from "next/headers";
import { getFormatter, getTranslations } from "next-intl/server";
import { getActor } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";
import { getIdentityCorrection } from "@/lib/privacy/rectification/identity-corrections";
import { decideIdentityCorrectionAction } from "@/app/actions/identity-correction";
import { PostingForm } from "@/components/forms/posting-form";
import { DataTable } from "@/components/data-table";

const OUTCOME_PARAM = "identityCorrection";
const OK_OUTCOMES = ["confirmed", "declined"];
const KNOWN_OUTCOMES = [
  ...OK_OUTCOMES,
  "reason_required",
  "reason_too_long",
  "decision_invalid",
  "conflict",
  "not_allowed_now",
  "not_found",
  "forbidden",
  "failed",
];

export async function IdentityCorrectionDecision({ requestId }: { requestId: string }) {
  let view;
  try {
    view = await getIdentityCorrection(await getActor(), requestId);
  } catch (err) {
    if (isAppError(err)) return null;
    throw err;
  }
  if (!view) return null;
  const t = await getTranslations("details.staffDecision");
  const tStatus = await getTranslations("details.identity.statuses");
  const format = await getFormatter();
  const here = new URL((await headers()).get("x-portal-path") ?? `/staff/requests/${requestId}`, "http://x");
  const rawOutcome = here.searchParams.get(OUTCOME_PARAM);
  const outcome = rawOutcome ? (KNOWN_OUTCOMES.includes(rawOutcome) ? rawOutcome : "failed") : null;
  here.searchParams.delete(OUTCOME_PARAM);
  const returnTo = here.pathname + here.search;
  const reasonError = outcome === "reason_required" || outcome === "reason_too_long";
  const dash = "—";

  return (
    <section id="identity-correction" aria-labelledby="identity-correction-heading" className="card">
      <h2 id="identity-correction-heading">{t("heading")}</h2>
      <p>{t("lead", { received: format.dateTime(view.receivedAt, { dateStyle: "medium" }) })}</p>
      {outcome && (
        <p
          className={`notice ${OK_OUTCOMES.includes(outcome) ? "ok" : "error"}`}
          role={OK_OUTCOMES.includes(outcome) ? "status" : "alert"}
        >
          {t(`outcomes.${outcome}` as never)}
        </p>
      )}
      <DataTable caption={t("caption")} columns={[t("field"), t("current"), t("requested")]}>
        <tr>
          <th scope="row">{t("dateOfBirth")}</th>
          <td>{view.current.dateOfBirth ?? dash}</td>
          <td>{view.requested.dateOfBirth ?? t("unchanged")}</td>
        </tr>
        <tr>
          <th scope="row">{t("personnummer")}</th>
          <td>{view.current.personnummer ?? dash}</td>
          <td>
            {view.requested.personnummer ?? t("unchanged")}
            {view.personnummerChanges && (
              <>
                {" "}
                <span className="hint">
                  (
                  {[
                    view.personnummerChanges.datePart ? t("changesDate") : null,
                    view.personnummerChanges.lastFour ? t("changesLastFour") : null,
                  ]
                    .filter(Boolean)
                    .join(", ") || t("changesNothing")}
                  )
                </span>
              </>
            )}
          </td>
        </tr>
      </DataTable>
      {view.note && (
        <>
          <h3>{t("note")}</h3>
          <p>{view.note}</p>
        </>
      )}
      {view.open ? (
        <PostingForm action={decideIdentityCorrectionAction} className="stack">
          <input type="hidden" name="requestId" value={view.requestId} />
          <input type="hidden" name="returnTo" value={returnTo} />
          <p className="hint">{t("checkFirst")}</p>
          <div className="field">
            <label htmlFor="identity-correction-reason">{t("reasonLabel")}</label>
            <textarea
              id="identity-correction-reason"
              name="reason"
              rows={3}
              maxLength={2000}
              aria-invalid={reasonError ? true : undefined}
              aria-describedby={
                reasonError ? "identity-correction-reason-error" : "identity-correction-reason-hint"
              }
            />
            <span id="identity-correction-reason-hint" className="hint">
              {t("reasonHint")}
            </span>
            {reasonError && (
              <span id="identity-correction-reason-error" className="error">
                {t(`outcomes.${outcome}` as never)}
              </span>
            )}
          </div>
          <div>
            <button type="submit" name="decision" value="confirm">
              {t("confirm")}
            </button>{" "}
            <button type="submit" name="decision" value="decline" className="danger">
              {t("decline")}
            </button>
          </div>
        </PostingForm>
      ) : (
        <p>
          {t("decided", { status: tStatus(view.status as never) })}
          {view.decisionReason ? ` ${t("reason", { reason: view.decisionReason })}` : ""}
        </p>
      )}
    </section>
  );
}
