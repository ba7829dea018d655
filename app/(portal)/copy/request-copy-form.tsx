"use client";

import { requestCopyAction } from "@/app/actions/copy";
import { ActionForm } from "@/components/forms/form-kit";

export function RequestCopyForm({ intent, label }: { intent: "free" | "further"; label: string }) {
  return <ActionForm action={requestCopyAction} submitLabel={label} hidden={{ intent }} />;
}
