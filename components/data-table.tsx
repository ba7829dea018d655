import type { ReactNode } from "react";
import { PageSection } from "@/components/page-section";

type Rows<T> =
  | { children: ReactNode; rows?: never; row?: never; empty?: never }
  | {
      children?: never;
      rows: readonly T[];
      /** One <tr> per row. */
      row: (item: T, index: number) => ReactNode;
      /** Said instead of the table when there are no rows. */
      empty?: ReactNode;
    };

/**
 * A table of rows with one header row: scrolls sideways on a narrow screen, and is named by its
 * caption (read out, and shown when `showCaption`). The rows are the children, or `rows` drawn by `row`
 * (with `empty` said instead of a table without rows).
 */
type DataTableProps<T> = { caption: ReactNode; showCaption?: boolean; columns: ReactNode[] } & Rows<T>;

export function DataTable<T>({ caption, showCaption = false, columns, ...body }: DataTableProps<T>) {
  if (body.rows && body.rows.length === 0 && body.empty !== undefined) return <p>{body.empty}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption className={showCaption ? undefined : "sr-only"}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{body.rows ? body.rows.map(body.row) : body.children}</tbody>
      </table>
    </div>
  );
}

/** A section of a page that is one table: its heading (also the table's caption), a lead, the table. */
export function TableSection<T>({
  id,
  heading,
  lead,
  ...table
}: { id: string; heading: ReactNode; lead?: ReactNode } & Omit<DataTableProps<T>, "caption">) {
  return (
    <PageSection id={id} heading={heading} lead={lead}>
      <DataTable {...({ ...table, caption: heading } as DataTableProps<T>)} />
    </PageSection>
  );
}

/** Column headings from messages under one key: `headings(t, "columns", ["when", "who"])`. */
export function headings(t: (key: never) => string, under: string, keys: readonly string[]): string[] {
  const text = t as unknown as (key: string) => string;
  return keys.map((key) => text(`${under}.${key}`));
}
