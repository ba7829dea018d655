import { CONFIRM_TOKEN_PATTERN } from "@/lib/staff/confirm-token";
import { confirmRequestAction } from "./actions";
import { ConfirmLinkPage } from "@/components/confirm-link-page";
import { type WithSearchParams, pageTitle } from "@/lib/i18n/page";

export const generateMetadata = pageTitle("staffconsole.confirmRequest");

const RESULTS = ["confirmed", "confirmed_deletion", "already", "expired", "invalid", "failed"];

export default async function ConfirmRequestPage({ searchParams }: WithSearchParams) {
  return (
    <ConfirmLinkPage
      searchParams={await searchParams}
      namespace="staffconsole.confirmRequest"
      results={RESULTS}
      tokenPattern={CONFIRM_TOKEN_PATTERN}
      action={confirmRequestAction}
      good={(r) => r.startsWith("confirmed") || r === "already"}
      back={() => ({ href: "/requests", label: "toRequests" })}
      announce
      footnote="notYou"
    />
  );
}
