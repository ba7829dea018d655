"use client";

import { useActionState } from "react";
import { addStaffAction, type StaffFormState } from "@/app/actions/staff-settings";
import { PostingForm } from "@/components/forms/posting-form";

/** Translated on the page: labels, role names, and a text per error code. */
export type AddStaffTexts = {
  email: string;
  name: string;
  role: string;
  roles: { staff: string; admin: string };
  add: string;
  saved: string;
  errors: Record<string, string>;
};

export function AddStaffForm({ texts }: { texts: AddStaffTexts }) {
  const [state, action, pending] = useActionState<StaffFormState, FormData>(addStaffAction, {});
  const err = (f: "email" | "name" | "role") =>
    state.fieldErrors?.[f] ? (
      <span id={`${f}-error`} className="error" role="alert">
        {texts.errors[state.fieldErrors[f]] ?? texts.errors.failed}
      </span>
    ) : null;
  return (
    <PostingForm action={action} className="stack" noValidate>
      <div className="field">
        <label htmlFor="staff-email">{texts.email}</label>
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
        <label htmlFor="staff-name">{texts.name}</label>
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
        <label htmlFor="staff-role">{texts.role}</label>
        <select id="staff-role" name="role" defaultValue={state.values?.role ?? "staff"}>
          <option value="staff">{texts.roles.staff}</option>
          <option value="admin">{texts.roles.admin}</option>
        </select>
        {err("role")}
      </div>
      {state.error && (
        <p className="notice error" role="alert">
          {texts.errors[state.error] ?? texts.errors.failed}
        </p>
      )}
      {state.ok && (
        <p className="notice ok" role="status">
          {texts.saved}
        </p>
      )}
      <div>
        <button type="submit" disabled={pending}>
          {texts.add}
        </button>
      </div>
    </PostingForm>
  );
}
