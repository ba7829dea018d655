import type { ReactNode } from "react";

/** A section of a page: named by its heading (`id` ties the two), an optional lead, then its content. */
export function PageSection({
  id,
  heading,
  lead,
  card = false,
  children,
}: {
  id: string;
  heading: ReactNode;
  lead?: ReactNode;
  /** Shown as a card (a section to act in). */
  card?: boolean;
  children?: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className={card ? "card" : undefined}>
      <h2 id={id}>{heading}</h2>
      {lead && <p>{lead}</p>}
      {children}
    </section>
  );
}
