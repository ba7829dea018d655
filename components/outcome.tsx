import type { ReactNode } from "react";

/** A page that answers something that happened: its heading, the message, and where to go on. */
export function Outcome({
  title,
  body,
  className,
  role,
  next,
}: {
  title: string;
  body: string;
  /** "lead" for good news, "notice ok" or "notice warn" to stand out. */
  className: string;
  role?: "status" | "alert";
  /** The link on. */
  next: ReactNode;
}) {
  return (
    <>
      <h1>{title}</h1>
      <p className={className} role={role}>
        {body}
      </p>
      <p>{next}</p>
    </>
  );
}
