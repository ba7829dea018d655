"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { addStaffAction, type StaffFormState } from "@/app/actions/staff-settings";

export function AddStaffForm() {
  const t = useTranslations("staff.settings");
  const [state, action, pending] = useActionState<StaffFormState, FormData>(addStaffAction, {});
  const err = (f: "email" | "name" | "role") =>
    state.fieldErrors?.[f] ? (
      <span id={`${f}-error`} className="error" role="alert">
        {t(`errors.${state.fieldErrors[f]}` as never)}
      </span>
    ) : null;
  return (
    <form action={action} className="stack" noValidate>
      <div className="field">
        <label htmlFor="staff-email">{t("email")}</label>
        <input
          id="staff-email"
          name="email"
          type="email"
          defaultValue={state.values?.email}
          aria-invalid={state.fieldErrors?.email ? true : undefined}
          aria-describedby={state.fieldErrors?.email ? "email-error" : undefined}
        />
        {err("email")}
      </div>
      <div className="field">
        <label htmlFor="staff-name">{t("name")}</label>
        <input
          id="staff-name"
          name="name"
          defaultValue={state.values?.name}
          aria-invalid={state.fieldErrors?.name ? true : undefined}
          aria-describedby={state.fieldErrors?.name ? "name-error" : undefined}
        />
        {err("name")}
      </div>
      <div className="field">
        <label htmlFor="staff-role">{t("role")}</label>
        <select id="staff-role" name="role" defaultValue={state.values?.role ?? "staff"}>
          <option value="staff">{t("roles.staff")}</option>
          <option value="admin">{t("roles.admin")}</option>
        </select>
        {err("role")}
      </div>
      {state.error && (
        <p className="notice error" role="alert">
          {t("errors.failed")}
        </p>
      )}
      {state.ok && (
        <p className="notice ok" role="status">
          {t("saved")}
        </p>
      )}
      <div>
        <button type="submit" disabled={pending}>
          {t("add")}
        </button>
      </div>
    </form>
  );
}
