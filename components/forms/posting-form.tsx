"use client";

import { useMemo, type ComponentProps } from "react";
import { usePathname } from "next/navigation";

type FormAction = (formData: FormData) => void | Promise<void>;
// What React asks a server function (or useActionState's dispatch) for when it renders a <form> on the
// server: the hidden fields that let the form work before the script has loaded.
type FormFields = { name?: string; action?: string; method?: string; encType?: string; data?: unknown };
type Encodable = FormAction & { $$FORM_ACTION?: (prefix: string) => FormFields };

/**
 * A <form> posting to a server action, with a real `action` URL in the HTML: React renders such a form
 * with `action=""`, which the HTML standard forbids (the value must be a non-empty URL; the Nu HTML
 * Checker reports it). The URL is the page's own path, where the empty value would have posted, so the
 * form works the same before the script has loaded; with the script, React calls the action as before.
 */
export function PostingForm({
  action,
  permalink,
  ...props
}: Omit<ComponentProps<"form">, "action"> & { action: FormAction; permalink?: string }) {
  const pathname = usePathname();
  const url = permalink ?? pathname;
  const withUrl = useMemo(() => postingTo(action as Encodable, url), [action, url]);
  return <form {...props} action={withUrl} />;
}

function postingTo(action: Encodable, url: string): FormAction {
  const encode = action.$$FORM_ACTION;
  const wrapped = ((formData: FormData) => action(formData)) as Encodable;
  if (typeof encode === "function") {
    Object.defineProperty(wrapped, "$$FORM_ACTION", {
      value: (prefix: string) => ({ ...encode.call(action, prefix), action: url }),
    });
  }
  return wrapped;
}
